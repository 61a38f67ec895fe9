import { publicHoliday, seoulClock, seoulDay } from '../../platform/time/seoul.ts';

// Is the desk of a district open at an instant? Local time is Seoul's.
// Closed on Korean public holidays (platform/time/seoul.ts), on the
// district's extra closed days (election days, temporary holidays) and
// outside its weekly hours (business-hours.repository.ts reads them).

/** Default hours when a district has set none: weekdays 09:00–18:00. */
export const DEFAULT_HOURS: readonly HoursRow[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' }));

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
