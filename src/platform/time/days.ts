// Calendar days written 'YYYY-MM-DD', counted without a time zone: the
// arithmetic seoul.ts (which re-exports it) and election-days.ts share.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayParts(day: string): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A calendar day `n` days later (earlier for negative n). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = dayParts(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function weekdayOf(day: string): number {
  const [y, m, d] = dayParts(day);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
