import type { Queryable } from '../../platform/db/database.ts';

// The console's start page: a district's counts at a glance. Every query is bound to one district.

export interface DistrictCounts {
  taxpayers: number;
  notices: number;
  rollImports: number;
}

export async function districtCounts(q: Queryable, districtCode: string): Promise<DistrictCounts> {
  const { rows } = await q.query<{ taxpayers: number; notices: number; roll_imports: number }>(
    `SELECT (SELECT count(*)::int FROM taxpayers WHERE district_code = $1) AS taxpayers,
            (SELECT count(*)::int FROM notices WHERE district_code = $1) AS notices,
            (SELECT count(*)::int FROM roll_imports WHERE district_code = $1) AS roll_imports`,
    [districtCode],
  );
  const row = rows[0]!;
  return { taxpayers: row.taxpayers, notices: row.notices, rollImports: row.roll_imports };
}
