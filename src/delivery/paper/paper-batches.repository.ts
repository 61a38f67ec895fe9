import type { Queryable } from '../../platform/db/database.ts';

// The district's paper batches as the console lists them (newest first), or
// one of them; a batch of another district is simply not found.

export interface PaperBatchRow {
  id: number;
  createdBy: string;
  createdAt: Date;
  notices: number;
  pages: number;
  postagePerPageKrw: number;
  costKrw: number;
  pdfFile: string;
  manifestFile: string;
}

export async function listPaperBatches(q: Queryable, districtCode: string, batchId?: number): Promise<PaperBatchRow[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    `SELECT id, created_by, created_at, notices, pages, postage_per_page_krw, cost_krw, pdf_file, manifest_file
       FROM paper_batches WHERE district_code = $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY id DESC LIMIT 100`,
    [districtCode, batchId ?? null],
  );
  return rows.map((r) => ({
    id: r.id as number,
    createdBy: r.created_by as string,
    createdAt: new Date(r.created_at as Date),
    notices: r.notices as number,
    pages: r.pages as number,
    postagePerPageKrw: r.postage_per_page_krw as number,
    costKrw: Number(r.cost_krw),
    pdfFile: r.pdf_file as string,
    manifestFile: r.manifest_file as string,
  }));
}
