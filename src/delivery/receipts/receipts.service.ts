import type { Database, Queryable } from '../../platform/db/database.ts';
import type { LawRules } from '../law/law-rules.ts';
import type { Receipt } from '../provider.ts';
import { deliveredCtes, failAttempts, lockForChange } from '../dispatch/attempts.repository.ts';

// Receipts arrive by webhook (and from the bounce listener) in any order and
// any number of times. They are first stored as they came (the inbox, unique
// per provider and receipt id: the same receipt twice changes nothing), then
// applied in batches by the workers. Applying never moves a message out of
// a final state, nor an attempt that failed or a notice bound for paper; a
// receipt for an unknown message, or from a provider that did not send the
// attempt it names, stays for inspection.

/** Stores receipts; returns how many were new. */
export async function storeReceipts(q: Queryable, receipts: Receipt[]): Promise<number> {
  if (receipts.length === 0) return 0;
  const { rowCount } = await q.query(
    `INSERT INTO delivery_receipts (provider, receipt_id, provider_message_id, idempotency_key, attempt_id, status, cause, detail, occurred_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
     ON CONFLICT (provider, receipt_id) DO NOTHING`,
    [
      receipts.map((r) => r.provider),
      receipts.map((r) => r.receiptId),
      receipts.map((r) => r.providerMessageId ?? null),
      receipts.map((r) => r.idempotencyKey ?? null),
      receipts.map((r) => (r.attemptId && /^\d+$/.test(r.attemptId) ? Number(r.attemptId) : null)),
      receipts.map((r) => r.status),
      receipts.map((r) => r.cause ?? null),
      receipts.map((r) => r.detail?.slice(0, 500) ?? null),
      receipts.map((r) => r.occurredAt),
    ],
  );
  return rowCount;
}

/**
 * Collects receipts from concurrent webhook requests and writes them in one
 * statement; each request is answered only after its receipts are stored,
 * so a 2xx always means durable. Up to `maxConcurrentFlushes` statements are
 * in flight at once (on PostgreSQL each has its own connection; a request
 * waits for its own batch, not for the one before it); receipts arriving
 * while every slot is busy form the next batch.
 */
export class ReceiptWriter {
  private pending: { receipts: Receipt[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly options: { maxBatch: number; maxDelayMs: number; maxConcurrentFlushes: number; onStored?: (count: number) => void };

  constructor(
    private readonly db: Database,
    options: { maxBatch: number; maxDelayMs: number; maxConcurrentFlushes?: number; onStored?: (count: number) => void } = { maxBatch: 1000, maxDelayMs: 5 },
  ) {
    this.options = { maxConcurrentFlushes: 4, ...options };
  }

  write(receipts: Receipt[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ receipts, resolve, reject });
      this.pendingCount += receipts.length;
      if (this.pendingCount >= this.options.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.options.maxDelayMs);
    });
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startFlush();
    }, delay);
  }

  private startFlush(): void {
    // Every slot busy: the receipts wait and go when a statement returns.
    if (this.inFlight.size >= this.options.maxConcurrentFlushes || this.pending.length === 0) return;
    const flushing: Promise<void> = this.flush().finally(() => {
      this.inFlight.delete(flushing);
      if (this.pending.length > 0 && !this.timer) this.startFlush();
    });
    this.inFlight.add(flushing);
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingCount = 0;
    if (batch.length === 0) return;
    try {
      // In key order, so concurrent batches that share a duplicate take their locks in the same order.
      const receipts = batch.flatMap((b) => b.receipts).sort((x, y) => (x.provider === y.provider ? (x.receiptId < y.receiptId ? -1 : x.receiptId > y.receiptId ? 1 : 0) : x.provider < y.provider ? -1 : 1));
      const stored = await storeReceipts(this.db, receipts);
      this.options.onStored?.(stored);
      for (const b of batch) b.resolve();
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    await this.flush();
  }
}

/** The attempt a stored receipt `r` is about: by attempt id (bounces), by our idempotency key, or by the provider's message id. */
const RESOLVE_ATTEMPT = `coalesce(
                  (SELECT a.id FROM delivery_attempts a WHERE a.id = r.attempt_id),
                  (SELECT a.id FROM delivery_attempts a WHERE a.idempotency_key = r.idempotency_key),
                  (SELECT a.id FROM delivery_attempts a WHERE a.provider = r.provider AND a.provider_message_id = r.provider_message_id))`;

/**
 * Applies up to `limit` stored receipts in one transaction; returns how many
 * were handled. One statement picks them, resolves each to its attempt (by
 * attempt id for bounces, by our idempotency key, or by the provider's
 * message id), records its outcome (judged on the message as it was before
 * this batch: a receipt row is written once) and applies the deliveries and
 * openings; only failures come back, to move their messages on.
 *
 * A receipt is believed only about an attempt its provider sent: the claim
 * records the provider on the attempt, and the provider's channel must be the
 * attempt's. One that names another provider's (or channel's) attempt is
 * `mismatched`; one about an attempt that has already failed, or a notice
 * that has left for paper, is `ignored_late`; about a final message,
 * `ignored_final`; about nothing we know, `unknown_message`. None of these
 * changes anything. The time a receipt reports is bounded before it becomes
 * the legal moment (§32): never in the future, never before the attempt was
 * accepted (or, when the receipt arrives before the acceptance is recorded,
 * handed to the provider).
 */
export async function applyPendingReceipts(db: Database, rules: LawRules, limit = 2000): Promise<number> {
  return db.transaction(async (tx) => {
    // The receipts first, and the attempts they name: their messages and
    // attempts are locked in the engine's order (lockForChange) before any
    // row changes, so a worker recording a batch's outcome meanwhile waits
    // instead of deadlocking.
    const picked = await tx.query<{ id: number; attempt_id: number | null }>(
      `WITH picked AS (
         SELECT id FROM delivery_receipts WHERE outcome = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       SELECT r.id, ${RESOLVE_ATTEMPT} AS attempt_id
         FROM picked JOIN delivery_receipts r ON r.id = picked.id`,
      [limit],
    );
    if (picked.rows.length === 0) return 0;
    await lockForChange(tx, picked.rows.flatMap((r) => (r.attempt_id === null ? [] : [Number(r.attempt_id)])));
    const { rows } = await tx.query<{ handled: number; failures: { attempt_id: number; cause: string | null; detail: string | null }[] | null }>(
      `WITH picked AS (
         SELECT unnest($1::bigint[]) AS id),
       resolved AS MATERIALIZED (
         SELECT r.id, r.provider, r.status, r.cause, r.detail, r.occurred_at,
                ${RESOLVE_ATTEMPT} AS attempt_id
           FROM picked JOIN delivery_receipts r ON r.id = picked.id),
       judged_one AS (
         SELECT resolved.id, resolved.attempt_id, resolved.status, resolved.cause, resolved.detail, resolved.occurred_at,
                CASE WHEN resolved.attempt_id IS NULL THEN 'unknown_message'
                     WHEN a.provider IS DISTINCT FROM resolved.provider
                       OR a.channel IS DISTINCT FROM (SELECT p.channel FROM delivery_providers p WHERE p.name = resolved.provider) THEN 'mismatched'
                     WHEN resolved.status = 'opened' AND a.state = 'delivered' THEN 'applied'
                     WHEN m.final_at IS NOT NULL THEN 'ignored_final'
                     WHEN a.state NOT IN ('queued', 'sending', 'accepted') OR m.state <> 'pending' THEN 'ignored_late'
                     ELSE 'applied' END AS outcome,
                greatest(least(resolved.occurred_at, now()), coalesce(a.accepted_at, a.claimed_at, a.created_at)) AS at
           FROM resolved
           LEFT JOIN delivery_attempts a ON a.id = resolved.attempt_id
           LEFT JOIN messages m ON m.id = a.message_id),
       judged AS (
         SELECT judged_one.*,
                bool_or(outcome = 'applied' AND status IN ('delivered', 'opened')) OVER (PARTITION BY attempt_id) AS delivered_in_batch
           FROM judged_one),
       stored AS (
         UPDATE delivery_receipts r SET attempt_id = j.attempt_id, outcome = j.outcome FROM judged j WHERE r.id = j.id),
       -- 'opened' implies the notice was stored: it counts as delivered too.
       delivered_x AS (
         SELECT attempt_id AS id, min(at) AS at, min(at) FILTER (WHERE status = 'opened') AS opened_at
           FROM judged WHERE outcome = 'applied' AND status IN ('delivered', 'opened') GROUP BY attempt_id),
       ${deliveredCtes('$2', '$3')}
       SELECT (SELECT count(*) FROM judged)::int AS handled,
              (SELECT json_agg(json_build_object('attempt_id', attempt_id, 'cause', cause, 'detail', detail) ORDER BY occurred_at, id)
                 FROM judged
                WHERE status = 'failed' AND outcome = 'applied' AND NOT delivered_in_batch) AS failures`,
      [picked.rows.map((r) => r.id), rules.dueDateExtension.withinDays, rules.dueDateExtension.newDueAfterDays],
    );
    const { handled, failures } = rows[0]!;
    await failAttempts(
      tx,
      (failures ?? []).map((f) => ({ attemptId: Number(f.attempt_id), cause: (f.cause ?? 'provider_rejected') as never, detail: f.detail ?? 'failed receipt' })),
      null,
    );
    return handled;
  });
}
