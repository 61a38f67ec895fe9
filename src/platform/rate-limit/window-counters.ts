import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { addHits, countLiveKeys, deleteCounter, deleteEndedCounters, readHits, subtractHit, type CounterState } from './rate-limit.repository.ts';

// Request limits per key (a client address, a link, a sign-in pair), counted
// in the database so every serve process counts against the same limit.
// A request is counted BEFORE it is let through, in one locked statement:
// of twelve concurrent requests against a limit of five, five pass. A
// refused request uses up nothing (its counts are rolled back), so a limit
// refuses until its window ends and no longer.
//
// For the desk's sockets, where a frame must not wait on the database, see
// token-bucket.ts (per connection) and shared-token-buckets.ts (per address,
// shared in the background).

export interface RateLimit {
  /** Whose budget, the limit's name first: 'ss-addr:203.0.113.7', 'pay-code:…', 'login-pair:…' */
  key: string;
  windowSeconds: number;
  /** Hits allowed in a window. */
  max: number;
  /**
   * 'clock' (the default): windows every windowSeconds since the epoch, the
   * same for every key; 'first_hit': a key's window starts at its first hit
   * after the previous window ended.
   */
  windowStart?: 'clock' | 'first_hit';
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: seconds until the longest of the spent limits' windows ends; else 0. */
  retryAfter: number;
}

/** About one call in this many also deletes ended windows, so the table stays small without a scheduler. */
const SWEEP_ONE_IN = 100;

class Refused extends Error {
  constructor(readonly retryAfter: number) {
    super('rate limit spent');
  }
}

/**
 * A key as stored: as given, unless it is too long for its column (`max`
 * characters) or carries control characters (a NUL cannot be stored). Such
 * a key comes from a client (an address from X-Forwarded-For, a username):
 * its beginning, so prefixes still match, and a hash of the whole, so
 * different keys stay different.
 */
export function storedKey(key: string, max = 200): string {
  if (key.length <= max && !/[\u0000-\u001f\u007f]/.test(key)) return key;
  return key.slice(0, max - 65).replace(/[\u0000-\u001f\u007f]/g, '?') + '#' + createHash('sha256').update(key).digest('hex');
}

const asHit = (limit: RateLimit) => ({ key: storedKey(limit.key), windowSeconds: limit.windowSeconds, windowStart: limit.windowStart ?? 'clock' });

/**
 * Counts one request against each limit, all or none: allowed when no limit
 * is spent (the counts stay); refused, counting nothing, when one is.
 * Concurrent calls are serialised by the counters' row locks, so each sees
 * the counts the earlier ones left.
 */
export async function hitRateLimits(db: Database, limits: readonly RateLimit[]): Promise<RateDecision> {
  if (limits.length === 0) return { allowed: true, retryAfter: 0 };
  const byKey = new Map(limits.map((l) => [storedKey(l.key), l]));
  if (byKey.size !== limits.length) throw new Error('one key per limit in a call');
  // Keys in one fixed order, so two requests never wait on each other's rows crosswise.
  const sorted = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, limit]) => limit);
  let decision: RateDecision = { allowed: true, retryAfter: 0 };
  try {
    await db.transaction(async (tx) => {
      const counts = await addHits(tx, sorted.map(asHit));
      const spent = counts.filter((c) => c.hits > byKey.get(c.key)!.max);
      // Throwing rolls the counts back: a refused request uses up nothing.
      if (spent.length) throw new Refused(Math.max(...spent.map((c) => c.retryAfter)));
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    decision = { allowed: false, retryAfter: error.retryAfter };
  }
  if (Math.random() < 1 / SWEEP_ONE_IN) await deleteEndedCounters(db);
  return decision;
}

/** Counts one hit on a key that has no limit of its own (a count to watch, e.g. failures against one username). */
export async function countHit(q: Queryable, counter: Omit<RateLimit, 'max'>): Promise<CounterState> {
  const [state] = await addHits(q, [asHit({ ...counter, max: 0 })]);
  return state!;
}

/** The hits in the key's current window and the seconds until it ends, without counting one. */
export function currentHits(q: Queryable, limit: Omit<RateLimit, 'max'>): Promise<CounterState> {
  return readHits(q, asHit({ ...limit, max: 0 }));
}

/** Gives one counted hit back (a request that turned out not to count, e.g. a correct password). */
export function returnHit(q: Queryable, key: string): Promise<void> {
  return subtractHit(q, storedKey(key));
}

/** Starts the key afresh: its next hit opens a new window. */
export function resetRateLimit(q: Queryable, key: string): Promise<void> {
  return deleteCounter(q, storedKey(key));
}

/** How many keys that start with the prefix have hits in their current window (e.g. addresses failing one username). */
export function liveKeysWithPrefix(q: Queryable, prefix: string): Promise<number> {
  return countLiveKeys(q, prefix);
}

/** Deletes ended windows now (hitRateLimits also does it now and then). */
export function sweepRateLimits(q: Queryable): Promise<number> {
  return deleteEndedCounters(q);
}
