// A streaming RFC 4180 record reader that keeps, for every record, the line
// it starts on and its exact text. The import needs both: every problem is
// reported by line, and rejected rows are written out unchanged. csv-parse
// 7 could not give us either reliably (its line count doubles CRLF inside
// quoted fields, its raw text loses the line end, and after one bad quote it
// swallows the rest of the file), so it serves as the reference this reader
// is property-tested against instead.

export interface CsvRecord {
  /** 1-based line on which the record starts */
  line: number;
  /** the fields, or null when the record is not valid CSV */
  fields: string[] | null;
  /** the record's text exactly as read, with its line end when it had one */
  raw: string;
  error?: { code: 'csv_unclosed_quote' | 'csv_invalid_quote' | 'csv_record_too_long'; reason: string; reasonKo: string };
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const INVALID_QUOTE = {
  code: 'csv_invalid_quote' as const,
  reason: 'a quote (") in the wrong place: quote the whole field and double quotes inside it ("")',
  reasonKo: '따옴표(")의 위치가 잘못되었습니다. 필드 전체를 따옴표로 감싸고 안의 따옴표는 두 번("") 쓰세요.',
};
const UNCLOSED_QUOTE = {
  code: 'csv_unclosed_quote' as const,
  reason: 'a quoted field is never closed',
  reasonKo: '따옴표로 시작한 필드가 닫히지 않았습니다.',
};

type Parsed = { fields: string[]; end: number; lines: number } | { error: typeof INVALID_QUOTE; end: number; lines: number } | null;

export class CsvRecordReader {
  private buf = '';
  private line = 1;

  /** @param maxRecordChars a record longer than this is reported as an unclosed quote */
  constructor(private readonly maxRecordChars = 1 << 16) {}

  push(chunk: string): CsvRecord[] {
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    return this.drain(false);
  }

  end(): CsvRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const buf = this.buf;
    let pos = 0;
    while (pos < buf.length) {
      const parsed = parseRecord(buf, pos, final);
      if (parsed === null) {
        // incomplete: wait for more, unless it can never close
        if (final || buf.length - pos > this.maxRecordChars) {
          const nl = buf.indexOf('\n', pos);
          const end = nl === -1 ? buf.length : nl + 1;
          out.push({ line: this.line, fields: null, raw: buf.slice(pos, end), error: UNCLOSED_QUOTE });
          this.line += 1;
          pos = end;
          continue;
        }
        break;
      }
      const raw = buf.slice(pos, parsed.end);
      if ('error' in parsed) out.push({ line: this.line, fields: null, raw, error: parsed.error });
      else out.push({ line: this.line, fields: parsed.fields, raw });
      this.line += parsed.lines;
      pos = parsed.end;
    }
    this.buf = pos === 0 ? buf : buf.slice(pos);
    return out;
  }
}

/** Skips to just after the next line end: where a broken record stops. */
function toLineEnd(buf: string, pos: number, lines: number): { end: number; lines: number } {
  const nl = buf.indexOf('\n', pos);
  return nl === -1 ? { end: buf.length, lines: lines + 1 } : { end: nl + 1, lines: lines + 1 };
}

function countLf(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** One record from pos; null when the buffer ends before the record does (and more may come). */
function parseRecord(buf: string, pos: number, final: boolean): Parsed {
  const fields: string[] = [];
  let i = pos;
  let extraLines = 0;
  const n = buf.length;
  for (;;) {
    if (i < n && buf.charCodeAt(i) === QUOTE) {
      // quoted field: find the closing quote, skipping doubled ones
      let j = i + 1;
      let doubled = false;
      for (;;) {
        const q = buf.indexOf('"', j);
        if (q === -1) return null;
        if (q + 1 < n && buf.charCodeAt(q + 1) === QUOTE) {
          doubled = true;
          j = q + 2;
          continue;
        }
        if (q + 1 >= n && !final) return null;
        let value = buf.slice(i + 1, q);
        extraLines += countLf(value);
        if (doubled) value = value.replaceAll('""', '"');
        fields.push(value);
        i = q + 1;
        break;
      }
      if (i >= n) return { fields, end: i, lines: extraLines + 1 };
      const c = buf.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === LF) return { fields, end: i + 1, lines: extraLines + 1 };
      if (c === CR && i + 1 < n && buf.charCodeAt(i + 1) === LF) return { fields, end: i + 2, lines: extraLines + 1 };
      if (c === CR && i + 1 >= n && !final) return null;
      const skip = toLineEnd(buf, i, extraLines);
      if (skip.end === n && buf.charCodeAt(n - 1) !== LF && !final) return null;
      return { error: INVALID_QUOTE, ...skip };
    }
    // unquoted field: up to the next comma or line end; a quote inside is an error
    let j = i;
    for (; j < n; j++) {
      const c = buf.charCodeAt(j);
      if (c === COMMA || c === LF) break;
      if (c === QUOTE) {
        const skip = toLineEnd(buf, j, extraLines);
        if (skip.end === n && buf.charCodeAt(n - 1) !== LF && !final) return null;
        return { error: INVALID_QUOTE, ...skip };
      }
    }
    if (j >= n) {
      if (!final) return null;
      fields.push(buf.slice(i, j));
      return { fields, end: n, lines: extraLines + 1 };
    }
    if (buf.charCodeAt(j) === COMMA) {
      fields.push(buf.slice(i, j));
      i = j + 1;
      continue;
    }
    // line end; CRLF's CR is not part of the field
    fields.push(buf.slice(i, j > i && buf.charCodeAt(j - 1) === CR ? j - 1 : j));
    return { fields, end: j + 1, lines: extraLines + 1 };
  }
}

/** Writes one CSV record (RFC 4180): the counterpart used by rejects files and tests. */
export function formatCsvRecord(fields: readonly string[], lineEnd = '\r\n'): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',') + lineEnd;
}
