// Token buckets for the desk's sockets: one per connection (kept by the
// socket), and per client address, one budget for every serve process
// (SharedAddressLimiter below).

import { randomBytes } from 'node:crypto';
import type { Database } from '../platform/db/database.ts';
import type { Logger } from '../platform/logger.ts';

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }
  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
  }
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** Charges tokens spent elsewhere. The bucket may go below zero (to -capacity): an overshoot is paid back by waiting. */
  charge(tokens: number): void {
    this.refill();
    this.tokens = Math.max(-this.capacity, this.tokens - tokens);
  }
}

export const DESK_LIMITS = {
  /** messages and typing frames per connection */
  connection: { capacity: 10, perSecond: 1 },
  /** frames per client address, across its connections */
  address: { capacity: 40, perSecond: 4 },
  /** new connections per client address */
  connect: { capacity: 20, perSecond: 0.5 },
};

export type LimiterName = 'frames' | 'connects';

export interface SharedLimiterOptions {
  now?: () => number;
  processId?: string;
  syncIntervalMs?: number;
  /** false: sync() only when called (tests); true: about every syncIntervalMs while the limiter is in use. */
  autoSync?: boolean;
  /** Told of a failed background sync, at most once a minute (the limits then count this process alone). */
  onSyncError?: (error: unknown) => void;
}

const SYNC_ERROR_REPORT_MS = 60_000;

/** How far back a read reaches past the previous one: commits land a little after their window's time. */
const READ_SLACK_SECONDS = 5;
/** Syncs without a local take before the timer stops (it starts again with the next take). */
const IDLE_SYNCS = 10;
const SWEEP_EVERY_SYNCS = 60;
const MAX_ADDRESSES = 50_000;

/**
 * A per-address token bucket whose budget is shared by every serve process
 * on one database, while take() stays synchronous: a socket must not wait
 * on the database for each frame.
 *
 * Each process decides from its own bucket at once. About once a second it
 * adds what it let through per address to its row of the current second in
 * desk_rate_usage, reads the other processes' rows since its last read
 * (within the bucket's memory, capacity ÷ rate seconds) and charges them to
 * its own buckets. Every process thus refills at the shared rate and pays
 * for everyone's use, so its bucket follows the shared one, one sync late.
 *
 * Approximate on purpose: between two syncs each of N processes may spend
 * what its bucket holds, so an address can get at most (N − 1) × (capacity +
 * rate × interval) more than the shared limit, once, before the charges
 * arrive. Buckets may then go below zero and the overshoot is paid back by
 * waiting, so over any longer stretch the address gets the shared rate. An
 * abuser gains at most one sync interval's worth per process; an exact
 * shared count would cost a database round trip per frame.
 */
export class SharedAddressLimiter {
  readonly processId: string;
  private readonly now: () => number;
  private readonly syncIntervalMs: number;
  private readonly autoSync: boolean;
  private readonly buckets = new Map<string, TokenBucket>();
  /** What this process let through since its last write, per address. */
  private unsent = new Map<string, number>();
  /** The other processes' counts already charged: window (epoch seconds) → `process address` → used. */
  private readonly charged = new Map<number, Map<string, number>>();
  private readSince = 0;
  private timer: NodeJS.Timeout | undefined;
  private quietSyncs = 0;
  private syncs = 0;
  private running: Promise<void> | undefined;
  private readonly onSyncError: ((error: unknown) => void) | undefined;
  private lastSyncErrorReport = -Infinity;

  constructor(
    private readonly db: Database,
    readonly name: LimiterName,
    readonly capacity: number,
    readonly perSecond: number,
    options: SharedLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.processId = options.processId ?? `p${process.pid}-${randomBytes(4).toString('hex')}`;
    this.syncIntervalMs = options.syncIntervalMs ?? 1000;
    this.autoSync = options.autoSync ?? true;
    this.onSyncError = options.onSyncError;
  }

  take(address: string): boolean {
    if (!this.bucket(address).take()) return false;
    this.unsent.set(address, (this.unsent.get(address) ?? 0) + 1);
    this.quietSyncs = 0;
    if (this.autoSync && !this.timer) {
      this.timer = setInterval(() => void this.tick(), this.syncIntervalMs);
      this.timer.unref();
    }
    return true;
  }

  /** Writes this process's use and charges the others'; one at a time. A failed sync keeps the counts for the next. */
  sync(): Promise<void> {
    this.running ??= this.syncOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private bucket(address: string): TokenBucket {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_ADDRESSES) this.buckets.clear();
      bucket = new TokenBucket(this.capacity, this.perSecond, this.now);
      this.buckets.set(address, bucket);
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
    if (++this.syncs % SWEEP_EVERY_SYNCS === 0) {
      await this.db.query(`DELETE FROM desk_rate_usage WHERE limiter = $1 AND window_start < now() - make_interval(secs => $2)`, [
        this.name,
        this.memorySeconds() * 2 + 60,
      ]);
    }
  }

  private memorySeconds(): number {
    return Math.ceil(this.capacity / this.perSecond);
  }

  private async write(): Promise<void> {
    if (this.unsent.size === 0) return;
    const sent = this.unsent;
    this.unsent = new Map();
    try {
      await this.db.query(
        `INSERT INTO desk_rate_usage (limiter, address, process_id, window_start, used)
         SELECT $1, u.address, $2, date_trunc('second', now()), u.used FROM unnest($3::text[], $4::int[]) AS u(address, used)
         ON CONFLICT (limiter, address, process_id, window_start) DO UPDATE SET used = desk_rate_usage.used + EXCLUDED.used`,
        [this.name, this.processId, [...sent.keys()].map((a) => a.slice(0, 100)), [...sent.values()]],
      );
    } catch (error) {
      for (const [address, n] of sent) this.unsent.set(address, (this.unsent.get(address) ?? 0) + n);
      throw error;
    }
  }

  private async chargeOthers(): Promise<void> {
    const { rows } = await this.db.query<{ address: string | null; process_id: string | null; w: number | null; used: number | null; db_now: number }>(
      `SELECT u.address, u.process_id, extract(epoch FROM u.window_start)::float8 AS w, u.used, extract(epoch FROM n.db_now)::float8 AS db_now
         FROM (SELECT now() AS db_now) n
         LEFT JOIN desk_rate_usage u ON u.limiter = $1 AND u.process_id <> $2
          AND u.window_start >= greatest(n.db_now - make_interval(secs => $3), to_timestamp($4))`,
      [this.name, this.processId, this.memorySeconds(), this.readSince],
    );
    for (const row of rows) {
      if (row.address === null) continue;
      let window = this.charged.get(row.w!);
      if (!window) this.charged.set(row.w!, (window = new Map()));
      const key = `${row.process_id} ${row.address}`;
      const before = window.get(key) ?? 0;
      if (row.used! > before) {
        this.bucket(row.address).charge(row.used! - before);
        window.set(key, row.used!);
      }
    }
    this.readSince = rows[0]!.db_now - READ_SLACK_SECONDS;
    // Windows before the next read's start are never read again.
    for (const w of this.charged.keys()) if (w < this.readSince) this.charged.delete(w);
  }
}

export interface AddressLimits {
  /** frames per client address, across its connections */
  frames: { take(address: string): boolean };
  /** new connections per client address */
  connects: { take(address: string): boolean };
}

const perDatabase = new WeakMap<Database, AddressLimits>();

/** The per-address limits of one database's desk, shared by every socket of this process and with the other processes. */
export function deskAddressLimits(db: Database, log?: Pick<Logger, 'warn'>): AddressLimits {
  let limits = perDatabase.get(db);
  if (!limits) {
    const onSyncError = (error: unknown) => log?.warn({ err: error }, 'desk rate limits could not be shared; counting this process alone until the database answers');
    limits = {
      frames: new SharedAddressLimiter(db, 'frames', DESK_LIMITS.address.capacity, DESK_LIMITS.address.perSecond, { onSyncError }),
      connects: new SharedAddressLimiter(db, 'connects', DESK_LIMITS.connect.capacity, DESK_LIMITS.connect.perSecond, { onSyncError }),
    };
    perDatabase.set(db, limits);
  }
  return limits;
}
