import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../../test-support/cli.ts';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { loadConfig } from '../config.ts';
import { checkEncryptionKey } from '../key-fingerprint.ts';
import { AppError } from '../errors.ts';
import { decodeHeader, encodeHeader, HEADER_BYTES } from './backup-file.ts';
import { restoreDatabase } from './backup.service.ts';

// The round trip through the command line on each engine: back up, change
// the database, refuse to restore over it without --force, restore with it,
// and the data is back with its sealed fields opening under the same key.

// The key testCipher seals with (factories.ts: 32 bytes of 7).
const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

const run = (args: string[], env: Record<string, string>) => runCli(args, { TAXSTATION_ENCRYPTION_KEY: KEY, ...env });

forEachEngine('taxstation backup and restore', (ctx) => {
  let dir = '';
  let env: Record<string, string> = {};
  let district = '';
  let taxpayerId = 0;
  const path = (name: string) => join(dir, name);

  /** The database the commands use: the file's own on PostgreSQL, the data folder's PGlite (opened only between commands). */
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (ctx.engine === 'postgres') return fn(ctx.db);
    const db = await openDatabase({ dataDir: env.TAXSTATION_DATA_DIR!, DATABASE_URL: undefined });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  const snapshot = () =>
    withDb(async (db) => {
      const districts = (await db.query<{ code: string }>('SELECT code FROM districts ORDER BY code')).rows.map((r) => r.code);
      const { rows } = await db.query<{ name: string; mobile_enc: Buffer }>('SELECT name, mobile_enc FROM taxpayers WHERE id = $1', [taxpayerId]);
      return { districts, name: rows[0]?.name, mobile: rows[0] ? testCipher.decrypt(rows[0].mobile_enc) : undefined };
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backup-cli-'));
    env = { TAXSTATION_DATA_DIR: path('data'), ...(ctx.engine === 'postgres' ? { DATABASE_URL: ctx.test.url! } : {}) };
    await withDb(async (db) => {
      await checkEncryptionKey(db, loadConfig({ TAXSTATION_DATA_DIR: path('data'), TAXSTATION_ENCRYPTION_KEY: KEY }));
      district = await createDistrict(db);
      taxpayerId = (await createTaxpayers(db, district, [{ mobile: '+821012345678', email: 'kim@example.kr' }]))[0]!;
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('backs up, refuses to restore over data without --force, restores with it; sealed fields open', async () => {
    const before = await snapshot();
    assert.deepEqual([before.name, before.mobile], ['납세자0', '+821012345678']);

    const made = await run(['backup', '--out', path('one.backup'), '--json'], env);
    assert.equal(made.code, 0, made.stderr);
    const header = JSON.parse(made.stdout);
    assert.equal(header.engine, ctx.engine);
    assert.ok(header.migrations > 0);
    assert.ok(!readFileSync(path('one.backup')).includes(Buffer.from(KEY)), 'the key is not in the backup');

    await withDb(async (db) => {
      await db.query('UPDATE taxpayers SET name = $1 WHERE id = $2', ['바뀐 이름', taxpayerId]);
      await createDistrict(db);
    });

    const refused = await run(['restore', path('one.backup')], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already holds data .*--force.*Nothing was changed/);
    assert.equal((await snapshot()).name, '바뀐 이름');

    const restored = await run(['restore', path('one.backup'), '--force'], env);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /restored .*one\.backup/);
    assert.deepEqual(await snapshot(), before);
  });

  test('a truncated, foreign, newer or damaged file, or another key, is refused and nothing changes', async () => {
    const whole = readFileSync(path('one.backup'));
    const header = decodeHeader(whole.subarray(0, HEADER_BYTES), 'one.backup');
    const config = (key = KEY) => loadConfig({ ...env, TAXSTATION_ENCRYPTION_KEY: key });
    const variants: [string, Buffer, RegExp, string?][] = [
      ['truncated', whole.subarray(0, whole.length - 100), /truncated: its contents should be \d+ bytes and are \d+/],
      ['format', Buffer.concat([encodeHeader({ ...header, format: 2 }), whole.subarray(HEADER_BYTES)]), /backup format 2; this Tax Station reads format 1/],
      ['newer', Buffer.concat([encodeHeader({ ...header, migrations: 9999 }), whole.subarray(HEADER_BYTES)]), /made by a newer Tax Station \(9999 migrations/],
      ['damaged', Buffer.concat([whole.subarray(0, whole.length - 1), Buffer.from([whole[whole.length - 1]! ^ 1])]), /do not match the checksum/],
      ['other', Buffer.from('name,amount\n홍길동,1000\n'), /is not a Tax Station backup/],
      ['key', whole, /sealed with another encryption key .*the key is never in a backup/, OTHER_KEY],
    ];
    await withDb((db) => db.query('UPDATE taxpayers SET name = $1 WHERE id = $2', ['그대로', taxpayerId]));
    for (const [name, bytes, message, key] of variants) {
      writeFileSync(path(`${name}.backup`), bytes);
      await assert.rejects(restoreDatabase(config(key), path(`${name}.backup`), { force: true }), (error: AppError) => {
        assert.match(error.messages.en, message, name);
        assert.match(error.messages.en, /Nothing was changed/, name);
        assert.ok(error.messages.ko.length > 0);
        return true;
      });
    }
    assert.equal((await snapshot()).name, '그대로');
  });

  test('wrong usage exits 2 (an output file that exists, an input file that does not, no --out); --help says the exit codes', async () => {
    for (const args of [['backup', '--out', path('one.backup')], ['restore', path('missing.backup')], ['backup']]) {
      const res = await run(args, env);
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
    }
    assert.ok(!existsSync(path('missing.backup')));
    const help = await run(['restore', '--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit codes: 0 restored, 1 refused or failed, 2 wrong usage/);
    assert.match(help.stdout, /TAXSTATION_ENCRYPTION_KEY/);
  });
});
