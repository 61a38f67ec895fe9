import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { maskAll, maskPersonalData } from './personal-data-mask.ts';

// The masking of personal data in board questions, as properties: a number
// or address generated in any of the forms residents type, embedded in
// arbitrary text, never survives; ordinary text (dates, amounts, years,
// times) comes back unchanged; masking is idempotent.

const digits = (min: number, max = min) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
const sep = fc.constantFrom('-', ' ', '.', '');

/** Text with no digit, no '@' (so nothing in it can complete a number or an address); Korean, letters, punctuation, emoji. */
const words = fc
  .array(fc.oneof(fc.constantFrom('재산세', '취득세', '납부', '문의', '합니다', '?', '!', ',', '(', ')', '~', ' ', '\n', '+', '-', '.', '🙂'), fc.string({ unit: 'grapheme-ascii', maxLength: 6 })), { maxLength: 12 })
  .map((parts) => parts.join('').replace(/[\d@]/g, ' '));
/** Before and after a finding: any such text, ended by a space so letters do not run into an address. */
const around = fc.tuple(words, words).map(([a, b]) => [`${a} `, ` ${b}`] as const);

const mobileNumber = fc
  .tuple(fc.constantFrom('010', '011', '016', '017', '018', '019'), fc.integer({ min: 1, max: 9 }), digits(3), digits(4), sep)
  .map(([p, a, b, c, s]) => `${p}${s}${a}${b}${s}${c}`);
const mobileIntl = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(3), digits(4), fc.constantFrom('+82 10-', '+82-10-', '+8210', '+82 (0)10-')).map(([a, b, c, p]) => `${p}${a}${b}-${c}`);
const day = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2029-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(2, 10).replace(/-/g, ''));
const rrn = fc.tuple(day, fc.integer({ min: 1, max: 8 }), digits(6), fc.constantFrom('-', ' - ', ' ', '')).map(([d, g, rest, s]) => `${d}${s}${g}${rest}`);
const account = fc
  .array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 6 })
  .filter((groups) => {
    const total = groups.reduce((a, b) => a + b, 0);
    return total >= 10 && total <= 14;
  })
  .chain((groups) => fc.tuple(...groups.map((n) => digits(n))))
  .map((groups) => groups.join('-'));
const localPart = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,14}[a-z0-9]$/);
const email = fc.tuple(localPart, fc.constantFrom('naver.com', 'hanmail.net', 'gmail.com', 'example.kr', 'seocho.go.kr', 'mail.co.kr')).map(([l, d]) => `${l}@${d}`);

const numberKinds = [
  ['mobile number', fc.oneof(mobileNumber, mobileIntl)],
  ['resident registration number', rrn],
  ['bank account number', account],
] as const;

for (const [kind, arbitrary] of numberKinds) {
  test(`a ${kind} embedded in any text is always masked: no digit of it is left`, () => {
    fc.assert(
      fc.property(arbitrary, around, (value, [before, after]) => {
        const input = `${before}${value}${after}`;
        const { text, found } = maskPersonalData(input);
        assert.doesNotMatch(text, /\d/, `${JSON.stringify(input)} → ${JSON.stringify(text)}`);
        assert.ok(found.length > 0, 'something was found');
        assert.equal(text.startsWith(before), true, 'the text before is kept');
        assert.equal(text.endsWith(after), true, 'the text after is kept');
      }),
      { numRuns: 400 },
    );
  });
}

test('the detector names what it found', () => {
  fc.assert(
    fc.property(mobileNumber, rrn, email, (m, r, e) => {
      assert.deepEqual(maskPersonalData(`연락처 ${m}`).found, ['mobile']);
      assert.deepEqual(maskPersonalData(`주민번호 ${r} 입니다`).found, ['rrn']);
      assert.deepEqual(maskPersonalData(`메일 ${e} 로`).found, ['email']);
    }),
  );
});

test('an e-mail address embedded in any text is always masked', () => {
  fc.assert(
    fc.property(email, around, (value, [before, after]) => {
      const { text, found } = maskPersonalData(`${before}${value}${after}`);
      assert.ok(!text.includes(value));
      assert.ok(!text.includes(value.split('@')[0]!.length > 3 ? value.split('@')[0]! : value), 'the local part is gone');
      assert.deepEqual(found, ['email']);
      assert.equal(text, `${before}***@***${after}`);
    }),
  );
});

const year = fc.integer({ min: 1990, max: 2040 });
const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
const dom = fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, '0'));
const isoDate = fc.tuple(year, month, dom, fc.constantFrom('-', '.', '/')).map(([y, m, d, s]) => `${y}${s}${m}${s}${d}`);
const amount = fc.integer({ min: 0, max: 999_999_999_999 }).map((n) => `${n.toLocaleString('en-US')}원`);
const ordinary = fc.oneof(
  isoDate,
  amount,
  year.map((y) => `${y}년`),
  year.map((y) => `${y}`),
  fc.tuple(year, month).map(([y, m]) => `${y}년 ${Number(m)}월`),
  fc.integer({ min: 1, max: 9999 }).map((n) => `${n}만 원`),
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
  fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`),
  fc.tuple(isoDate, isoDate).map(([a, b]) => `${a} ~ ${b}`),
  fc.integer({ min: 1, max: 999 }).map((n) => `제${n}조`),
);

test('ordinary text (dates, amounts, years, times, articles) is left alone', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(words, ordinary), { maxLength: 6 }), words, (parts, tail) => {
      const input = parts.map(([w, o]) => `${w} ${o} `).join('') + tail;
      const { text, found } = maskPersonalData(input);
      assert.equal(text, input);
      assert.deepEqual(found, []);
    }),
    { numRuns: 500 },
  );
});

test('masking is idempotent: masked text has nothing more to mask', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(words, mobileNumber, rrn, account, email, ordinary), { maxLength: 8 }), (parts) => {
      const once = maskPersonalData(parts.join(' '));
      const twice = maskPersonalData(once.text);
      assert.equal(twice.text, once.text);
      assert.deepEqual(twice.found, []);
    }),
  );
});

test('examples residents write', () => {
  const cases: [string, string, string[]][] = [
    ['제 번호는 010-1234-5678 입니다', '제 번호는 ***-****-**** 입니다', ['mobile']],
    ['01012345678로 연락 주세요', '***********로 연락 주세요', ['mobile']],
    ['010 1234 5678', '*** **** ****', ['mobile']],
    ['010.1234.5678', '***.****.****', ['mobile']],
    ['+82 10-1234-5678', '+** **-****-****', ['mobile']],
    ['주민번호 900101-1234567', '주민번호 ******-*******', ['rrn']],
    ['9001011234567', '*************', ['rrn']],
    ['계좌 110-123-456789 로 환급', '계좌 ***-***-****** 로 환급', ['account']],
    ['1002-123-456789', '****-***-******', ['account']],
    ['hong.gildong@naver.com 으로 답장', '***@*** 으로 답장', ['email']],
    ['2026-12-06까지 1,200,000원을 냈습니다 (2026년)', '2026-12-06까지 1,200,000원을 냈습니다 (2026년)', []],
    ['010-1234-5678-12', '***-****-****-**', ['account']],
    ['1-010-1234-5678', '*-***-****-****', ['account']],
    ['010-1234-5678-1234 (15 digits, too long for an account)', '***-****-****-1234 (15 digits, too long for an account)', ['mobile']],
  ];
  for (const [input, masked, found] of cases) assert.deepEqual(maskPersonalData(input), { text: masked, found }, input);
  assert.deepEqual(maskAll({ title: '문의 010-1234-5678', body: 'a@b.kr' }), { texts: { title: '문의 ***-****-****', body: '***@***' }, found: ['mobile', 'email'] });
});
