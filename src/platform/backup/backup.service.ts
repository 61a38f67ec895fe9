import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Database, Engine, Queryable } from '../db/database.ts';
import { appliedMigrationCount, loadMigrations, migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import { checkEncryptionKey, keyFingerprint } from '../key-fingerprint.ts';
import { checkRestorable, encodeHeader, HEADER_BYTES, verifyBackupFile, type BackupHeader } from './backup-file.ts';
import { backupMessages } from './backup.messages.ts';
import { collectStderr, finished, findPostgresTool, libpqConnection, spawn } from './postgres-tools.ts';

// Backups of the whole database, on either engine, into one file with a
// header (backup-file.ts). PostgreSQL: pg_dump's custom format, restored
// with pg_restore into one transaction that first empties the schema, so a
// failed restore leaves the database as it was. PGlite: the data folder's
// own dump, restored into a new folder that replaces the old one only once
// it opens.

export type BackupConfig = Pick<Config, 'DATABASE_URL' | 'dataDir' | 'encryptionKey' | 'encryptionKeySource'>;

/** What the command shows while it works: a stage, then a count (bytes or tables). */
export interface BackupProgress {
  stage(label: string, total?: number): void;
  update(done: number): void;
}

const silent: BackupProgress = { stage: () => {}, update: () => {} };

export const engineOf = (config: Pick<Config, 'DATABASE_URL'>): Engine => (config.DATABASE_URL ? 'postgres' : 'pglite');
const pgliteDir = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'pglite');

async function hasTable(q: Queryable, name: string): Promise<boolean> {
  const { rows } = await q.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [`public.${name}`]);
  return rows[0]!.found;
}

/** What the header says about the database: migrations applied and the key fingerprint recorded. */
async function describe(q: Queryable, where: string): Promise<{ migrations: number; keyFingerprint: string | null }> {
  if (!(await hasTable(q, 'schema_migrations'))) {
    throw new AppError('backup_nothing_to_back_up', 422, backupMessages.both('nothing_to_back_up', { where }));
  }
  const migrations = await appliedMigrationCount(q);
  let fingerprint: string | null = null;
  if (await hasTable(q, 'encryption_key_fingerprint')) {
    const { rows } = await q.query<{ fingerprint: string }>('SELECT fingerprint FROM encryption_key_fingerprint');
    fingerprint = rows[0]?.fingerprint ?? null;
  }
  return { migrations, keyFingerprint: fingerprint };
}

/** Districts in the database (0 when it was never migrated): data a restore would replace. */
async function districtCount(q: Queryable): Promise<number> {
  if (!(await hasTable(q, 'districts'))) return 0;
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM districts');
  return rows[0]!.n;
}

/** Streams bytes through a SHA-256 and a counter. */
function hashing(onBytes: (total: number) => void) {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex'), bytes: () => bytes };
}

/** Writes `out` atomically: into a partial file, the header in place last, then renamed. */
async function writeBackup(out: string, fill: (file: NodeJS.WritableStream) => Promise<Omit<BackupHeader, 'payloadBytes' | 'payloadSha256' | 'format' | 'createdAt'>>, progress: BackupProgress): Promise<BackupHeader> {
  const partial = `${out}.partial-${process.pid}`;
  try {
    const file = createWriteStream(partial, { flags: 'wx' });
    file.write(Buffer.alloc(HEADER_BYTES, 0x20));
    const counter = hashing((n) => progress.update(n));
    counter.stream.pipe(file);
    const described = await fill(counter.stream);
    counter.stream.end();
    await new Promise<void>((resolve, reject) => {
      file.on('close', resolve);
      file.on('error', reject);
    });
    const header: BackupHeader = {
      format: 1,
      ...described,
      createdAt: new Date().toISOString(),
      payloadBytes: counter.bytes(),
      payloadSha256: counter.digest(),
    };
    const handle = await open(partial, 'r+');
    try {
      await handle.write(encodeHeader(header), 0, HEADER_BYTES, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    renameSync(partial, out);
    return header;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

export async function backupDatabase(config: BackupConfig, out: string, progress: BackupProgress = silent): Promise<BackupHeader> {
  return engineOf(config) === 'postgres' ? backupPostgres(config.DATABASE_URL!, out, progress) : backupPglite(config, out, progress);
}

async function backupPostgres(url: string, out: string, progress: BackupProgress): Promise<BackupHeader> {
  const db = openPostgres({ connectionString: url, applicationName: 'taxstation-backup', max: 1 });
  let facts: { migrations: number; keyFingerprint: string | null; serverVersion: string; major: number; tables: number };
  try {
    const described = await describe(db, 'DATABASE_URL');
    const { rows } = await db.query<{ version: string; num: number; tables: number }>(
      `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num,
              (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public') AS tables`,
    );
    facts = { ...described, serverVersion: rows[0]!.version.split(' ')[0]!, major: Math.floor(rows[0]!.num / 10000), tables: rows[0]!.tables };
  } finally {
    await db.close();
  }
  const pgDump = findPostgresTool('pg_dump', facts.major);
  const { dbname, env } = libpqConnection(url, 'taxstation-backup');
  progress.stage('dumping tables', facts.tables);
  let tables = 0;
  return writeBackup(
    out,
    async (file) => {
      const child = spawn(pgDump, ['--format=custom', '--verbose', `--dbname=${dbname}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const tail = collectStderr(child, (line) => {
        if (/dumping contents of table/.test(line)) progress.update(++tables);
      });
      child.stdout!.pipe(file as NodeJS.WritableStream, { end: false });
      await Promise.all([finished(child, 'pg_dump', tail), new Promise((resolve) => child.stdout!.on('end', resolve))]);
      return { engine: 'postgres', payload: 'pg_dump-custom', migrations: facts.migrations, keyFingerprint: facts.keyFingerprint, serverVersion: facts.serverVersion };
    },
    silent,
  );
}

async function backupPglite(config: BackupConfig, out: string, progress: BackupProgress): Promise<BackupHeader> {
  const dir = pgliteDir(config);
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new AppError('backup_nothing_to_back_up', 422, backupMessages.both('nothing_to_back_up', { where: dir }));
  progress.stage('dumping the PGlite data folder');
  const db = await openPglite({ dataDir: dir });
  let described: { migrations: number; keyFingerprint: string | null };
  let tar: Buffer;
  try {
    described = await describe(db, dir);
    tar = Buffer.from(await (await db.dump()).arrayBuffer());
  } finally {
    await db.close();
  }
  progress.stage('compressing and writing', tar.length);
  const payload = gzipSync(tar);
  return writeBackup(
    out,
    async (file) => {
      file.write(payload);
      return { engine: 'pglite', payload: 'pglite-datadir-tar-gzip', ...described };
    },
    progress,
  );
}

export interface RestoreReport {
  header: BackupHeader;
  /** Migrations applied after the restore (the backup came from an older version). */
  migrated: number[];
  /** PGlite: where the data folder that was replaced was kept. */
  replacedFolder?: string;
}

export async function restoreDatabase(config: BackupConfig, file: string, options: { force: boolean }, progress: BackupProgress = silent): Promise<RestoreReport> {
  progress.stage('checking the backup file');
  const header = await verifyBackupFile(file, (done) => progress.update(done));
  const known = (await loadMigrations()).length;
  checkRestorable(header, file, { engine: engineOf(config), knownMigrations: known, keyFingerprint: keyFingerprint(config.encryptionKey) });
  let replacedFolder: string | undefined;
  if (engineOf(config) === 'postgres') await restorePostgres(config.DATABASE_URL!, file, header, options, progress);
  else replacedFolder = await restorePglite(config, file, header, options, progress);
  progress.stage('applying newer migrations');
  const db: Database = await openDatabase(config, 'taxstation-restore', { migrate: false });
  try {
    const migrated = await migrate(db);
    await checkEncryptionKey(db, config);
    return { header, migrated, replacedFolder };
  } finally {
    await db.close();
  }
}

function refuseIfData(districts: number, force: boolean): void {
  if (districts > 0 && !force) throw new AppError('backup_database_has_data', 409, backupMessages.both('database_has_data', { districts }));
}

async function restorePostgres(url: string, file: string, header: BackupHeader, options: { force: boolean }, progress: BackupProgress): Promise<void> {
  const db = openPostgres({ connectionString: url, applicationName: 'taxstation-restore', max: 1 });
  let major: number;
  try {
    refuseIfData(await districtCount(db), options.force);
    const { rows } = await db.query<{ num: number }>(`SELECT current_setting('server_version_num')::int AS num`);
    major = Math.floor(rows[0]!.num / 10000);
  } finally {
    await db.close();
  }
  const pgRestore = findPostgresTool('pg_restore', major);
  const psql = findPostgresTool('psql', major);
  const { dbname, env } = libpqConnection(url, 'taxstation-restore');

  // pg_restore turns the dump into SQL; psql runs it inside one transaction
  // that first empties the schema. COMMIT is sent only once pg_restore has
  // finished well: on any failure psql's input ends inside the transaction
  // and the server rolls all of it back.
  progress.stage('restoring tables');
  const restorer = spawn(pgRestore, ['--no-owner', '--no-acl', '--verbose', '--file=-'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const runner = spawn(psql, ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', `--dbname=${dbname}`, '--file=-'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  let restored = 0;
  const restorerTail = collectStderr(restorer, (line) => {
    if (/processing data for table/.test(line)) progress.update(++restored);
  });
  const runnerTail = collectStderr(runner);
  const runnerDone = finished(runner, 'psql', runnerTail);
  runner.stdin!.on('error', () => {}); // psql stopped on an error: its own exit says why
  runner.stdin!.write("SET lock_timeout = '15s';\nBEGIN;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n");
  restorer.stdout!.pipe(runner.stdin!, { end: false });
  const input = pipeline(createReadStream(file, { start: HEADER_BYTES, highWaterMark: 1 << 20 }), restorer.stdin!);
  try {
    await Promise.all([input, finished(restorer, 'pg_restore', restorerTail), new Promise((resolve) => restorer.stdout!.on('end', resolve))]);
    runner.stdin!.end('COMMIT;\n');
    await runnerDone;
  } catch (error) {
    runner.stdin!.end();
    await runnerDone.catch(() => {});
    const detail = error instanceof AppError ? error.messages.en : error instanceof Error ? error.message : String(error);
    throw new AppError('backup_restore_failed', 500, backupMessages.both('restore_failed', { detail }), [], { cause: error });
  }
}

async function restorePglite(config: BackupConfig, file: string, header: BackupHeader, options: { force: boolean }, progress: BackupProgress): Promise<string | undefined> {
  const dir = pgliteDir(config);
  if (existsSync(join(dir, 'PG_VERSION'))) {
    const current = await openPglite({ dataDir: dir });
    try {
      refuseIfData(await districtCount(current), options.force);
    } finally {
      await current.close();
    }
  }
  progress.stage('unpacking the PGlite data folder');
  const tar = gunzipSync(readFileSync(file).subarray(HEADER_BYTES));
  const fresh = `${dir}.restoring-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  try {
    const db = await openPglite({ dataDir: fresh, loadDataDir: new Blob([tar]) });
    try {
      const migrations = await appliedMigrationCount(db);
      if (migrations !== header.migrations) throw new Error(`the restored folder has ${migrations} migrations, the header says ${header.migrations}`);
    } finally {
      await db.close();
    }
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('backup_restore_failed', 500, backupMessages.both('restore_failed', { detail }), [], { cause: error });
  }
  // The replaced folder is kept beside the new one: a restore is rare, and
  // one made by mistake must not cost the data it replaced.
  let replaced: string | undefined;
  if (existsSync(dir)) {
    replaced = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, replaced);
  }
  renameSync(fresh, dir);
  return replaced;
}
