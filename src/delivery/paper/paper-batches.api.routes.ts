import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { rowIdSchema, sessionSecurity as security, staffApiErrors as errors } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { DELIVERY_WRITE_ROLES } from '../delivery.roles.ts';
import { findPaperJob } from './paper-batch-jobs.repository.ts';
import { requestPaperBatch } from './paper-batch-jobs.service.ts';
import { listPaperBatches } from './paper-batches.repository.ts';
import { batchJson, batchSchema, jobJson, jobSchema } from './paper-batches.schema.ts';
import { paperBatchMessages } from './paper-batches.messages.ts';

// The paper batches API (tag 'delivery'): the district's batches, asking for
// one of every notice waiting for paper (a job a worker makes in the
// background, as the console's button: 202 and the job, then its status
// until the batch is ready), and downloading a batch's PDF and mail-house
// manifest. The district always comes from the session.

function batchNotFound(id: number): AppError {
  return new AppError('paper_batch_not_found', 404, paperBatchMessages.both('batch_not_found', { id }));
}

export const paperBatchApiRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const read = guard(DELIVERY_WRITE_ROLES);
  const write = guard(DELIVERY_WRITE_ROLES);

  app.get(
    '/api/paper-batches',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'The district’s paper batches, newest first', security, response: { 200: z.object({ batches: z.array(batchSchema) }), ...errors } },
    },
    async (request) => ({ batches: (await listPaperBatches(db, request.staff!.districtCode)).map(batchJson) }),
  );

  app.post(
    '/api/paper-batches',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Ask for a batch of every notice of the district waiting for paper (PDF and mail-house CSV), made in the background',
        description:
          'Answers at once with the job (202, its address in Location); a worker makes the batch. While a batch of the district is queued or running, asking again answers that job. Poll the job until its state is done (the batch and its downloads) or failed (nothing was marked).',
        security,
        response: { 202: z.object({ job: jobSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const { job } = await requestPaperBatch(db, request.staff!);
      reply.header('location', `/api/paper-batch-jobs/${job.id}`);
      return reply.code(202).send({ job: jobJson(job, undefined, request.locale) });
    },
  );

  app.get(
    '/api/paper-batch-jobs/:id',
    {
      preValidation: read,
      schema: {
        tags: ['delivery'],
        summary: 'A paper batch asked for: its state, progress, and the batch with its downloads when ready',
        security,
        params: z.object({ id: rowIdSchema }),
        response: { 200: z.object({ job: jobSchema }), ...errors },
      },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      const job = await findPaperJob(db, district, request.params.id);
      if (!job) throw new AppError('paper_job_not_found', 404, paperBatchMessages.both('job_not_found', { id: request.params.id }));
      const [batch] = job.batchId === null ? [] : await listPaperBatches(db, district, job.batchId);
      return { job: jobJson(job, batch, request.locale) };
    },
  );

  for (const file of ['pdf', 'manifest'] as const) {
    app.get(
      `/api/paper-batches/:id/${file}`,
      {
        preValidation: read,
        schema: {
          tags: ['delivery'],
          summary: file === 'pdf' ? 'Download a batch’s print-ready PDF' : 'Download a batch’s CSV manifest for the mail house',
          security,
          params: z.object({ id: rowIdSchema }),
        },
      },
      async (request, reply) => {
        const [batch] = await listPaperBatches(db, request.staff!.districtCode, request.params.id);
        if (!batch) throw batchNotFound(request.params.id);
        const path = file === 'pdf' ? batch.pdfFile : batch.manifestFile;
        const size = await stat(path).then((s) => s.size).catch(() => null);
        if (size === null) throw new AppError('paper_batch_file_missing', 404, paperBatchMessages.both('batch_file_missing', { id: batch.id }));
        const name = `paper-batch-${batch.id}.${file === 'pdf' ? 'pdf' : 'csv'}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
        reply.header('content-length', String(size));
        reply.type(file === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8');
        return reply.send(createReadStream(path));
      },
    );
  }
};
