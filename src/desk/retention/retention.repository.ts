import type { Queryable } from '../../platform/db/database.ts';
import { DESK_RETENTION_DEFAULTS, type DeskRetention } from './retention.schema.ts';

// A district's retention periods for the desk (desk_retention_settings):
// chat transcripts, attachments and offline-form messages; and the purges
// that remove those contents afterwards, in batches (retention.service.ts
// runs them, one transaction a batch). Rows, states, times and the desk's
// own events ('assigned', 'closed', …) stay.

/** The district's periods; the defaults when it has set none. */
export async function getRetentionForDesk(q: Queryable, districtCode: string): Promise<DeskRetention> {
  const { rows } = await q.query<{ chat_days: number; attachment_days: number; offline_days: number }>(
    'SELECT chat_days, attachment_days, offline_days FROM desk_retention_settings WHERE district_code = $1',
    [districtCode],
  );
  const r = rows[0];
  return r ? { chatDays: Number(r.chat_days), attachmentDays: Number(r.attachment_days), offlineDays: Number(r.offline_days) } : { ...DESK_RETENTION_DEFAULTS };
}

/**
 * Sets the district's periods (validate with deskRetentionSchema first; the
 * database refuses a value out of bounds). Returns the periods they replaced,
 * so the caller can audit old and new in the same transaction.
 */
export async function setRetentionForDesk(q: Queryable, districtCode: string, retention: DeskRetention): Promise<DeskRetention> {
  const before = await getRetentionForDesk(q, districtCode);
  await q.query(
    `INSERT INTO desk_retention_settings (district_code, chat_days, attachment_days, offline_days) VALUES ($1, $2, $3, $4)
     ON CONFLICT (district_code) DO UPDATE SET chat_days = EXCLUDED.chat_days, attachment_days = EXCLUDED.attachment_days,
                                               offline_days = EXCLUDED.offline_days, updated_at = now()`,
    [districtCode, retention.chatDays, retention.attachmentDays, retention.offlineDays],
  );
  return before;
}

export interface ChatPurged {
  conversations: number;
  messages: number;
  forms: number;
  ratingComments: number;
}

/**
 * Removes what was written in up to `limit` of the district's conversations
 * closed before `cutoff`: the bodies and payloads of their messages, notes,
 * forms and attachment notices (the desk's own events stay), their sealed
 * contact-update forms and the rating's comment (the rating stays).
 */
export async function purgeChatBatch(tx: Queryable, districtCode: string, cutoff: Date, now: Date, limit: number): Promise<ChatPurged> {
  const { rows: picked } = await tx.query<{ id: number }>(
    `SELECT id FROM conversations
      WHERE district_code = $1 AND transcript_purged_at IS NULL AND closed_at IS NOT NULL AND closed_at < $2
      ORDER BY closed_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [districtCode, cutoff, limit],
  );
  if (picked.length === 0) return { conversations: 0, messages: 0, forms: 0, ratingComments: 0 };
  const ids = picked.map((r) => Number(r.id));
  const { rows } = await tx.query<ChatPurged>(
    `WITH c AS (
       UPDATE conversations SET transcript_purged_at = $2 WHERE id = ANY($1::bigint[]) RETURNING id),
     m AS (
       UPDATE desk_messages SET body = '', payload = NULL
        WHERE conversation_id = ANY($1::bigint[]) AND kind <> 'event' AND (body <> '' OR payload IS NOT NULL) RETURNING id),
     f AS (
       DELETE FROM desk_contact_forms WHERE conversation_id = ANY($1::bigint[]) RETURNING id),
     s AS (
       UPDATE desk_satisfaction SET comment = NULL WHERE conversation_id = ANY($1::bigint[]) AND comment IS NOT NULL RETURNING conversation_id)
     SELECT (SELECT count(*) FROM c)::int AS conversations, (SELECT count(*) FROM m)::int AS messages,
            (SELECT count(*) FROM f)::int AS forms, (SELECT count(*) FROM s)::int AS "ratingComments"`,
    [ids, now],
  );
  return rows[0]!;
}

export async function countChatToPurge(q: Queryable, districtCode: string, cutoff: Date): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM conversations
      WHERE district_code = $1 AND transcript_purged_at IS NULL AND closed_at IS NOT NULL AND closed_at < $2`,
    [districtCode, cutoff],
  );
  return rows[0]!.n;
}

/** Removes the files of up to `limit` attachments of the district's conversations closed before `cutoff`; type, size, hash and time stay. */
export async function purgeAttachmentsBatch(tx: Queryable, districtCode: string, cutoff: Date, now: Date, limit: number): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE desk_attachments SET content = NULL, file_name = 'attachment', purged_at = $3
      WHERE id IN (
        SELECT a.id FROM desk_attachments a JOIN conversations c ON c.id = a.conversation_id
         WHERE a.district_code = $1 AND a.purged_at IS NULL AND c.closed_at IS NOT NULL AND c.closed_at < $2
         ORDER BY a.id LIMIT $4 FOR UPDATE OF a SKIP LOCKED)`,
    [districtCode, cutoff, now, limit],
  );
  return rowCount;
}

export async function countAttachmentsToPurge(q: Queryable, districtCode: string, cutoff: Date): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM desk_attachments a JOIN conversations c ON c.id = a.conversation_id
      WHERE a.district_code = $1 AND a.purged_at IS NULL AND c.closed_at IS NOT NULL AND c.closed_at < $2`,
    [districtCode, cutoff],
  );
  return rows[0]!.n;
}

/**
 * Removes name, sealed contact, question and answer of up to `limit` of the
 * district's offline messages answered before `cutoff` (unanswered: left
 * before it); reference, reply channel, times and the answer's message stay.
 */
export async function purgeOfflineMessagesBatch(tx: Queryable, districtCode: string, cutoff: Date, now: Date, limit: number): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE desk_offline_messages SET name = NULL, contact_enc = NULL, question = NULL, answer = NULL, purged_at = $3
      WHERE id IN (
        SELECT id FROM desk_offline_messages
         WHERE district_code = $1 AND purged_at IS NULL AND coalesce(answered_at, created_at) < $2
         ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)`,
    [districtCode, cutoff, now, limit],
  );
  return rowCount;
}

export async function countOfflineMessagesToPurge(q: Queryable, districtCode: string, cutoff: Date): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM desk_offline_messages WHERE district_code = $1 AND purged_at IS NULL AND coalesce(answered_at, created_at) < $2',
    [districtCode, cutoff],
  );
  return rows[0]!.n;
}
