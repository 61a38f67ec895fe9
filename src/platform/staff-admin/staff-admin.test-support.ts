// Test support (not a test): what a new member of staff finds in their inbox.
import type { PersonalDataCipher } from '../crypto.ts';
import type { Queryable } from '../db/database.ts';

/** The latest set-up link e-mail of a district, as the delivery engine holds it: the address it goes to and the link. */
export async function latestSetupLinkEmail(q: Queryable, cipher: PersonalDataCipher, district: string): Promise<{ email: string; link: string; username: string }> {
  const { rows } = await q.query<{ variables_enc: Uint8Array; recipient_enc: Uint8Array }>(
    `SELECT variables_enc, recipient_enc FROM messages WHERE district_code = $1 AND topic = 'staff_setup_link' ORDER BY id DESC LIMIT 1`,
    [district],
  );
  if (!rows[0]) throw new Error(`no set-up link e-mail in ${district}`);
  const variables = JSON.parse(cipher.decrypt(Buffer.from(rows[0].variables_enc))) as { link: string; username: string };
  const recipient = JSON.parse(cipher.decrypt(Buffer.from(rows[0].recipient_enc))) as { email: string };
  return { email: recipient.email, link: variables.link, username: variables.username };
}
