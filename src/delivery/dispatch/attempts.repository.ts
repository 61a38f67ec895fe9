import type { Queryable } from '../../platform/db/database.ts';
import type { ElectronicChannel, FailureCause } from '../provider.ts';
import type { LawRules } from '../law/law-rules.ts';
import { districtCondition, type DistrictFilter } from './outbound.ts';

// The hot-path SQL of the delivery engine, written by hand and set-based:
// every statement handles a whole batch of attempts, never one row at a time.

/*
 * LOCK ORDER of delivery_attempts and messages. Every transaction that
 * changes attempts and their messages (a batch's outcome, receipts, a
 * deadline passing, a payment withdrawing a notice, a resend) takes its row
 * locks in this order, before its first UPDATE:
 *
 *   1. messages, in ascending id;
 *   2. delivery_attempts, in ascending id.
 *
 * Holding a message lets a transaction change any attempt of it (cancel the
 * others, insert the next channel's). Claiming (claimForSending) and
 * requeueing abandoned claims (requeueAbandoned) lock attempts only, with
 * SKIP LOCKED: they never wait, so they are never part of a cycle. Without
 * one order, a worker recording a batch's acceptance (attempts, then
 * messages) and another applying receipts for the same messages deadlocked.
 * lockForChange takes the locks; see also withdrawNoticeMessages and
 * lockForResend in queue.repository.ts.
 */

/** Locks the messages of these attempts, then the attempts, in the order above. Call inside the transaction, before changing them. */
export async function lockForChange(q: Queryable, attemptIds: readonly number[]): Promise<void> {
  if (attemptIds.length === 0) return;
  await q.query(
    `SELECT id FROM messages WHERE id IN (SELECT message_id FROM delivery_attempts WHERE id = ANY($1::bigint[])) ORDER BY id FOR UPDATE`,
    [attemptIds],
  );
  await q.query(`SELECT id FROM delivery_attempts WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`, [attemptIds]);
}

/** Whether a channel has an attempt ready to send: the cheap question an idle lane asks before claiming. */
export async function anyReady(q: Queryable, channel: ElectronicChannel, districts?: DistrictFilter): Promise<boolean> {
  // The claim's own order, so the queue's index answers even when the
  // planner's row counts are stale (PGlite has no autovacuum to refresh them).
  const filter = districtCondition(districts, 2);
  const { rows } = await q.query(
    `SELECT id FROM delivery_attempts WHERE state = 'queued' AND channel = $1 AND available_at <= now()${filter.sql} ORDER BY available_at, id LIMIT 1`,
    [channel, ...filter.params],
  );
  return rows.length > 0;
}

/**
 * Attempts left in 'sending' by a worker that died go back to the queue. They
 * are sent again with the same idempotency key, so the provider delivers once.
 */
export async function requeueAbandoned(q: Queryable): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE delivery_attempts SET state = 'queued', locked_by = NULL, locked_until = NULL, available_at = now()
      WHERE id IN (SELECT id FROM delivery_attempts WHERE state = 'sending' AND locked_until < now() FOR UPDATE SKIP LOCKED)`,
  );
  return rowCount;
}

export interface AcceptedOutcome {
  attemptId: number;
  providerMessageId: string;
}

/**
 * Records the provider's acceptance and the receipt deadline (the district's
 * setting, else the default); attempts already settled by an early receipt
 * keep their state. The acceptance takes its place in the timeline
 * (`accepted_seq`, see the view message_timeline).
 */
export async function markAccepted(q: Queryable, provider: string, accepted: AcceptedOutcome[], defaultReceiptTimeoutSeconds: number): Promise<void> {
  if (accepted.length === 0) return;
  await q.query(
    `UPDATE delivery_attempts a
        SET state = CASE WHEN a.state = 'sending' THEN 'accepted' ELSE a.state END,
            provider = $3, provider_message_id = x.pmid, accepted_at = now(), accepted_seq = nextval('message_events_id_seq'),
            receipt_deadline = now() + make_interval(secs => coalesce(
              (SELECT receipt_timeout_seconds FROM delivery_settings s WHERE s.district_code = a.district_code), $4)),
            locked_by = NULL, locked_until = NULL
       FROM unnest($1::bigint[], $2::text[]) AS x(id, pmid)
      WHERE a.id = x.id`,
    [accepted.map((a) => a.attemptId), accepted.map((a) => a.providerMessageId), provider, defaultReceiptTimeoutSeconds],
  );
}

export interface RetryOutcome {
  attemptId: number;
  delayMs: number;
  detail: string;
}

/**
 * Transient failure: back to the queue after a delay (exponential backoff with
 * jitter, or Retry-After). `refundTry`: the call was a probe of a provider
 * known to be failing, so it does not count against the attempt's tries.
 */
export async function requeueForRetry(q: Queryable, provider: string, retries: RetryOutcome[], refundTry = false): Promise<void> {
  if (retries.length === 0) return;
  await q.query(
    `WITH done AS (
       UPDATE delivery_attempts a
          SET state = 'queued', available_at = now() + make_interval(secs => x.delay_ms / 1000.0),
              tries = a.tries - CASE WHEN $5::boolean THEN 1 ELSE 0 END,
              locked_by = NULL, locked_until = NULL, failure_detail = x.detail
         FROM unnest($1::bigint[], $2::double precision[], $3::text[]) AS x(id, delay_ms, detail)
        WHERE a.id = x.id AND a.state = 'sending'
        RETURNING a.id, a.message_id, a.channel, a.tries, x.detail, x.delay_ms)
     INSERT INTO message_events (message_id, event, channel, provider, attempt_id, detail)
     SELECT message_id, 'retry_scheduled', channel, $4, id,
            jsonb_build_object('try', tries, 'reason', detail, 'retry_in_ms', round(delay_ms)) FROM done`,
    [retries.map((r) => r.attemptId), retries.map((r) => r.delayMs), retries.map((r) => r.detail), provider, refundTry],
  );
}

export interface FailedOutcome {
  attemptId: number;
  cause: FailureCause;
  detail: string;
}

/**
 * Fails attempts for good and moves each message on: to its next enrolled
 * channel, or, when none is left, to paper (legal notices, 'returned') or to
 * 'failed' (guidance and other messages). Returns the number of attempts failed.
 */
export async function failAttempts(q: Queryable, failures: FailedOutcome[], provider: string | null): Promise<number> {
  if (failures.length === 0) return 0;
  await lockForChange(q, failures.map((f) => f.attemptId));
  const { rows } = await q.query<{ message_id: number }>(
    `WITH failed AS (
       UPDATE delivery_attempts a
          SET state = 'failed', final_at = now(), failure_cause = x.cause, failure_detail = x.detail,
              locked_by = NULL, locked_until = NULL
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS x(id, cause, detail)
        WHERE a.id = x.id AND a.state IN ('queued', 'sending', 'accepted')
        RETURNING a.id, a.message_id, a.channel, a.provider, x.cause, x.detail),
     events AS (
       INSERT INTO message_events (message_id, event, channel, provider, attempt_id, detail)
       SELECT message_id, 'attempt_failed', channel, coalesce(provider, $4), id, jsonb_build_object('cause', cause, 'detail', detail)
         FROM failed)
     SELECT message_id FROM failed`,
    [failures.map((f) => f.attemptId), failures.map((f) => f.cause), failures.map((f) => f.detail), provider],
  );
  await advanceMessages(q, rows.map((r) => r.message_id));
  return rows.length;
}

/** Moves pending messages that have no live attempt to their next channel, or out of the electronic plan. */
export async function advanceMessages(q: Queryable, messageIds: number[]): Promise<void> {
  if (messageIds.length === 0) return;
  await q.query(
    `WITH moved AS (
       UPDATE messages m
          SET plan_position = m.plan_position + 1, updated_at = now(),
              last_failure_cause = (SELECT failure_cause FROM delivery_attempts WHERE message_id = m.id ORDER BY id DESC LIMIT 1)
        WHERE m.id = ANY($1::bigint[]) AND m.state = 'pending'
          AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.id AND a.state IN ('queued', 'sending', 'accepted'))
        RETURNING m.id, m.district_code, m.plan, m.plan_position),
     next_attempts AS (
       -- A random UUID per statement, unique per attempt by the message id (see issueSeason).
       INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key)
       SELECT id, district_code, plan[plan_position + 1], k.run || '.' || id
         FROM moved CROSS JOIN (SELECT gen_random_uuid()::text AS run) k WHERE plan_position < cardinality(plan)
       RETURNING message_id, channel)
     INSERT INTO message_events (message_id, event, channel)
     SELECT message_id, 'next_channel', channel FROM next_attempts`,
    [messageIds],
  );
  await closeExhausted(q, messageIds);
}

/** Messages whose electronic channels are all spent: legal ones are returned for paper, the rest fail. */
export async function closeExhausted(q: Queryable, messageIds: number[]): Promise<void> {
  await q.query(
    `WITH closed AS (
       UPDATE messages m
          SET state = CASE WHEN m.legal THEN 'awaiting_paper' ELSE 'failed' END,
              returned_at = CASE WHEN m.legal AND cardinality(m.plan) > 0 THEN now() END,
              final_at = CASE WHEN m.legal THEN NULL ELSE now() END,
              updated_at = now()
        WHERE m.id = ANY($1::bigint[]) AND m.state = 'pending' AND m.plan_position >= cardinality(m.plan)
          AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.id AND a.state IN ('queued', 'sending', 'accepted'))
        RETURNING m.id, m.legal, m.plan, m.last_failure_cause)
     INSERT INTO message_events (message_id, event, detail)
     SELECT id,
            CASE WHEN NOT legal THEN 'undeliverable' WHEN cardinality(plan) > 0 THEN 'returned' ELSE 'paper_only' END,
            jsonb_build_object('last_cause', last_failure_cause)
       FROM closed`,
    [messageIds],
  );
}

/** Attempts accepted by a provider with no receipt before their deadline count as failed. */
export async function expireReceiptDeadlines(q: Queryable, limit = 5000): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM delivery_attempts WHERE state = 'accepted' AND receipt_deadline < now() ORDER BY receipt_deadline LIMIT $1`,
    [limit],
  );
  return failAttempts(q, rows.map((r) => ({ attemptId: r.id, cause: 'no_receipt', detail: 'no receipt before the deadline' })), null);
}

/** Queued attempts that no provider could take for too long (outage, open circuit) give up on the channel. */
export async function expireStuckQueued(q: Queryable, maxQueuedSeconds: number, limit = 5000): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM delivery_attempts
      WHERE state = 'queued' AND created_at < now() - make_interval(secs => $1)
      ORDER BY id LIMIT $2`,
    [maxQueuedSeconds, limit],
  );
  return failAttempts(q, rows.map((r) => ({ attemptId: r.id, cause: 'provider_error', detail: 'no provider could take the message in time' })), null);
}

export interface DeliveredReceipt {
  attemptId: number;
  occurredAt: Date;
  /** When the channel also reported the notice opened (Decree §14④); opened implies delivered. */
  openedAt?: Date;
}

/**
 * The CTEs that apply deliveries, given a CTE `delivered_x(id, at, opened_at)`
 * with one row per attempt (its earliest delivery and earliest opening) and
 * the parameter numbers of the §31 rule. A delivered receipt is the legal
 * moment of service (§32): a live attempt (queued, sending, accepted) of a
 * message still being sent and that message become delivered at the given
 * time, and a notice that arrives late gets its new due date (§31). A live
 * attempt on another channel (after an earlier timeout) is cancelled.
 * Nothing else moves: an attempt that failed (a permanent error, its receipt
 * deadline passed) stays failed, and a notice that has left for paper
 * (awaiting_paper, paper) or is final stays as it is. An opening is kept on
 * the message (the first one counts) when it is about an attempt that
 * delivers or delivered, whatever the message's state. Each row is written
 * once, in the same statement; the delivery's place in the timeline is kept
 * on the attempt (`delivered_seq`, see the view message_timeline), an
 * opening is an event of its own. Ends with the CTE `delivered_msg` (one row
 * per message changed, `became_delivered`). The times are the caller's: see
 * applyPendingReceipts for how a receipt's own time is bounded.
 */
export function deliveredCtes(withinDaysParam: string, newDueAfterDaysParam: string): string {
  return `delivered_d AS (
       UPDATE delivery_attempts a
          SET state = 'delivered', final_at = now(), delivered_at = x.at, delivered_seq = nextval('message_events_id_seq'),
              locked_by = NULL, locked_until = NULL
         FROM delivered_x x
        WHERE a.id = x.id AND a.state IN ('queued', 'sending', 'accepted')
          AND EXISTS (SELECT 1 FROM messages m WHERE m.id = a.message_id AND m.state = 'pending')
        RETURNING a.id),
     -- One row per message: the delivery that counts is the earliest one. Read
     -- from the attempts as they were (a CTE never joins another CTE's rows
     -- here: their row counts are unknown to the planner, which then loops).
     delivered_per_message AS (
       SELECT DISTINCT ON (d.message_id) d.message_id,
              CASE WHEN d.live THEN d.channel END AS delivered_channel,
              CASE WHEN d.live THEN d.at END AS delivered_at,
              array_agg(d.id) OVER (PARTITION BY d.message_id) AS attempts,
              first_value(d.id) OVER opened AS opened_attempt, first_value(d.channel) OVER opened AS opened_channel,
              first_value(d.provider) OVER opened AS opened_provider, min(d.opened_at) OVER (PARTITION BY d.message_id) AS opened_at
         FROM (SELECT x.id, x.at, a.message_id, a.channel, a.provider,
                      a.state IN ('queued', 'sending', 'accepted') AS live,
                      -- an opening counts for what is delivered or being delivered, not for a failed attempt
                      CASE WHEN a.state IN ('queued', 'sending', 'accepted', 'delivered') THEN x.opened_at END AS opened_at
                 FROM delivered_x x JOIN delivery_attempts a ON a.id = x.id) d
       WINDOW opened AS (PARTITION BY d.message_id ORDER BY d.opened_at NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
        ORDER BY d.message_id, CASE WHEN d.live THEN d.at END NULLS LAST),
     delivered_msg AS (
       UPDATE messages m
          SET state = CASE WHEN p.delivered_at IS NOT NULL AND m.state = 'pending' THEN 'delivered' ELSE m.state END,
              delivered_at = CASE WHEN p.delivered_at IS NOT NULL AND m.state = 'pending' THEN p.delivered_at ELSE m.delivered_at END,
              delivered_channel = CASE WHEN p.delivered_at IS NOT NULL AND m.state = 'pending' THEN p.delivered_channel ELSE m.delivered_channel END,
              final_at = CASE WHEN p.delivered_at IS NOT NULL AND m.state = 'pending' THEN now() ELSE m.final_at END,
              effective_due_date = CASE
                WHEN p.delivered_at IS NULL OR m.state <> 'pending' THEN m.effective_due_date
                WHEN m.kind IN ('notice', 'arrears')
                 AND (p.delivered_at AT TIME ZONE 'Asia/Seoul')::date >= coalesce(
                       (SELECT due_date FROM arrears WHERE id = m.arrears_id),
                       (SELECT due_date FROM notices WHERE id = m.notice_id)) - ${withinDaysParam}::int
                -- §31, moved off a day off by §24 (law_rules due_date_on_day_off)
                THEN local_tax_deadline((p.delivered_at AT TIME ZONE 'Asia/Seoul')::date + ${newDueAfterDaysParam}::int) END,
              opened_at = coalesce(m.opened_at, p.opened_at),
              updated_at = now()
         FROM delivered_per_message p
        WHERE m.id = p.message_id
          AND ((p.delivered_at IS NOT NULL AND m.state = 'pending') OR (p.opened_at IS NOT NULL AND m.opened_at IS NULL))
        -- Read from the new row (what this statement set); now() is this transaction's.
        RETURNING m.id, m.effective_due_date, m.opened_at,
                  m.state = 'delivered' AND m.final_at = now() AND m.delivered_at = p.delivered_at AS became_delivered,
                  m.opened_at = p.opened_at AS became_opened,
                  p.opened_attempt, p.opened_channel, p.opened_provider, p.attempts),
     delivered_cancelled AS (
       UPDATE delivery_attempts a SET state = 'cancelled', final_at = now(), failure_detail = 'delivered on another channel'
         FROM delivered_msg msg
        WHERE msg.became_delivered AND a.message_id = msg.id AND a.state IN ('queued', 'sending', 'accepted')
          AND a.id <> ALL(msg.attempts)),
     -- The deliveries' place in the timeline is drawn in delivered_d; the
     -- count below (an InitPlan, run before the first row) finishes it first,
     -- so an opening reported in the same batch comes after its delivery.
     opened_events AS (
       INSERT INTO message_events (message_id, event, channel, provider, attempt_id, detail)
       SELECT id, 'opened', opened_channel, opened_provider, opened_attempt, jsonb_build_object('opened_at', opened_at)
         FROM delivered_msg WHERE became_opened AND (SELECT count(*) FROM delivered_d) >= 0)`;
}

/** Applies delivered (and opened) receipts; returns how many messages became delivered. See deliveredCtes. */
export async function markDelivered(q: Queryable, delivered: DeliveredReceipt[], rules: LawRules): Promise<number> {
  if (delivered.length === 0) return 0;
  // One row per attempt: its earliest delivery and its earliest opening.
  const byAttempt = new Map<number, { at: Date; openedAt: Date | null }>();
  for (const d of delivered) {
    const seen = byAttempt.get(d.attemptId);
    const openedAt = d.openedAt ?? null;
    if (!seen) byAttempt.set(d.attemptId, { at: d.occurredAt, openedAt });
    else {
      if (d.occurredAt < seen.at) seen.at = d.occurredAt;
      if (openedAt && (!seen.openedAt || openedAt < seen.openedAt)) seen.openedAt = openedAt;
    }
  }
  await lockForChange(q, [...byAttempt.keys()]);
  const { rows } = await q.query<{ n: number }>(
    `WITH delivered_x AS (
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS x(id, at, opened_at)),
     ${deliveredCtes('$4', '$5')}
     SELECT count(*) FILTER (WHERE became_delivered)::int AS n FROM delivered_msg`,
    [
      [...byAttempt.keys()],
      [...byAttempt.values()].map((v) => v.at),
      [...byAttempt.values()].map((v) => v.openedAt),
      rules.dueDateExtension.withinDays,
      rules.dueDateExtension.newDueAfterDays,
    ],
  );
  return rows[0]?.n ?? 0;
}
