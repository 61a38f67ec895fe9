import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { maskEmail, normaliseEmail } from './email.ts';
import { normaliseIdentityKey } from './identity-key.ts';

test('e-mail: trimmed, local part case kept, domain lower-cased', () => {
  assert.deepEqual(normaliseEmail('  Minjun.Kim@Example.KR '), { ok: true, email: 'Minjun.Kim@example.kr' });
  assert.deepEqual(normaliseEmail('a+tag@sub.example.co.kr'), { ok: true, email: 'a+tag@sub.example.co.kr' });
  assert.equal(normaliseEmail('예시@예시.한국').ok, false, 'non-ASCII local parts are refused');
  assert.equal(normaliseEmail('user@예시.한국').ok, true, 'internationalised domains are accepted');
  for (const bad of ['', 'plain', '@example.kr', 'a@', 'a@b', 'a..b@example.kr', 'a@-x.kr', 'a b@example.kr', 'a@example.k']) {
    assert.equal(normaliseEmail(bad).ok, false, bad);
  }
});

test('property: e-mail normalisation is idempotent and never throws', () => {
  fc.assert(
    fc.property(fc.oneof(fc.emailAddress(), fc.string(), fc.anything()), (input) => {
      const r = normaliseEmail(input);
      if (r.ok) assert.deepEqual(normaliseEmail(r.email), r);
    }),
    { numRuns: 1000 },
  );
});

test('masking an e-mail address keeps the first letter and the domain', () => {
  assert.equal(maskEmail('minjun@example.kr'), 'm****@example.kr');
  assert.equal(maskEmail('x'), '****');
});

test('an identification key is 88 characters of base64 (64 bytes)', () => {
  const key = Buffer.alloc(64, 7).toString('base64');
  assert.equal(key.length, 88);
  assert.deepEqual(normaliseIdentityKey(` ${key} `), { ok: true, identityKey: key });
  assert.equal(normaliseIdentityKey(key.slice(1)).ok, false);
  assert.equal(normaliseIdentityKey(key.replace('B', '*')).ok, false);
  assert.equal(normaliseIdentityKey(Buffer.alloc(63).toString('base64') + '=').ok, false);
});
