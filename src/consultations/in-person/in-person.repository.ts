import type { Queryable } from '../../platform/db/database.ts';
import type { Window } from '../schedule/slot-grid.ts';

// SQL of the monthly in-person day's settings (migration 0019): the place,
// the day's windows and the experts who serve it. The grid reads them with
// the district's settings (schedule.repository.ts SETTINGS_JSON).

export interface InPersonValues {
  enabled: boolean;
  placeNameKo: string;
  placeNameEn: string;
  addressKo: string;
  addressEn: string;
  windows: Window[];
  expertIds: number[];
}

/** Inserts or replaces a district's in-person day (run in a transaction). */
export async function saveInPersonDay(q: Queryable, districtCode: string, v: InPersonValues): Promise<void> {
  await q.query(
    `INSERT INTO consultation_in_person_days (district_code, enabled, place_name_ko, place_name_en, address_ko, address_en)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (district_code) DO UPDATE SET enabled = EXCLUDED.enabled, place_name_ko = EXCLUDED.place_name_ko,
       place_name_en = EXCLUDED.place_name_en, address_ko = EXCLUDED.address_ko, address_en = EXCLUDED.address_en, updated_at = now()`,
    [districtCode, v.enabled, v.placeNameKo, v.placeNameEn, v.addressKo, v.addressEn],
  );
  await q.query('DELETE FROM consultation_in_person_windows WHERE district_code = $1', [districtCode]);
  await q.query(
    `INSERT INTO consultation_in_person_windows (district_code, start_minute, end_minute) SELECT $1, s, e FROM unnest($2::int[], $3::int[]) AS x(s, e)`,
    [districtCode, v.windows.map((w) => w.start), v.windows.map((w) => w.end)],
  );
  await q.query('DELETE FROM consultation_in_person_experts WHERE district_code = $1', [districtCode]);
  await q.query(`INSERT INTO consultation_in_person_experts (district_code, expert_id) SELECT $1, unnest($2::bigint[])`, [districtCode, v.expertIds]);
}
