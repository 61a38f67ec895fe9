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
  /** Who imported it, as recorded: `staff:<id>`, or `import:<source>` (the command line, the demo seed). */
  importedBy: string;
  /** The staff member's display name, for an import made from the console. */
  importedByName: string | null;
  finishedAt: string;
}

export async function recentRollImports(q: Queryable, districtCode: string, limit = 10): Promise<RollImportSummary[]> {
  const { rows } = await q.query<{
    id: number; file_name: string; encoding: string; rows_total: number; rows_inserted: number; rows_updated: number;
    rows_unchanged: number; rows_rejected: number; conflicts: number; imported_by: string; imported_by_name: string | null; finished_at: Date;
  }>(
    `SELECT r.id, r.file_name, r.encoding, r.rows_total, r.rows_inserted, r.rows_updated, r.rows_unchanged, r.rows_rejected, r.conflicts,
            r.imported_by, s.display_name AS imported_by_name, r.finished_at
       FROM roll_imports r
       LEFT JOIN staff_accounts s ON r.imported_by = 'staff:' || s.id::text AND s.district_code = r.district_code
      WHERE r.district_code = $1 ORDER BY r.finished_at DESC, r.id DESC LIMIT $2`,
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
    importedByName: r.imported_by_name,
    finishedAt: new Date(r.finished_at).toISOString(),
  }));
}
