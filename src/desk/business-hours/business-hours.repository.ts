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

/** The district's own closed days (beyond public holidays) from `from` (a Seoul day, YYYY-MM-DD) on, in date order. */
export async function closedDaysFrom(q: Queryable, districtCode: string, from: string): Promise<{ day: string; reason: string }[]> {
  const { rows } = await q.query<{ day: string; reason: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, reason FROM desk_closed_days WHERE district_code = $1 AND day >= $2::date ORDER BY day`,
    [districtCode, from],
  );
  return rows;
}

/** Replaces the district's closed days from `from` on (days before it stay, as a record). */
export async function setClosedDaysFrom(q: Queryable, districtCode: string, from: string, days: readonly { day: string; reason: string }[]): Promise<void> {
  await q.query('DELETE FROM desk_closed_days WHERE district_code = $1 AND day >= $2::date', [districtCode, from]);
  if (days.length === 0) return;
  await q.query(
    `INSERT INTO desk_closed_days (district_code, day, reason)
     SELECT $1, x.day::date, x.reason FROM unnest($2::text[], $3::text[]) AS x(day, reason)`,
    [districtCode, days.map((d) => d.day), days.map((d) => d.reason)],
  );
}

/** The district's own out-of-hours message, null when it uses the default text. */
export async function ownOutOfHoursMessage(q: Queryable, districtCode: string): Promise<Bilingual | null> {
  const { rows } = await q.query<{ out_of_hours_ko: string; out_of_hours_en: string }>(
    'SELECT out_of_hours_ko, out_of_hours_en FROM desk_settings WHERE district_code = $1 FOR UPDATE',
    [districtCode],
  );
  return rows[0] ? { ko: rows[0].out_of_hours_ko, en: rows[0].out_of_hours_en } : null;
}

/** Sets the district's out-of-hours message (null: back to the default text). */
export async function setOutOfHoursMessage(q: Queryable, districtCode: string, message: Bilingual | null): Promise<void> {
  if (!message) {
    await q.query('DELETE FROM desk_settings WHERE district_code = $1', [districtCode]);
    return;
  }
  await q.query(
    `INSERT INTO desk_settings (district_code, out_of_hours_ko, out_of_hours_en, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (district_code) DO UPDATE SET out_of_hours_ko = EXCLUDED.out_of_hours_ko, out_of_hours_en = EXCLUDED.out_of_hours_en, updated_at = now()`,
    [districtCode, message.ko, message.en],
  );
}
