import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import type { Database } from '../db/database.ts';
import { SharedTokenBuckets } from './shared-token-buckets.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** A background timer the test fires by hand: `fire()` runs the scheduled tick once and waits for it. */
function manualTimer() {
  let tick: (() => Promise<void>) | undefined;
  return {
    every: (_ms: number, fn: () => Promise<void>) => {
      tick = fn;
      return () => void (tick = undefined);
    },
    get running() {
      return tick !== undefined;
    },
    fire: async () => {
      assert.ok(tick, 'the background sync is scheduled');
      await tick();
    },
  };
}

function takeWhileAllowed(limiter: { take(key: string): boolean }, key: string, atMost = 1000): number {
  let n = 0;
  while (n < atMost && limiter.take(key)) n++;
  return n;
}

forEachEngine('token buckets shared across processes', (ctx) => {
  // Two "processes": two limiters on one database, on one clock the test moves.
  const pair = (db: Database, id: string, name = 'test-frames', capacity = 40, perSecond = 4) => {
    const clock = manualClock();
    const make = (p: string) => new SharedTokenBuckets(db, name, capacity, perSecond, { now: clock.now, processId: `${id}-${p}`, autoSync: false });
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

  test('between two syncs each process decides alone; the overshoot is paid back, so over time the key gets the shared rate', async () => {
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

  test('syncing again charges nothing twice, and other keys and limiters are not charged', async () => {
    const { a, b } = pair(ctx.db, 'separate');
    const connects = pair(ctx.db, 'separate', 'test-connects', 20, 0.5);
    assert.equal(takeWhileAllowed(a, '198.51.100.3', 20), 20);
    await a.sync();
    await b.sync();
    await b.sync();
    await connects.b.sync();
    assert.equal(takeWhileAllowed(b, '198.51.100.3'), 20);
    assert.equal(takeWhileAllowed(b, '198.51.100.4'), 40, 'another key has its own budget');
    assert.equal(takeWhileAllowed(connects.b, '198.51.100.3'), 20, 'another limiter is a budget of its own');
  });

  test('a process that starts later is charged the recent use of the others, but not use older than the bucket remembers', async () => {
    const { a } = pair(ctx.db, 'late');
    assert.equal(takeWhileAllowed(a, '198.51.100.5', 25), 25);
    assert.equal(takeWhileAllowed(a, '198.51.100.6', 25), 25);
    await a.sync();
    // 198.51.100.6's use is made a minute old: a bucket of 40 at 4/s has forgotten it.
    await ctx.db.query(`UPDATE rate_limit_usage SET window_start = window_start - interval '1 minute' WHERE process_id = 'late-a' AND address = '198.51.100.6'`);
    const late = new SharedTokenBuckets(ctx.db, 'test-frames', 40, 4, { processId: 'late-c', autoSync: false });
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
    const { rows } = await ctx.db.query<{ used: number }>(`SELECT sum(used)::int AS used FROM rate_limit_usage WHERE process_id = 'rows-a'`);
    assert.equal(rows[0]!.used, 5);
  });

  test('the background sync starts with use, shares it, and stops after ten quiet syncs', async () => {
    const clock = manualClock();
    const timer = manualTimer();
    const limiter = new SharedTokenBuckets(ctx.db, 'test-frames', 40, 4, { now: clock.now, processId: 'background-a', every: timer.every });
    const other = new SharedTokenBuckets(ctx.db, 'test-frames', 40, 4, { now: clock.now, processId: 'background-b', autoSync: false });
    assert.equal(timer.running, false, 'nothing scheduled before the first take');
    assert.equal(takeWhileAllowed(limiter, '198.51.100.8', 30), 30);
    assert.equal(timer.running, true);
    await timer.fire();
    await other.sync();
    assert.equal(takeWhileAllowed(other, '198.51.100.8'), 10, 'the background sync wrote the use');
    await other.sync();
    for (let i = 0; i < 9; i++) await timer.fire();
    assert.equal(timer.running, true, 'ten quiet syncs are still made');
    await timer.fire();
    assert.equal(timer.running, false, 'the eleventh finds nothing to do and stops the timer');
    assert.equal(limiter.take('198.51.100.8'), false, 'charged the other process’s 10 on the way');
    clock.advance(250);
    assert.equal(limiter.take('198.51.100.8'), true);
    assert.equal(timer.running, true, 'a take starts it again');
    limiter.stop();
  });

  test('a background sync the database refuses is reported, at most once a minute, and the process keeps counting alone', async () => {
    const clock = manualClock();
    const timer = manualTimer();
    const reported: unknown[] = [];
    // A name the table's CHECK refuses: every write fails in the database itself.
    const limiter = new SharedTokenBuckets(ctx.db, 'Refused!', 40, 4, {
      now: clock.now, processId: 'refused-a', every: timer.every, onSyncError: (error) => reported.push(error),
    });
    try {
      assert.equal(limiter.take('198.51.100.9'), true);
      for (let i = 0; i < 5; i++) await timer.fire();
      assert.equal(reported.length, 1, 'one report for many failed syncs within the minute');
      assert.match(String((reported[0] as Error).message), /check constraint/);
      assert.equal(takeWhileAllowed(limiter, '198.51.100.9'), 39, 'its own bucket still limits');
      clock.advance(59_999);
      await timer.fire();
      assert.equal(reported.length, 1);
      clock.advance(1);
      await timer.fire();
      assert.equal(reported.length, 2, 'reported again after a minute');
    } finally {
      limiter.stop();
    }
  });
});
