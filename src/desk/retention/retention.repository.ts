import type { Queryable } from '../../platform/db/database.ts';
import { DESK_RETENTION_DEFAULTS, type DeskRetention } from './retention.schema.ts';

// A district's retention periods for the desk (desk_retention_settings):
// chat transcripts, attachments and offline-form messages.

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
