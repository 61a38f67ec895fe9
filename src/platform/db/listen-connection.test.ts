import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import type { Database } from './database.ts';
import { LISTEN_APPLICATION_NAME } from './listen-connection.ts';
import { openPostgres } from './postgres.ts';

/** Resolves with the first payload on a channel that satisfies match. */
function heard(db: Database, channel: string, match: (payload: string) => boolean): { done: Promise<string>; stop: Promise<() => Promise<void>> } {
  let resolve!: (payload: string) => void;
  const done = new Promise<string>((r) => (resolve = r));
  const stop = db.listen(channel, (payload) => {
    if (match(payload)) resolve(payload);
  });
  return { done, stop };
}

forEachEngine('LISTEN connection', (ctx) => {
  const onlyPostgres = ctx.engine === 'pglite' ? 'PGlite notifies in-process: there is no connection to drop' : false;

  test('a dropped listening connection comes back by itself and LISTENs on every channel again, also one asked for during the outage', { skip: onlyPostgres }, async () => {
    const db = openPostgres({ connectionString: ctx.test.url!, max: 1 });
    try {
      const drops: string[] = [];
      let resumed!: () => void;
      const resumedOnce = new Promise<void>((r) => (resumed = r));
      const payloads: Record<string, string[]> = { c_one: [], c_two: [], c_three: [] };
      let duringOutage: Promise<() => Promise<void>> | undefined;
      await db.listen('c_one', (p) => payloads.c_one!.push(p), {
        onDrop: ({ reason }) => {
          drops.push(reason);
          duringOutage = db.listen('c_three', (p) => payloads.c_three!.push(p));
        },
        onResume: () => resumed(),
      });
      await db.listen('c_two', (p) => payloads.c_two!.push(p));

      const killed = await ctx.db.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [LISTEN_APPLICATION_NAME],
      );
      assert.ok(killed.rows[0]!.n >= 1);
      await resumedOnce;
      assert.deepEqual(drops, ['57P01']);
      assert.ok(duringOutage, 'listen() during the outage was called');
      await duringOutage;

      // A marker on a channel nobody else uses proves each LISTEN is in place.
      const last = heard(db, 'c_two', (p) => p === 'after-2');
      await last.stop;
      await ctx.db.notify('c_one', 'after-1');
      await ctx.db.notify('c_three', 'after-3');
      await ctx.db.notify('c_two', 'after-2');
      await last.done;
      // Notifications committed one after the other arrive in that order.
      assert.deepEqual(payloads, { c_one: ['after-1'], c_two: ['after-2'], c_three: ['after-3'] });
    } finally {
      await db.close();
    }
  });

  test('an unlistened channel is quiet and the others still hear', async () => {
    const quiet: string[] = [];
    const unlisten = await ctx.db.listen('c_quiet', (p) => quiet.push(p));
    await unlisten();
    const marker = heard(ctx.db, 'c_loud', (p) => p === 'm');
    await marker.stop;
    await ctx.db.notify('c_quiet', 'x');
    await ctx.db.notify('c_loud', 'm');
    await marker.done;
    assert.deepEqual(quiet, []);
  });
});
