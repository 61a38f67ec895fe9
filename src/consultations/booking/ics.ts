// An iCalendar file (RFC 5545) for one consultation, written by hand: the
// format is small, and what matters is done as the RFC says:
//   - CRLF line ends (3.1);
//   - content lines folded at 75 octets, continuation lines starting with a
//     space, never inside a UTF-8 sequence (3.1: "SHOULD NOT be longer than
//     75 octets … multi-octet characters MUST NOT be split");
//   - TEXT values escaped: backslash, semicolon, comma and newline (3.3.11);
//   - DTSTART/DTEND/DTSTAMP as UTC date-times ("…Z", 3.3.5 form #2), so no
//     VTIMEZONE is needed and every calendar shows the Seoul time correctly;
//   - a UID that stays the same across changes and a SEQUENCE that grows
//     with each (5545 3.8.7.4; RFC 5546 uses them to update an event);
//   - METHOD:PUBLISH with STATUS CONFIRMED or CANCELLED.

import { escapeText, icsDateTime, icsLines } from '../../platform/ics.ts';

export { unfold } from '../../platform/ics.ts';

export interface IcsEvent {
  /** Stable across moves: the booking reference and the host, e.g. 7K3M-9Q2P@taxstation.seocho */
  uid: string;
  /** Grows with every change (the booking's version - 1). */
  sequence: number;
  start: Date;
  end: Date;
  stamp: Date;
  summary: string;
  description: string;
  location: string;
  url?: string;
  cancelled: boolean;
  /** Minutes before the start for display alarms (VALARM), e.g. [60]. */
  alarmsMinutesBefore?: number[];
}

export function buildIcs(event: IcsEvent, productId = '-//Tax Station//Consultations//KO'): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${productId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icsDateTime(event.stamp)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    `DTEND:${icsDateTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `LOCATION:${escapeText(event.location)}`,
    ...(event.url ? [`URL:${event.url}`] : []),
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    ...(event.cancelled ? [] : (event.alarmsMinutesBefore ?? []).flatMap((m) => [
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(event.summary)}`,
      `TRIGGER:-PT${m}M`,
      'END:VALARM',
    ])),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return icsLines(lines);
}
