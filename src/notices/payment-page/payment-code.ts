import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PersonalDataCipher } from '../../platform/crypto.ts';

// The code only the taxpayer has: printed on the paper notice and carried in
// the payment links of the KakaoTalk, SMS and e-mail messages. It is a short
// keyed signature of the district and notice number (HMAC-SHA-256 with a key
// derived from the encryption key, so every process computes the same code
// and nothing needs storing), so knowing a notice number is not enough to
// open its payment page.
//
// 8 characters of Crockford's base32 (no I, L, O, U): 40 bits, typed from
// paper without confusing 0/O or 1/I/l; printed in two groups of four.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PAYMENT_CODE_LENGTH = 8;
const KEY_PURPOSE = 'payment-page-code';

const keys = new WeakMap<PersonalDataCipher, Buffer>();
function keyOf(cipher: PersonalDataCipher): Buffer {
  let key = keys.get(cipher);
  if (!key) keys.set(cipher, (key = cipher.deriveKey(KEY_PURPOSE)));
  return key;
}

/** The notice's payment page code, e.g. '7KQ2M9XD' (40 bits of HMAC in base32). */
export function paymentCode(cipher: PersonalDataCipher, districtCode: string, noticeNo: string): string {
  const mac = createHmac('sha256', keyOf(cipher)).update(districtCode).update('\0').update(noticeNo).digest();
  let bits = 0n;
  for (const byte of mac.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = PAYMENT_CODE_LENGTH - 1; i >= 0; i -= 1) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/** As printed on the notice: two groups of four, 7KQ2-M9XD. */
export function formatPaymentCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed, as a code: case, spaces and dashes ignored, O read as
 * 0 and I or L as 1 (Crockford). null when it cannot be a code at all.
 */
export function normalisePaymentCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s\-‐-―－]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== PAYMENT_CODE_LENGTH) return null;
  for (const c of code) if (!ALPHABET.includes(c)) return null;
  return code;
}

/** True when the typed code is the notice's (compared in constant time). */
export function paymentCodeMatches(cipher: PersonalDataCipher, districtCode: string, noticeNo: string, input: string): boolean {
  const typed = normalisePaymentCode(input);
  if (!typed) return false;
  return timingSafeEqual(Buffer.from(typed), Buffer.from(paymentCode(cipher, districtCode, noticeNo)));
}
