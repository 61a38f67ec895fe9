// A timed queue of things the simulator sends back later (receipt webhooks,
// DSN mails): items fall due after their delay, go out in batches with a few
// calls in flight, and a failed batch is tried again with backoff, as a real
// gateway does until the receiver answers 2xx.

export interface OutboxOptions<T> {
  maxBatch: number;
  concurrency: number;
  send(batch: T[]): Promise<void>;
  /** Told when a batch failed and will be tried again. */
  onRetry?(error: unknown): void;
}

const TICK_MS = 5;

export class Outbox<T> {
  // Items bucketed by due time (ms, rounded to the tick): a season puts a
  // million items through here, so no sorting and no per-item timers.
  private readonly buckets = new Map<number, { item: T; attempt: number }[]>();
  private ready: { item: T; attempt: number }[] = [];
  private inFlight = 0;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  sent = 0;
  retries = 0;

  constructor(private readonly options: OutboxOptions<T>) {}

  add(item: T, delayMs: number, attempt = 0): void {
    if (this.closed) return;
    const due = Math.ceil((Date.now() + delayMs) / TICK_MS) * TICK_MS;
    let bucket = this.buckets.get(due);
    if (!bucket) this.buckets.set(due, (bucket = []));
    bucket.push({ item, attempt });
    this.pending++;
    this.arm();
  }

  /** Items not yet accepted by the receiver. */
  get size(): number {
    return this.pending;
  }

  /** Resolves when every item was sent (or the outbox closed). */
  idle(): Promise<void> {
    if (this.pending === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.buckets.clear();
    this.ready = [];
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  private tick(): void {
    const now = Date.now();
    for (const [due, items] of this.buckets) {
      if (due > now) continue;
      this.buckets.delete(due);
      for (const entry of items) this.ready.push(entry);
    }
    this.pump();
    if (this.pending === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.options.concurrency && this.ready.length > 0) {
      const batch = this.ready.splice(0, this.options.maxBatch);
      this.inFlight++;
      this.options.send(batch.map((b) => b.item)).then(
        () => {
          this.inFlight--;
          this.sent += batch.length;
          this.settle(batch.length);
          this.pump();
        },
        (error: unknown) => {
          this.inFlight--;
          this.retries++;
          this.options.onRetry?.(error);
          const attempt = Math.max(...batch.map((b) => b.attempt)) + 1;
          const backoff = Math.min(5_000, 50 * 2 ** Math.min(attempt, 7));
          this.pending -= batch.length;
          for (const b of batch) this.add(b.item, backoff, attempt);
          this.pump();
        },
      );
    }
  }

  private settle(count: number): void {
    this.pending -= count;
    if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}
