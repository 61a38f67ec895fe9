import type { Queryable } from '../../platform/db/database.ts';
import type { ElectronicChannel, FailureCause } from '../provider.ts';
import type { LawRules } from '../law/law-rules.ts';

// The hot-path SQL of the delivery engine, written by hand and set-based:
// every statement handles a whole batch of attempts, never one row at a time.

export interface ClaimedAttempt {
  id: number;
  message_id: number;
  channel: ElectronicChannel;
  idempotency_key: string;
  tries: number;
}

/** Claims up to `limit` ready attempts of a channel for one provider (FOR UPDATE SKIP LOCKED). */
export async function claimAttempts(
  q: Queryable,
  args: { channel: ElectronicChannel; provider: string; limit: number; worker: string; lockSeconds: number },
): Promise<ClaimedAttempt[]> {
  const { rows } = await q.query<ClaimedAttempt>(
    `UPDATE delivery_attempts a
        SET state = 'sending', provider = $2, locked_by = $4,
            locked_until = now() + make_interval(secs => $5), tries = a.tries + 1
      WHERE a.id IN (
        SELECT id FROM delivery_attempts
         WHERE state = 'queued' AND channel = $1 AND available_at <= now()
         ORDER BY available_at, id
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
      RETURNING a.id, a.message_id, a.channel, a.idempotency_key, a.tries`,
    [args.channel, args.provider, args.limit, args.worker, args.lockSeconds],
  );
  return rows;
}

/**
 * Attempts left in 'sending' by a worker that died go back to the queue. They
 * are sent again with the same idempotency key, so the provider delivers once.
 */
export async function requeueAbandoned(q: Queryable): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE delivery_attempts SET state = 'queued', locked_by = NULL, locked_until = NULL, available_at = now()
      WHERE state = 'sending' AND locked_until < now()`,
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
 * keep their state.
 */
export async function markAccepted(q: Queryable, provider: string, accepted: AcceptedOutcome[], defaultReceiptTimeoutSeconds: number): Promise<void> {
  if (accepted.length === 0) return;
  await q.query(
    `WITH done AS (
       UPDATE delivery_attempts a
          SET state = CASE WHEN a.state = 'sending' THEN 'accepted' ELSE a.state END,
              provider_message_id = x.pmid, accepted_at = now(),
              receipt_deadline = now() + make_interval(secs => coalesce(
                (SELECT receipt_timeout_seconds FROM delivery_settings s WHERE s.district_code = a.district_code), $4)),
              locked_by = NULL, locked_until = NULL
         FROM unnest($1::bigint[], $2::text[]) AS x(id, pmid)
        WHERE a.id = x.id
        RETURNING a.id, a.message_id, a.channel, a.provider_message_id)
     INSERT INTO message_events (message_id, event, channel, provider, attempt_id, detail)
     SELECT message_id, 'accepted', channel, $3, id, jsonb_build_object('provider_message_id', provider_message_id) FROM done`,
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
       INSERT INTO delivery_attempts (message_id, district_code, channel, idempotency_key)
       SELECT id, district_code, plan[plan_position + 1], gen_random_uuid()::text
         FROM moved WHERE plan_position < cardinality(plan)
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
}

/**
 * A delivered receipt is the legal moment of service (§32): the attempt and
 * its message become delivered at the receipt's time, and a notice that
 * arrives late gets its new due date (§31). A live attempt on another
 * channel (after an earlier timeout) is cancelled.
 */
export async function markDelivered(q: Queryable, delivered: DeliveredReceipt[], rules: LawRules): Promise<number> {
  if (delivered.length === 0) return 0;
  const { rows } = await q.query<{ message_id: number }>(
    `WITH d AS (
       UPDATE delivery_attempts a
          SET state = 'delivered', final_at = now(), locked_by = NULL, locked_until = NULL
         FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
        WHERE a.id = x.id AND a.state IN ('queued', 'sending', 'accepted', 'failed')
        RETURNING a.id, a.message_id, a.channel, a.provider, x.at),
     msg AS (
       UPDATE messages m
          SET state = 'delivered', delivered_at = d.at, delivered_channel = d.channel, final_at = now(), updated_at = now(),
              effective_due_date = CASE
                WHEN m.kind IN ('notice', 'arrears')
                 AND (d.at AT TIME ZONE 'Asia/Seoul')::date >= coalesce(
                       (SELECT due_date FROM arrears WHERE id = m.arrears_id),
                       (SELECT due_date FROM notices WHERE id = m.notice_id)) - $3::int
                THEN (d.at AT TIME ZONE 'Asia/Seoul')::date + $4::int END
         FROM d
        WHERE m.id = d.message_id AND m.state IN ('pending', 'awaiting_paper')
        RETURNING m.id, m.effective_due_date),
     ev AS (
       INSERT INTO message_events (message_id, event, channel, provider, attempt_id, detail)
       SELECT d.message_id, 'delivered', d.channel, d.provider, d.id,
              jsonb_build_object('delivered_at', d.at, 'effective_due_date', msg.effective_due_date)
         FROM d LEFT JOIN msg ON msg.id = d.message_id)
     SELECT id AS message_id FROM msg`,
    [delivered.map((d) => d.attemptId), delivered.map((d) => d.occurredAt), rules.dueDateExtension.withinDays, rules.dueDateExtension.newDueAfterDays],
  );
  if (rows.length) {
    await q.query(
      `UPDATE delivery_attempts SET state = 'cancelled', final_at = now(), failure_detail = 'delivered on another channel'
        WHERE message_id = ANY($1::bigint[]) AND state IN ('queued', 'sending', 'accepted')`,
      [rows.map((r) => r.message_id)],
    );
  }
  return rows.length;
}

export async function markOpened(q: Queryable, opened: DeliveredReceipt[]): Promise<void> {
  if (opened.length === 0) return;
  await q.query(
    `WITH o AS (
       UPDATE messages m SET opened_at = coalesce(m.opened_at, x.at), updated_at = now()
         FROM delivery_attempts a, unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
        WHERE a.id = x.id AND m.id = a.message_id AND m.opened_at IS NULL
        RETURNING m.id, a.id AS attempt_id, a.channel, a.provider, x.at)
     INSERT INTO message_events (message_id, event, channel, provider, attempt_id, detail)
     SELECT id, 'opened', channel, provider, attempt_id, jsonb_build_object('opened_at', at) FROM o`,
    [opened.map((d) => d.attemptId), opened.map((d) => d.occurredAt)],
  );
}
