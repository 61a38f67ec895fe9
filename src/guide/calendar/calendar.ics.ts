import type { Locale } from '../../platform/i18n/i18n.ts';
import { escapeText, icsDate, icsDateTime, icsLines } from '../../platform/ics.ts';
import { addDays } from '../../platform/time/seoul.ts';
import type { CalendarEntry } from './calendar.schedule.ts';

// The calendar as a subscribable iCalendar feed (RFC 5545): one all-day
// event per deadline on the day that applies (VALUE=DATE, so no time zone
// is needed), its UID the item and the statutory day (a deadline that moves
// keeps its UID, and the calendar app updates it), a description that says
// why it moved. Calendar apps refresh a subscription on their own schedule;
// REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL ask for once a day.

export interface FeedOptions {
  districtCode: string;
  calendarName: string;
  locale: Locale;
  entries: readonly CalendarEntry[];
  stamp: Date;
  /** The page of the deadline's month, for the event's URL. */
  pageUrl: (entry: CalendarEntry) => string;
  /** The sentence that says why a deadline moved, in the feed's language. */
  movedNote: (entry: CalendarEntry) => string;
}

export function buildCalendarFeed(o: FeedOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Tax Station//Local-tax calendar//${o.locale.toUpperCase()}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(o.calendarName)}`,
    `X-WR-CALNAME:${escapeText(o.calendarName)}`,
    'X-WR-TIMEZONE:Asia/Seoul',
    'REFRESH-INTERVAL;VALUE=DURATION:P1D',
    'X-PUBLISHED-TTL:P1D',
  ];
  for (const e of o.entries) {
    const description = [e.item.detail[o.locale], e.movedBecause ? o.movedNote(e) : ''].filter(Boolean).join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.item.code}-${e.statutoryDue}@taxstation.${o.districtCode}`,
      `DTSTAMP:${icsDateTime(o.stamp)}`,
      `DTSTART;VALUE=DATE:${icsDate(e.due)}`,
      `DTEND;VALUE=DATE:${icsDate(addDays(e.due, 1))}`,
      `SUMMARY:${escapeText(e.item.title[o.locale])}`,
      ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
      `URL:${o.pageUrl(e)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return icsLines(lines);
}
