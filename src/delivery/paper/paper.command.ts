import { userInfo } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { openRuntime, progressPrinter } from '../../platform/runtime.ts';
import { createCipher } from '../../platform/crypto.ts';
import { countAwaitingPaper, createPaperBatch } from './paper-batch.service.ts';

// `taxstation paper batch`: prints every notice of a district waiting for
// paper into one PDF and a manifest for the mail house.

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('use a whole number of at least 1');
  return n;
}

export function registerPaperCommand(program: Command): void {
  const paper = program.command('paper').description('paper notices: those that could not be delivered electronically and those without an e-notice application');
  paper
    .command('batch')
    .description(
      'write a print-ready A4 PDF (one notice per page) and a CSV manifest for the mail house of every notice of the district waiting for paper, and mark them sent on paper',
    )
    .requiredOption('--district <code>', 'district code, e.g. gangnam')
    .requiredOption('--out <dir>', 'folder for batch-<id>.pdf and batch-<id>.csv (created if missing)')
    .option('--limit <n>', 'at most this many notices in this batch', positiveInteger)
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
Notices paid in the meantime are withdrawn, never printed. If the files cannot
be written, nothing is marked and the command can simply be run again.

Exit codes: 0 done (also when nothing was waiting), 1 the batch failed, 2 wrong usage.

Example:
  taxstation paper batch --district gangnam --out ./print`,
    )
    .action(async (options: { district: string; out: string; limit?: number; json?: boolean }) => {
      const runtime = await openRuntime('paper');
      try {
        const { config, db, log } = runtime;
        const total = await countAwaitingPaper(db, options.district);
        const progress = progressPrinter('paper batch', options.limit ? Math.min(total, options.limit) : total);
        const result = await createPaperBatch(
          {
            db,
            cipher: createCipher(config.encryptionKey),
            publicUrl: config.TAXSTATION_PUBLIC_URL ?? `http://${config.TAXSTATION_HOST}:${config.TAXSTATION_PORT}`,
          },
          {
            districtCode: options.district,
            outDir: options.out,
            createdBy: `cli:${userInfo().username}`,
            limit: options.limit,
            onProgress: (done) => progress.update(done),
          },
        );
        progress.done();
        log.info(
          { district: options.district, batchId: result.batchId, notices: result.notices, pages: result.pages, costKrw: result.costKrw, withdrawnPaid: result.withdrawnPaid },
          'paper batch finished',
        );
        if (options.json) {
          console.log(JSON.stringify(result));
        } else if (result.batchId === null) {
          console.log(
            `nothing waiting for paper in ${options.district}` + (result.withdrawnPaid ? ` (${result.withdrawnPaid} paid notice(s) withdrawn)` : ''),
          );
        } else {
          console.log(
            [
              `paper batch ${result.batchId}: ${result.notices.toLocaleString('en')} notice(s), ${result.pages.toLocaleString('en')} page(s)`,
              `postage ${result.postagePerPageKrw.toLocaleString('en')} KRW/page, cost ${result.costKrw.toLocaleString('en')} KRW`,
              `paid meanwhile, withdrawn: ${result.withdrawnPaid}`,
              `pdf:      ${result.pdfFile}`,
              `manifest: ${result.manifestFile}`,
            ].join('\n'),
          );
        }
      } finally {
        await runtime.close();
      }
    });
}
