import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { SharedTokenBuckets } from '../../platform/rate-limit/shared-token-buckets.ts';
import { DESK_LIMITS, deskAddressLimits } from './live-chat.rate-limit.ts';

// The desk's per-address limits are the platform's shared token buckets
// (tested in platform/rate-limit/shared-token-buckets.test.ts), one pair per
// database, named for the desk in the shared ledger.

forEachEngine('desk per-address limits', (ctx) => {
  test('the desk shares one pair of limiters per database, with the shipped capacities', () => {
    const limits = deskAddressLimits(ctx.db);
    assert.equal(deskAddressLimits(ctx.db), limits);
    assert.ok(limits.frames instanceof SharedTokenBuckets && limits.connects instanceof SharedTokenBuckets);
    assert.deepEqual([limits.frames.name, limits.frames.capacity, limits.frames.perSecond], ['desk-frames', DESK_LIMITS.address.capacity, DESK_LIMITS.address.perSecond]);
    assert.deepEqual([limits.connects.name, limits.connects.capacity, limits.connects.perSecond], ['desk-connects', DESK_LIMITS.connect.capacity, DESK_LIMITS.connect.perSecond]);
  });

  test('an address gets the shipped number of frames at once, and no more', () => {
    const limits = deskAddressLimits(ctx.db);
    let n = 0;
    while (n < 1000 && limits.frames.take('198.51.100.77')) n++;
    assert.equal(n, DESK_LIMITS.address.capacity);
    (limits.frames as SharedTokenBuckets).stop();
  });
});
