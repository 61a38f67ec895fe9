// The desk's socket limits: a token bucket per connection (kept by the
// socket), and per client address one budget for every serve process
// (platform/rate-limit/shared-token-buckets.ts).

import type { Database } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logger.ts';
import { SharedTokenBuckets } from '../../platform/rate-limit/shared-token-buckets.ts';

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

/** The per-address limits of one database's desk, shared by every socket of this process and with the other processes. */
export function deskAddressLimits(db: Database, log?: Pick<Logger, 'warn'>): AddressLimits {
  let limits = perDatabase.get(db);
  if (!limits) {
    const onSyncError = (error: unknown) => log?.warn({ err: error }, 'desk rate limits could not be shared; counting this process alone until the database answers');
    limits = {
      frames: new SharedTokenBuckets(db, 'desk-frames', DESK_LIMITS.address.capacity, DESK_LIMITS.address.perSecond, { onSyncError }),
      connects: new SharedTokenBuckets(db, 'desk-connects', DESK_LIMITS.connect.capacity, DESK_LIMITS.connect.perSecond, { onSyncError }),
    };
    perDatabase.set(db, limits);
  }
  return limits;
}
