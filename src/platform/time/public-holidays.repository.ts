import type { Queryable } from '../db/database.ts';
import { publicHolidays } from './seoul.ts';

// The table public_holidays mirrors the holiday library (seoul.ts) for SQL
// (the function local_tax_deadline reads it). Written after every migration
// run, so an upgrade of the library corrects the table on the next start.

/** The years the table covers: far enough back for old notices, ahead for the calendars residents subscribe to. */
export const HOLIDAY_YEARS = { from: 2020, to: 2045 } as const;

export async function syncPublicHolidays(q: Queryable, years: { from: number; to: number } = HOLIDAY_YEARS): Promise<void> {
  const days: string[] = [];
  const names: string[] = [];
  for (let year = years.from; year <= years.to; year++) {
    for (const [day, name] of publicHolidays(year)) {
      days.push(day);
      names.push(name);
    }
  }
  await q.query(
    `DELETE FROM public_holidays
      WHERE day BETWEEN make_date($1::int, 1, 1) AND make_date($2::int, 12, 31) AND day <> ALL($3::date[])`,
    [years.from, years.to, days],
  );
  await q.query(
    `INSERT INTO public_holidays (day, name)
     SELECT * FROM unnest($1::date[], $2::text[])
     ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name WHERE public_holidays.name <> EXCLUDED.name`,
    [days, names],
  );
}

/** Whether the table exists yet (a database migrated only part of the way has none). */
export async function hasPublicHolidaysTable(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ found: boolean }>("SELECT to_regclass('public_holidays') IS NOT NULL AS found");
  return rows[0]?.found === true;
}
