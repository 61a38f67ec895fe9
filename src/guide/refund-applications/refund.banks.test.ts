import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BANKS, checkAccountNumber, maskedAccount } from './refund.banks.ts';

// The account number check: property tests over generated numbers.

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Splits a digit string into groups joined by the separator. */
const grouped = fc.tuple(digits(10, 14), fc.constantFrom('-', ' ', ''), fc.integer({ min: 1, max: 5 })).map(([d, sep, size]) => ({
  digits: d,
  text: sep === '' ? d : (d.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(sep),
}));

test('10 to 14 digits, grouped by hyphens or spaces or not, are accepted and read back as the digits', () => {
  fc.assert(fc.property(grouped, ({ digits: d, text }) => {
    assert.deepEqual(checkAccountNumber(text), { ok: true, digits: d });
  }));
  assert.deepEqual(checkAccountNumber('１２３-４５６-７８９０１２'), { ok: true, digits: '123456789012' }, 'full-width digits as typed on a Korean keyboard');
});

test('too short or too long, letters, doubled or trailing separators are refused with the reason', () => {
  fc.assert(fc.property(fc.oneof(digits(1, 9), digits(15, 30)), (d) => {
    assert.deepEqual(checkAccountNumber(d), { ok: false, reason: 'length' });
  }));
  fc.assert(fc.property(digits(5, 12), fc.constantFrom('a', 'O', '.', '--', '/', '#'), (d, junk) => {
    assert.deepEqual(checkAccountNumber(`${d}${junk}123`), { ok: false, reason: 'characters' });
  }));
  assert.deepEqual(checkAccountNumber('   '), { ok: false, reason: 'empty' });
  assert.deepEqual(checkAccountNumber('123-456-'), { ok: false, reason: 'characters' });
});

test('bank codes are unique three-digit codes; a masked account shows the last four digits only', () => {
  assert.equal(new Set(BANKS.map((b) => b.code)).size, BANKS.length);
  for (const b of BANKS) assert.match(b.code, /^\d{3}$/);
  assert.equal(maskedAccount('우리은행', '4321'), '우리은행 ****4321');
});
