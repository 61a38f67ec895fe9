import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import type { Database } from '../db/database.ts';
import { LISTEN_APPLICATION_NAME } from '../db/listen-connection.ts';
import { openPostgres } from '../db/postgres.ts';
import { createLogger } from '../logger.ts';
import { createRealtimeBus, isResync, RESYNC } from './bus.ts';

/** What a subscriber heard, in order; next() waits for the first unread event that matches. */
class Inbox {
  private readonly events: unknown[] = [];
  private read = 0;
  private wake: (() => void) | undefined;
  readonly handler = (event: unknown) => {
    this.events.push(event);
    this.wake?.();
  };
  async next(match: (event: unknown) => boolean): Promise<unknown> {
    for (;;) {
      while (this.read < this.events.length) {
        const event = this.events[this.read++];
        if (match(event)) return event;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
  all(): unknown[] {
    return [...this.events];
  }
}

const isN = (n: number) => (event: unknown) => (event as { n?: number }).n === n;

/** Kills every listening connection of this test's database (the publisher's too, if it has one). */
async function terminateListeners(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE application_name = $1 AND datname = current_database()`,
    [LISTEN_APPLICATION_NAME],
  );
  return rows[0]!.n;
}

forEachEngine('realtime bus', (ctx) => {
  test('a subscriber hears its topic only, in order, until it unsubscribes', async () => {
    const bus = createRealtimeBus(ctx.db);
    const mine = new Inbox();
    const other = new Inbox();
    const unsubscribe = await bus.subscribe('t:one', mine.handler);
    await bus.subscribe('t:two', other.handler);
    await bus.publish('t:one', { n: 1 });
    await bus.publish('t:two', { n: 2 });
    await bus.publish('t:one', { n: 3 });
    await mine.next(isN(3));
    await other.next(isN(2));
    assert.deepEqual(mine.all(), [{ n: 1 }, { n: 3 }]);
    await unsubscribe();
    await bus.publish('t:one', { n: 4 });
    await bus.publish('t:two', { n: 5 });
    await other.next(isN(5));
    assert.deepEqual(mine.all(), [{ n: 1 }, { n: 3 }]);
  });

  test('an event too large for NOTIFY is refused before it is sent', async () => {
    const bus = createRealtimeBus(ctx.db);
    await assert.rejects(bus.publish('t:big', { body: 'x'.repeat(8000) }), /too large/);
  });

  const onlyPostgres = ctx.engine === 'pglite' ? 'PGlite notifies in-process: there is no connection to drop' : false;

  test('after its listening connection is killed, the bus reconnects, tells every subscriber to resync, then hears events again', { skip: onlyPostgres }, async () => {
    const logLines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    // The subscribing "process" has its own pool and listener; the publisher is another.
    const subscriberDb = openPostgres({ connectionString: ctx.test.url!, max: 2 });
    try {
      const subscriber = createRealtimeBus(subscriberDb, { log });
      const publisher = createRealtimeBus(ctx.db);
      const conversation = new Inbox();
      const district = new Inbox();
      await subscriber.subscribe('desk:c:1', conversation.handler);
      await subscriber.subscribe('desk:d:seocho', district.handler);
      await publisher.publish('desk:c:1', { n: 1, phone: '010-1234-5678' });
      await conversation.next(isN(1));

      assert.ok((await terminateListeners(ctx.db)) >= 1);
      await conversation.next(isResync);
      await district.next(isResync);

      await publisher.publish('desk:c:1', { n: 2 });
      await publisher.publish('desk:d:seocho', { n: 3 });
      await conversation.next(isN(2));
      await district.next(isN(3));
      assert.deepEqual(conversation.all().filter(isResync), [RESYNC], 'one resync per outage');

      const messages = logLines.map((line) => JSON.parse(line) as { msg: string; reason?: string; attempts?: number });
      const dropped = messages.find((m) => m.msg.includes('lost its connection'));
      const recovered = messages.find((m) => m.msg.includes('reconnected'));
      assert.equal(dropped?.reason, '57P01', 'the reason is the SQLSTATE of pg_terminate_backend, not a server text');
      assert.ok(recovered && recovered.attempts! >= 1);
      assert.ok(!logLines.join('\n').includes('1234'), 'no event contents in the log');
    } finally {
      await subscriberDb.close();
    }
  });

  test('a listener killed again and again comes back every time', { skip: onlyPostgres }, async () => {
    const subscriberDb = openPostgres({ connectionString: ctx.test.url!, max: 2 });
    try {
      const subscriber = createRealtimeBus(subscriberDb);
      const publisher = createRealtimeBus(ctx.db);
      const inbox = new Inbox();
      await subscriber.subscribe('t:again', inbox.handler);
      for (let round = 1; round <= 3; round++) {
        assert.ok((await terminateListeners(ctx.db)) >= 1);
        await inbox.next(isResync);
        await publisher.publish('t:again', { n: round });
        await inbox.next(isN(round));
      }
    } finally {
      await subscriberDb.close();
    }
  });
});
