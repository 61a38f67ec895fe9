import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { CSV_BOM, csvField, csvHeaderLine, csvLine, neutraliseCell } from './csv.ts';

const FORMULA_CHARS = ['=', '+', '-', '@', '\t', '\r'];

test('fields: quoted only when needed (RFC 4180), quotes doubled', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField(''), '');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('서울특별시 강남구 테헤란로 152, 12층'), '"서울특별시 강남구 테헤란로 152, 12층"');
  assert.equal(csvField(3), '3');
  assert.equal(csvField(-3), '-3', 'a number is written as a number: a negative one is not a formula');
});

test('formula injection (OWASP): a text cell starting with = + - @ tab or CR gets a leading apostrophe', () => {
  assert.equal(csvField("=cmd|' /C calc'!A0"), `'=cmd|' /C calc'!A0`);
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('+1'), "'+1");
  assert.equal(csvField('-2+3'), "'-2+3");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('\t=1'), "'\t=1");
  assert.equal(csvField('\r=1'), `"'\r=1"`);
  assert.equal(csvField('a=1'), 'a=1', 'only the first character matters');
  assert.equal(neutraliseCell('=1'), "'=1");
});

test('records end with CRLF; a file starts with the byte-order mark and its header', () => {
  assert.equal(csvLine(['a', 1, 'b,c']), 'a,1,"b,c"\r\n');
  assert.equal(csvHeaderLine(['x', 'y']), `${CSV_BOM}x,y\r\n`);
});

test('property: any record parses back (csv-parse) to its neutralised cells, none of which starts with a formula character', () => {
  const cell = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", 'a', '가', ' ') }),
  );
  fc.assert(
    fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
      const line = csvLine(cells);
      const records = parse(line, { relax_column_count: false }) as string[][];
      assert.equal(records.length, 1);
      assert.deepEqual(records[0], cells.map(neutraliseCell));
      for (const parsed of records[0]!) assert.ok(!FORMULA_CHARS.includes(parsed[0] ?? ''), `cell ${JSON.stringify(parsed)} starts with a formula character`);
    }),
    { numRuns: 2000 },
  );
});

test('property: a whole file of records parses back with the byte-order mark stripped', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.string(), { minLength: 3, maxLength: 3 }), { maxLength: 10 }), (rows) => {
      const file = csvHeaderLine(['a', 'b', 'c']) + rows.map((r) => csvLine(r)).join('');
      const records = parse(file, { bom: true }) as string[][];
      assert.deepEqual(records, [['a', 'b', 'c'], ...rows.map((r) => r.map(neutraliseCell))]);
    }),
  );
});
