import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

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

export function createCipher(masterKey: Buffer): PersonalDataCipher {
  if (masterKey.length !== 32) throw new Error('the encryption key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'taxstation/personal-data/aes-256-gcm/v1', 32));
  const hashKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'taxstation/personal-data/lookup-hmac/v1', 32));

  function encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
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
