import { after, before, describe } from 'node:test';
import type { Database, Engine } from '../src/platform/db/database.ts';
import { createTestDatabase, postgresReachable, type TestDatabase } from './databases.ts';

// Integration tests run once per engine. PostgreSQL is skipped, loudly, when
// no server answers; .ci/run sets TAXSTATION_REQUIRE_POSTGRES=1 to make that
// a failure instead.

const requirePostgres = process.env.TAXSTATION_REQUIRE_POSTGRES === '1';
// Where PostgreSQL is required (CI), a slow answer is waited for, not taken as absence.
const pgAvailable = await postgresReachable(undefined, requirePostgres ? 60_000 : 3000);
const onlyEngine = process.env.TAXSTATION_TEST_ENGINE as Engine | undefined;

export interface EngineContext {
  readonly engine: Engine;
  /** The database of this file on this engine; set once before() has run. */
  readonly db: Database;
  readonly test: TestDatabase;
}

export function forEachEngine(title: string, body: (ctx: EngineContext) => void): void {
  for (const engine of ['pglite', 'postgres'] as const) {
    if (onlyEngine && onlyEngine !== engine) continue;
    const skip =
      engine === 'postgres' && !pgAvailable && !requirePostgres
        ? 'SKIPPED: no PostgreSQL server reachable (set TAXSTATION_TEST_DATABASE_URL)'
        : false;
    describe(`${title} [${engine}]`, { skip }, () => {
      let current: TestDatabase | undefined;
      const ctx: EngineContext = {
        engine,
        get db() {
          if (!current) throw new Error('database not ready: use ctx.db inside tests or hooks');
          return current.db;
        },
        get test() {
          if (!current) throw new Error('database not ready');
          return current;
        },
      };
      before(async () => {
        if (engine === 'postgres' && !pgAvailable) throw new Error('PostgreSQL is required (TAXSTATION_REQUIRE_POSTGRES=1) but no server answers');
        current = await createTestDatabase(engine);
      });
      after(async () => {
        await current?.drop();
      });
      body(ctx);
    });
  }
}
