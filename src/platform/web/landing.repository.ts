import type { Queryable } from '../db/database.ts';

// The districts the public start page lists.

export async function listDistricts(q: Queryable): Promise<{ code: string; nameKo: string; nameEn: string }[]> {
  const { rows } = await q.query<{ code: string; name_ko: string; name_en: string }>('SELECT code, name_ko, name_en FROM districts ORDER BY code');
  return rows.map((r) => ({ code: r.code, nameKo: r.name_ko, nameEn: r.name_en }));
}
