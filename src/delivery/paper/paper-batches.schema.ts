import { z } from 'zod';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { PaperJob } from './paper-batch-jobs.repository.ts';
import type { PaperBatchRow } from './paper-batches.repository.ts';
import { jobFailureKey, paperBatchMessages } from './paper-batches.messages.ts';

// A paper batch as the API answers it: its figures and where to download its
// files (the paths on the server stay on the server).

export const batchSchema = z.object({
  id: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  notices: z.number().int(),
  pages: z.number().int(),
  postagePerPageKrw: z.number().int(),
  costKrw: z.number().int(),
  pdfUrl: z.string(),
  manifestUrl: z.string(),
});

export function batchJson(b: PaperBatchRow): z.infer<typeof batchSchema> {
  return {
    id: b.id,
    createdBy: b.createdBy,
    createdAt: b.createdAt.toISOString(),
    notices: b.notices,
    pages: b.pages,
    postagePerPageKrw: b.postagePerPageKrw,
    costKrw: b.costKrw,
    pdfUrl: `/api/paper-batches/${b.id}/pdf`,
    manifestUrl: `/api/paper-batches/${b.id}/manifest`,
  };
}

// A batch asked for and made in the background (paper-batch-jobs.service.ts):
// where it is, how far, the batch when it is ready, why when it failed.

export const jobSchema = z.object({
  id: z.number().int(),
  state: z.enum(['queued', 'running', 'done', 'failed']).describe('queued, running, then done (a batch, or nothing was waiting) or failed (nothing was marked)'),
  total: z.number().int().describe('notices waiting for paper when the batch started'),
  handled: z.number().int().describe('notices handled so far (printed or, paid meanwhile, withdrawn)'),
  withdrawnPaid: z.number().int(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  statusUrl: z.string().describe('poll this until the state is done or failed'),
  batch: batchSchema.nullable().describe('the batch made, with its download links, once done (null when nothing was waiting)'),
  error: z.object({ code: z.string(), message: z.string() }).nullable().describe('why it failed, in the caller’s language'),
});

export function jobJson(job: PaperJob, batch: PaperBatchRow | undefined, locale: Locale): z.infer<typeof jobSchema> {
  return {
    id: job.id,
    state: job.state,
    total: Math.max(job.total, job.handled),
    handled: job.handled,
    withdrawnPaid: job.withdrawnPaid,
    requestedBy: job.requestedBy,
    requestedAt: job.requestedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    statusUrl: `/api/paper-batch-jobs/${job.id}`,
    batch: job.state === 'done' && batch ? batchJson(batch) : null,
    error: job.state === 'failed' ? { code: job.errorCode ?? 'paper_batch_failed', message: paperBatchMessages.t(locale, jobFailureKey(job.errorCode)) } : null,
  };
}
