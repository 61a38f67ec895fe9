import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrict, createTaxpayers } from '../../test-support/factories.ts';
import { openRuntime } from './runtime.ts';
import { SAMPLE, ensureDistricts } from '../../test-support/roll-fixtures.ts';
import { createCipher } from './crypto.ts';
import { openDatabase } from './db/open.ts';
import { EncryptionKeyMismatch, checkEncryptionKey, keyFingerprint } from './key-fingerprint.ts';

// Two processes on one database with two encryption keys (issue 13, finding
// 11): the database keeps the fingerprint of the first key, a process with
// another refuses to start and says what to do.

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'taxstation.mjs');

/** The command as a person runs it: exit code and what it printed. */
async function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const options = { env: { ...process.env, TAXSTATION_LOG_LEVEL: 'silent', DATABASE_URL: '', TAXSTATION_ENCRYPTION_KEY: '', ...env } };
  return promisify(execFile)(process.execPath, [BIN, ...args], options).then(
    (done) => ({ code: 0, ...done }),
    (failed: { code: number; stdout: string; stderr: string }) => failed,
  );
}

const keyConfig = (key: Buffer, source: 'environment' | 'data-dir' = 'environment') => ({ encryptionKey: key, encryptionKeySource: source, dataDir: '/srv/taxstation/data' });

function assertSaysWhatToDo(error: unknown): true {
  assert.ok(error instanceof EncryptionKeyMismatch, String(error));
  assert.equal(error.reason, 'encryption_key_mismatch');
  for (const text of [error.messages.en, error.messages.ko, error.message]) {
    assert.match(text, /TAXSTATION_ENCRYPTION_KEY/);
    assert.match(text, /encryption\.key/);
  }
  assert.match(error.messages.en, /set TAXSTATION_ENCRYPTION_KEY to the key (the other processes use|that sealed it) and start again/i);
  assert.match(error.messages.ko, /다시 시작해 주세요/);
  return true;
}

test('the fingerprint is an HMAC of a fixed label under the key: stable, different per key, never the key', () => {
  const key = randomBytes(32);
  assert.equal(keyFingerprint(key), keyFingerprint(Buffer.from(key)));
  assert.match(keyFingerprint(key), /^[0-9a-f]{64}$/);
  assert.notEqual(keyFingerprint(key), keyFingerprint(randomBytes(32)));
  assert.ok(!keyFingerprint(key).includes(key.toString('hex')));
});

forEachEngine('encryption key fingerprint', (ctx) => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  test('first use records the fingerprint, the same key passes, another key is refused with what to do', async () => {
    await ctx.db.query('DELETE FROM encryption_key_fingerprint');
    assert.equal(await checkEncryptionKey(ctx.db, keyConfig(keyA)), 'recorded');
    const { rows } = await ctx.db.query<{ fingerprint: string }>('SELECT fingerprint FROM encryption_key_fingerprint');
    assert.deepEqual(rows, [{ fingerprint: keyFingerprint(keyA) }]);
    assert.equal(await checkEncryptionKey(ctx.db, keyConfig(keyA)), 'matched');
    assert.equal(await checkEncryptionKey(ctx.db, keyConfig(keyA, 'data-dir')), 'matched');
    await assert.rejects(checkEncryptionKey(ctx.db, keyConfig(keyB, 'data-dir')), (e: unknown) => {
      assertSaysWhatToDo(e);
      assert.match((e as EncryptionKeyMismatch).messages.en, /made in \/srv\/taxstation\/data\/encryption\.key because TAXSTATION_ENCRYPTION_KEY is not set/);
      return true;
    });
    assert.deepEqual((await ctx.db.query('SELECT fingerprint FROM encryption_key_fingerprint')).rows, [{ fingerprint: keyFingerprint(keyA) }], 'nothing changed');
  });

  test('a database from before fingerprints takes the key its data was sealed with, not the first one to come', async () => {
    await ctx.db.query('DELETE FROM encryption_key_fingerprint');
    const district = await createDistrict(ctx.db);
    await createTaxpayers(ctx.db, district, [{ mobile: '+821055501111', enrol: ['sms'] }], createCipher(keyA));
    await assert.rejects(checkEncryptionKey(ctx.db, keyConfig(keyB)), (e: unknown) => assertSaysWhatToDo(e) && /cannot open the personal data already in this database/.test((e as EncryptionKeyMismatch).messages.en));
    assert.equal((await ctx.db.query('SELECT 1 FROM encryption_key_fingerprint')).rows.length, 0, 'nothing recorded');
    assert.equal(await checkEncryptionKey(ctx.db, keyConfig(keyA)), 'recorded');
  });
});

forEachEngine('processes with another encryption key', (ctx) => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ts-keys-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('openRuntime refuses a process whose key is not the database\'s; the roll import command exits 2 and says what to do', async () => {
    // PostgreSQL: two data folders, each with the key it made. PGlite: one folder, then a different key in the environment.
    const first = { TAXSTATION_DATA_DIR: join(dir, 'a'), TAXSTATION_LOG_LEVEL: 'silent', ...(ctx.engine === 'postgres' ? { DATABASE_URL: ctx.test.url! } : {}) };
    const second =
      ctx.engine === 'postgres'
        ? { ...first, TAXSTATION_DATA_DIR: join(dir, 'b') }
        : { ...first, TAXSTATION_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    if (ctx.engine === 'postgres') {
      await ctx.db.query('DELETE FROM encryption_key_fingerprint');
      await ensureDistricts(ctx.db);
    } else {
      const db = await openDatabase({ dataDir: first.TAXSTATION_DATA_DIR, DATABASE_URL: undefined });
      await ensureDistricts(db);
      await db.close();
    }
    const rt = await openRuntime('test', first);
    const keyFile = readFileSync(join(first.TAXSTATION_DATA_DIR, 'encryption.key'), 'utf8').trim();
    await rt.close();
    await assert.rejects(openRuntime('test', second), assertSaysWhatToDo);

    writeFileSync(join(dir, 'roll.csv'), SAMPLE);
    const refused = await run(['roll', 'import', join(dir, 'roll.csv'), '--district', 'gangnam'], second);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /set TAXSTATION_ENCRYPTION_KEY to the key the other processes use/);
    assert.match(refused.stderr, /TAXSTATION_ENCRYPTION_KEY를 다른 프로세스가 쓰는 키로 설정하고/);
    assert.ok(!refused.stderr.includes(keyFile), 'the key itself is never printed');
    const { rows } = await (ctx.engine === 'postgres' ? ctx.db : { query: async () => ({ rows: [{ n: 0 }] }) }).query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notices WHERE district_code = 'gangnam'`,
    );
    assert.equal(rows[0]!.n, 0, 'nothing was imported');
    // With the first process's key, the same command works.
    const fixed = await run(['roll', 'import', join(dir, 'roll.csv'), '--district', 'gangnam'], { ...second, TAXSTATION_ENCRYPTION_KEY: keyFile });
    assert.equal(fixed.code, 0, fixed.stderr);
  });
});
