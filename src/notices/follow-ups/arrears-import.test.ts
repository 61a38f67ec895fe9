import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { parseArrearsFile } from './arrears-import.service.ts';

// The arrears file from the levy system: every bad row named, both encodings
// and header languages read alike. Importing and issuing the arrears notices
// is tested with the delivery queue (delivery/queue/follow-ups.test.ts).

test('the arrears file parser names the line, column and reason of every bad row', () => {
  const { problems } = parseArrearsFile(Buffer.from('고지번호,과세연도,체납액,가산금,납기\nA-1,2026,"12,340",300,2026-08-31\nA-2,2026,12.5,300,2026-02-30\nA-1,2026,1,0,2026-08-31\n'));
  assert.deepEqual(problems, [
    { line: 3, field: 'unpaid_amount', reason: 'a whole number of won, like 123,450' },
    { line: 3, field: 'due_date', reason: 'not a date in the calendar' },
    { line: 4, field: 'notice_no', reason: 'duplicate of line 2' },
  ]);
  assert.equal(parseArrearsFile(Buffer.from('')).problems[0]!.reason, 'the file is empty');
  assert.equal(parseArrearsFile(Buffer.from('notice_no,tax_year\nA,2026\n')).problems[0]!.field, 'unpaid_amount');
  const cp949 = iconv.encode('고지번호,과세연도,체납액,가산금,납기\nA-1,2026,1000,30,20260831\n', 'cp949');
  assert.deepEqual(parseArrearsFile(cp949).rows.map((r) => [r.notice_no, r.unpaid_amount, r.due_date]), [['A-1', 1000, '2026-08-31']]);
});

test('amounts with or without thousands separators read the same', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (n) => {
      const plain = parseArrearsFile(Buffer.from(`notice_no,tax_year,unpaid_amount,additional_dues,due_date\nA,2026,${n},0,2026-08-31\n`));
      const grouped = parseArrearsFile(Buffer.from(`notice_no,tax_year,unpaid_amount,additional_dues,due_date\nA,2026,"${n.toLocaleString('en-US')}",0,2026-08-31\n`));
      return plain.rows[0]!.unpaid_amount === n && grouped.rows[0]!.unpaid_amount === n;
    }),
  );
});
