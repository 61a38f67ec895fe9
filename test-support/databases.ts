import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Database, Engine } from '../src/platform/db/database.ts';
import { loadMigrations, migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { HOLIDAY_YEARS } from '../src/platform/time/public-holidays.repository.ts';
import { publicHolidays } from '../src/platform/time/seoul.ts';

// Every integration test file gets a database of its own on each engine, so
// files run in parallel and never share state: PGlite starts from a migrated
// dump cached on disk, PostgreSQL clones a migrated template database.

export const TEST_POSTGRES_URL = process.env.TAXSTATION_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CACHE_DIR = join(import.meta.dirname, '..', '.test-cache');

let migrationsKey: Promise<string> | undefined;
/**
 * What a migrated database holds depends on: the migrations, and the public
 * holidays the application writes after them (the holiday library and
 * election-days.ts), so a change to either builds the cache again.
 */
function migrationsHash(): Promise<string> {
  migrationsKey ??= loadMigrations().then((all) => {
    const hash = createHash('sha256').update(all.map((m) => m.checksum).join(','));
    for (let year = HOLIDAY_YEARS.from; year <= HOLIDAY_YEARS.to; year++) hash.update([...publicHolidays(year)].join(';'));
    return hash.digest('hex').slice(0, 12);
  });
  return migrationsKey;
}

/**
 * Whether the PostgreSQL server answers. On a loaded machine a connection
 * can take seconds, so it is tried several times before the answer is no
 * (for up to `patienceMs`).
 */
export async function postgresReachable(url = TEST_POSTGRES_URL, patienceMs = 5000): Promise<boolean> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function createPostgresDatabase(): Promise<{ db: Database; url: string; drop: () => Promise<void> }> {
  const key = await migrationsHash();
  const template = `ts_template_${key}`;
  const name = `ts_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    // One file at a time builds the template and clones it.
    await admin.query('SELECT pg_advisory_lock(7460002)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template}`);
      const tdb = openPostgres({ connectionString: withDatabase(TEST_POSTGRES_URL, template), max: 1 });
      try {
        await migrate(tdb);
      } finally {
        await tdb.close();
      }
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(7460002)').catch(() => {});
    await admin.end();
  }
  const url = withDatabase(TEST_POSTGRES_URL, name);
  const db = openPostgres({ connectionString: url, max: 8 });
  return {
    db,
    url,
    drop: async () => {
      await db.close().catch(() => {});
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await client.end();
    },
  };
}

async function createPgliteDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const key = await migrationsHash();
  const dumpFile = join(CACHE_DIR, `pglite-${key}.tar`);
  if (existsSync(dumpFile)) {
    const db = await openPglite({ loadDataDir: new Blob([readFileSync(dumpFile)]) });
    return { db, drop: () => db.close() };
  }
  const db = await openPglite();
  await migrate(db);
  const dump = await db.dump();
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${dumpFile}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, dumpFile);
  return { db, drop: () => db.close() };
}

export interface TestDatabase {
  engine: Engine;
  db: Database;
  /** Connection string (PostgreSQL only), for child processes under test. */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'postgres') {
    const { db, url, drop } = await createPostgresDatabase();
    return { engine, db, url, drop };
  }
  const { db, drop } = await createPgliteDatabase();
  return { engine, db, drop };
}
