import type { Database, Queryable } from '../platform/db/database.ts';
import { channelPlanSql } from './channel-plan.sql.ts';

// An official's resend, and the automatic resend after a contact is fixed:
// a message not yet final gets a fresh channel plan from the taxpayer's
// current enrolment and contacts, and starts again from its first channel.
// Final messages (delivered, printed, withdrawn) keep their legal state.

export interface ResendResult {
  resent: number[];
  /** Messages that could not be resent, with the reason code. */
  refused: { messageId: number; reason: 'final' | 'no_electronic_channel' | 'in_flight' | 'not_found' }[];
}


export async function resendMessages(db: Database, args: { districtCode: string; messageIds: number[]; actor: string; reason: string }): Promise<ResendResult> {
  return db.transaction((tx) => resendInTransaction(tx, args));
}

export async function resendInTransaction(
  tx: Queryable,
  args: { districtCode: string; messageIds: number[]; actor: string; reason: string },
): Promise<ResendResult> {
  const { rows } = await tx.query<{ id: number; state: string; live: boolean; plan: string[] }>(
    `SELECT m.id, m.state,
            EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.id AND a.state IN ('queued', 'sending', 'accepted')) AS live,
            ${channelPlanSql()} AS plan
       FROM messages m
       JOIN taxpayers t ON t.id = m.taxpayer_id
       LEFT JOIN delivery_settings s ON s.district_code = m.district_code
      WHERE m.id = ANY($1::bigint[]) AND m.district_code = $2
      FOR UPDATE OF m`,
    [args.messageIds, args.districtCode],
  );
  const found = new Map(rows.map((r) => [r.id, r]));
  const refused: ResendResult['refused'] = [];
  const ok: { id: number; plan: string[] }[] = [];
  for (const id of args.messageIds) {
    const row = found.get(id);
    if (!row) refused.push({ messageId: id, reason: 'not_found' });
    else if (!['pending', 'awaiting_paper'].includes(row.state)) refused.push({ messageId: id, reason: 'final' });
    else if (row.live) refused.push({ messageId: id, reason: 'in_flight' });
    else if (row.plan.length === 0) refused.push({ messageId: id, reason: 'no_electronic_channel' });
    else ok.push({ id, plan: row.plan });
  }
  if (ok.length > 0) {
    await tx.query(
      `WITH r AS (
         UPDATE messages m SET state = 'pending', plan = x.plan::text[], plan_position = 0, returned_at = NULL, send_after = now(), updated_at = now()
           FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::text[]) AS plan) x
          WHERE m.id = x.id
          RETURNING m.id, m.district_code, m.plan),
       a AS (
         INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key)
         SELECT id, district_code, plan[1], gen_random_uuid()::text FROM r)
       INSERT INTO message_events (message_id, event, channel, detail)
       SELECT id, 'resend', plan[1], jsonb_build_object('by', $3::text, 'reason', $4::text) FROM r`,
      [ok.map((o) => o.id), ok.map((o) => `{${o.plan.join(',')}}`), args.actor, args.reason],
    );
  }
  return { resent: ok.map((o) => o.id), refused };
}

export interface TimelineEvent {
  at: Date;
  event: string;
  channel: string | null;
  provider: string | null;
  detail: Record<string, unknown>;
}

/** A message's history, oldest first; personal data is never part of it. */
export async function messageTimeline(q: Queryable, districtCode: string, messageId: number): Promise<TimelineEvent[]> {
  const { rows } = await q.query<TimelineEvent>(
    `SELECT e.at, e.event, e.channel, e.provider, e.detail
       FROM message_timeline e JOIN messages m ON m.id = e.message_id
      WHERE e.message_id = $1 AND m.district_code = $2
      ORDER BY e.seq`,
    [messageId, districtCode],
  );
  return rows;
}
