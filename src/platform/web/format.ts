import { formatNumber, type Locale } from '../i18n/i18n.ts';

// How every page writes dates, instants, counts and shares, whatever the
// domain: one date format per language (KRDS and the Korean government's
// style: "2026. 6. 12."; English: "12 June 2026"), times in Seoul on the
// 24-hour clock, counts with thousands separators (formatNumber in
// platform/i18n, re-exported here). The dates live in platform/web/browser/dates.ts,
// a file without imports that the browser bundles share too; notices (paper,
// KakaoTalk, SMS, e-mail) write their dates with it as well.

export { formatNumber };
export { formatDateTime, formatDateTimeWithWeekday, formatDay, formatDayWithWeekday, formatSeoulTime, formatTime, parseDay, type Day } from './browser/dates.ts';

/** A share from 0 to 1 as a percentage to one decimal: 0.3333 → "33.3%". */
export function formatPercent(locale: Locale, share: number): string {
  return `${formatNumber(locale, Math.round(share * 1000) / 10)}%`;
}
