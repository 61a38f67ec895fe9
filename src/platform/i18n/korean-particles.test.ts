import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { endingOf, finalConsonant, particleFor, PARTICLES, resolveParticles, withParticle, type Particle } from './korean-particles.ts';

// Korean particles that agree with the word before them, checked as
// properties (fast-check) against what the syllable itself says, and numbers
// against an independent Sino-Korean reading of them.

const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((code) => String.fromCodePoint(code));
const hangulWord = fc.array(syllable, { minLength: 1, maxLength: 6 }).map((s) => s.join(''));
const particle = fc.constantFrom(...(Object.keys(PARTICLES) as Particle[]));
const ALL_MARKERS: [string, Particle][] = [
  ['을(를)', '을/를'], ['를(을)', '을/를'], ['이(가)', '이/가'], ['가(이)', '이/가'], ['은(는)', '은/는'], ['는(은)', '은/는'], ['과(와)', '과/와'], ['와(과)', '과/와'], ['(으)로', '(으)로'],
];
const marker = fc.constantFrom(...ALL_MARKERS);

/** What the rule says for a syllable's ending (the expected form, computed apart from the code under test). */
function expected(ending: number, p: Particle): string {
  const [consonant, vowel] = PARTICLES[p];
  if (p === '(으)로') return ending === 0 || ending === 8 ? vowel : consonant;
  return ending === 0 ? vowel : consonant;
}

/** A whole number read in Sino-Korean, digit by digit (일만 for 10000: its last syllable is what matters). */
function readSinoKorean(n: bigint): string {
  const digits = ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'];
  const small = ['', '십', '백', '천'];
  const big = ['', '만', '억', '조'];
  if (n === 0n) return '영';
  let out = '';
  for (let k = 0; n > 0n; k += 1, n /= 10000n) {
    const group = Number(n % 10000n);
    if (group === 0) continue;
    let words = '';
    for (let p = 3; p >= 0; p -= 1) {
      const d = Math.floor(group / 10 ** p) % 10;
      if (d > 0) words += (d === 1 && p > 0 ? '' : digits[d]!) + small[p]!;
    }
    out = words + big[k]! + out;
  }
  return out;
}

test('a Hangul word takes the form its last syllable calls for (ㄹ counts as a vowel before (으)로)', () => {
  fc.assert(
    fc.property(hangulWord, particle, (word, p) => {
      const ending = finalConsonant(word.at(-1)!)!;
      assert.equal(particleFor(word, p), expected(ending, p));
      assert.equal(withParticle(word, p), word + expected(ending, p));
    }),
  );
  assert.deepEqual(
    [withParticle('세금', '을/를'), withParticle('고지서', '을/를'), withParticle('납부기한', '이/가'), withParticle('세무과', '이/가'), withParticle('구청', '은/는'), withParticle('고지서', '은/는')],
    ['세금을', '고지서를', '납부기한이', '세무과가', '구청은', '고지서는'],
  );
  assert.deepEqual([withParticle('구청', '(으)로'), withParticle('서울', '(으)로'), withParticle('세무과', '(으)로'), withParticle('은행', '과/와'), withParticle('우체국', '과/와')], ['구청으로', '서울로', '세무과로', '은행과', '우체국과']);
});

test('a number takes the form its Sino-Korean reading calls for, with or without thousands separators', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 16n - 1n }), particle, (n, p) => {
      const reading = readSinoKorean(n);
      const ending = finalConsonant(reading.at(-1)!)!;
      const grouped = n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      assert.equal(particleFor(n.toString(), p), expected(ending, p), `${n} (${reading})`);
      assert.equal(particleFor(grouped, p), expected(ending, p), grouped);
    }),
  );
  assert.deepEqual(['1', '2', '3', '6', '7', '10', '20', '100', '1000', '10000', '100000000', '1000000000000'].map((n) => withParticle(n, '을/를')), [
    '1을', '2를', '3을', '6을', '7을', '10을', '20을', '100을', '1000을', '10000을', '100000000을', '1000000000000를',
  ]);
  assert.deepEqual(['1', '3', '7', '10'].map((n) => withParticle(n, '(으)로')), ['1로', '3으로', '7로', '10으로']);
});

test('resolving a written pair gives the same as choosing the particle, spaces before the pair go', () => {
  fc.assert(
    fc.property(hangulWord, marker, fc.constantFrom('', ' ', '  '), hangulWord, (word, [written, p], space, after) => {
      assert.equal(resolveParticles(`${word}${space}${written} ${after}`), `${withParticle(word, p)} ${after}`);
    }),
  );
  assert.equal(resolveParticles('2026년 재산세 1기을(를) 위와 같이 고지합니다'), '2026년 재산세 1기를 위와 같이 고지합니다');
  assert.equal(resolveParticles('2026년 자동차세 을(를) 고지합니다'), '2026년 자동차세를 고지합니다', 'an empty period leaves no gap');
  assert.equal(resolveParticles('2026년 재산세 2기이(가) 납부기한(2026년 9월 30일)까지'), '2026년 재산세 2기가 납부기한(2026년 9월 30일)까지');
  assert.equal(resolveParticles('납부기한(9월 30일)을(를) 지나'), '납부기한(9월 30일)을 지나', 'a parenthesis is an aside: the word before it decides');
  assert.equal(resolveParticles('“고지서”은(는)'), '“고지서”는', 'a quotation is read inside');
  assert.equal(resolveParticles('2027. 5. 5.은(는) 공휴일'), '2027. 5. 5.은 공휴일', 'a day as pages write it is read to 일');
  assert.equal(resolveParticles('2027. 5. 5.(수)(으)로 옮깁니다'), '2027. 5. 5.(수)로 옮깁니다', 'its weekday is an aside; 일 takes 로');
  assert.equal(resolveParticles('합계 5.은(는)'), '합계 5.은(는)', 'a number ending a sentence is no day');
});

test('what cannot be told stays as written: no pair, a pair at the start, a word of Latin letters', () => {
  fc.assert(
    fc.property(fc.string().filter((s) => !s.includes('(')), (text) => {
      assert.equal(resolveParticles(text), text);
    }),
  );
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z]{1,8}$/), marker, (word, [written]) => {
      assert.equal(resolveParticles(`${word}${written}`), `${word}${written}`);
      assert.equal(endingOf(word), null);
    }),
  );
  assert.equal(resolveParticles('을(를) 먼저'), '을(를) 먼저');
  assert.equal(resolveParticles('33.3%이(가)'), '33.3%이(가)');
});

test('resolving twice changes nothing more', () => {
  const piece = fc.oneof(hangulWord, fc.constantFrom(' ', '12', '0', '(7월)', 'KRW', ...ALL_MARKERS.map(([m]) => m)));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (text) => {
      const once = resolveParticles(text);
      assert.equal(resolveParticles(once), once);
    }),
  );
});
