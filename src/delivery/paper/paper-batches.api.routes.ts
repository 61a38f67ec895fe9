import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { rowIdSchema, sessionSecurity as security, staffApiErrors as errors } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { DELIVERY_WRITE_ROLES } from '../delivery.roles.ts';
import { makePaperBatch } from './paper-batch.service.ts';
import { listPaperBatches } from './paper-batches.repository.ts';
import { batchJson, batchSchema } from './paper-batches.schema.ts';
import { paperBatchMessages } from './paper-batches.messages.ts';

// The paper batches API (tag 'delivery'): the district's batches, making one
// of every notice waiting for paper, and downloading a batch's PDF and
// mail-house manifest. The district always comes from the session.

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
        summary: 'Print every notice of the district waiting for paper into one batch (PDF and mail-house CSV)',
        security,
        response: {
          201: z.object({ batch: batchSchema, withdrawnPaid: z.number().int() }),
          200: z.object({ batch: z.null(), withdrawnPaid: z.number().int() }).describe('nothing was waiting for paper'),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const result = await makePaperBatch(deps, staff);
      if (result.batchId === null) return reply.code(200).send({ batch: null, withdrawnPaid: result.withdrawnPaid });
      const [batch] = await listPaperBatches(db, staff.districtCode, result.batchId);
      return reply.code(201).send({ batch: batchJson(batch!), withdrawnPaid: result.withdrawnPaid });
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
