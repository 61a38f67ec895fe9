import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPglite } from './pglite.ts';
import type { PgliteThreadDatabase } from './pglite-thread.ts';

describe('PGlite on its own thread', () => {
  let db: PgliteThreadDatabase;
  before(async () => {
    db = (await openPglite()) as PgliteThreadDatabase;
    await db.exec('CREATE TABLE probe (id integer PRIMARY KEY, note text NOT NULL)');
  });
  after(() => db.close());

  test('this thread keeps running while a statement runs there', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      // about a second of CPU inside the engine
      await db.query('SELECT count(*) FROM generate_series(1, 3000000) g WHERE md5(g::text) LIKE $1', ['0%']);
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 10, `the timer ticked ${ticks} times during the statement`);
  });

  test('a database error keeps its SQLSTATE and constraint', async () => {
    await db.query('INSERT INTO probe VALUES (1, $1)', ['one']);
    await assert.rejects(db.query('INSERT INTO probe VALUES (1, $1)', ['again']), (error: Error & { code?: string; constraint?: string }) => {
      assert.equal(error.code, '23505');
      assert.equal(error.constraint, 'probe_pkey');
      assert.match(error.message, /duplicate key/);
      return true;
    });
  });

  test('a transaction commits whole, or rolls back whole when its function throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO probe VALUES (2, $1)', ['two']);
      await tx.copyRows('probe', ['id', 'note'], [[3, 'three\twith a tab']]);
    });
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO probe VALUES (4, $1)', ['four']);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    const { rows } = await db.query<{ id: number; note: string }>('SELECT id, note FROM probe ORDER BY id');
    assert.deepEqual(rows, [{ id: 1, note: 'one' }, { id: 2, note: 'two' }, { id: 3, note: 'three\twith a tab' }]);
  });

  test('statements from outside wait for an open transaction instead of joining it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const inside = db.transaction(async (tx) => {
      await tx.query('INSERT INTO probe VALUES (5, $1)', ['five']);
      await held;
      throw new Error('roll back');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM probe WHERE id = 5');
    release();
    await assert.rejects(inside, /roll back/);
    assert.equal((await outside).rows[0]!.n, 0);
  });

  test('bytea, dates, JSON and bigint values cross the thread unchanged', async () => {
    const { rows } = await db.query<{ b: Uint8Array; t: Date; j: unknown; n: number; d: string }>(
      "SELECT $1::bytea AS b, $2::timestamptz AS t, $3::jsonb AS j, 9007199254740991::bigint AS n, '2026-12-04'::date AS d",
      [Buffer.from([0, 1, 254, 255]), new Date('2026-12-04T05:06:07.089Z'), JSON.stringify({ a: [1, '둘'] })],
    );
    assert.deepEqual(Buffer.from(rows[0]!.b), Buffer.from([0, 1, 254, 255]));
    assert.equal(rows[0]!.t.toISOString(), '2026-12-04T05:06:07.089Z');
    assert.deepEqual(rows[0]!.j, { a: [1, '둘'] });
    assert.equal(rows[0]!.n, 9007199254740991);
    assert.equal(rows[0]!.d, '2026-12-04');
  });

  test('notifications reach every listener of a channel until it stops listening', async () => {
    const heard: string[] = [];
    const stopA = await db.listen('probe_channel', (p) => heard.push(`a:${p}`));
    const stopB = await db.listen('probe_channel', (p) => heard.push(`b:${p}`));
    await db.notify('probe_channel', 'first');
    await stopA();
    await db.notify('probe_channel', 'second');
    await stopB();
    await db.notify('probe_channel', 'third');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(heard, ['a:first', 'b:first', 'b:second']);
  });

  test('a dump opens again as a database with the same rows', async () => {
    const copy = await openPglite({ loadDataDir: await db.dump() });
    try {
      const { rows } = await copy.query<{ n: number }>('SELECT count(*)::int AS n FROM probe');
      assert.equal(rows[0]!.n, 3);
    } finally {
      await copy.close();
    }
  });
});

test('an open, idle database does not keep a command from exiting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-pglite-thread-'));
  try {
    const script = `
      const { openPglite } = await import(${JSON.stringify(new URL('./pglite.ts', import.meta.url).href)});
      const db = await openPglite({ dataDir: ${JSON.stringify(join(dir, 'db'))} });
      const { rows } = await db.query('SELECT 41 + 1 AS n');
      console.log(rows[0].n);`;
    const file = join(dir, 'command.mjs');
    writeFileSync(file, script);
    const child = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), '42');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
