import type { Database, Transaction } from '../../platform/db/database.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { districtExists } from '../../platform/districts/districts.repository.ts';
import { hashNormalised, sealPersonalFields } from '../../taxpayers/taxpayers.repository.ts';
import { CsvRecordReader, type CsvRecord } from './roll-csv.ts';
import { DEFAULT_ROLL_MAX_BYTES, RollFileError, decodeRoll, encodeLike, tooLarge, type RollEncoding } from './roll-decode.ts';
import { FIELD_KO, ROLL_COLUMNS, mapHeader, rollRowSchema, type HeaderMapping, type RawRollRow, type RollColumn, type RollRow } from './roll-format.ts';
import { quickRollRow } from './roll-row-quick.ts';
import { SealedTaxpayerSet } from './sealed-taxpayers.ts';
import * as SQL from './roll-import.sql.ts';
import { mergeRollTaxpayers, recordRollContactConflicts } from '../../taxpayers/roll-merge.repository.ts';

// Imports a tax roll (shared/formats/tax-roll.md) in one transaction. Rows
// stream through: decode → CSV records → row check (quickRollRow, zod for
// the rows it refuses) → seal personal fields (once per distinct taxpayer)
// → COPY into temporary tables in batches, one batch on its way to the
// database while the next is read. The merge into taxpayers and notices is
// set-based SQL at the end. Bad input never throws: it comes back as a
// report with status 'rejected' and the database as it was.

export interface RollImportOptions {
  districtCode: string;
  input: NodeJS.ReadableStream;
  fileName: string;
  sizeBytes?: number;
  actor: { type: 'staff' | 'import'; id: string };
  skipInvalid?: boolean;
  rejects?: NodeJS.WritableStream;
  onProgress?: (rowsRead: number) => void;
  /** Called as each phase starts (for benchmarks: where the time goes). */
  onPhase?: (phase: RollImportPhase) => void;
  maxBytes?: number;
}

/** read: decode, check, seal and stage; check: file-wide checks; merge: into the registry; analyze: statistics after commit */
export type RollImportPhase = 'read' | 'check' | 'merge' | 'analyze';

export interface RollImportProblem {
  line: number;
  field: string;
  reason: string;
  code: string;
  reasonKo?: string;
}

export interface RollImportReport {
  status: 'imported' | 'rejected';
  importId: number | null;
  encoding: 'utf-8' | 'utf-8-bom' | 'cp949' | null;
  rowsTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  conflicts: { line: number; taxpayerNo: string; fields: string[] }[];
  errors: RollImportProblem[];
  errorsNotShown: number;
  unknownColumns: string[];
  /** conflicts beyond those listed */
  conflictsNotShown?: number;
}

const BATCH_ROWS = 2000;
// decoded text is parsed this many characters at a time, so that a chunk's
// records die young instead of outliving many minor GCs in one array
const PARSE_CHARS = 1 << 16;
const MAX_ERRORS_SHOWN = 1000;
const MAX_CONFLICTS_SHOWN = 10000;
const PROGRESS_EVERY = 10000;

class Rejected extends Error {}

// bytea in its text form for COPY. copyTextValue() in platform/db/database.ts
// escapes the backslash of Buffers twice (the value arrives as the text
// "\\x…"), so sealed values go in as hex text.
const hex = (b: Buffer | null) => (b === null ? null : `\\x${b.toString('hex')}`);

function emptyReport(): RollImportReport {
  return {
    status: 'rejected', importId: null, encoding: null, rowsTotal: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0,
    conflicts: [], errors: [], errorsNotShown: 0, unknownColumns: [],
  };
}

function fileProblem(e: RollFileError): RollImportProblem {
  return { line: e.line, field: 'file', code: e.code, reason: e.reason, reasonKo: e.reasonKo };
}

function destroyInput(input: NodeJS.ReadableStream): void {
  const s = input as NodeJS.ReadableStream & { destroy?: () => void };
  s.destroy?.();
}

export async function importRoll(
  deps: { db: Database; cipher: PersonalDataCipher },
  options: RollImportOptions,
): Promise<RollImportReport> {
  const { db, cipher } = deps;
  if (!(await districtExists(db, options.districtCode))) {
    destroyInput(options.input);
    throw new AppError('district_not_found', 404, {
      ko: `구 코드 '${options.districtCode}'가 없습니다.`,
      en: `There is no district with the code '${options.districtCode}'.`,
    });
  }
  const maxBytes = options.maxBytes ?? DEFAULT_ROLL_MAX_BYTES;
  const report = emptyReport();
  if (options.sizeBytes !== undefined && options.sizeBytes > maxBytes) {
    // refused before a byte is read
    destroyInput(options.input);
    report.errors.push(fileProblem(tooLarge(maxBytes)));
    return report;
  }
  const startedAt = new Date();
  try {
    const imported = await db.transaction((tx) => runImport(tx, cipher, options, maxBytes, report, startedAt));
    // Fresh planner statistics after a bulk load: PGlite has no autovacuum,
    // and issuing a season joins these tables right after.
    if (imported.status === 'imported' && imported.inserted + imported.updated > 0) {
      options.onPhase?.('analyze');
      await db.exec('ANALYZE taxpayers, notices');
    }
    return imported;
  } catch (error) {
    if (error instanceof Rejected) {
      report.status = 'rejected';
      report.importId = null;
      report.inserted = report.updated = report.unchanged = 0;
      report.conflicts = [];
      return report;
    }
    throw error;
  } finally {
    destroyInput(options.input);
  }
}

async function runImport(
  tx: Transaction,
  cipher: PersonalDataCipher,
  options: RollImportOptions,
  maxBytes: number,
  report: RollImportReport,
  startedAt: Date,
): Promise<RollImportReport> {
  const skipInvalid = options.skipInvalid === true;
  const rejects = skipInvalid ? options.rejects : undefined;
  const decoded = decodeRoll(options.input as AsyncIterable<Buffer | string>, maxBytes);
  const reader = new CsvRecordReader();

  const shown = report.errors;
  const problem = (p: RollImportProblem) => {
    if (shown.length < MAX_ERRORS_SHOWN) shown.push(p);
    else report.errorsNotShown++;
  };

  options.onPhase?.('read');
  await tx.exec(SQL.CREATE_STAGE);
  const { rows: importRows } = await tx.query<{ id: number }>(
    `INSERT INTO roll_imports (district_code, file_name, file_sha256, encoding, rows_total, rows_inserted, rows_updated,
       rows_unchanged, rows_rejected, conflicts, imported_by, started_at)
     VALUES ($1, $2, '', '', 0, 0, 0, 0, 0, 0, $3, $4) RETURNING id`,
    [options.districtCode, options.fileName.slice(0, 300), `${options.actor.type}:${options.actor.id}`, startedAt],
  );
  const importId = importRows[0]!.id;

  let header: HeaderMapping | null = null;
  let headerRaw = '';
  let lineEnd = '\r\n';
  let rejectsStarted = false;
  // Each taxpayer is sealed (encrypted) at its first row; its later rows
  // carry only the look-up hash of the birth date, for the name and birth
  // date check in SQL. A taxpayer sealed twice is merged in SQL.
  const sealedTaxpayers = new SealedTaxpayerSet();
  let noticeBatch: unknown[][] = [];
  let taxpayerBatch: unknown[][] = [];
  let validRows = 0;

  const writeReject = async (raw: string) => {
    if (!rejects) return;
    const encoding = decoded.encoding() ?? 'utf-8';
    let text = '';
    if (!rejectsStarted) {
      rejectsStarted = true;
      text = headerRaw.endsWith('\n') ? headerRaw : headerRaw + lineEnd;
      if (encoding === 'utf-8-bom') text = '\ufeff' + text;
    }
    if (raw) text += raw.endsWith('\n') ? raw : raw + lineEnd;
    if (!rejects.write(encodeLike(encoding, text))) await new Promise((resolve) => rejects.once('drain', resolve));
  };

  // One batch is copied while the next is read, checked and sealed, so the
  // database server and this process work at the same time. Never more than
  // one: memory stays bounded, and the transaction's connection runs one
  // statement at a time.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const taxpayers = taxpayerBatch;
    const notices = noticeBatch;
    taxpayerBatch = [];
    noticeBatch = [];
    await inFlight;
    inFlight = (async () => {
      if (taxpayers.length) await tx.copyRows('roll_stage_taxpayer_rows', SQL.STAGE_TAXPAYER_COLUMNS, taxpayers);
      if (notices.length) await tx.copyRows('roll_stage_notices', SQL.STAGE_NOTICE_COLUMNS, notices);
    })();
    // a failure is thrown by the next await of inFlight, not left unhandled
    inFlight.catch(() => {});
  };

  const takeHeader = (record: CsvRecord) => {
    headerRaw = record.raw;
    lineEnd = record.raw.endsWith('\r\n') ? '\r\n' : '\n';
    const fileError = (code: string, reason: string, reasonKo: string, field = 'header') => {
      problem({ line: record.line, field, code, reason, reasonKo });
    };
    if (!record.fields) {
      fileError(record.error!.code, record.error!.reason, record.error!.reasonKo);
      throw new Rejected();
    }
    const mapping = mapHeader(record.fields);
    report.unknownColumns = mapping.unknown;
    if (mapping.positions.every((p) => p === null)) {
      fileError(
        'file_not_csv',
        'the first line names none of the roll columns (notice_no, taxpayer_no, …): this is not a tax-roll CSV file',
        '첫 줄에 명부 열 이름(고지번호, 납세자번호 …)이 하나도 없습니다. 과세 명부 CSV 파일이 아닙니다.',
        'file',
      );
      throw new Rejected();
    }
    for (const column of mapping.missing) {
      const ko = FIELD_KO[column];
      fileError('missing_column', `the required column ${column} (${ko}) is missing from the header`, `필수 열 ${ko}(${column})이(가) 머리글에 없습니다.`, column);
    }
    for (const d of mapping.duplicated) {
      fileError('duplicate_column', `the column ${d.column} appears more than once (${d.headers.join(', ')})`, `${FIELD_KO[d.column]} 열이 두 번 이상 있습니다 (${d.headers.join(', ')}).`, d.column);
    }
    if (mapping.missing.length || mapping.duplicated.length) throw new Rejected();
    header = mapping;
  };

  const takeRow = async (record: CsvRecord, mapping: HeaderMapping) => {
    report.rowsTotal++;
    const rowProblems: RollImportProblem[] = [];
    let row: RollRow | null = null;
    if (!record.fields) {
      rowProblems.push({ line: record.line, field: 'row', code: record.error!.code, reason: record.error!.reason, reasonKo: record.error!.reasonKo });
    } else if (record.fields.length !== mapping.positions.length) {
      rowProblems.push({
        line: record.line,
        field: 'row',
        code: 'wrong_field_count',
        reason: `the row has ${record.fields.length} fields but the header has ${mapping.positions.length}`,
        reasonKo: `이 줄의 필드는 ${record.fields.length}개이지만 머리글은 ${mapping.positions.length}개입니다.`,
      });
    } else {
      const raw = {} as RawRollRow;
      for (const c of ROLL_COLUMNS) {
        const i = mapping.index[c.name];
        raw[c.name] = i === undefined ? '' : record.fields[i]!;
      }
      row = quickRollRow(raw);
      const parsed = row === null ? rollRowSchema.safeParse(raw) : null;
      if (parsed?.success) row = parsed.data;
      else if (parsed) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'row') as RollColumn;
          const params = (issue as { params?: { code?: string; reasons?: { ko: string } } }).params;
          const code = issue.message === 'required' ? `${field}_required` : params?.code ? `${field}_${params.code}` : `${field}_invalid`;
          const reason = issue.message === 'required' ? `${field} is required` : issue.message;
          const label = FIELD_KO[field] ?? field;
          // Every check gives its Korean (params.reasons); a length is said in characters; nothing English inside the Korean.
          const reasonKo =
            issue.message === 'required' ? `${label} 값이 필요합니다.`
            : params?.reasons ? `${label}: ${params.reasons.ko}`
            : issue.code === 'too_big' ? `${label} 값은 ${(issue as { maximum?: number }).maximum}자 이하로 적어 주세요.`
            : `${label} 값이 올바르지 않습니다.`;
          rowProblems.push({ line: record.line, field, code, reason, reasonKo });
        }
      }
    }
    let birthHash: string | null = null;
    if (row) {
      if (!sealedTaxpayers.add(row.taxpayer_no, row.name, row.birth_date)) birthHash = hex(hashNormalised(cipher, 'birth_date', row.birth_date));
      else {
        const sealed = sealPersonalFields(cipher, {
          birthDate: row.birth_date,
          identityKey: row.identity_key,
          mobileE164: row.mobile?.e164 ?? null,
          email: row.email,
        });
        birthHash = hex(sealed.birth_date_hash)!;
        taxpayerBatch.push([
          row.taxpayer_no, record.line, row.name, hex(sealed.birth_date_enc), birthHash, hex(sealed.identity_key_enc),
          hex(sealed.identity_key_hash), hex(sealed.mobile_enc), hex(sealed.mobile_hash), row.mobile?.legacy ?? false, hex(sealed.email_enc),
          hex(sealed.email_hash), row.postal_code, row.address, row.e_notice.kakao, row.e_notice.sms, row.e_notice.email,
        ]);
      }
    }
    if (rowProblems.length || !row) {
      report.rejected++;
      for (const p of rowProblems) problem(p);
      await writeReject(record.raw);
      return;
    }
    validRows++;
    noticeBatch.push([
      record.line, row.notice_no, row.tax_year, row.taxpayer_no, row.tax_item, row.period, row.amount, row.due_date,
      row.payment_account, row.name, birthHash, rejects ? record.raw : null,
    ]);
    if (noticeBatch.length >= BATCH_ROWS) await flush();
  };

  try {
    const handle = async (records: CsvRecord[]) => {
      for (const record of records) {
        if (!record.raw.trim()) continue; // blank line
        if (header === null) takeHeader(record);
        else {
          await takeRow(record, header);
          if (options.onProgress && report.rowsTotal % PROGRESS_EVERY === 0) options.onProgress(report.rowsTotal);
        }
      }
    };
    for await (const text of decoded.text) {
      report.encoding = decoded.encoding();
      for (let at = 0; at < text.length; at += PARSE_CHARS) await handle(reader.push(text.slice(at, at + PARSE_CHARS)));
    }
    report.encoding = decoded.encoding();
    await handle(reader.end());
  } catch (error) {
    // the connection is free again before the transaction rolls back
    await inFlight.catch(() => {});
    report.encoding = decoded.encoding();
    if (error instanceof RollFileError) {
      problem(fileProblem(error));
      throw new Rejected();
    }
    throw error;
  }
  if (header === null) {
    problem(fileProblem(new RollFileError('file_empty', 'the file is empty: no header, no rows', '빈 파일입니다: 머리글도 행도 없습니다.')));
    throw new Rejected();
  }
  await flush();
  await inFlight;
  options.onProgress?.(report.rowsTotal);
  options.onPhase?.('check');
  // The checks and the merge sort and hash the whole file; the default
  // 4 MB spills a million rows to disk in many runs. Server memory, for this
  // transaction only; not on PGlite, whose memory is this process's and
  // never shrinks.
  if (tx.engine === 'postgres') await tx.exec("SET LOCAL work_mem = '64MB'");
  // the planner knows nothing of freshly filled temporary tables
  await tx.exec('ANALYZE roll_stage_notices');

  // one taxpayer_no with two names or birth dates: the later lines are wrong
  const dropped = new Set<number>();
  const { rows: mismatches } = await tx.query<{ line: number; first_line: number; raw: string | null }>(SQL.TAXPAYER_MISMATCHES);
  for (const m of mismatches) {
    problem({
      line: m.line,
      field: 'taxpayer_no',
      code: 'taxpayer_mismatch',
      reason: `the same taxpayer_no is on line ${m.first_line} with a different name or date of birth`,
      reasonKo: `같은 납세자번호가 ${m.first_line}번째 줄에 다른 성명 또는 생년월일로 있습니다.`,
    });
    dropped.add(m.line);
    if (m.raw) await writeReject(m.raw);
  }
  // notice numbers twice in the file: every line of them is named
  const { rows: dups } = await tx.query<{ tax_year: number; notice_no: string; lines: number[]; raws: (string | null)[] }>(SQL.DUPLICATE_NOTICES);
  for (const d of dups) {
    for (const [k, line] of d.lines.entries()) {
      const others = d.lines.filter((l) => l !== line).join(', ');
      problem({
        line,
        field: 'notice_no',
        code: 'duplicate_notice_no',
        reason: `the same notice_no (tax year ${d.tax_year}) is also on line ${others}`,
        reasonKo: `같은 고지번호(${d.tax_year}년)가 ${others}번째 줄에도 있습니다.`,
      });
      if (dropped.has(line)) continue;
      dropped.add(line);
      if (d.raws[k]) await writeReject(d.raws[k]!);
    }
  }
  report.rejected += dropped.size;
  validRows -= dropped.size;
  shown.sort((a, b) => a.line - b.line);
  if (report.errors.length && !skipInvalid) throw new Rejected();
  if (dropped.size) await tx.query(SQL.DROP_LINES, [[...dropped]]);
  await tx.exec(SQL.DISTINCT_TAXPAYERS);

  options.onPhase?.('merge');
  await tx.query(SQL.IMPORT_LOCK, [options.districtCode]);
  await tx.exec('ANALYZE roll_stage_taxpayers');
  const { rows: orphans } = await tx.query<{ n: number; line: number | null }>(SQL.NOTICES_WITHOUT_TAXPAYER);
  if (orphans[0]!.n > 0) {
    // only a fingerprint collision in SealedTaxpayerSet can cause this: fail whole rather than drop a notice
    throw new Error(`tax-roll import: the taxpayer of line ${orphans[0]!.line} was not staged; nothing was imported, import the file again`);
  }
  const reason = `tax-roll import #${importId} (${options.fileName.slice(0, 200)})`;
  const actorId = `${options.actor.type}:${options.actor.id}`;
  const conflicts = await recordRollContactConflicts(tx, { districtCode: options.districtCode, importId });
  await mergeRollTaxpayers(tx, { districtCode: options.districtCode, importId, actorId, reason });
  const { rows: counts } = await tx.query<{ inserted: number; updated: number }>(SQL.UPSERT_NOTICES, [options.districtCode, importId]);
  let { inserted, updated } = counts[0]!;
  const { rows: changed } = await tx.query<{ n: number }>('SELECT count(*)::integer AS n FROM roll_changed_taxpayers');
  if (changed[0]!.n > 0) {
    const { rows } = await tx.query<{ n: number }>(SQL.COUNT_TAXPAYER_ONLY_UPDATES, [options.districtCode, importId]);
    updated += rows[0]!.n;
  }
  report.status = 'imported';
  report.importId = importId;
  report.inserted = inserted;
  report.updated = updated;
  report.unchanged = validRows - inserted - updated;
  report.conflicts = conflicts.slice(0, MAX_CONFLICTS_SHOWN).map((c) => ({ line: c.line, taxpayerNo: c.taxpayer_no, fields: c.fields }));
  if (conflicts.length > MAX_CONFLICTS_SHOWN) report.conflictsNotShown = conflicts.length - MAX_CONFLICTS_SHOWN;

  await tx.query(
    `UPDATE roll_imports SET file_sha256 = $2, encoding = $3, rows_total = $4, rows_inserted = $5, rows_updated = $6,
       rows_unchanged = $7, rows_rejected = $8, conflicts = $9, finished_at = now(), report = $10
     WHERE id = $1`,
    [
      importId, decoded.sha256(), report.encoding satisfies RollEncoding | null, report.rowsTotal, report.inserted, report.updated,
      report.unchanged, report.rejected, conflicts.length,
      JSON.stringify({ errors: report.errors, errorsNotShown: report.errorsNotShown, unknownColumns: report.unknownColumns, conflicts: report.conflicts }),
    ],
  );
  if (rejects && !rejectsStarted) await writeReject(''); // header only: nothing was rejected
  return report;
}
