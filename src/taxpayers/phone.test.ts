import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { maskPhone, normaliseMobile } from './phone.ts';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

// a valid number: 010 + 8 digits, 01X + 8 digits, or a legacy 01X + 7 digits
const validNumber = fc.oneof(
  fc.tuple(fc.constant('010'), fc.integer({ min: 1, max: 9 }), digits(3), digits(4)),
  fc.tuple(fc.constantFrom('011', '016', '017', '018', '019'), fc.integer({ min: 1, max: 9 }), digits(3), digits(4)),
  fc.tuple(fc.constantFrom('011', '016', '017', '018', '019'), fc.integer({ min: 1, max: 9 }), digits(2), digits(4)),
).map(([prefix, first, middle, last]) => ({ prefix, middle: `${first}${middle}`, last }));

type Parts = { prefix: string; middle: string; last: string };
const formats: ((p: Parts) => string)[] = [
  (p) => `${p.prefix}-${p.middle}-${p.last}`,
  (p) => `${p.prefix}${p.middle}${p.last}`,
  (p) => `${p.prefix} ${p.middle} ${p.last}`,
  (p) => `+82 ${p.prefix.slice(1)}-${p.middle}-${p.last}`,
  (p) => `+82${p.prefix.slice(1)}${p.middle}${p.last}`,
  (p) => `+82 (0)${p.prefix.slice(1)} ${p.middle} ${p.last}`,
  (p) => `(${p.prefix}) ${p.middle}-${p.last}`,
  (p) => `  ${p.prefix}.${p.middle}.${p.last}  `,
];

test('the forms of the format document normalise to one E.164 and one display form', () => {
  for (const form of ['010-1234-5678', '01012345678', '010 1234 5678', '+82 10-1234-5678', '+821012345678', '+82 (0)10-1234-5678']) {
    assert.deepEqual(normaliseMobile(form), { ok: true, e164: '+821012345678', display: '010-1234-5678', legacy: false, deadPrefix: false }, form);
  }
  assert.deepEqual(normaliseMobile('016-123-4567'), { ok: true, e164: '+82161234567', display: '016-123-4567', legacy: true, deadPrefix: true });
  assert.deepEqual(normaliseMobile('011-2345-6789'), { ok: true, e164: '+821123456789', display: '011-2345-6789', legacy: false, deadPrefix: true });
});

test('landlines, other countries and malformed numbers are refused with a reason code', () => {
  const cases: [string, string][] = [
    ['02-123-4567', 'not_mobile'],
    ['031-123-4567', 'not_mobile'],
    ['070-1234-5678', 'not_mobile'],
    ['+1 202 555 0100', 'not_korean'],
    ['010-123-4567', 'wrong_length'],
    ['010-1234-56789', 'wrong_length'],
    ['010-0234-5678', 'malformed'],
    ['phone: 010', 'malformed'],
    ['', 'empty'],
    ['   ', 'empty'],
  ];
  for (const [input, code] of cases) {
    const r = normaliseMobile(input);
    assert.equal(r.ok, false, input);
    if (!r.ok) {
      assert.equal(r.code, code, input);
      assert.ok(r.reason.ko && r.reason.en);
    }
  }
});

test('property: every valid number in every accepted form gives the same E.164', () => {
  fc.assert(
    fc.property(validNumber, (parts) => {
      const results = formats.map((f) => normaliseMobile(f(parts)));
      for (const r of results) assert.equal(r.ok, true);
      const e164s = new Set(results.map((r) => (r.ok ? r.e164 : '')));
      assert.equal(e164s.size, 1);
      const first = results[0]!;
      assert.ok(first.ok);
      assert.equal(first.legacy, parts.middle.length === 3);
      assert.equal(first.deadPrefix, parts.prefix !== '010');
    }),
    { numRuns: 500 },
  );
});

test('property: normalising the display form or the E.164 form changes nothing', () => {
  fc.assert(
    fc.property(validNumber, fc.integer({ min: 0, max: formats.length - 1 }), (parts, f) => {
      const once = normaliseMobile(formats[f]!(parts));
      assert.ok(once.ok);
      assert.deepEqual(normaliseMobile(once.display), once);
      assert.deepEqual(normaliseMobile(once.e164), once);
    }),
    { numRuns: 500 },
  );
});

test('property: garbage never throws, it only returns an error or a valid number', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[+0-9 ()\-.]{0,20}$/), fc.anything()), (input) => {
      const r = normaliseMobile(input);
      if (r.ok) assert.match(r.e164, /^\+821[016789]\d{7,8}$/);
      else assert.ok(r.code);
    }),
    { numRuns: 2000 },
  );
});

test('masking keeps the prefix and the last four digits', () => {
  assert.equal(maskPhone('010-1234-5678'), '010-****-5678');
  assert.equal(maskPhone('+821012345678'), '010-****-5678');
  assert.equal(maskPhone('016-123-4567'), '016-***-4567');
  assert.equal(maskPhone('nonsense'), '***');
});
