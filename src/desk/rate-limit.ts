// Token buckets for socket frames: one per connection and one per client
// address (shared by that address's connections in this process).

import type { Database } from '../platform/db/database.ts';

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
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class AddressLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
  ) {}
  take(address: string): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size > 50_000) this.buckets.clear();
      bucket = new TokenBucket(this.capacity, this.perSecond);
      this.buckets.set(address, bucket);
    }
    return bucket.take();
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

export interface AddressLimits {
  /** frames per client address, across its connections */
  frames: { take(address: string): boolean };
  /** new connections per client address */
  connects: { take(address: string): boolean };
}

const perDatabase = new WeakMap<Database, AddressLimits>();

/** The per-address limits of one database's desk, shared by every socket of this process. */
export function deskAddressLimits(db: Database): AddressLimits {
  let limits = perDatabase.get(db);
  if (!limits) {
    limits = {
      frames: new AddressLimiter(DESK_LIMITS.address.capacity, DESK_LIMITS.address.perSecond),
      connects: new AddressLimiter(DESK_LIMITS.connect.capacity, DESK_LIMITS.connect.perSecond),
    };
    perDatabase.set(db, limits);
  }
  return limits;
}
