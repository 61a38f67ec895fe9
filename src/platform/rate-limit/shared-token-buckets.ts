import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { addUsage, deleteOldUsage, readOthersUsage } from './rate-limit.repository.ts';
import { storedKey } from './window-counters.ts';
import { TokenBucket } from './token-bucket.ts';

export interface SharedTokenBucketOptions {
  now?: () => number;
  processId?: string;
  syncIntervalMs?: number;
  /** false: sync() only when called (tests); true: about every syncIntervalMs while the limiter is in use. */
  autoSync?: boolean;
  /** Told of a failed background sync, at most once a minute (the limits then count this process alone). */
  onSyncError?: (error: unknown) => void;
  /** Runs `tick` every `ms` until the returned function is called: an unref'd setInterval unless a test drives it. */
  every?: (ms: number, tick: () => Promise<void>) => () => void;
}

const SYNC_ERROR_REPORT_MS = 60_000;

/** How far back a read reaches past the previous one: commits land a little after their window's time. */
const READ_SLACK_SECONDS = 5;
/** Syncs without a local take before the timer stops (it starts again with the next take). */
const IDLE_SYNCS = 10;
const SWEEP_EVERY_SYNCS = 60;
const MAX_KEYS = 50_000;

function everyInterval(ms: number, tick: () => Promise<void>): () => void {
  const timer = setInterval(() => void tick(), ms);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * A token bucket per key (a client address) whose budget is shared by every
 * serve process on one database, while take() stays synchronous: a socket
 * must not wait on the database for each frame.
 *
 * Each process decides from its own bucket at once. About once a second it
 * adds what it let through per key to its row of the current second in
 * rate_limit_usage, reads the other processes' rows since its last read
 * (within the bucket's memory, capacity ÷ rate seconds) and charges them to
 * its own buckets. Every process thus refills at the shared rate and pays
 * for everyone's use, so its bucket follows the shared one, one sync late.
 *
 * Approximate on purpose: between two syncs each of N processes may spend
 * what its bucket holds, so a key can get at most (N − 1) × (capacity +
 * rate × interval) more than the shared limit, once, before the charges
 * arrive. Buckets may then go below zero and the overshoot is paid back by
 * waiting, so over any longer stretch the key gets the shared rate. An
 * abuser gains at most one sync interval's worth per process; an exact
 * shared count would cost a database round trip per frame.
 */
export class SharedTokenBuckets {
  readonly processId: string;
  private readonly now: () => number;
  private readonly syncIntervalMs: number;
  private readonly autoSync: boolean;
  private readonly every: (ms: number, tick: () => Promise<void>) => () => void;
  private readonly buckets = new Map<string, TokenBucket>();
  /** What this process let through since its last write, per key. */
  private unsent = new Map<string, number>();
  /** The other processes' counts already charged: window (epoch seconds) → `process key` → used. */
  private readonly charged = new Map<number, Map<string, number>>();
  private readSince = 0;
  private stopTimer: (() => void) | undefined;
  private quietSyncs = 0;
  private syncs = 0;
  private running: Promise<void> | undefined;
  private readonly onSyncError: ((error: unknown) => void) | undefined;
  private lastSyncErrorReport = -Infinity;

  /** `name`: the limiter's name in rate_limit_usage, its domain first ('desk-frames'). */
  constructor(
    private readonly db: Database,
    readonly name: string,
    readonly capacity: number,
    readonly perSecond: number,
    options: SharedTokenBucketOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.processId = options.processId ?? `p${process.pid}-${randomBytes(4).toString('hex')}`;
    this.syncIntervalMs = options.syncIntervalMs ?? 1000;
    this.autoSync = options.autoSync ?? true;
    this.every = options.every ?? everyInterval;
    this.onSyncError = options.onSyncError;
  }

  take(address: string): boolean {
    // As stored (rate_limit_usage.address holds 100 characters): an address from a header may be anything.
    const key = storedKey(address, 100);
    if (!this.bucket(key).take()) return false;
    this.unsent.set(key, (this.unsent.get(key) ?? 0) + 1);
    this.quietSyncs = 0;
    if (this.autoSync && !this.stopTimer) this.stopTimer = this.every(this.syncIntervalMs, () => this.tick());
    return true;
  }

  /** Writes this process's use and charges the others'; one at a time. A failed sync keeps the counts for the next. */
  sync(): Promise<void> {
    this.running ??= this.syncOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = undefined;
  }

  private bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_KEYS) this.buckets.clear();
      bucket = new TokenBucket(this.capacity, this.perSecond, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private async tick(): Promise<void> {
    if (++this.quietSyncs > IDLE_SYNCS && this.unsent.size === 0) return this.stop();
    // Without the database the limits fall back to this process's own count.
    await this.sync().catch((error: unknown) => {
      if (this.now() - this.lastSyncErrorReport < SYNC_ERROR_REPORT_MS) return;
      this.lastSyncErrorReport = this.now();
      this.onSyncError?.(error);
    });
  }

  private async syncOnce(): Promise<void> {
    await this.write();
    await this.chargeOthers();
    if (++this.syncs % SWEEP_EVERY_SYNCS === 0) await deleteOldUsage(this.db, this.name, this.memorySeconds() * 2 + 60);
  }

  private memorySeconds(): number {
    return Math.ceil(this.capacity / this.perSecond);
  }

  private async write(): Promise<void> {
    if (this.unsent.size === 0) return;
    const sent = this.unsent;
    this.unsent = new Map();
    try {
      await addUsage(this.db, this.name, this.processId, sent);
    } catch (error) {
      for (const [key, n] of sent) this.unsent.set(key, (this.unsent.get(key) ?? 0) + n);
      throw error;
    }
  }

  private async chargeOthers(): Promise<void> {
    const { rows, dbNow } = await readOthersUsage(this.db, this.name, this.processId, this.memorySeconds(), this.readSince);
    for (const row of rows) {
      let window = this.charged.get(row.window);
      if (!window) this.charged.set(row.window, (window = new Map()));
      const seen = `${row.processId} ${row.key}`;
      const before = window.get(seen) ?? 0;
      if (row.used > before) {
        this.bucket(row.key).charge(row.used - before);
        window.set(seen, row.used);
      }
    }
    this.readSince = dbNow - READ_SLACK_SECONDS;
    // Windows before the next read's start are never read again.
    for (const w of this.charged.keys()) if (w < this.readSince) this.charged.delete(w);
  }
}
