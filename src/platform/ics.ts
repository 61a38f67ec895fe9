// The pieces of an iCalendar file (RFC 5545) every calendar of the product
// writes the same way: CRLF line ends and lines folded at 75 octets, never
// inside a UTF-8 sequence (3.1), TEXT values escaped (3.3.11), UTC
// date-times (3.3.5 form #2) and all-day dates (3.3.4).

/** 20260608T011000Z */
export function icsDateTime(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** TEXT value escaping (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds one content line into lines of at most 75 octets (the CRLF not counted), splitting only between characters. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** 20260608 (a VALUE=DATE, for all-day events) from 'YYYY-MM-DD'. */
export function icsDate(day: string): string {
  return day.replace(/-/g, '');
}

/** The lines of a calendar object, folded, CRLF-terminated. */
export function icsLines(lines: readonly string[]): string {
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** Undoes folding (RFC 5545 3.1): a CRLF followed by one space or tab is removed. */
export function unfold(text: string): string {
  return text.replace(/\r\n[ \t]/g, '');
}
