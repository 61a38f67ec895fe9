import { z } from 'zod';
import type { PaperBatchRow } from './paper-batches.repository.ts';

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
