import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { OfflineInput, OfflineMessage } from './offline-messages.schema.ts';

// The offline messages of a district (desk_offline_messages); the contact
// the resident gave is sealed at rest. Messages whose contents the retention
// purge removed (purged_at) are neither listed nor answered.

type OfflineRow = { id: number; reference: string; name: string; reply_channel: 'email' | 'sms'; question: string; created_at: Date; answer: string | null; answered_at: Date | null };
const COLUMNS = 'id::int AS id, reference, name, reply_channel, question, created_at, answer, answered_at';
const toOffline = (r: OfflineRow): OfflineMessage => ({
  id: r.id, reference: r.reference, name: r.name, replyChannel: r.reply_channel, question: r.question,
  createdAt: new Date(r.created_at).toISOString(), answer: r.answer, answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
});

export async function insertOfflineMessage(q: Queryable, cipher: PersonalDataCipher, input: OfflineInput, reference: string, contact: string): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO desk_offline_messages (district_code, reference, locale, name, reply_channel, contact_enc, question)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [input.district, reference, input.locale, input.name, input.replyChannel, cipher.encrypt(contact), input.question],
  );
  return Number(rows[0]!.id);
}

export async function listOfflineMessages(q: Queryable, districtCode: string, state: 'open' | 'answered'): Promise<OfflineMessage[]> {
  const { rows } = await q.query<OfflineRow>(
    `SELECT ${COLUMNS} FROM desk_offline_messages
      WHERE district_code = $1 AND (answered_at IS NULL) = $2 AND purged_at IS NULL ORDER BY created_at LIMIT 200`,
    [districtCode, state === 'open'],
  );
  return rows.map(toOffline);
}

/** One offline message of the district; null when there is none (or it is another district's). */
export async function findOfflineMessage(q: Queryable, districtCode: string, id: number): Promise<OfflineMessage | null> {
  const { rows } = await q.query<OfflineRow>(`SELECT ${COLUMNS} FROM desk_offline_messages WHERE id = $1 AND district_code = $2 AND purged_at IS NULL`, [id, districtCode]);
  return rows[0] ? toOffline(rows[0]) : null;
}

/** The message's reply channel and contact (unsealed), locked until the transaction ends; null when the district has no such message. */
export async function lockOfflineMessageForAnswer(
  tx: Queryable,
  cipher: PersonalDataCipher,
  districtCode: string,
  id: number,
): Promise<{ replyChannel: 'email' | 'sms'; contact: string; answered: boolean } | null> {
  const { rows } = await tx.query<{ reply_channel: 'email' | 'sms'; contact_enc: Uint8Array; answered_at: Date | null }>(
    'SELECT reply_channel, contact_enc, answered_at FROM desk_offline_messages WHERE id = $1 AND district_code = $2 AND purged_at IS NULL FOR UPDATE',
    [id, districtCode],
  );
  const row = rows[0];
  if (!row) return null;
  return { replyChannel: row.reply_channel, contact: cipher.decrypt(Buffer.from(row.contact_enc)), answered: row.answered_at !== null };
}

export async function recordOfflineAnswer(tx: Queryable, args: { id: number; answer: string; staffId: number; messageId: number }): Promise<void> {
  await tx.query('UPDATE desk_offline_messages SET answer = $2, answered_by = $3, answered_at = now(), message_id = $4 WHERE id = $1', [args.id, args.answer, args.staffId, args.messageId]);
}
