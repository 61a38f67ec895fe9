import { createHmac, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { ConfigError, type Config } from './config.ts';
import { createCipher, SealedValueUnreadable } from './crypto.ts';
import type { Queryable } from './db/database.ts';
import type { Bilingual } from './i18n/i18n.ts';
import { keyMessages } from './key-fingerprint.messages.ts';
import { readKeyFingerprint, recordKeyFingerprint, sampleSealedValue } from './key-fingerprint.repository.ts';

// Every process that uses one database must seal personal data with one key.
// Without TAXSTATION_ENCRYPTION_KEY each process makes a key in its own data
// folder, so two processes on one PostgreSQL could seal with two keys and
// never open each other's values. The database keeps the fingerprint of the
// key of the first process that opened it; a process with another key
// refuses to start and says which key to set.

const FINGERPRINT_LABEL = 'taxstation/encryption-key-fingerprint/v1';

/** HMAC-SHA-256 of a fixed label under the key, in hex: tells keys apart, reveals nothing of the key. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update(FINGERPRINT_LABEL).digest('hex');
}

/** A process whose key is not the database's: a configuration to correct before it may start. */
export class EncryptionKeyMismatch extends ConfigError {
  readonly reason = 'encryption_key_mismatch';
  constructor(readonly messages: Bilingual) {
    super([messages.en, messages.ko]);
    this.name = 'EncryptionKeyMismatch';
  }
}

export type KeyCheck = 'recorded' | 'matched';

/**
 * Checks the process's key against the database's fingerprint, recording it
 * on first use. Before recording, a value sealed earlier (a database from
 * before fingerprints) must open with the key, so the first process after an
 * upgrade cannot impose a key the data was not sealed with.
 */
export async function checkEncryptionKey(
  q: Queryable,
  config: Pick<Config, 'encryptionKey' | 'encryptionKeySource' | 'dataDir'>,
): Promise<KeyCheck> {
  const actual = keyFingerprint(config.encryptionKey);
  const source =
    config.encryptionKeySource === 'environment'
      ? keyMessages.both('source_environment')
      : keyMessages.both('source_data_dir', { file: join(config.dataDir, 'encryption.key') });
  const refuse = (key: 'key_mismatch' | 'key_cannot_open_data', expected = '') => {
    const vars = { actual: actual.slice(0, 12), expected: expected.slice(0, 12) };
    return new EncryptionKeyMismatch({
      ko: keyMessages.t('ko', key, { ...vars, source: source.ko }),
      en: keyMessages.t('en', key, { ...vars, source: source.en }),
    });
  };
  let recorded = await readKeyFingerprint(q);
  let outcome: KeyCheck = 'matched';
  if (recorded === undefined) {
    const sample = await sampleSealedValue(q);
    if (sample) {
      try {
        createCipher(config.encryptionKey).decrypt(sample);
      } catch (error) {
        if (error instanceof SealedValueUnreadable) throw refuse('key_cannot_open_data');
        throw error;
      }
    }
    recorded = await recordKeyFingerprint(q, actual);
    outcome = 'recorded';
  }
  if (!timingSafeEqual(Buffer.from(recorded, 'hex'), Buffer.from(actual, 'hex'))) throw refuse('key_mismatch', recorded);
  return outcome;
}
