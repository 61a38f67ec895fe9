import { copyFile, mkdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { createCipher } from '../../platform/crypto.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import { AppError } from '../../platform/errors.ts';
import { openRuntime, progressPrinter } from '../../platform/runtime.ts';
import { osUser } from '../../platform/staff-admin/staff-admin.command.ts';
import { requestPaperJob, type PaperJob } from './paper-batch-jobs.repository.ts';
import { awaitPaperJob, paperJobDepsOf, type PaperJobDeps } from './paper-batch-jobs.service.ts';
import { listPaperBatches, type PaperBatchRow } from './paper-batches.repository.ts';
import { jobJson } from './paper-batches.schema.ts';
import { jobFailureKey, paperBatchMessages } from './paper-batches.messages.ts';

// `taxstation paper batch`: asks for a batch of every notice of a district
// waiting for paper, the same job as the console's button and the API's
// POST /api/paper-batches (paper-batch-jobs.service.ts). Without --wait it
// queues the job for a worker (serve's or work's) and ends; with --wait it
// makes the batch in this process (or follows the worker that already took
// it), with progress on standard error and the result on standard output.
// Exit 0 queued or done (also when nothing was waiting), 1 refused (an
// unknown district) or the batch failed (nothing marked), 2 wrong usage.

export interface PaperCommandIo {
  open(): Promise<{ deps: PaperJobDeps; close(): Promise<void> }>;
  print(line: string): void;
  /** Progress on standard error: a bar on a terminal, lines otherwise. */
  progress(total: number): { update(done: number): void; done(): void };
  operatorId(): string;
  /** Between two readings of a job another worker makes. */
  pause(): Promise<void>;
}

const defaultIo: PaperCommandIo = {
  open: async () => {
    const rt = await openRuntime('paper');
    return { deps: paperJobDepsOf({ ...rt, cipher: createCipher(rt.config.encryptionKey) }), close: rt.close };
  },
  print: (line) => console.log(line),
  progress: (total) => progressPrinter('paper batch', total),
  operatorId: osUser,
  pause: () => new Promise((r) => setTimeout(r, 1000)),
};

const usage = (command: Command, message: string): never => command.error(`error: ${message}`, { exitCode: 2, code: 'taxstation.usage' });

function queuedLine(job: PaperJob, created: boolean): string {
  const what = created ? `paper batch job ${job.id} queued for ${job.districtCode}` : `paper batch job ${job.id} of ${job.districtCode} is already ${job.state} (asked for by ${job.requestedBy}); joined it`;
  return `${what}; a serve or work process makes it. Follow it with: taxstation paper batch --district ${job.districtCode} --wait`;
}

/**
 * Makes a job asked for from the command line in this process (or follows
 * the worker making it) with progress; the batch and its files (copied into
 * `out` when given). Throws the job's failure. (`paper batch --wait`,
 * `season send --wait --paper-out`.)
 */
export async function seePaperJobThrough(
  deps: PaperJobDeps,
  asked: PaperJob,
  o: { out?: string; pause: () => Promise<void>; progress: PaperCommandIo['progress'] },
): Promise<{ job: PaperJob; batch: PaperBatchRow | undefined; files: string[] }> {
  let bar: { total: number; printer: ReturnType<PaperCommandIo['progress']> } | undefined;
  const job = await awaitPaperJob(deps, asked.districtCode, asked.id, {
    pause: o.pause,
    onProgress: (j) => {
      if (j.state !== 'running') return;
      const total = Math.max(j.total, j.handled);
      if (!bar || bar.total !== total) bar = { total, printer: o.progress(total) };
      bar.printer.update(j.handled);
    },
  });
  bar?.printer.done();
  if (job.state === 'failed') throw new AppError(job.errorCode ?? 'paper_batch_failed', 500, paperBatchMessages.both(jobFailureKey(job.errorCode)));
  const [batch] = job.batchId === null ? [] : await listPaperBatches(deps.db, asked.districtCode, job.batchId);
  let files = batch ? [batch.pdfFile, batch.manifestFile] : [];
  if (o.out && batch) {
    await mkdir(o.out, { recursive: true });
    const copies = files.map((f) => resolve(o.out!, basename(f)));
    for (const [i, file] of files.entries()) await copyFile(file, copies[i]!);
    files = copies;
  }
  return { job, batch, files };
}

export function registerPaperCommand(program: Command, io: PaperCommandIo = defaultIo): void {
  const paper = program.command('paper').description('paper notices: those that could not be delivered electronically and those without an e-notice application');
  paper
    .command('batch')
    .description(
      'ask for a print-ready A4 PDF (one notice per page) and a CSV manifest for the mail house of every notice of the district waiting for paper, marked sent on paper once made; the same job as the console’s button',
    )
    .requiredOption('--district <code>', 'district code, e.g. gangnam')
    .option('--wait', 'make the batch in this process (or follow the worker already making it) and show progress until it is ready')
    .option('--out <dir>', 'with --wait: also copy batch-<id>.pdf and batch-<id>.csv into this folder (created if missing)')
    .option('--json', 'print the job as one JSON object (its state, progress and, when done, the batch)')
    .addHelpText(
      'after',
      `
The batch is made once per district at a time: asking while one is queued or
running joins it. The files are written to <data dir>/paper/<district>, where
the console and the API download them. Notices paid in the meantime are
withdrawn, never printed. If the batch fails, or the process making it stops,
nothing is marked; a stopped job is taken again once its lock lapses.

Exit codes: 0 queued, or done (also when nothing was waiting), 1 unknown district
or the batch failed, 2 wrong usage.

Examples:
  taxstation paper batch --district gangnam                      queue it for the worker
  taxstation paper batch --district gangnam --wait --out ./print`,
    )
    .action(async function (this: Command, options: { district: string; wait?: boolean; out?: string; json?: boolean }) {
      if (!/^[a-z][a-z0-9-]{1,30}$/.test(options.district)) usage(this, `--district "${options.district}" is not a district code (lower-case letters, digits and hyphens, e.g. gangnam)`);
      if (options.out !== undefined && !options.wait) usage(this, '--out needs --wait (the files are copied once the batch is ready)');
      const rt = await io.open();
      try {
        const { deps } = rt;
        if (!(await findDistrict(deps.db, options.district))) {
          throw new AppError('district_unknown', 404, {
            ko: `구 코드 ${options.district}를 찾을 수 없습니다. 등록된 구 코드를 확인해 주십시오.`,
            en: `No district has the code ${options.district}. Check the district code.`,
          });
        }
        const asked = await requestPaperJob(deps.db, options.district, `cli:${io.operatorId()}`);
        if (!options.wait) {
          io.print(options.json ? JSON.stringify(jobJson(asked.job, undefined, 'en')) : queuedLine(asked.job, asked.created));
          return;
        }
        const { job, batch, files } = await seePaperJobThrough(deps, asked.job, { out: options.out, pause: io.pause, progress: io.progress });
        if (options.json) {
          io.print(JSON.stringify({ ...jobJson(job, batch, 'en'), files }));
        } else if (!batch) {
          io.print(`nothing waiting for paper in ${options.district}` + (job.withdrawnPaid ? ` (${job.withdrawnPaid} paid notice(s) withdrawn)` : ''));
        } else {
          io.print(
            [
              `paper batch ${batch.id}: ${batch.notices.toLocaleString('en')} notice(s), ${batch.pages.toLocaleString('en')} page(s)`,
              `postage ${batch.postagePerPageKrw.toLocaleString('en')} KRW/page, cost ${batch.costKrw.toLocaleString('en')} KRW`,
              `paid meanwhile, withdrawn: ${job.withdrawnPaid}`,
              ...files.map((f, i) => `${i === 0 ? 'pdf:     ' : 'manifest:'} ${f}`),
            ].join('\n'),
          );
        }
      } finally {
        await rt.close();
      }
    });
}
