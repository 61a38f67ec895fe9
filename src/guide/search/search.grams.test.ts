import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { documentGrams, normalise, queryGrams, snippetAround } from './search.grams.ts';

// The n-gram rules, as properties: a query found in a text (as the reader
// sees it: the same letters, any case or width) is always matched by the
// n-grams; a query the text does not hold is, for one or two characters,
// never matched.

const hangul = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
const latin = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const letter = fc.oneof(hangul, latin);
const word = fc.array(letter, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const textOf = fc.array(fc.oneof(word, fc.constantFrom(' ', ', ', '. ', '\n', '(', ')', '·')), { minLength: 1, maxLength: 30 }).map((a) => a.join(''));

const matches = (doc: string[], query: string[]) => query.length > 0 && query.every((g) => doc.includes(g));

test('any piece of a word in a text, in any case, matches the text', () => {
  fc.assert(fc.property(textOf, fc.nat(), fc.nat(), (text, a, b) => {
    const ws = normalise(text).split(' ').filter(Boolean);
    fc.pre(ws.length > 0);
    const w = [...ws[a % ws.length]!];
    const from = a % w.length;
    const piece = w.slice(from, from + 1 + (b % (w.length - from))).join('');
    assert.ok(matches(documentGrams(text), queryGrams(piece.toUpperCase())), `${piece} in ${text}`);
  }));
});

test('two words found in a text match it, in any order; full-width letters read as themselves', () => {
  assert.ok(matches(documentGrams('자동차세 연납 신청은 1월에'), queryGrams('연납 자동차')));
  assert.ok(matches(documentGrams('Vehicle tax paid for the year'), queryGrams('ＶＥＨＩＣＬＥ')));
  assert.ok(matches(documentGrams('재산세(건축물·주택 1기분)'), queryGrams('주택')));
});

test('a one- or two-character query the text does not hold does not match it', () => {
  fc.assert(fc.property(textOf, fc.array(letter, { minLength: 1, maxLength: 2 }).map((a) => a.join('')), (text, q) => {
    const held = normalise(text).split(' ').some((w) => w.includes(normalise(q)));
    fc.pre(!held);
    assert.equal(matches(documentGrams(text), queryGrams(q)), false);
  }));
});

test('nothing to search for matches nothing; a snippet keeps the place of the word', () => {
  assert.deepEqual(queryGrams(' ,.!? '), []);
  const long = `${'가'.repeat(300)} 환급가산금 ${'나'.repeat(300)}`;
  const s = snippetAround(long, '환급');
  assert.ok(s.includes('환급가산금') && s.length <= 162);
});
