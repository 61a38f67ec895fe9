import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createCipher, SealedValueUnreadable } from './crypto.ts';

// The stored formats other modules (and older rows) rely on, written out
// here independently of crypto.ts: version byte 1, 12-byte IV, 16-byte GCM
// tag, ciphertext; HMAC-SHA-256 of purpose, NUL, value.

const master = randomBytes(32);
const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
const encKey = derive('taxstation/personal-data/aes-256-gcm/v1');
const hashKey = derive('taxstation/personal-data/lookup-hmac/v1');

function referenceSeal(plain: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', encKey, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([Buffer.from([1]), iv, c.getAuthTag(), body]);
}

function referenceOpen(sealed: Buffer): string {
  assert.equal(sealed[0], 1);
  const d = createDecipheriv('aes-256-gcm', encKey, sealed.subarray(1, 13));
  d.setAuthTag(sealed.subarray(13, 29));
  return Buffer.concat([d.update(sealed.subarray(29)), d.final()]).toString('utf8');
}

test('sealed values keep format 1 and open with and without crypto.ts', () => {
  const cipher = createCipher(master);
  for (const plain of ['+821023456789', '1975-03-14', 'Jihoon.Park@example.com', '김민준', 'x'.repeat(300)]) {
    const sealed = cipher.encrypt(plain);
    assert.equal(sealed.length, 29 + Buffer.byteLength(plain));
    assert.equal(referenceOpen(sealed), plain);
    assert.equal(cipher.decrypt(referenceSeal(plain)), plain);
    assert.equal(cipher.decrypt(new Uint8Array(sealed)), plain);
  }
});

test('look-up hashes are HMAC-SHA-256 of purpose, NUL and value', () => {
  const cipher = createCipher(master);
  const expected = createHmac('sha256', hashKey).update('mobile\0+821023456789').digest();
  assert.deepEqual(cipher.lookupHash('mobile', '+821023456789'), expected);
});

test('every encryption has an IV of its own, across refills of the IV pool', () => {
  const cipher = createCipher(master);
  const ivs = new Set<string>();
  const n = 4096 * 2 + 17; // more than two pools
  for (let i = 0; i < n; i++) ivs.add(cipher.encrypt('1975-03-14').subarray(1, 13).toString('hex'));
  assert.equal(ivs.size, n);
  // two ciphers (two workers, two processes) draw their IVs independently
  const other = createCipher(master);
  assert.ok(!ivs.has(other.encrypt('1975-03-14').subarray(1, 13).toString('hex')));
});

test('a tampered value does not open', () => {
  const cipher = createCipher(master);
  const sealed = cipher.encrypt('+821023456789');
  sealed[sealed.length - 1]! ^= 1;
  assert.throws(() => cipher.decrypt(sealed), SealedValueUnreadable);
});

test('a value sealed with another key does not open, and says so', () => {
  const sealed = createCipher(randomBytes(32)).encrypt('+821023456789');
  assert.throws(() => createCipher(master).decrypt(sealed), (e: unknown) => e instanceof SealedValueUnreadable && e.code === 'sealed_value_unreadable');
  assert.throws(() => createCipher(master).decrypt(Buffer.from([9, 1, 2])), SealedValueUnreadable);
});

test('derived keys are HKDF of the configured key with the purpose in the label, one per purpose', () => {
  const cipher = createCipher(master);
  assert.deepEqual(cipher.deriveKey('bounce-address'), derive('taxstation/derived/bounce-address/v1'));
  assert.deepEqual(createCipher(master).deriveKey('bounce-address'), cipher.deriveKey('bounce-address'), 'every process derives the same key');
  assert.notDeepEqual(cipher.deriveKey('bounce-address'), cipher.deriveKey('other-use'));
  assert.notDeepEqual(cipher.deriveKey('bounce-address'), encKey);
  assert.notDeepEqual(createCipher(randomBytes(32)).deriveKey('bounce-address'), cipher.deriveKey('bounce-address'));
  assert.throws(() => cipher.deriveKey('Not A Purpose'));
});
