// Test support (not a test): what a resident's phone or inbox would show.
import type { PersonalDataCipher } from '../src/platform/crypto.ts';
import type { Queryable } from '../src/platform/db/database.ts';

/** The code in the latest one-time-code message of a district, read back as the resident reads it. */
export async function latestCode(q: Queryable, cipher: PersonalDataCipher, district: string): Promise<string> {
  const { rows } = await q.query<{ variables_enc: Uint8Array }>(
    `SELECT variables_enc FROM messages WHERE district_code = $1 AND kind = 'one_time_code' ORDER BY id DESC LIMIT 1`,
    [district],
  );
  return (JSON.parse(cipher.decrypt(Buffer.from(rows[0]!.variables_enc))) as { code: string }).code;
}
