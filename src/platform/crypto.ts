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
  /**
   * A 32-byte key of its own for another use (e.g. 'bounce-address': the
   * signature of return paths), derived from the one configured key (HKDF,
   * the purpose in the label): every process with the same key derives the
   * same one, and it reveals nothing about the others.
   */
  deriveKey(purpose: string): Buffer;
}

/**
 * A sealed value that does not open: sealed with another key (two processes
 * with different keys on one database), damaged, or of an unknown format.
 * Never retried: the same value fails the same way every time.
 */
export class SealedValueUnreadable extends Error {
  readonly code = 'sealed_value_unreadable';
  constructor(options?: { cause?: unknown }) {
    super('a sealed value could not be opened with this encryption key (sealed with another key, or damaged)', options);
    this.name = 'SealedValueUnreadable';
  }
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
    if (buf[0] !== FORMAT_V1 || buf.length < 29) throw new SealedValueUnreadable();
    try {
      const decipher = createDecipheriv('aes-256-gcm', encKey, buf.subarray(1, 13));
      decipher.setAuthTag(buf.subarray(13, 29));
      return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SealedValueUnreadable({ cause: error });
    }
  }

  return {
    encrypt,
    decrypt,
    encryptNullable: (plain) => (plain === null || plain === undefined || plain === '' ? null : encrypt(plain)),
    decryptNullable: (sealed) => (sealed ? decrypt(sealed) : null),
    lookupHash: (purpose, value) => createHmac('sha256', hashKey).update(purpose).update('\0').update(value).digest(),
    deriveKey: (purpose) => {
      if (!/^[a-z0-9-]{1,40}$/.test(purpose)) throw new Error('a key purpose is lower-case letters, digits and dashes');
      return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `taxstation/derived/${purpose}/v1`, 32));
    },
  };
}
