import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPrivatePostgres, privatePostgresUnavailable, terminateBackends, type PrivatePostgres } from '../../../test-support/private-postgres.ts';
import { openPostgres, type PostgresDatabase } from './postgres.ts';

// The server ends our connections (pg_terminate_backend, a restart): every
// pooled connection, idle or inside a transaction, and the LISTEN connection
// must take it as an error of the statement at hand, never as an unhandled
// 'error' event that ends the process. A private cluster: the shared server
// is not ours to restart.

async function eventually<T>(fn: () => Promise<T>, tries = 200): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('PostgreSQL connections ended by the server', { skip: privatePostgresUnavailable() }, () => {
  let cluster: PrivatePostgres;
  let db: PostgresDatabase;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  before(async () => {
    cluster = await startPrivatePostgres();
    db = openPostgres({ connectionString: cluster.url, applicationName: 'faults-under-test' });
    process.on('uncaughtException', onUncaught);
  });
  after(async () => {
    process.off('uncaughtException', onUncaught);
    await db?.close().catch(() => {});
    await cluster?.stop();
  });

  test('a transaction whose connection is terminated fails, and the next one works', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.query('SELECT 1');
      entered();
      await hold;
      await t.query('SELECT 2');
    });
    await inside;
    assert.equal(await terminateBackends(cluster.url, `application_name = 'faults-under-test' AND state = 'idle in transaction'`), 1);
    // The 'error' event arrives while the transaction waits between statements.
    await new Promise((r) => setTimeout(r, 200));
    release();
    await assert.rejects(tx);
    assert.deepEqual(uncaught, [], 'no unhandled error event');
    const { rows } = await db.query<{ n: number }>('SELECT 3 AS n');
    assert.equal(rows[0]!.n, 3);
  });

  test('idle pooled connections and the LISTEN connection terminated: queries and notifications go on', async () => {
    const heard: string[] = [];
    let resumed!: () => void;
    const resumedOnce = new Promise<void>((r) => (resumed = r));
    await db.listen('faults', (p) => heard.push(p), { onResume: () => resumed() });
    await Promise.all([db.query('SELECT pg_sleep(0.05)'), db.query('SELECT pg_sleep(0.05)'), db.query('SELECT pg_sleep(0.05)')]);
    assert.ok((await terminateBackends(cluster.url, `application_name IN ('faults-under-test', 'taxstation-listen')`)) >= 2);
    await new Promise((r) => setTimeout(r, 200));
    await eventually(() => db.query('SELECT 1'));
    await resumedOnce;
    await db.notify('faults', 'after');
    await eventually(async () => assert.deepEqual(heard, ['after']));
    assert.deepEqual(uncaught, [], 'no unhandled error event');
  });

  test('a server restart during a transaction and while idle: the pool recovers', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    let restarted!: () => void;
    const afterRestart = new Promise<void>((r) => (restarted = r));
    // The transaction's next statement waits for the restart itself, not for a
    // time: on a loaded machine a stop can take longer than any fixed pause.
    const tx = db.transaction(async (t) => {
      await t.query('SELECT 1');
      entered();
      await afterRestart;
      await t.query('SELECT 2');
    });
    await inside;
    await cluster.restart();
    restarted();
    await assert.rejects(tx);
    const { rows } = await eventually(() => db.query<{ n: number }>('SELECT 4 AS n'));
    assert.equal(rows[0]!.n, 4);
    await eventually(() => db.transaction((t) => t.query('SELECT 5')));
    assert.deepEqual(uncaught, [], 'no unhandled error event');
  });
});
