import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { publicHoliday, seoulClock, seoulDay } from '../../platform/time/seoul.ts';

// Is the desk of a district open at an instant? Local time is Seoul's.
// Closed on Korean public holidays (platform/time/seoul.ts), on the
// district's extra closed days (election days, temporary holidays) and
// outside its weekly hours.

/** Default hours when a district has set none: weekdays 09:00–18:00. */
export const DEFAULT_HOURS: readonly HoursRow[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' }));

export const DEFAULT_OUT_OF_HOURS: Bilingual = {
  ko: '지금은 상담 시간이 아닙니다. 평일 09:00–18:00(공휴일 제외)에 다시 찾아 주시거나, 오프라인 문의 양식(/r/desk/offline)에 남겨 주시면 답변을 보내 드립니다.',
  en: 'The desk is closed now. Come back on a working day between 09:00 and 18:00 (closed on public holidays), or leave a message with the offline form (/r/desk/offline) and we will send you the answer.',
};

export interface HoursRow {
  weekday: number;
  /** HH:MM */
  opens: string;
  closes: string;
}

export type OpenState = { open: true } | { open: false; reason: 'holiday' | 'closed_day' | 'outside_hours'; name?: string };

/** Pure: the answer for given hours and extra closed days. */
export function openStateAt(at: Date, hours: readonly HoursRow[], closedDays: ReadonlyMap<string, string>): OpenState {
  const day = seoulDay(at);
  const holiday = publicHoliday(day);
  if (holiday) return { open: false, reason: 'holiday', name: holiday };
  const closed = closedDays.get(day);
  if (closed) return { open: false, reason: 'closed_day', name: closed };
  const local = seoulClock(at);
  const minutes = local.hours * 60 + local.minutes;
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const open = hours.some((h) => h.weekday === local.weekday && toMinutes(h.opens) <= minutes && minutes < toMinutes(h.closes));
  return open ? { open: true } : { open: false, reason: 'outside_hours' };
}

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
