import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomFillSync } from 'node:crypto';

// Personal data at rest: AES-256-GCM per value (random IV, authenticated),
// plus an HMAC-SHA-256 "blind index" of the normalised value for look-ups.
// Two keys are derived from the one configured key so that the look-up hash
// reveals nothing about the ciphertext key.

const FORMAT_V1 = 1;

export interface PersonalDataCipher {
  encrypt(plain: string): Buffer;
  encryptNullable(plain: string | null | undefined): Buffer | null;
  decrypt(sealed: Buffer | Uint8Array): string;
  decryptNullable(sealed: Buffer | Uint8Array | null | undefined): string | null;
  /** Keyed hash of a value, for equality look-ups; purpose keeps hashes of different fields apart. */
  lookupHash(purpose: string, value: string): Buffer;
}

// IVs are drawn from the CSPRNG a few thousand at a time: one
// randomBytes(12) per value cost more than the encryption itself in a bulk
// import (it is a call into OpenSSL's RNG each time). Each IV is still 12
// fresh random bytes used once.
const IV_BYTES = 12;
const IV_POOL_SIZE = IV_BYTES * 4096;

export function createCipher(masterKey: Buffer): PersonalDataCipher {
  if (masterKey.length !== 32) throw new Error('the encryption key must be 32 bytes');
  // key objects: created once, not copied into each cipher and HMAC again
  const encKey = createSecretKey(Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'taxstation/personal-data/aes-256-gcm/v1', 32)));
  const hashKey = createSecretKey(Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'taxstation/personal-data/lookup-hmac/v1', 32)));
  const ivPool = Buffer.allocUnsafe(IV_POOL_SIZE);
  let ivOffset = IV_POOL_SIZE;

  function encrypt(plain: string): Buffer {
    if (ivOffset === IV_POOL_SIZE) {
      randomFillSync(ivPool);
      ivOffset = 0;
    }
    const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
    ivOffset += IV_BYTES;
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    const body = cipher.update(plain, 'utf8');
    cipher.final(); // GCM is a stream mode: final() returns no bytes
    // format 1: version byte, IV, tag, ciphertext, in one allocation
    const sealed = Buffer.allocUnsafe(1 + IV_BYTES + 16 + body.length);
    sealed[0] = FORMAT_V1;
    iv.copy(sealed, 1);
    cipher.getAuthTag().copy(sealed, 1 + IV_BYTES);
    body.copy(sealed, 1 + IV_BYTES + 16);
    return sealed;
  }

  function decrypt(sealed: Buffer | Uint8Array): string {
    const buf = Buffer.from(sealed);
    if (buf[0] !== FORMAT_V1) throw new Error('unknown personal-data encryption format');
    const decipher = createDecipheriv('aes-256-gcm', encKey, buf.subarray(1, 13));
    decipher.setAuthTag(buf.subarray(13, 29));
    return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString('utf8');
  }

  return {
    encrypt,
    decrypt,
    encryptNullable: (plain) => (plain === null || plain === undefined || plain === '' ? null : encrypt(plain)),
    decryptNullable: (sealed) => (sealed ? decrypt(sealed) : null),
    lookupHash: (purpose, value) => createHmac('sha256', hashKey).update(purpose).update('\0').update(value).digest(),
  };
}
