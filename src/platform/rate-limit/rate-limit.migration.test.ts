import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';
import type { Database } from '../db/database.ts';
import { hitRateLimits } from './window-counters.ts';
import { claimLoginAttempt, LoginThrottledError, MAX_ATTEMPTS_PER_PAIR, recordUsernameFailure } from '../auth/login-throttle.ts';

// Migration 0017 merges login_attempts and request_counters into
// rate_limit_counters: the windows still running carry over (an upgrade
// gives nobody a fresh budget), under the keys the code now uses. A fresh
// database, migrated to 0016, filled the old way, then migrated on.

let db: Database;
before(async () => {
  db = await openPglite();
});
after(async () => {
  await db?.close();
});

test('running windows of the old counters carry over to rate_limit_counters under the keys the code uses', async () => {
  const all = await loadMigrations();
  await migrate(db, all.filter((m) => m.version < 17));
  const address = '203.0.113.50';
  const addressHash = createHash('sha256').update(address).digest('hex').slice(0, 32);
  await db.query(
    `INSERT INTO login_attempts (scope, username, address_hash, window_started_at, attempts) VALUES
       ('pair', 'gangnam.admin', $1, now() - interval '1 minute', $2),
       ('address', '', $1, now() - interval '1 minute', 7),
       ('username', 'gangnam.admin', '', now() - interval '1 minute', 9),
       ('pair', 'gangnam.admin', 'ffffffffffffffffffffffffffffffff', now() - interval '20 minutes', 5)`,
    [addressHash, MAX_ATTEMPTS_PER_PAIR],
  );
  await db.query(
    `INSERT INTO request_counters (key, window_start, hits) VALUES
       ('ss-addr:203.0.113.50', to_timestamp(floor(extract(epoch FROM now()) / 600) * 600), 4),
       ('ss-addr:203.0.113.50', to_timestamp(floor(extract(epoch FROM now()) / 600) * 600) - interval '10 minutes', 99),
       ('pay-addr:203.0.113.51', now() - interval '2 days', 120)`,
  );
  await db.query(`INSERT INTO desk_rate_usage (limiter, address, process_id, window_start, used) VALUES ('frames', '203.0.113.50', 'p1', now(), 3)`);

  await migrate(db, all);

  await assert.rejects(claimLoginAttempt(db, 'gangnam.admin', address), LoginThrottledError, 'the spent pair stays spent');
  assert.deepEqual(await recordUsernameFailure(db, 'gangnam.admin'), { failures: 10, addresses: 1 }, 'the username count goes on; the ended pair is gone');
  const { rows } = await db.query<{ key: string; hits: number }>(`SELECT key, hits FROM rate_limit_counters WHERE key LIKE 'ss-%' OR key LIKE 'pay-%' OR key LIKE 'login-address:%' ORDER BY key`);
  assert.deepEqual(rows, [{ key: `login-address:${addressHash}`, hits: 7 }, { key: 'ss-addr:203.0.113.50', hits: 4 }], 'the current window only');
  assert.equal((await hitRateLimits(db, [{ key: 'ss-addr:203.0.113.50', windowSeconds: 600, max: 5 }])).allowed, true);
  assert.equal((await hitRateLimits(db, [{ key: 'ss-addr:203.0.113.50', windowSeconds: 600, max: 5 }])).allowed, false, 'counting goes on from 4');
  const usage = await db.query<{ limiter: string }>('SELECT limiter FROM rate_limit_usage');
  assert.deepEqual(usage.rows, [{ limiter: 'desk-frames' }]);
});
