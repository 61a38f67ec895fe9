import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import { DEFAULT_HOURS, openStateAt, type HoursRow, type OpenState } from './business-hours.ts';
import { DEFAULT_OUT_OF_HOURS } from './business-hours.messages.ts';

// A district's weekly hours (desk_hours), extra closed days
// (desk_closed_days) and out-of-hours message (desk_settings).

export async function districtHours(q: Queryable, districtCode: string): Promise<HoursRow[]> {
  const { rows } = await q.query<{ weekday: number; opens: string; closes: string }>(
    `SELECT weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes
       FROM desk_hours WHERE district_code = $1 ORDER BY weekday, opens`,
    [districtCode],
  );
  return rows.length ? rows.map((r) => ({ weekday: Number(r.weekday), opens: r.opens, closes: r.closes })) : [...DEFAULT_HOURS];
}

/** Whether the district's desk is open at `at`; reads its hours and closed days. */
export async function deskOpenState(q: Queryable, districtCode: string, at: Date): Promise<OpenState> {
  const day = seoulDay(at);
  const { rows } = await q.query<{ reason: string }>('SELECT reason FROM desk_closed_days WHERE district_code = $1 AND day = $2::date', [districtCode, day]);
  const closed = new Map(rows.map((r) => [day, r.reason]));
  return openStateAt(at, await districtHours(q, districtCode), closed);
}

export async function outOfHoursMessage(q: Queryable, districtCode: string): Promise<Bilingual> {
  const { rows } = await q.query<{ out_of_hours_ko: string; out_of_hours_en: string }>(
    'SELECT out_of_hours_ko, out_of_hours_en FROM desk_settings WHERE district_code = $1',
    [districtCode],
  );
  return rows[0] ? { ko: rows[0].out_of_hours_ko, en: rows[0].out_of_hours_en } : DEFAULT_OUT_OF_HOURS;
}

/** Replaces a district's weekly hours in one transaction's worth of statements. */
export async function setDistrictHours(q: Queryable, districtCode: string, hours: readonly HoursRow[]): Promise<void> {
  await q.query('DELETE FROM desk_hours WHERE district_code = $1', [districtCode]);
  for (const h of hours) {
    await q.query('INSERT INTO desk_hours (district_code, weekday, opens, closes) VALUES ($1, $2, $3::time, $4::time)', [districtCode, h.weekday, h.opens, h.closes]);
  }
}
