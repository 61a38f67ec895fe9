import { csvHeaderLine, csvLine } from '../../platform/csv.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { TAX_ITEM_NAMES, TAX_ITEMS } from '../tax-items.ts';
import { E_NOTICE_CHANNELS, ROLL_COLUMNS, type RollColumn, type RollColumnType } from './roll-format.ts';
import { rollFormatMessages } from './roll-format.messages.ts';

// The roll format as the console shows it, made from the column definitions
// the parser reads (roll-format.ts): the words for each column on the upload
// page, and the sample file, whose lines are the columns' sample values. A
// test imports the sample, so what the page shows and what the import takes
// cannot disagree.

/** How many lines the sample has: each column has that many sample values. */
export const SAMPLE_LINES = ROLL_COLUMNS[0].samples.length;

// The import takes either language's column names (the Korean ones are what a district's own files use).
const HEADER_NAME: Record<Locale, (c: (typeof ROLL_COLUMNS)[number]) => string> = { ko: (c) => c.ko, en: (c) => c.name };

/** The sample file: a header of English or Korean column names, then one line per sample (UTF-8 with a byte-order mark, CRLF). */
export function rollSampleCsv(headers: Locale): string {
  const header = csvHeaderLine(ROLL_COLUMNS.map(HEADER_NAME[headers]));
  const lines = Array.from({ length: SAMPLE_LINES }, (_, i) => csvLine(ROLL_COLUMNS.map((c) => c.samples[i]!)));
  return header + lines.join('');
}

export const sampleFileName = (headers: Locale) => `tax-roll-sample-${headers}.csv`;

export interface ColumnWords {
  name: RollColumn;
  ko: string;
  required: boolean;
  meaning: string;
  form: string;
  /** Values as the file writes them (2026-07-31, kakao …), shown beside the words; empty when the words say it all. */
  literals: string[];
  /** The first non-empty sample value, or null. */
  example: string | null;
}

/** The literal forms of a kind of value, as the parser takes them. */
function literalsOf(type: RollColumnType): string[] {
  switch (type) {
    case 'date': return ['YYYY-MM-DD', 'YYYYMMDD'];
    case 'mobile': return ['010-1234-5678', '01012345678', '010 1234 5678', '+82 10-1234-5678', '+821012345678'];
    case 'channels': return [...E_NOTICE_CHANNELS.keys()];
    case 'tax_item': return TAX_ITEMS.flatMap((k) => [k, TAX_ITEM_NAMES[k].ko]);
    case 'period': return ['1', '1기'];
    case 'amount': return ['1284500', '1,284,500'];
    default: return [];
  }
}

/** Each column in the reader's language: what it holds and the forms its values may take. */
export function rollColumnWords(locale: Locale): ColumnWords[] {
  return ROLL_COLUMNS.map((c) => ({
    name: c.name,
    ko: c.ko,
    required: c.required,
    meaning: rollFormatMessages.t(locale, `meaning_${c.name}`),
    form: rollFormatMessages.t(locale, `form_${c.type}`, { max: c.max ?? '' }),
    literals: literalsOf(c.type),
    example: c.samples.find((v: string) => v !== '') ?? null,
  }));
}
