import type { Queryable } from '../../platform/db/database.ts';

// The roll imports a district has made, newest first (the console's list and the API).

export interface RollImportSummary {
  id: number;
  fileName: string;
  encoding: string;
  rowsTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  conflicts: number;
  importedBy: string;
  finishedAt: string;
}

export async function recentRollImports(q: Queryable, districtCode: string, limit = 10): Promise<RollImportSummary[]> {
  const { rows } = await q.query<{
    id: number; file_name: string; encoding: string; rows_total: number; rows_inserted: number; rows_updated: number;
    rows_unchanged: number; rows_rejected: number; conflicts: number; imported_by: string; finished_at: Date;
  }>(
    `SELECT id, file_name, encoding, rows_total, rows_inserted, rows_updated, rows_unchanged, rows_rejected, conflicts,
            imported_by, finished_at
       FROM roll_imports WHERE district_code = $1 ORDER BY finished_at DESC, id DESC LIMIT $2`,
    [districtCode, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    fileName: r.file_name,
    encoding: r.encoding,
    rowsTotal: r.rows_total,
    inserted: r.rows_inserted,
    updated: r.rows_updated,
    unchanged: r.rows_unchanged,
    rejected: r.rows_rejected,
    conflicts: r.conflicts,
    importedBy: r.imported_by,
    finishedAt: new Date(r.finished_at).toISOString(),
  }));
}
