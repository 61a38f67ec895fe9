import { formatNumber, intlLocale, type Locale } from '../i18n/i18n.ts';

// How staff pages write instants and shares, whatever the domain: an instant
// in Seoul time to the second (a legal moment may hang on it), a share as a
// percentage to one decimal. Counts: formatNumber() in platform/i18n.

const seoulTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** An instant in Seoul time, to the second, marked KST: "2026. 07. 28. 10:00:00 KST" (ko), "28/07/2026, 10:00:00 KST" (en). */
export function formatSeoulTime(locale: Locale, at: Date): string {
  let format = seoulTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(locale), {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Seoul',
    });
    seoulTimeFormats.set(locale, format);
  }
  return `${format.format(at)} KST`;
}

/** A share from 0 to 1 as a percentage to one decimal: 0.3333 → "33.3%". */
export function formatPercent(locale: Locale, share: number): string {
  return `${formatNumber(locale, Math.round(share * 1000) / 10)}%`;
}
