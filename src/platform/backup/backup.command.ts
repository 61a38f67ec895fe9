import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { progressPrinter } from '../runtime.ts';
import { backupDatabase, engineOf, restoreDatabase, type BackupProgress } from './backup.service.ts';

// taxstation backup --out FILE     taxstation restore FILE [--force]
// Exit 0 done; 1 refused or failed (a damaged, truncated or foreign file, a
// database holding data without --force, another encryption key); 2 wrong
// usage (no --out, an output file that exists, an input file that does not).

function printer(): BackupProgress & { done(message?: string): void } {
  let current: ReturnType<typeof progressPrinter> | undefined;
  return {
    stage(label, total) {
      current?.done();
      current = progressPrinter(label, total);
      current.update(0);
    },
    update: (done) => current?.update(done),
    done: (message) => current?.done(message),
  };
}

const usage = (command: Command, message: string): never => command.error(`error: ${message}`, { exitCode: 2, code: 'taxstation.usage' });

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write the whole database to one file (pg_dump custom format on PostgreSQL, the data folder on PGlite); the encryption key is never in it')
    .requiredOption('--out <file>', 'the backup file to write; it must not exist yet')
    .option('--json', 'print the backup header as JSON')
    .addHelpText('after', '\nKeep the encryption key (TAXSTATION_ENCRYPTION_KEY, or encryption.key in the data folder) apart from the backups: a backup without its key opens no personal data, and a stolen backup with its key opens all of it.\nExit codes: 0 written, 1 failed, 2 wrong usage.')
    .action(async function (this: Command, options: { out: string; json?: boolean }) {
      if (existsSync(options.out)) usage(this, `${options.out} already exists; choose a new file name (e.g. with the date in it)`);
      const config = loadConfig();
      const progress = printer();
      try {
        const header = await backupDatabase(config, options.out, progress);
        progress.done();
        if (options.json) console.log(JSON.stringify({ file: options.out, ...header }));
        else console.log(`backed up the ${header.engine} database (${header.migrations} migrations) to ${options.out}: ${header.payloadBytes.toLocaleString('en')} bytes, sha256 ${header.payloadSha256.slice(0, 12)}…`);
      } catch (error) {
        progress.done();
        throw error;
      }
    });

  program
    .command('restore')
    .description('replace the database with a backup made by `taxstation backup`, after checking the file whole')
    .argument('<file>', 'the backup file')
    .option('--force', 'replace a database that already holds data')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nStop every serve and work process first. The restore runs under the encryption key the backup was made with (TAXSTATION_ENCRYPTION_KEY); another key is refused.\nA truncated or damaged file, one from another version, or a database with data and no --force: refused, nothing changed.\nExit codes: 0 restored, 1 refused or failed, 2 wrong usage.')
    .action(async function (this: Command, file: string, options: { force?: boolean; json?: boolean }) {
      let isFile = false;
      try {
        isFile = statSync(file).isFile();
      } catch {
        isFile = false;
      }
      if (!isFile) usage(this, `cannot read the file ${file}`);
      const config = loadConfig();
      const progress = printer();
      try {
        const report = await restoreDatabase(config, file, { force: options.force === true }, progress);
        progress.done();
        if (options.json) console.log(JSON.stringify({ file, engine: engineOf(config), ...report }));
        else {
          console.log(`restored ${file} (made ${report.header.createdAt}, ${report.header.migrations} migrations) into the ${engineOf(config)} database`);
          if (report.migrated.length) console.log(`  then applied newer migrations ${report.migrated.join(', ')}`);
          if (report.replacedFolder) console.log(`  the data folder it replaced was kept in ${report.replacedFolder}`);
        }
      } catch (error) {
        progress.done();
        throw error;
      }
    });
}
