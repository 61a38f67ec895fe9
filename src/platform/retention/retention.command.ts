import type { Command } from 'commander';
import type { Database } from '../db/database.ts';
import { openRuntime } from '../runtime.ts';
import { osUser } from '../staff-admin/staff-admin.command.ts';
import { runRetentionPurges, totalOf, type RetentionCount, type RetentionPurger } from './retention.ts';

// taxstation retention purge [--district CODE] [--dry-run] [--batch N] [--json]
// Removes the contents past each district's retention periods now (the work
// process does the same every hour). Progress on standard error, the result
// on standard output. Exit 0 done (also when nothing was due); 1 refused (an
// unknown district) or failed, nothing changed by the refused run; 2 wrong
// usage.

export interface RetentionIo {
  open(): Promise<{ db: Database; close(): Promise<void> }>;
  print(line: string): void;
  progress(line: string): void;
  operatorId(): string;
  clock?: () => Date;
}

const defaultIo: RetentionIo = {
  open: () => openRuntime('retention'),
  print: (line) => console.log(line),
  progress: (line) => process.stderr.write(`${line}\n`),
  operatorId: osUser,
};

const usage = (command: Command, message: string): never => command.error(`error: ${message}`, { exitCode: 2, code: 'taxstation.usage' });

/** "messages 120, attempts 130": the tables touched, by name, without the zeros. */
const describeCounts = (counts: Record<string, number>) =>
  Object.entries(counts).filter(([, n]) => n > 0).map(([what, n]) => `${what} ${n.toLocaleString('en')}`).join(', ') || 'none';

function line(r: RetentionCount, dryRun: boolean): string {
  const head = `${r.districtCode} ${r.kind} (${r.periodDays} days, done with before ${r.cutoff.toISOString().slice(0, 10)})`;
  if (totalOf(r) === 0) return `${head}: nothing ${dryRun ? 'due' : 'to remove'}`;
  return `${head}: ${dryRun ? 'would remove' : 'removed'}: ${describeCounts(r.counts)}`;
}

export function registerRetentionCommands(program: Command, purgers: readonly RetentionPurger[], io: RetentionIo = defaultIo): void {
  const retention = program.command('retention').description("contents kept past the district's retention periods (delivery contents, desk chats, attachments, offline messages)");
  retention
    .command('purge')
    .description('remove now the contents past each district\'s retention periods; rows, states, times and the audit log stay')
    .option('--district <code>', 'only this district (default: every district)')
    .option('--dry-run', 'count what would be removed; change nothing')
    .option('--batch <n>', 'rows per transaction', '1000')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      '\nThe periods are each district\'s (console settings; defaults: delivery contents 365 days after a message\'s final state, chat transcripts, attachments and offline messages 180 days after the conversation closed or the message was answered).' +
        '\nEvery batch is one transaction with an audit entry of its counts (no personal data); running it again removes nothing more.' +
        '\nExit codes: 0 done (also when nothing was due), 1 refused (unknown district) or failed, 2 wrong usage.',
    )
    .action(async function (this: Command, options: { district?: string; dryRun?: boolean; batch: string; json?: boolean }) {
      const batchSize = Number(options.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) usage(this, `--batch must be a whole number from 1 to 100000, not "${options.batch}"`);
      if (options.district !== undefined && !/^[a-z][a-z0-9-]{1,30}$/.test(options.district)) {
        usage(this, `--district "${options.district}" is not a district code (lower-case letters, digits and hyphens, e.g. gangnam)`);
      }
      const dryRun = options.dryRun === true;
      const rt = await io.open();
      try {
        const results = await runRetentionPurges(rt.db, purgers, {
          now: (io.clock ?? (() => new Date()))(),
          districtCode: options.district,
          dryRun,
          batchSize,
          actor: { type: 'system', id: `cli:${io.operatorId()}` },
          onProgress: (r) => io.progress(`${dryRun ? 'due' : 'removing'}: ${r.districtCode} ${r.kind}: ${describeCounts(r.counts)}`),
        });
        if (options.json) {
          io.print(JSON.stringify({ dryRun, results: results.map((r) => ({ ...r, cutoff: r.cutoff.toISOString() })) }));
          return;
        }
        for (const r of results) io.print(line(r, dryRun));
        const total = results.reduce((n, r) => n + totalOf(r), 0);
        io.print(dryRun ? `dry run: nothing changed (${total.toLocaleString('en')} rows due)` : total ? `done: contents removed from ${total.toLocaleString('en')} rows, each batch recorded in the audit log` : 'done: nothing was past its period');
      } finally {
        await rt.close();
      }
    });
}
