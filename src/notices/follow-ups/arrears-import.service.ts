import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { arrearsImportMessages } from './arrears-import.messages.ts';

// The levy system's arrears file: one row per unpaid notice, with the unpaid
// amount and the additional dues. Small files (the unpaid part of a season):
// read whole, every row validated before anything is written, imported whole
// or not at all. Re-importing the same file changes nothing.

const HEADERS: Record<string, string> = {
  notice_no: 'notice_no', 고지번호: 'notice_no',
  tax_year: 'tax_year', 과세연도: 'tax_year',
  unpaid_amount: 'unpaid_amount', 체납액: 'unpaid_amount',
  additional_dues: 'additional_dues', 가산금: 'additional_dues',
  due_date: 'due_date', 납기: 'due_date',
};
const REQUIRED = ['notice_no', 'tax_year', 'unpaid_amount', 'additional_dues', 'due_date'];

const won = z
  .string()
  .trim()
  .regex(/^(\d{1,3}(,\d{3})+|\d+)$/, 'a whole number of won, like 123,450')
  .transform((v) => Number(v.replace(/,/g, '')));
const date = z
  .string()
  .trim()
  .regex(/^\d{4}-?\d{2}-?\d{2}$/, 'a date like 2026-08-31')
  .transform((v) => (v.length === 8 ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v))
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'not a date in the calendar');
const rowSchema = z.object({
  notice_no: z.string().trim().min(1, 'required').max(40),
  tax_year: z.string().trim().regex(/^\d{4}$/, 'a year like 2026').transform(Number),
  unpaid_amount: won,
  additional_dues: won,
  due_date: date,
});
export type ArrearsRow = z.output<typeof rowSchema>;

/** UTF-8 (with or without BOM) or CP949, detected. */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') ? iconv.decode(bytes, 'cp949') : utf8;
}

export function parseArrearsFile(bytes: Buffer): { rows: (ArrearsRow & { line: number })[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  let records: string[][];
  try {
    records = parse(decode(bytes), { relax_column_count: false, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { rows: [], problems: [{ line, field: 'file', reason: `not a CSV file: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { rows: [], problems: [{ line: 1, field: 'file', reason: 'the file is empty' }] };
  const header = records[0]!.map((h) => HEADERS[h.trim()] ?? null);
  for (const required of REQUIRED) if (!header.includes(required)) problems.push({ line: 1, field: required, reason: 'required column missing' });
  if (problems.length) return { rows: [], problems };
  const rows: (ArrearsRow & { line: number })[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const raw = Object.fromEntries(header.flatMap((name, c) => (name ? [[name, record[c] ?? '']] : [])));
    const result = rowSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ line, field: String(issue.path[0] ?? 'row'), reason: issue.message });
      return;
    }
    const key = `${result.data.tax_year}/${result.data.notice_no}/${result.data.due_date}`;
    if (seen.has(key)) problems.push({ line, field: 'notice_no', reason: `duplicate of line ${seen.get(key)}` });
    else seen.set(key, line);
    rows.push({ ...result.data, line });
  });
  return { rows, problems };
}

export interface ArrearsImportResult {
  imported: number;
  unchanged: number;
}

export async function importArrears(
  db: Database,
  args: { districtCode: string; bytes: Buffer; fileName: string; importedBy: string },
): Promise<ArrearsImportResult> {
  const { rows, problems } = parseArrearsFile(args.bytes);
  if (problems.length) {
    throw new AppError('arrears_file_rejected', 422, arrearsImportMessages.both('file_rejected'), problems);
  }
  return db.transaction(async (tx) => {
    const { rows: found } = await tx.query<{ line: number; notice_id: number | null }>(
      `SELECT x.line, n.id AS notice_id
         FROM unnest($2::int[], $3::text[], $4::int[]) AS x(line, no, year)
         LEFT JOIN notices n ON n.district_code = $1 AND n.notice_no = x.no AND n.tax_year = x.year`,
      [args.districtCode, rows.map((r) => r.line), rows.map((r) => r.notice_no), rows.map((r) => r.tax_year)],
    );
    const missing = found.filter((f) => f.notice_id === null);
    if (missing.length) {
      throw new AppError(
        'arrears_file_rejected',
        422,
        arrearsImportMessages.both('unknown_notices'),
        missing.map((m) => ({ line: m.line, field: 'notice_no', reason: 'no such notice in this district and tax year' })),
      );
    }
    const noticeByLine = new Map(found.map((f) => [f.line, f.notice_id!]));
    const { rowCount } = await tx.query(
      `INSERT INTO arrears (district_code, notice_id, unpaid_amount, additional_dues, due_date, file_name, imported_by)
       SELECT $1, x.notice_id, x.unpaid, x.dues, x.due, $6, $7
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::date[]) AS x(notice_id, unpaid, dues, due)
       ON CONFLICT (notice_id, due_date) DO NOTHING`,
      [
        args.districtCode,
        rows.map((r) => noticeByLine.get(r.line)),
        rows.map((r) => r.unpaid_amount),
        rows.map((r) => r.additional_dues),
        rows.map((r) => r.due_date),
        args.fileName,
        args.importedBy,
      ],
    );
    return { imported: rowCount, unchanged: rows.length - rowCount };
  });
}
