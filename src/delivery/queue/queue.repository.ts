import type { Queryable } from '../../platform/db/database.ts';
import { channelPlanSql } from './channel-plan.sql.ts';

// The SQL that puts messages on the delivery queue and takes them off it
// (tables messages, delivery_attempts, message_events), set-based. Other
// domains never call it: they call the queue's API, queue.ts. The dispatch
// engine's own hot path (claim, accept, fail, advance, deliver) is in
// dispatch/attempts.repository.ts.

/**
 * §30⑦: the season's notices not yet issued become messages with the
 * electronic channels their taxpayers applied for, in the district's order;
 * nobody enrolled: paper only; already paid: withdrawn at once. Each message
 * with a channel gets its first attempt. $1 district, $2 tax item, $3 year,
 * $4 period, $5 season id.
 */
export async function insertSeasonMessages(
  tx: Queryable,
  season: { districtCode: string; taxItem: string; taxYear: number; period: number; seasonId: number },
): Promise<{ issued: number; electronic: number; paperOnly: number; withdrawn: number }> {
  const { rows } = await tx.query<{ issued: number; electronic: number; paper_only: number; withdrawn: number }>(
    `WITH candidates AS (
       SELECT n.id AS notice_id, n.district_code, n.taxpayer_id, n.paid_at,
              ${channelPlanSql()} AS plan
         FROM notices n
         JOIN taxpayers t ON t.id = n.taxpayer_id
         LEFT JOIN delivery_settings s ON s.district_code = n.district_code
        WHERE n.district_code = $1 AND n.tax_item = $2 AND n.tax_year = $3 AND coalesce(n.period, 0) = $4
          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'notice')),
     inserted AS (
       INSERT INTO messages (district_code, kind, season_id, notice_id, taxpayer_id, legal, state, plan, send_after,
                             withdrawn_reason, final_at)
       SELECT district_code, 'notice', $5, notice_id, taxpayer_id, true,
              CASE WHEN paid_at IS NOT NULL THEN 'withdrawn' WHEN cardinality(plan) = 0 THEN 'awaiting_paper' ELSE 'pending' END,
              plan, (SELECT send_after FROM seasons WHERE id = $5),
              CASE WHEN paid_at IS NOT NULL THEN 'paid' END,
              CASE WHEN paid_at IS NOT NULL THEN now() END
         FROM candidates
       RETURNING id, district_code, state, plan, send_after),
     -- One random UUID per season run, made unique per attempt by the message id:
     -- as unguessable and unique as a UUID each, without drawing strong
     -- randomness per row (a call out of PGlite's WASM each).
     attempts AS (
       INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key, available_at)
       SELECT id, district_code, plan[1], k.run || '.' || id, send_after
         FROM inserted CROSS JOIN (SELECT gen_random_uuid()::text AS run) k WHERE state = 'pending'
       RETURNING id)
     SELECT count(*)::int AS issued,
            count(*) FILTER (WHERE state = 'pending')::int AS electronic,
            count(*) FILTER (WHERE state = 'awaiting_paper')::int AS paper_only,
            count(*) FILTER (WHERE state = 'withdrawn')::int AS withdrawn
       FROM inserted`,
    [season.districtCode, season.taxItem, season.taxYear, season.period, season.seasonId],
  );
  const c = rows[0]!;
  return { issued: c.issued, electronic: c.electronic, paperOnly: c.paper_only, withdrawn: c.withdrawn };
}

/** The district's days between a reminder and the due date, when it set them. */
export async function reminderDaysOf(q: Queryable, districtCode: string): Promise<number | null> {
  const { rows } = await q.query<{ days: number }>(
    'SELECT reminder_days_before_due AS days FROM delivery_settings WHERE district_code = $1',
    [districtCode],
  );
  return rows[0]?.days ?? null;
}

/**
 * Reminders (guidance, never paper) for the season's unpaid notices not yet
 * reminded nor withdrawn, `days` before the due date at 09:00 Seoul time, or
 * now when that is past; only for taxpayers with a channel.
 */
export async function insertReminders(
  tx: Queryable,
  args: { districtCode: string; taxItem: string; taxYear: number; period: number; days: number },
): Promise<{ issued: number; sendAfter: Date | null }> {
  const { rows } = await tx.query<{ issued: number; send_after: Date | null }>(
    `WITH targets AS (
       SELECT n.id AS notice_id, n.district_code, n.taxpayer_id,
              greatest(now(), ((n.due_date - $5::int)::timestamp + interval '9 hours') AT TIME ZONE 'Asia/Seoul') AS send_after,
              ${channelPlanSql()} AS plan
         FROM notices n
         JOIN taxpayers t ON t.id = n.taxpayer_id
         LEFT JOIN delivery_settings s ON s.district_code = n.district_code
        WHERE n.district_code = $1 AND n.tax_item = $2 AND n.tax_year = $3 AND coalesce(n.period, 0) = $4
          AND n.paid_at IS NULL AND n.due_date >= (now() AT TIME ZONE 'Asia/Seoul')::date
          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'reminder')
          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = n.id AND m.kind = 'notice' AND m.state = 'withdrawn')),
     inserted AS (
       INSERT INTO messages (district_code, kind, notice_id, taxpayer_id, legal, plan, send_after)
       SELECT district_code, 'reminder', notice_id, taxpayer_id, false, plan, send_after FROM targets WHERE cardinality(plan) > 0
       RETURNING id, district_code, plan, send_after),
     attempts AS (
       INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key, available_at)
       SELECT id, district_code, plan[1], gen_random_uuid()::text, send_after FROM inserted)
     SELECT count(*)::int AS issued, min(send_after) AS send_after FROM inserted`,
    [args.districtCode, args.taxItem, args.taxYear, args.period, args.days],
  );
  return { issued: rows[0]!.issued, sendAfter: rows[0]!.send_after };
}

/**
 * Arrears notices (legal: §30⑦ plan in the district's channel order, as a
 * season's notices; paper when no channel works) for the district's imported
 * arrears rows not yet issued and not paid since.
 */
export async function insertArrearsNotices(tx: Queryable, districtCode: string): Promise<number> {
  const { rows } = await tx.query<{ issued: number }>(
    `WITH targets AS (
       SELECT a.id AS arrears_id, a.notice_id, a.district_code, n.taxpayer_id,
              ${channelPlanSql()} AS plan
         FROM arrears a
         JOIN notices n ON n.id = a.notice_id
         JOIN taxpayers t ON t.id = n.taxpayer_id
         LEFT JOIN delivery_settings s ON s.district_code = a.district_code
        WHERE a.district_code = $1 AND n.paid_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.notice_id = a.notice_id AND m.kind = 'arrears')),
     inserted AS (
       INSERT INTO messages (district_code, kind, notice_id, taxpayer_id, arrears_id, legal, state, plan)
       SELECT district_code, 'arrears', notice_id, taxpayer_id, arrears_id, true,
              CASE WHEN cardinality(plan) = 0 THEN 'awaiting_paper' ELSE 'pending' END, plan
         FROM targets
       RETURNING id, district_code, plan, state, send_after),
     attempts AS (
       INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key, available_at)
       SELECT id, district_code, plan[1], gen_random_uuid()::text, send_after FROM inserted WHERE state = 'pending')
     SELECT count(*)::int AS issued FROM inserted`,
    [districtCode],
  );
  return rows[0]!.issued;
}

/** One row of enqueueMessages, its personal data already sealed. */
export interface SealedMessage {
  districtCode: string;
  kind: string;
  topic: string;
  taxpayerId: number | null;
  plan: string[];
  recipientEnc: Uint8Array | null;
  variablesEnc: Uint8Array;
  sendAfter: Date | null;
  campaignId: number | null;
}

/** Messages that are not notices, each with its first attempt; returns their ids in the given order. */
export async function insertMessages(q: Queryable, messages: SealedMessage[]): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bytea[], $7::bytea[], $8::timestamptz[], $9::bigint[])
         WITH ORDINALITY AS x(district_code, kind, topic, taxpayer_id, plan, recipient_enc, variables_enc, send_after, campaign_id, n)),
     inserted AS (
       INSERT INTO messages (district_code, kind, topic, taxpayer_id, legal, plan, recipient_enc, variables_enc, send_after, campaign_id)
       SELECT district_code, kind, topic, taxpayer_id, false, plan::text[], recipient_enc, variables_enc, coalesce(send_after, now()), campaign_id
         FROM input ORDER BY n
       RETURNING id, district_code, plan, send_after),
     attempts AS (
       INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key, available_at)
       SELECT id, district_code, plan[1], gen_random_uuid()::text, send_after FROM inserted)
     SELECT id FROM inserted ORDER BY id`,
    [
      messages.map((m) => m.districtCode),
      messages.map((m) => m.kind),
      messages.map((m) => m.topic),
      messages.map((m) => m.taxpayerId),
      messages.map((m) => `{${m.plan.join(',')}}`),
      messages.map((m) => m.recipientEnc),
      messages.map((m) => m.variablesEnc),
      messages.map((m) => m.sendAfter),
      messages.map((m) => m.campaignId),
    ],
  );
  return rows.map((r) => r.id);
}

/**
 * The guidance message that tells each taxpayer their e-notice enrolment was
 * withdrawn (topic enrolment_withdrawn, on KakaoTalk), with its attempt.
 */
export async function insertEnrolmentWithdrawnGuidance(tx: Queryable, taxpayers: { taxpayerId: number; districtCode: string }[]): Promise<void> {
  await tx.query(
    `WITH g AS (
       INSERT INTO messages (district_code, kind, taxpayer_id, legal, topic, plan)
       SELECT district_code, 'guidance', id, false, 'enrolment_withdrawn', '{kakao}'
         FROM unnest($1::bigint[], $2::text[]) AS x(id, district_code)
       RETURNING id, district_code)
     INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key)
     SELECT id, district_code, 'kakao', gen_random_uuid()::text FROM g`,
    [taxpayers.map((t) => t.taxpayerId), taxpayers.map((t) => t.districtCode)],
  );
}

/** Withdraws every message of these notices that is not final yet, and cancels their live attempts. */
export async function withdrawNoticeMessages(q: Queryable, noticeIds: number[], reason: string): Promise<number> {
  // Messages first, in id order: the engine's lock order (see attempts.repository.ts).
  await q.query(`SELECT id FROM messages WHERE notice_id = ANY($1::bigint[]) AND state IN ('pending', 'awaiting_paper') ORDER BY id FOR UPDATE`, [noticeIds]);
  const { rows } = await q.query<{ id: number }>(
    `WITH w AS (
       UPDATE messages SET state = 'withdrawn', withdrawn_reason = $2, final_at = now(), updated_at = now()
        WHERE notice_id = ANY($1::bigint[]) AND state IN ('pending', 'awaiting_paper')
        RETURNING id),
     cancelled AS (
       UPDATE delivery_attempts SET state = 'cancelled', final_at = now(), failure_detail = $2
        WHERE message_id IN (SELECT id FROM w) AND state IN ('queued', 'sending', 'accepted')),
     ev AS (
       INSERT INTO message_events (message_id, event, detail) SELECT id, 'withdrawn', jsonb_build_object('reason', $2) FROM w)
     SELECT id FROM w`,
    [noticeIds, reason],
  );
  return rows.length;
}

export interface ResendCandidate {
  id: number;
  state: string;
  /** An attempt still queued, being sent or awaiting its receipt. */
  live: boolean;
  /** The channel plan from the taxpayer's current enrolment and contacts. */
  plan: string[];
}

/** The messages of the district asked for, locked, each with a fresh channel plan. */
export async function lockForResend(tx: Queryable, districtCode: string, messageIds: number[]): Promise<ResendCandidate[]> {
  const { rows } = await tx.query<ResendCandidate>(
    `SELECT m.id, m.state,
            EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.id AND a.state IN ('queued', 'sending', 'accepted')) AS live,
            ${channelPlanSql()} AS plan
       FROM messages m
       JOIN taxpayers t ON t.id = m.taxpayer_id
       LEFT JOIN delivery_settings s ON s.district_code = m.district_code
      WHERE m.id = ANY($1::bigint[]) AND m.district_code = $2
      -- in id order: the engine's lock order (see attempts.repository.ts)
      ORDER BY m.id
      FOR UPDATE OF m`,
    [messageIds, districtCode],
  );
  return rows;
}

/** Starts each message again from the first channel of its new plan, with an event saying who and why. */
export async function restartMessages(tx: Queryable, restart: { id: number; plan: string[] }[], by: { actor: string; reason: string }): Promise<void> {
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
    [restart.map((o) => o.id), restart.map((o) => `{${o.plan.join(',')}}`), by.actor, by.reason],
  );
}

/** Undelivered legal notices of the taxpayer that a corrected contact can still reach. */
export async function undeliveredNoticeMessages(tx: Queryable, districtCode: string, taxpayerId: number): Promise<number[]> {
  const { rows } = await tx.query<{ id: number }>(
    `SELECT m.id FROM messages m
      WHERE m.taxpayer_id = $1 AND m.district_code = $2 AND m.kind IN ('notice', 'arrears')
        AND ((m.state = 'pending' AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.id AND a.state IN ('queued', 'sending', 'accepted')))
          OR (m.state = 'awaiting_paper' AND m.paper_batch_id IS NULL))
      ORDER BY m.id`,
    [taxpayerId, districtCode],
  );
  return rows.map((r) => Number(r.id));
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
