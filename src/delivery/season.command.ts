import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { openRuntime, progressPrinter } from '../platform/runtime.ts';
import { createCipher } from '../platform/crypto.ts';
import { issueSeason } from './queue/queue.ts';
import { TAX_ITEMS, type TaxItem } from '../notices/tax-items.ts';
import { startDeliveryRuntime } from './delivery.runtime.ts';
import { startReceiptListener } from './receipts/receipt-listener.ts';
import { seasonSummary, type SeasonSummary } from './season-summary.ts';
import { osUser } from '../platform/staff-admin/staff-admin.command.ts';
import { requestPaperJob } from './paper/paper-batch-jobs.repository.ts';
import { paperJobDepsOf } from './paper/paper-batch-jobs.service.ts';
import { seePaperJobThrough } from './paper/paper.command.ts';

function integer(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
    return Number(value);
  };
}

function taxItem(value: string): TaxItem {
  if (!(TAX_ITEMS as readonly string[]).includes(value)) throw new InvalidArgumentError(`use one of ${TAX_ITEMS.join(', ')}`);
  return value as TaxItem;
}

export function formatSummary(s: SeasonSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `notices                   ${s.notices.toLocaleString('en')}`,
    `e-notice applicants       ${s.applicants.toLocaleString('en')}`,
    `final / not yet final     ${s.final.toLocaleString('en')} / ${s.pending.toLocaleString('en')}`,
    `delivered                 ${Object.entries(s.delivered).map(([c, n]) => `${c} ${n.toLocaleString('en')}`).join(', ') || '0'}`,
    `failed attempts by cause  ${Object.entries(s.failed).map(([c, n]) => `${c} ${n.toLocaleString('en')}`).join(', ') || 'none'}`,
    `returned (for paper)      ${s.returned.toLocaleString('en')}`,
    `waiting for paper         ${s.awaiting_paper.toLocaleString('en')}`,
    `sent on paper             ${s.paper.toLocaleString('en')} (postage ${s.paper_cost_krw.toLocaleString('en')} KRW)`,
    `withdrawn (paid/cancelled) ${s.withdrawn.toLocaleString('en')}`,
    `electronic delivery rate  ${pct(s.electronic_delivery_rate)}`,
  ];
  return lines.join('\n');
}

export function registerSeasonCommand(program: Command): void {
  const season = program.command('season').description("a season's notices");
  season
    .command('send')
    .description("issue a season's notices from the imported roll and send them")
    .requiredOption('--district <code>', 'district code, e.g. gangnam')
    .requiredOption('--tax-item <item>', `tax item: ${TAX_ITEMS.join(', ')}`, taxItem)
    .requiredOption('--year <year>', 'tax year', integer('--year'))
    .option('--period <n>', 'instalment within the year', integer('--period'))
    .option('--at <time>', 'scheduled send time (ISO 8601); default now')
    .option('--wait', 'deliver in this process and show progress until no notice is still being delivered')
    .option('--paper-out <dir>', 'with --wait: then print the returned notices on paper into this folder')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: { district: string; taxItem: TaxItem; year: number; period?: number; at?: string; wait?: boolean; paperOut?: string; json?: boolean }) => {
      const sendAfter = options.at ? new Date(options.at) : undefined;
      if (sendAfter && Number.isNaN(sendAfter.getTime())) throw new InvalidArgumentError('--at must be an ISO 8601 time');
      const rt = await openRuntime('season');
      try {
        const issued = await issueSeason(rt.db, {
          districtCode: options.district, taxItem: options.taxItem, taxYear: options.year, period: options.period ?? 0,
          sendAfter, createdBy: 'cli',
        });
        if (!options.json) {
          console.error(`issued ${issued.issued.toLocaleString('en')} notices (${issued.electronic.toLocaleString('en')} electronic, ${issued.paperOnly.toLocaleString('en')} paper only, ${issued.withdrawnPaid} already paid)`);
        }
        if (options.wait) {
          const cipher = createCipher(rt.config.encryptionKey);
          const delivery = await startDeliveryRuntime({ ...rt, cipher }, { worker: true, bounceListener: true, idleMs: 50 });
          const listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log: rt.log }, '127.0.0.1', 0);
          delivery.setReceiptBaseUrl(listener.url);
          try {
            let summary = await seasonSummary(rt.db, issued.seasonId);
            const bar = progressPrinter('delivering', summary.notices);
            while (summary.pending - summary.awaiting_paper > 0) {
              bar.update(summary.notices - summary.pending + summary.awaiting_paper);
              await new Promise((r) => setTimeout(r, 300));
              summary = await seasonSummary(rt.db, issued.seasonId);
            }
            bar.update(summary.notices);
            bar.done();
            if (options.paperOut) {
              // The same job as `paper batch --wait` (paper-batch-jobs.service.ts), its files copied into the folder.
              const { job } = await requestPaperJob(rt.db, options.district, `cli:${osUser()}`);
              const { batch, files } = await seePaperJobThrough(paperJobDepsOf({ ...rt, cipher }), job, {
                out: options.paperOut,
                pause: () => new Promise((r) => setTimeout(r, 1000)),
                progress: (total) => progressPrinter('paper batch', total),
              });
              if (!options.json && batch) console.error(`paper batch ${batch.id}: ${batch.notices} notices, ${batch.pages} pages, ${files[0]}`);
            }
          } finally {
            await listener.close();
            await delivery.close();
          }
        }
        const summary = await seasonSummary(rt.db, issued.seasonId);
        console.log(options.json ? JSON.stringify(summary) : formatSummary(summary));
      } finally {
        await rt.close();
      }
    });
}
