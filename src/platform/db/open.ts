import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** Opens the database every command shares (DATABASE_URL or PGlite in the data folder) and migrates it. */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'dataDir'>,
  role = 'taxstation',
  options: { migrate?: boolean } = {},
): Promise<Database> {
  let db: Database;
  if (config.DATABASE_URL) {
    db = openPostgres({ connectionString: config.DATABASE_URL, applicationName: role });
  } else {
    const dir = join(config.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    db = await openPglite({ dataDir: dir });
  }
  if (options.migrate === false) return db;
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
