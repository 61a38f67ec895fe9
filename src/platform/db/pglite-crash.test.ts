import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPglite } from './pglite.ts';

// The embedded database of a process killed with SIGKILL in the middle of
// its writes (a power cut, the OOM killer): opened again, it reads, every
// transaction the process saw committed is there, and none is half there.

const ROUNDS = 2;

test('PGlite survives a process killed mid-write, again and again: committed transactions kept, none torn', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-pglite-crash-'));
  const dataDir = join(dir, 'db');
  const script = join(dir, 'writer.mjs');
  // Each transaction writes two rows of one group; a committed group is printed.
  writeFileSync(
    script,
    `const { openPglite } = await import(${JSON.stringify(new URL('./pglite.ts', import.meta.url).href)});
     const db = await openPglite({ dataDir: ${JSON.stringify(dataDir)} });
     await db.exec('CREATE TABLE IF NOT EXISTS crash_rows (grp int NOT NULL, side int NOT NULL, pad text NOT NULL, PRIMARY KEY (grp, side))');
     let next = (await db.query('SELECT coalesce(max(grp), 0) + 1 AS n FROM crash_rows')).rows[0].n;
     for (;;) {
       await db.transaction(async (tx) => {
         await tx.query("INSERT INTO crash_rows VALUES ($1, 1, repeat('x', 2000))", [next]);
         await tx.query("INSERT INTO crash_rows VALUES ($1, 2, repeat('y', 2000))", [next]);
       });
       process.stdout.write(next + '\\n');
       next++;
     }`,
  );
  try {
    let acknowledged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Killed once it has committed some more groups, while it writes the next.
      const target = acknowledged + 15;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const lines = out.trim().split('\n');
          const last = Number(lines[lines.length - 1]);
          if (last > acknowledged) acknowledged = last;
          if (acknowledged >= target) resolve();
        });
        child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before it was killed: ${stderr}`)));
      });
      child.kill('SIGKILL');
      await exited;

      const db = await openPglite({ dataDir });
      try {
        const { rows } = await db.query<{ groups: number; rows: number; max: number; torn: number }>(
          `SELECT count(DISTINCT grp)::int AS groups, count(*)::int AS rows, coalesce(max(grp), 0)::int AS max,
                  (SELECT count(*) FROM (SELECT grp FROM crash_rows GROUP BY grp HAVING count(*) <> 2) t)::int AS torn
             FROM crash_rows`,
        );
        const r = rows[0]!;
        assert.equal(r.torn, 0, 'no transaction half written');
        assert.ok(r.max >= acknowledged, `every acknowledged commit kept (saw ${acknowledged}, found up to ${r.max})`);
        assert.equal(r.groups, r.max, 'no gap: groups 1..max');
        assert.equal(r.rows, 2 * r.groups);
        acknowledged = r.max;
      } finally {
        await db.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
