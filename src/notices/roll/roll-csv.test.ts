import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvRecordReader, formatCsvRecord, type CsvRecord } from './roll-csv.ts';

const field = fc.oneof(
  fc.string(),
  fc.stringMatching(/^[a-z0-9 ,"\r\n가-힣]{0,12}$/),
  fc.constantFrom('', '"', '""', ',', '\n', '\r\n', 'a,b', '서울특별시 강남구 영동대로 513, 101동 1204호', '"quoted"'),
);
// a record of only one empty field is a blank line, which the import skips
const records = fc.array(fc.array(field, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 20 });

function readAll(text: string, chunkSizes: number[]): CsvRecord[] {
  const reader = new CsvRecordReader();
  const out: CsvRecord[] = [];
  let pos = 0;
  let i = 0;
  while (pos < text.length) {
    const size = chunkSizes.length ? chunkSizes[i++ % chunkSizes.length]! : text.length;
    out.push(...reader.push(text.slice(pos, pos + size)));
    pos += size;
  }
  out.push(...reader.end());
  return out;
}

test('property: fields with commas, quotes and line breaks round-trip through the writer and the reader, in any chunking', () => {
  fc.assert(
    fc.property(records, fc.constantFrom('\n', '\r\n'), fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 5 }), fc.boolean(), (rows, lineEnd, chunks, lastLineEnd) => {
      let text = rows.map((r) => formatCsvRecord(r, lineEnd)).join('');
      if (!lastLineEnd) text = text.slice(0, -lineEnd.length);
      const got = readAll(text, chunks);
      assert.deepEqual(got.map((r) => r.fields), rows);
      // raw text is the input, cut at record boundaries
      assert.equal(got.map((r) => r.raw).join(''), text);
      // line numbers: each record starts after the line ends before it
      let line = 1;
      for (const [k, r] of got.entries()) {
        assert.equal(r.line, line);
        line += (r.raw.match(/\n/g)?.length ?? 0) + (k === got.length - 1 && !r.raw.endsWith('\n') ? 1 : 0);
      }
    }),
    { numRuns: 500 },
  );
});

test('property: the reader agrees with csv-parse on well-formed CSV', () => {
  fc.assert(
    fc.property(records, fc.constantFrom('\n', '\r\n'), (rows, lineEnd) => {
      const text = rows.map((r) => formatCsvRecord(r, lineEnd)).join('');
      const reference = parse(text, { relax_column_count: true, record_delimiter: lineEnd, skip_empty_lines: false }) as string[][];
      assert.deepEqual(readAll(text, [4096]).map((r) => r.fields), reference);
    }),
    { numRuns: 300 },
  );
});

test('broken records are reported on their own line and reading goes on', () => {
  const text = 'a,b\n"x"y,1\nc,d\ne"f,2\n"open,3\ng,h';
  const got = readAll(text, [3]);
  assert.deepEqual(got.map((r) => [r.line, r.fields, r.error?.code]), [
    [1, ['a', 'b'], undefined],
    [2, null, 'csv_invalid_quote'],
    [3, ['c', 'd'], undefined],
    [4, null, 'csv_invalid_quote'],
    [5, null, 'csv_unclosed_quote'],
    [6, ['g', 'h'], undefined],
  ]);
});
