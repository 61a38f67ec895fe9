import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { countHit, currentHits, hitRateLimits, liveKeysWithPrefix, resetRateLimit, returnHit, sweepRateLimits, type RateLimit } from './window-counters.ts';

// The database's clock cannot be moved, so a window "passes" by moving the
// stored start back, as much as the test needs.

forEachEngine('rate limits counted in the database', (ctx) => {
  const hits = async (key: string) =>
    (await ctx.db.query<{ hits: number }>('SELECT hits FROM rate_limit_counters WHERE key = $1', [key])).rows[0]?.hits ?? null;
  const age = (key: string, seconds: number) =>
    ctx.db.query(`UPDATE rate_limit_counters SET window_started_at = window_started_at - make_interval(secs => $2) WHERE key = $1`, [key, seconds]);
  const hitTimes = async (limits: RateLimit[], times: number) => {
    const answers: boolean[] = [];
    for (let i = 0; i < times; i++) answers.push((await hitRateLimits(ctx.db, limits)).allowed);
    return answers;
  };

  test('a limit lets max requests through in its window, then refuses with the seconds until the window ends, counting nothing', async () => {
    const limit = { key: 'test-basic:a', windowSeconds: 600, max: 3 };
    assert.deepEqual(await hitTimes([limit], 5), [true, true, true, false, false]);
    assert.equal(await hits(limit.key), 3, 'the refused requests used up nothing');
    const refused = await hitRateLimits(ctx.db, [limit]);
    assert.equal(refused.allowed, false);
    assert.ok(refused.retryAfter >= 1 && refused.retryAfter <= 600, `retry after ${refused.retryAfter}`);
    assert.deepEqual(await hitTimes([{ ...limit, key: 'test-basic:b' }], 1), [true], 'another key has its own budget');
  });

  test('clock windows are the same for every key: they end at a multiple of their length since the epoch', async () => {
    const limit = { key: 'test-clock:a', windowSeconds: 600, max: 1 };
    await hitRateLimits(ctx.db, [limit]);
    const { rows } = await ctx.db.query<{ on_clock: boolean; retry: number }>(
      `SELECT extract(epoch FROM window_started_at)::bigint % 600 = 0 AS on_clock,
              600 - (extract(epoch FROM now())::bigint % 600) AS retry FROM rate_limit_counters WHERE key = $1`,
      [limit.key],
    );
    assert.equal(rows[0]!.on_clock, true);
    const refused = await hitRateLimits(ctx.db, [limit]);
    assert.ok(Math.abs(refused.retryAfter - rows[0]!.retry) <= 1, `retry after ${refused.retryAfter}, window ends in ${rows[0]!.retry}`);
    await age(limit.key, 600);
    assert.deepEqual(await hitTimes([limit], 2), [true, false], 'the next window starts at 1');
  });

  test('first-hit windows start at the first hit after the last one ended', async () => {
    const limit: RateLimit = { key: 'test-first:a', windowSeconds: 900, max: 2, windowStart: 'first_hit' };
    assert.deepEqual(await hitTimes([limit], 3), [true, true, false]);
    const refused = await hitRateLimits(ctx.db, [limit]);
    assert.ok(refused.retryAfter > 890 && refused.retryAfter <= 900, `the window runs from the first hit: ${refused.retryAfter}`);
    await age(limit.key, 600);
    assert.equal((await hitRateLimits(ctx.db, [limit])).allowed, false, 'ten minutes on, the window still runs');
    await age(limit.key, 300);
    assert.deepEqual(await hitTimes([limit], 3), [true, true, false], 'fifteen minutes on, a new window');
  });

  test('several limits are all or nothing: a request one of them refuses counts against none', async () => {
    const wide = { key: 'test-all:wide', windowSeconds: 600, max: 10 };
    const narrow = { key: 'test-all:narrow', windowSeconds: 600, max: 2 };
    assert.deepEqual(await hitTimes([wide, narrow], 4), [true, true, false, false]);
    assert.equal(await hits(wide.key), 2);
    assert.equal(await hits(narrow.key), 2);
    assert.equal((await hitRateLimits(ctx.db, [wide])).allowed, true, 'the wide limit alone still lets requests through');
    await assert.rejects(hitRateLimits(ctx.db, [wide, wide]), /one key per limit/);
  });

  test('concurrent requests are counted before they are let through: of twelve against a limit of five, five pass', async () => {
    const limits = [{ key: 'test-race:pair', windowSeconds: 600, max: 5 }, { key: 'test-race:address', windowSeconds: 600, max: 50 }];
    const answers = await Promise.all(Array.from({ length: 12 }, () => hitRateLimits(ctx.db, limits)));
    assert.equal(answers.filter((a) => a.allowed).length, 5);
    assert.equal(await hits('test-race:pair'), 5);
    assert.equal(await hits('test-race:address'), 5);
  });

  test('reading the count counts nothing; a hit given back and a key reset', async () => {
    const limit = { key: 'test-read:a', windowSeconds: 600, max: 5 };
    assert.equal((await currentHits(ctx.db, limit)).hits, 0);
    const fresh = await currentHits(ctx.db, { ...limit, windowStart: 'first_hit' });
    assert.equal(fresh.retryAfter, 600, 'a first-hit window not yet started would run its full length');
    await hitTimes([limit], 2);
    const read = await currentHits(ctx.db, limit);
    assert.equal(read.hits, 2);
    assert.ok(read.retryAfter >= 1 && read.retryAfter <= 600);
    assert.equal((await currentHits(ctx.db, limit)).hits, 2);
    await returnHit(ctx.db, limit.key);
    assert.equal(await hits(limit.key), 1);
    await returnHit(ctx.db, limit.key);
    await returnHit(ctx.db, limit.key);
    assert.equal(await hits(limit.key), 0, 'never below zero');
    await hitTimes([limit], 1);
    await resetRateLimit(ctx.db, limit.key);
    assert.equal(await hits(limit.key), null);
    await age('test-basic:a', 3600);
    assert.equal((await currentHits(ctx.db, { key: 'test-basic:a', windowSeconds: 600 })).hits, 0, 'an ended window counts nothing');
  });

  test('a count without a limit, and the keys of one prefix with hits in their window', async () => {
    const counter = { key: 'test-count:alice', windowSeconds: 900, windowStart: 'first_hit' as const };
    assert.equal((await countHit(ctx.db, counter)).hits, 1);
    assert.equal((await countHit(ctx.db, counter)).hits, 2);
    for (const key of ['test-live:alice:1', 'test-live:alice:2', 'test-live:alice:3', 'test-live:alicex:1', 'test-live:bob:1']) {
      await countHit(ctx.db, { key, windowSeconds: 900, windowStart: 'first_hit' });
    }
    await returnHit(ctx.db, 'test-live:alice:3');
    await age('test-live:alice:2', 900);
    assert.equal(await liveKeysWithPrefix(ctx.db, 'test-live:alice:'), 1, 'alice:1 only: alice:2 ended, alice:3 has no hits, alicex is another prefix');
    assert.equal(await liveKeysWithPrefix(ctx.db, 'test-live:%'), 0, 'the prefix is compared exactly, not as a pattern');
  });

  test('sweeping deletes the counters whose window ended, and no other', async () => {
    await countHit(ctx.db, { key: 'test-sweep:old', windowSeconds: 600 });
    await countHit(ctx.db, { key: 'test-sweep:day', windowSeconds: 86_400, windowStart: 'first_hit' });
    await countHit(ctx.db, { key: 'test-sweep:now', windowSeconds: 600 });
    await age('test-sweep:old', 7200);
    await age('test-sweep:day', 7200);
    assert.ok((await sweepRateLimits(ctx.db)) >= 1);
    assert.equal(await hits('test-sweep:old'), null);
    assert.equal(await hits('test-sweep:day'), 1, 'a day-long window two hours old still runs');
    assert.equal(await hits('test-sweep:now'), 1);
  });
});

test('no limits: allowed without asking the database', async () => {
  const unreachable = { transaction: () => Promise.reject(new Error('not called')) } as never;
  assert.deepEqual(await hitRateLimits(unreachable, []), { allowed: true, retryAfter: 0 });
});
