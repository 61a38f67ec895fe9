import type { Database, Queryable } from '../../platform/db/database.ts';
import type { LawRules } from '../law/law-rules.ts';
import type { Receipt } from '../provider.ts';
import { failAttempts, markDelivered, markOpened } from '../dispatch/attempts.repository.ts';

// Receipts arrive by webhook (and from the bounce listener) in any order and
// any number of times. They are first stored as they came (the inbox, unique
// per provider and receipt id: the same receipt twice changes nothing), then
// applied in batches by the workers. Applying never moves a message out of
// a final state; a receipt for an unknown message stays for inspection.

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
 * so a 2xx always means durable.
 */
export class ReceiptWriter {
  private pending: { receipts: Receipt[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly options: { maxBatch: number; maxDelayMs: number; onStored?: (count: number) => void } = { maxBatch: 1000, maxDelayMs: 5 },
  ) {}

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
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingCount = 0;
    if (batch.length === 0) return;
    try {
      const stored = await storeReceipts(this.db, batch.flatMap((b) => b.receipts));
      this.options.onStored?.(stored);
      for (const b of batch) b.resolve();
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }
}

interface PendingReceipt {
  id: number;
  attempt_id: number | null;
  status: 'delivered' | 'failed' | 'opened';
  cause: string | null;
  detail: string | null;
  occurred_at: Date;
  message_final: boolean | null;
}

/** Applies up to `limit` stored receipts in one transaction; returns how many were handled. */
export async function applyPendingReceipts(db: Database, rules: LawRules, limit = 2000): Promise<number> {
  return db.transaction(async (tx) => {
    // Resolve each receipt to its attempt: by attempt id (bounces), by our
    // idempotency key, or by the provider's message id.
    const { rows } = await tx.query<PendingReceipt>(
      `WITH picked AS (
         SELECT id FROM delivery_receipts WHERE outcome = 'pending' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED),
       resolved AS (
         UPDATE delivery_receipts r
            SET attempt_id = coalesce(
                  (SELECT a.id FROM delivery_attempts a WHERE a.id = r.attempt_id),
                  (SELECT a.id FROM delivery_attempts a WHERE a.idempotency_key = r.idempotency_key),
                  (SELECT a.id FROM delivery_attempts a WHERE a.provider = r.provider AND a.provider_message_id = r.provider_message_id))
           FROM picked WHERE r.id = picked.id
         RETURNING r.id, r.attempt_id, r.status, r.cause, r.detail, r.occurred_at)
       SELECT resolved.*, m.final_at IS NOT NULL AS message_final
         FROM resolved
         LEFT JOIN delivery_attempts a ON a.id = resolved.attempt_id
         LEFT JOIN messages m ON m.id = a.message_id
        ORDER BY resolved.occurred_at, resolved.id`,
      [limit],
    );
    if (rows.length === 0) return 0;
    const known = rows.filter((r) => r.attempt_id !== null);
    // 'opened' implies the notice was stored: it counts as delivered too.
    const delivered = known.filter((r) => r.status === 'delivered' || r.status === 'opened');
    const opened = known.filter((r) => r.status === 'opened');
    const failed = known.filter((r) => r.status === 'failed');
    const deliveredAttempts = new Set(delivered.map((r) => r.attempt_id));

    await markDelivered(tx, delivered.map((r) => ({ attemptId: r.attempt_id!, occurredAt: r.occurred_at })), rules);
    await markOpened(tx, opened.map((r) => ({ attemptId: r.attempt_id!, occurredAt: r.occurred_at })));
    await failAttempts(
      tx,
      failed
        .filter((r) => !deliveredAttempts.has(r.attempt_id))
        .map((r) => ({ attemptId: r.attempt_id!, cause: (r.cause ?? 'provider_rejected') as never, detail: r.detail ?? 'failed receipt' })),
      null,
    );
    await tx.query(
      `UPDATE delivery_receipts r SET outcome = x.outcome FROM unnest($1::bigint[], $2::text[]) AS x(id, outcome) WHERE r.id = x.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => (r.attempt_id === null ? 'unknown_message' : r.message_final && r.status !== 'opened' ? 'ignored_final' : 'applied')),
      ],
    );
    return rows.length;
  });
}
