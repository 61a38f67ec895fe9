import type { Queryable } from '../db/database.ts';
import type { Bilingual } from '../i18n/i18n.ts';

// The districts (the tenants): every domain reads them through here. The
// table belongs to the platform; a domain's own settings for a district live
// in that domain's tables (delivery_settings, desk_settings, …).

export interface District {
  code: string;
  name: Bilingual;
}

export interface DistrictDetails extends District {
  /** The tax office's telephone number as residents are told it; null when the district has set none. */
  officePhone: string | null;
  /** The tax office's postal address as a paper notice prints it; null when the district has set none. */
  officeAddress: string | null;
}

type Row = { code: string; name_ko: string; name_en: string; office_phone: string | null; office_address: string | null };

const fromRow = (r: Row): DistrictDetails => ({ code: r.code, name: { ko: r.name_ko, en: r.name_en }, officePhone: r.office_phone, officeAddress: r.office_address });
const DETAIL_COLUMNS = 'code, name_ko, name_en, office_phone, office_address';

/** Every district, by code or in the order of their Korean names (for residents choosing one). */
export async function listDistricts(q: Queryable, order: 'code' | 'korean_name' = 'code'): Promise<District[]> {
  const { rows } = await q.query<Row>(
    `SELECT code, name_ko, name_en, office_phone FROM districts ORDER BY ${order === 'korean_name' ? 'name_ko, code' : 'code'}`,
  );
  return rows.map((r) => ({ code: r.code, name: { ko: r.name_ko, en: r.name_en } }));
}

/** One district, or null when no district has the code. */
export async function findDistrict(q: Queryable, code: string): Promise<DistrictDetails | null> {
  const { rows } = await q.query<Row>(`SELECT ${DETAIL_COLUMNS} FROM districts WHERE code = $1`, [code]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function districtExists(q: Queryable, code: string): Promise<boolean> {
  const { rowCount } = await q.query('SELECT 1 FROM districts WHERE code = $1', [code]);
  return rowCount > 0;
}

export async function countDistricts(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM districts');
  return rows[0]!.n;
}

/** A new district; false when the code is taken already (the caller compares the names). */
export async function insertDistrict(q: Queryable, district: District): Promise<boolean> {
  const { rowCount } = await q.query(
    'INSERT INTO districts (code, name_ko, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING',
    [district.code, district.name.ko, district.name.en],
  );
  return rowCount === 1;
}

/** Locks the district's row for a change of its profile and reads it (inside the change's transaction). */
export async function lockDistrict(q: Queryable, code: string): Promise<DistrictDetails | null> {
  const { rows } = await q.query<Row>(`SELECT ${DETAIL_COLUMNS} FROM districts WHERE code = $1 FOR UPDATE`, [code]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The district's names, office phone and office address as the settings page saves them. */
export async function updateDistrictProfile(
  q: Queryable,
  code: string,
  profile: { name: { ko: string; en: string }; officePhone: string | null; officeAddress: string | null },
): Promise<void> {
  await q.query('UPDATE districts SET name_ko = $2, name_en = $3, office_phone = $4, office_address = $5 WHERE code = $1', [
    code,
    profile.name.ko,
    profile.name.en,
    profile.officePhone,
    profile.officeAddress,
  ]);
}

/**
 * The office's phone and postal address where the district has set none
 * (the demo's districts); a value already set is kept.
 */
export async function fillOfficeContact(q: Queryable, code: string, office: { phone: string; address: string }): Promise<void> {
  await q.query(
    'UPDATE districts SET office_phone = coalesce(office_phone, $2), office_address = coalesce(office_address, $3) WHERE code = $1',
    [code, office.phone, office.address],
  );
}
