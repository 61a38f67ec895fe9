import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './open.ts';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply the database migrations not yet applied (every command also does this on first use)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const db = await openDatabase(loadConfig(), 'taxstation-migrate', { migrate: false });
      try {
        const applied = await migrate(db);
        if (options.json) console.log(JSON.stringify({ engine: db.engine, applied }));
        else console.log(applied.length ? `applied migrations ${applied.join(', ')} on ${db.engine}` : `database on ${db.engine} is up to date`);
      } finally {
        await db.close();
      }
    });
}
