// Days off that date-holidays does not know: election days and holidays the
// government designates one at a time. Election days are public holidays
// (관공서의 공휴일에 관한 규정 §2 ⑩), so a local-tax deadline on one moves to
// the next working day (지방세기본법 §24) and the desk and consultations
// close, as on any other public holiday.
//
// Elections at the end of a term fall on the date the Public Official
// Election Act (공직선거법 §34) sets: the first Wednesday on or after the
// 70th (president), 50th (National Assembly) or 30th (local) day before the
// term ends, a week later when that Wednesday, the day before or the day
// after is a public holiday. An early election (a president who left office)
// and a designated day off (임시공휴일) cannot be foreseen: they are listed
// below as they are announced.

import { addDays, weekdayOf } from './days.ts';

export type DayOff = 'presidential_election' | 'national_assembly_election' | 'local_elections' | 'designated_holiday';

export const DAY_OFF_NAMES: Record<DayOff, { ko: string; en: string }> = {
  presidential_election: { ko: '대통령선거일', en: 'Presidential election day' },
  national_assembly_election: { ko: '국회의원선거일', en: 'National Assembly election day' },
  local_elections: { ko: '전국동시지방선거일', en: 'Local elections day' },
  designated_holiday: { ko: '임시공휴일', en: 'Designated public holiday' },
};

/** Announced one at a time: early presidential elections and designated days off. */
const ANNOUNCED: Record<string, DayOff> = {
  '2017-05-09': 'presidential_election',
  '2020-08-17': 'designated_holiday',
  '2023-10-02': 'designated_holiday',
  '2024-10-01': 'designated_holiday',
  '2025-01-27': 'designated_holiday',
  '2025-06-03': 'presidential_election',
};

/**
 * The last day of each term that ends in a general election: the president's
 * five years (the term begun on 2025-06-04 after the early election ends on
 * 2030-06-03), the National Assembly's four (29 May), local councils' and
 * heads' four (30 June).
 */
function termEnds(year: number): { end: string; daysBefore: number; kind: DayOff }[] {
  const ends: { end: string; daysBefore: number; kind: DayOff }[] = [];
  // Earlier years are history this service never reads (its holiday table starts in 2020).
  if (year < 2018) return ends;
  if (year === 2022 || (year >= 2030 && (year - 2030) % 5 === 0)) ends.push({ end: year === 2022 ? '2022-05-09' : `${year}-06-03`, daysBefore: 70, kind: 'presidential_election' });
  if (year % 4 === 0) ends.push({ end: `${year}-05-29`, daysBefore: 50, kind: 'national_assembly_election' });
  if (year % 4 === 2) ends.push({ end: `${year}-06-30`, daysBefore: 30, kind: 'local_elections' });
  return ends;
}

const WEDNESDAY = 3;

/** The election day for a term ending on `end` (공직선거법 §34 ①, ②), given the other public holidays. */
export function electionDay(end: string, daysBefore: number, isHoliday: (day: string) => boolean): string {
  let day = addDays(end, -daysBefore);
  while (weekdayOf(day) !== WEDNESDAY) day = addDays(day, 1);
  if (isHoliday(day) || isHoliday(addDays(day, -1)) || isHoliday(addDays(day, 1))) day = addDays(day, 7);
  return day;
}

/**
 * The election days and announced days off of a year, day → kind. From 2030
 * the president's elections assume full terms; an early one is added to
 * ANNOUNCED when it is called.
 */
export function daysOffBeyondLibrary(year: number, isHoliday: (day: string) => boolean): Map<string, DayOff> {
  const days = new Map<string, DayOff>();
  for (const [day, kind] of Object.entries(ANNOUNCED)) if (day.startsWith(`${year}-`)) days.set(day, kind);
  for (const term of termEnds(year)) days.set(electionDay(term.end, term.daysBefore, isHoliday), term.kind);
  return days;
}
