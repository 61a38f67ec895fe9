import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { createCipher } from '../../platform/crypto.ts';
import { formatPaymentCode, normalisePaymentCode, PAYMENT_CODE_LENGTH, paymentCode, paymentCodeMatches } from './payment-code.ts';

const master = randomBytes(32);
const cipher = createCipher(master);

test('a notice has one code: the same in every process with the same key, another with another key', () => {
  const code = paymentCode(cipher, 'gangnam', 'GN-000001');
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{8}$/);
  assert.equal(paymentCode(createCipher(Buffer.from(master)), 'gangnam', 'GN-000001'), code, 'derived from the key: nothing stored');
  assert.notEqual(paymentCode(createCipher(randomBytes(32)), 'gangnam', 'GN-000001'), code);
  assert.notEqual(paymentCode(cipher, 'gangnam', 'GN-000002'), code);
  assert.notEqual(paymentCode(cipher, 'seocho', 'GN-000001'), code, 'another district’s notice of the same number has its own code');
  assert.equal(formatPaymentCode('7KQ2M9XD'), '7KQ2-M9XD');
});

test('typed codes: case, spaces and dashes ignored, O read as 0 and I/L as 1; anything else refused', () => {
  assert.equal(normalisePaymentCode(' 7kq2-m9xd '), '7KQ2M9XD');
  assert.equal(normalisePaymentCode('0I1L 2345'), '01112345');
  assert.equal(normalisePaymentCode('OOOO-OOOO'), '00000000');
  assert.equal(normalisePaymentCode('7KQ2M9X'), null, 'too short');
  assert.equal(normalisePaymentCode('7KQ2M9XDD'), null, 'too long');
  assert.equal(normalisePaymentCode('7KQ2M9XU'), null, 'U is not in the alphabet');
  assert.equal(normalisePaymentCode('7KQ2M9X!'), null);
});

test('property: a code matches its notice however it is typed, and never another notice', () => {
  const noticeNo = fc.stringMatching(/^[0-9A-Za-z-]{1,40}$/);
  fc.assert(
    fc.property(noticeNo, noticeNo, fc.boolean(), (a, b, lower) => {
      const code = paymentCode(cipher, 'gangnam', a);
      assert.equal(code.length, PAYMENT_CODE_LENGTH);
      const typed = lower ? formatPaymentCode(code).toLowerCase() : formatPaymentCode(code);
      assert.ok(paymentCodeMatches(cipher, 'gangnam', a, typed));
      if (a !== b) assert.equal(paymentCodeMatches(cipher, 'gangnam', b, code), paymentCode(cipher, 'gangnam', b) === code);
    }),
    { numRuns: 300 },
  );
});
