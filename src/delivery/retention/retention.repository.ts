import type { Queryable } from '../../platform/db/database.ts';
import { DELIVERY_RETENTION_DEFAULTS, type DeliveryRetention } from './retention.schema.ts';

// A district's retention period for delivery contents
// (delivery_settings.retention_contents_days): how many days after a
// message's final state its contents (sealed variables and recipient, the
// attempts' failure details, the provider's words in its timeline and
// receipts) are kept; and the purge that removes them afterwards, in batches
// (retention.service.ts runs it, one transaction a batch).

/** The district's period; the default when it has set none. */
export async function getRetentionForDelivery(q: Queryable, districtCode: string): Promise<DeliveryRetention> {
  const { rows } = await q.query<{ days: number }>('SELECT retention_contents_days AS days FROM delivery_settings WHERE district_code = $1', [districtCode]);
  return rows[0] ? { contentsDays: Number(rows[0].days) } : { ...DELIVERY_RETENTION_DEFAULTS };
}

/**
 * Sets the district's period (validate with deliveryRetentionSchema first; the
 * database refuses a value out of bounds). Returns the period it replaced, so
 * the caller can audit old and new in the same transaction.
 */
export async function setRetentionForDelivery(q: Queryable, districtCode: string, retention: DeliveryRetention): Promise<DeliveryRetention> {
  const before = await getRetentionForDelivery(q, districtCode);
  await q.query(
    `INSERT INTO delivery_settings (district_code, retention_contents_days) VALUES ($1, $2)
     ON CONFLICT (district_code) DO UPDATE SET retention_contents_days = EXCLUDED.retention_contents_days, updated_at = now()`,
    [districtCode, retention.contentsDays],
  );
  return before;
}

export interface DeliveryContentsPurged {
  messages: number;
  attempts: number;
  events: number;
  receipts: number;
}

/**
 * Removes the contents of up to `limit` of the district's messages that
 * became final before `cutoff`: their sealed variables and recipient, the
 * failure details of their attempts, the provider's words in their timeline
 * (an attempt's failure detail, a retry's reason) and in their receipts.
 * States, plans, times, causes and the rows themselves stay. Run inside a
 * transaction; rows another purge holds are skipped.
 */
export async function purgeDeliveryContentsBatch(tx: Queryable, districtCode: string, cutoff: Date, now: Date, limit: number): Promise<DeliveryContentsPurged> {
  const { rows: picked } = await tx.query<{ id: number }>(
    `SELECT id FROM messages
      WHERE district_code = $1 AND contents_purged_at IS NULL AND final_at IS NOT NULL AND final_at < $2
      ORDER BY final_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [districtCode, cutoff, limit],
  );
  if (picked.length === 0) return { messages: 0, attempts: 0, events: 0, receipts: 0 };
  const ids = picked.map((r) => Number(r.id));
  const { rows } = await tx.query<{ messages: number; attempts: number; events: number; receipts: number }>(
    `WITH m AS (
       UPDATE messages SET variables_enc = NULL, recipient_enc = NULL, contents_purged_at = $2
        WHERE id = ANY($1::bigint[]) RETURNING id),
     a AS (
       UPDATE delivery_attempts SET failure_detail = NULL
        WHERE message_id = ANY($1::bigint[]) AND failure_detail IS NOT NULL RETURNING id),
     e AS (
       UPDATE message_events SET detail = detail - 'detail' - 'reason'
        WHERE message_id = ANY($1::bigint[]) AND event IN ('attempt_failed', 'retry_scheduled')
          AND (detail ? 'detail' OR detail ? 'reason') RETURNING id),
     r AS (
       UPDATE delivery_receipts SET detail = NULL
        WHERE detail IS NOT NULL AND attempt_id IN (SELECT id FROM delivery_attempts WHERE message_id = ANY($1::bigint[])) RETURNING id)
     SELECT (SELECT count(*) FROM m)::int AS messages, (SELECT count(*) FROM a)::int AS attempts,
            (SELECT count(*) FROM e)::int AS events, (SELECT count(*) FROM r)::int AS receipts`,
    [ids, now],
  );
  return rows[0]!;
}

/** How many of the district's messages became final before `cutoff` and still hold their contents (a dry run). */
export async function countDeliveryContentsToPurge(q: Queryable, districtCode: string, cutoff: Date): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages
      WHERE district_code = $1 AND contents_purged_at IS NULL AND final_at IS NOT NULL AND final_at < $2`,
    [districtCode, cutoff],
  );
  return rows[0]!.n;
}

/**
 * Deletes up to `limit` of the district's returned mails kept for inspection
 * (inbound_reports_refused: sealed messages as received) that arrived before
 * `cutoff`. Nothing refers to them; the console counts only recent ones.
 */
export async function purgeRefusedReportsBatch(tx: Queryable, districtCode: string, cutoff: Date, limit: number): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM inbound_reports_refused WHERE id IN (
       SELECT id FROM inbound_reports_refused WHERE district_code = $1 AND received_at < $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)`,
    [districtCode, cutoff, limit],
  );
  return rowCount;
}

export async function countRefusedReportsToPurge(q: Queryable, districtCode: string, cutoff: Date): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_reports_refused WHERE district_code = $1 AND received_at < $2', [districtCode, cutoff]);
  return rows[0]!.n;
}
