import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import type { Database } from '../platform/db/database.ts';
import { deskAddressLimits, SharedAddressLimiter, TokenBucket, type LimiterName } from './rate-limit.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function takeWhileAllowed(limiter: { take(address: string): boolean }, address: string, atMost = 1000): number {
  let n = 0;
  while (n < atMost && limiter.take(address)) n++;
  return n;
}

test('a token bucket refills at its rate up to its capacity, and a charge can put it in debt', () => {
  const clock = manualClock();
  const bucket = new TokenBucket(3, 1, clock.now);
  assert.equal(takeWhileAllowed({ take: () => bucket.take() }, ''), 3);
  clock.advance(1000);
  assert.equal(bucket.take(), true);
  assert.equal(bucket.take(), false);
  clock.advance(60_000);
  bucket.charge(5);
  // full (3) less 5: in debt by 2, so three seconds pass before the next token
  clock.advance(2999);
  assert.equal(bucket.take(), false);
  clock.advance(1);
  assert.equal(bucket.take(), true);
});

forEachEngine('desk per-address limits shared across processes', (ctx) => {
  // Two "processes": two limiters on one database, on one clock the test moves.
  const pair = (db: Database, id: string, name: LimiterName = 'frames', capacity = 40, perSecond = 4) => {
    const clock = manualClock();
    const make = (p: string) => new SharedAddressLimiter(db, name, capacity, perSecond, { now: clock.now, processId: `${id}-${p}`, autoSync: false });
    return { clock, a: make('a'), b: make('b') };
  };

  test('what one process lets through is charged to the other after a sync: together they allow the one budget', async () => {
    const { clock, a, b } = pair(ctx.db, 'budget');
    const address = '198.51.100.1';
    assert.equal(takeWhileAllowed(a, address, 30), 30);
    await a.sync();
    await b.sync();
    assert.equal(takeWhileAllowed(b, address), 10, 'b has what a left of the 40');
    await b.sync();
    await a.sync();
    assert.equal(a.take(address), false, 'a is charged b’s 10');
    // both refill at the shared rate: one second is 4 more frames between them
    clock.advance(1000);
    assert.equal(takeWhileAllowed(a, address), 4);
    await a.sync();
    await b.sync();
    assert.equal(b.take(address), false);
  });

  test('between two syncs each process decides alone; the overshoot is paid back, so over time the address gets the shared rate', async () => {
    const { clock, a, b } = pair(ctx.db, 'overshoot');
    const address = '198.51.100.2';
    // Before any sync both spend a full bucket: 80 against a budget of 40 (the bounded overshoot).
    assert.equal(takeWhileAllowed(a, address), 40);
    assert.equal(takeWhileAllowed(b, address), 40);
    await a.sync();
    await b.sync();
    await a.sync();
    // Each is now 40 in debt: ten seconds of refill (4/s) only pay the debt back.
    clock.advance(10_000);
    assert.equal(a.take(address), false);
    assert.equal(b.take(address), false);
    clock.advance(250);
    assert.equal(a.take(address), true);
    assert.equal(b.take(address), true);
    assert.equal(a.take(address), false);
  });

  test('syncing again charges nothing twice, and other addresses and limiters are not charged', async () => {
    const { a, b } = pair(ctx.db, 'separate');
    const connects = pair(ctx.db, 'separate', 'connects', 20, 0.5);
    assert.equal(takeWhileAllowed(a, '198.51.100.3', 20), 20);
    await a.sync();
    await b.sync();
    await b.sync();
    await connects.b.sync();
    assert.equal(takeWhileAllowed(b, '198.51.100.3'), 20);
    assert.equal(takeWhileAllowed(b, '198.51.100.4'), 40, 'another address has its own budget');
    assert.equal(takeWhileAllowed(connects.b, '198.51.100.3'), 20, 'new connections are a budget of their own');
  });

  test('a process that starts later is charged the recent use of the others, but not use older than the bucket remembers', async () => {
    const { a } = pair(ctx.db, 'late');
    assert.equal(takeWhileAllowed(a, '198.51.100.5', 25), 25);
    assert.equal(takeWhileAllowed(a, '198.51.100.6', 25), 25);
    await a.sync();
    // 198.51.100.6's use is made a minute old: a bucket of 40 at 4/s has forgotten it.
    await ctx.db.query(`UPDATE desk_rate_usage SET window_start = window_start - interval '1 minute' WHERE process_id = 'late-a' AND address = '198.51.100.6'`);
    const late = new SharedAddressLimiter(ctx.db, 'frames', 40, 4, { processId: 'late-c', autoSync: false });
    await late.sync();
    assert.equal(takeWhileAllowed(late, '198.51.100.5'), 15);
    assert.equal(takeWhileAllowed(late, '198.51.100.6'), 40);
  });

  test('a sync without new use writes nothing: the table holds exactly what was let through', async () => {
    const { a } = pair(ctx.db, 'rows');
    takeWhileAllowed(a, '198.51.100.7', 3);
    await a.sync();
    await a.sync();
    takeWhileAllowed(a, '198.51.100.7', 2);
    await a.sync();
    const { rows } = await ctx.db.query<{ used: number }>(`SELECT sum(used)::int AS used FROM desk_rate_usage WHERE process_id = 'rows-a'`);
    assert.equal(rows[0]!.used, 5);
  });

  test('a background sync the database refuses is reported, at most once a minute, and the process keeps counting alone', async () => {
    const clock = manualClock();
    const reported: unknown[] = [];
    // A name the table's CHECK refuses: every write fails in the database itself.
    const limiter = new SharedAddressLimiter(ctx.db, 'refused' as LimiterName, 40, 4, {
      now: clock.now, processId: 'refused-a', syncIntervalMs: 5, onSyncError: (error) => reported.push(error),
    });
    try {
      assert.equal(limiter.take('198.51.100.9'), true);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(reported.length, 1, 'one report for many failed syncs within the minute');
      assert.match(String((reported[0] as Error).message), /check constraint/);
      assert.equal(takeWhileAllowed(limiter, '198.51.100.9'), 39, 'its own bucket still limits');
      clock.advance(60_000);
      for (let i = 0; i < 100 && reported.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(reported.length, 2, 'reported again after a minute');
    } finally {
      limiter.stop();
    }
  });

  test('the desk shares one pair of limiters per database', () => {
    const limits = deskAddressLimits(ctx.db);
    assert.equal(deskAddressLimits(ctx.db), limits);
    assert.ok(limits.frames instanceof SharedAddressLimiter && limits.frames.name === 'frames');
    assert.ok(limits.connects instanceof SharedAddressLimiter && limits.connects.name === 'connects');
  });
});
