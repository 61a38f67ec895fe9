import type { Queryable } from './db/database.ts';

// The one-row table encryption_key_fingerprint (migration 0013).

export async function readKeyFingerprint(q: Queryable): Promise<string | undefined> {
  const { rows } = await q.query<{ fingerprint: string }>('SELECT fingerprint FROM encryption_key_fingerprint');
  return rows[0]?.fingerprint;
}

/** Records the fingerprint unless one is recorded already (by a process that got there first); returns the one recorded. */
export async function recordKeyFingerprint(q: Queryable, fingerprint: string): Promise<string> {
  await q.query('INSERT INTO encryption_key_fingerprint (fingerprint) VALUES ($1) ON CONFLICT (only_row) DO NOTHING', [fingerprint]);
  return (await readKeyFingerprint(q))!;
}

/**
 * One value sealed before any fingerprint was recorded (a database older
 * than migration 0013): every taxpayer has a sealed date of birth.
 */
export async function sampleSealedValue(q: Queryable): Promise<Buffer | undefined> {
  const { rows } = await q.query<{ sealed: Buffer }>('SELECT birth_date_enc AS sealed FROM taxpayers ORDER BY id LIMIT 1');
  return rows[0]?.sealed;
}
