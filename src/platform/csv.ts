// THE CSV writer of every export (the risk list, the mail house's paper
// manifest, …): RFC 4180 (CRLF line ends; a field quoted when it holds a
// comma, quote or line break, its quotes doubled), and a file starts with a
// UTF-8 byte-order mark so that spreadsheet programs read Korean correctly.
//
// An export must not become an attack on whoever opens it (OWASP "CSV
// injection"): a text cell that starts with = + - @ tab or carriage return
// would be run by a spreadsheet as a formula, so it gets a leading
// apostrophe, which spreadsheets show as text and do not display. Numbers
// are written as numbers (a negative number is not a formula).

export const CSV_BOM = '\uFEFF';

/** Characters that make a spreadsheet read a cell as a formula when it starts with one. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text a cell holds once neutralised: the value, with an apostrophe before a formula character. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One field, neutralised and quoted as RFC 4180 needs. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : neutraliseCell(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ending with CRLF. */
export function csvLine(values: readonly (string | number)[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** The first line of a file: the byte-order mark and the header record. */
export function csvHeaderLine(columns: readonly string[]): string {
  return CSV_BOM + csvLine(columns);
}
