import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { before, test } from 'node:test';
import iconv from 'iconv-lite';
import { forEachEngine } from '../../../test-support/engines.ts';
import { AppError } from '../../platform/errors.ts';
import { decryptContacts, findTaxpayer, sealPersonalFields } from '../../taxpayers/taxpayers.repository.ts';
import { importRoll } from './roll-import.service.ts';
import {
  KOREAN_HEADER, SAMPLE, SAMPLE_HEADER, SAMPLE_ROWS, ensureDistricts, importText, tableCounts, testCipher,
} from '../../../test-support/roll-fixtures.ts';

const row = (n: number, overrides: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    notice_no: `2026-0900-${String(n).padStart(6, '0')}`,
    taxpayer_no: `P${String(n).padStart(8, '0')}`,
    name: '최예린',
    birth_date: '1988-05-06',
    identity_key: '',
    mobile: '010-5555-1234',
    email: '',
    e_notice: 'sms',
    postal_code: '06500',
    address: '서울특별시 서초구 반포대로 1',
    tax_item: 'property_tax',
    tax_year: '2026',
    period: '2',
    amount: '10000',
    due_date: '2026-09-30',
    payment_account: '',
    ...overrides,
  };
  return SAMPLE_HEADER.split(',').map((c) => (/[",\n]/.test(base[c]!) ? `"${base[c]!.replaceAll('"', '""')}"` : base[c]!)).join(',');
};
const file = (...rows: string[]) => [SAMPLE_HEADER, ...rows].join('\n') + '\n';

function collector() {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      parts.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, bytes: () => Buffer.concat(parts) };
}

forEachEngine('tax-roll import', (ctx) => {
  before(async () => {
    await ensureDistricts(ctx.db);
  });

  /** Imports a file expected to be refused and checks that nothing in the database changed. */
  async function expectRejected(content: string | Buffer, options: Parameters<typeof importText>[2] = {}) {
    const before = await tableCounts(ctx.db);
    const report = await importText(ctx.db, content, { districtCode: 'seocho', ...options });
    assert.equal(report.status, 'rejected');
    assert.equal(report.importId, null);
    assert.ok(report.errors.length > 0, 'a rejected file names its problems');
    for (const e of report.errors) {
      assert.equal(typeof e.line, 'number');
      assert.ok(e.field && e.reason && e.code);
    }
    assert.deepEqual(await tableCounts(ctx.db), before, 'the database is unchanged');
    return report;
  }

  test('the format document sample imports, and contacts are sealed and normalised', async () => {
    const report = await importText(ctx.db, SAMPLE);
    assert.equal(report.status, 'imported');
    assert.equal(report.encoding, 'utf-8');
    assert.deepEqual([report.rowsTotal, report.inserted, report.updated, report.unchanged, report.rejected], [3, 3, 0, 0, 0]);
    const { rows: notices } = await ctx.db.query<{ notice_no: string; amount: number; due_date: string; period: number; payment_account: string | null }>(
      "SELECT notice_no, amount, due_date, period, payment_account FROM notices WHERE district_code = 'gangnam' ORDER BY notice_no",
    );
    assert.deepEqual(notices.map((n) => [n.notice_no, n.amount, n.due_date, n.period]), [
      ['2026-0700-000001', 1284500, '2026-07-31', 1],
      ['2026-0700-000002', 356000, '2026-07-31', 1],
      ['2026-0700-000003', 2045000, '2026-07-31', 1],
    ]);
    assert.equal(notices[2]!.payment_account, null);
    const second = await findTaxpayer(ctx.db, testCipher, 'gangnam', { taxpayerNo: 'T00012346' });
    assert.ok(second);
    assert.equal(second.mobile_legacy, true);
    assert.deepEqual([second.enrol_kakao, second.enrol_sms, second.enrol_email], [false, true, false]);
    assert.deepEqual(decryptContacts(testCipher, second), {
      birthDate: '1982-09-11', identityKey: null, mobile: '016-234-5678', mobileE164: '+82162345678', email: null,
    });
    const third = await findTaxpayer(ctx.db, testCipher, 'gangnam', { name: '박지훈', birthDate: '1990-12-01' });
    assert.equal(third?.address, '서울특별시 강남구 영동대로 513, 101동 1204호');
    assert.equal(decryptContacts(testCipher, third!).mobile, '010-9876-5432');
    const { rows: audit } = await ctx.db.query<{ n: number }>(
      "SELECT count(*)::integer AS n FROM audit_log WHERE actor_type = 'import' AND source = 'roll' AND action = 'taxpayer.created' AND reason LIKE 'tax-roll import #%'",
    );
    assert.equal(audit[0]!.n, 3);
    // no personal value in plain text anywhere in the row
    const { rows: raw } = await ctx.db.query<{ t: string }>("SELECT t::text AS t FROM taxpayers t WHERE taxpayer_no = 'T00012345'");
    assert.ok(!raw[0]!.t.includes('2345-6789') && !raw[0]!.t.includes('minjun') && !raw[0]!.t.includes('1975'));
  });

  test('importing the same file again changes nothing', async () => {
    const before = await tableCounts(ctx.db);
    const report = await importText(ctx.db, SAMPLE);
    assert.deepEqual([report.status, report.inserted, report.updated, report.unchanged], ['imported', 0, 0, 3]);
    const after = await tableCounts(ctx.db);
    assert.deepEqual({ ...after, roll_imports: before.roll_imports }, before);
    assert.equal(after.roll_imports, before.roll_imports! + 1);
  });

  test('a changed row updates its notice and its taxpayer, with an audit row naming the fields', async () => {
    const changed = SAMPLE.replace('"1,284,500"', '1300000').replace('jihoon@example.com', 'Jihoon.Park@Example.COM');
    const report = await importText(ctx.db, changed);
    assert.deepEqual([report.inserted, report.updated, report.unchanged], [0, 2, 1]);
    const t = await findTaxpayer(ctx.db, testCipher, 'gangnam', { taxpayerNo: 'T00012347' });
    assert.equal(decryptContacts(testCipher, t!).email, 'Jihoon.Park@example.com');
    const { rows } = await ctx.db.query<{ details: { fields: string[] } }>(
      "SELECT details FROM audit_log WHERE action = 'taxpayer.updated' AND entity_id = $1",
      [String(t!.id)],
    );
    assert.deepEqual(rows.map((r) => r.details.fields), [['email']]);
    await importText(ctx.db, SAMPLE); // back to the sample for the next tests
  });

  test('a later correction is kept, the conflict is reported once and filed encrypted', async () => {
    const t = await findTaxpayer(ctx.db, testCipher, 'gangnam', { taxpayerNo: 'T00012345' });
    const sealed = sealPersonalFields(testCipher, { birthDate: '1975-03-14', identityKey: null, mobileE164: '+821099998888', email: 'minjun.kim@example.kr' });
    await ctx.db.query("UPDATE taxpayers SET mobile_enc = $2, mobile_hash = $3, contact_source = 'official' WHERE id = $1", [
      t!.id, sealed.mobile_enc, sealed.mobile_hash,
    ]);
    const report = await importText(ctx.db, SAMPLE);
    assert.equal(report.status, 'imported');
    assert.deepEqual(report.conflicts, [{ line: 2, taxpayerNo: 'T00012345', fields: ['mobile'] }]);
    assert.ok(!JSON.stringify(report).includes('2345-6789'), 'the report holds no contact values');
    const kept = await findTaxpayer(ctx.db, testCipher, 'gangnam', { taxpayerNo: 'T00012345' });
    assert.equal(decryptContacts(testCipher, kept!).mobile, '010-9999-8888');
    const { rows } = await ctx.db.query<{ mobile_enc: Uint8Array; fields: string[]; line: number }>(
      'SELECT mobile_enc, fields, line FROM contact_conflicts WHERE taxpayer_id = $1',
      [t!.id],
    );
    assert.equal(rows.length, 1);
    assert.equal(testCipher.decrypt(rows[0]!.mobile_enc), '+821023456789');
    assert.deepEqual(rows[0]!.fields, ['mobile']);
    const again = await importText(ctx.db, SAMPLE);
    assert.equal(again.conflicts.length, 1);
    const { rows: count } = await ctx.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM contact_conflicts');
    assert.equal(count[0]!.n, 1, 'the same open conflict is not filed twice');
  });

  test('UTF-8 with BOM, CP949 and Korean headers import identically', async () => {
    const korean = [KOREAN_HEADER, ...SAMPLE_ROWS].join('\r\n') + '\r\n';
    const mixed = SAMPLE.replace('notice_no,taxpayer_no,name', '고지번호,taxpayer_no,성명').replace('tax_item', '세목');
    const variants: [string, Buffer, string][] = [
      ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]), 'utf-8-bom'],
      ['cp949', iconv.encode(korean, 'cp949'), 'cp949'],
      ['mixed', Buffer.from(mixed), 'utf-8'],
    ];
    const snapshot = async (district: string) => {
      const { rows } = await ctx.db.query<Record<string, unknown>>(
        `SELECT t.taxpayer_no, t.name, t.address, t.postal_code, t.mobile_legacy, t.enrol_kakao, t.enrol_sms, t.enrol_email,
                t.birth_date_hash, t.mobile_hash, t.email_hash, n.notice_no, n.amount, n.due_date, n.tax_item, n.period
         FROM notices n JOIN taxpayers t ON t.id = n.taxpayer_id WHERE n.district_code = $1 ORDER BY n.notice_no`,
        [district],
      );
      return rows.map((r) => JSON.stringify({ ...r, birth_date_hash: Buffer.from(r.birth_date_hash as Uint8Array).toString('hex'),
        mobile_hash: r.mobile_hash ? Buffer.from(r.mobile_hash as Uint8Array).toString('hex') : null,
        email_hash: r.email_hash ? Buffer.from(r.email_hash as Uint8Array).toString('hex') : null }));
    };
    for (const [name, bytes, encoding] of variants) {
      const district = `enc-${name}`;
      await ctx.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '시험구', 'Test-gu')", [district]);
      const report = await importText(ctx.db, bytes, { districtCode: district });
      assert.equal(report.status, 'imported', name);
      assert.equal(report.encoding, encoding);
      assert.equal(report.inserted, 3);
    }
    const reference = await snapshot('enc-utf-8-bom');
    assert.equal(reference.length, 3);
    assert.deepEqual(await snapshot('enc-cp949'), reference);
    assert.deepEqual(await snapshot('enc-mixed'), reference);
  });

  test('Korean tax-item and channel names, YYYYMMDD dates and unknown columns', async () => {
    const text = SAMPLE_HEADER + ',비고,extra\n' + row(1, { tax_item: '재산세', e_notice: '카카오톡|문자', due_date: '20260930' }) + ',메모,x\n';
    const report = await importText(ctx.db, text, { districtCode: 'seocho' });
    assert.equal(report.status, 'imported');
    assert.deepEqual(report.unknownColumns, ['비고', 'extra']);
    const t = await findTaxpayer(ctx.db, testCipher, 'seocho', { taxpayerNo: 'P00000001' });
    assert.deepEqual([t!.enrol_kakao, t!.enrol_sms, t!.enrol_email], [true, true, false]);
  });

  test('a bad row rejects the whole file and names line, column and reason', async () => {
    const report = await expectRejected(
      file(
        row(10),
        row(11, { amount: '12.5' }),
        row(12, { amount: '1,23' }),
        row(13, { due_date: '2026-02-30' }),
        row(14, { birth_date: '19880230' }),
        row(15, { mobile: '02-123-4567' }),
        row(16, { tax_item: 'dog_tax', e_notice: 'fax', postal_code: '1234' }),
        row(17, { email: 'not-an-address' }),
        row(18, { identity_key: 'short' }),
      ),
    );
    const got = report.errors.map((e) => [e.line, e.field, e.code]);
    assert.deepEqual(got, [
      [3, 'amount', 'amount_invalid'],
      [4, 'amount', 'amount_invalid'],
      [5, 'due_date', 'due_date_invalid'],
      [6, 'birth_date', 'birth_date_invalid'],
      [7, 'mobile', 'mobile_not_mobile'],
      [8, 'e_notice', 'e_notice_invalid'],
      [8, 'postal_code', 'postal_code_invalid'],
      [8, 'tax_item', 'tax_item_invalid'],
      [9, 'email', 'email_malformed'],
      [10, 'identity_key', 'identity_key_malformed'],
    ].sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[1]).localeCompare(String(b[1]))));
    assert.equal(report.rejected, 8);
    assert.ok(report.errors.every((e) => e.reasonKo));
    // The Korean reasons are Korean sentences: no English check message inside them (the value quoted from the file, an example address and CI aside).
    const english = report.errors.filter((e) => /[A-Za-z]{3,}/.test(e.reasonKo!.replace(/\(CI\)|"[^"]*"|\S+@\S+/g, '')));
    assert.deepEqual(english.map((e) => e.reasonKo), []);
  });

  test('a duplicated notice number is reported with both lines', async () => {
    const report = await expectRejected(file(row(20), row(21), row(20, { taxpayer_no: 'P00000099' })));
    assert.deepEqual(report.errors.map((e) => [e.line, e.field, e.code]), [
      [2, 'notice_no', 'duplicate_notice_no'],
      [4, 'notice_no', 'duplicate_notice_no'],
    ]);
    assert.match(report.errors[0]!.reason, /line 4/);
    assert.match(report.errors[1]!.reason, /line 2/);
  });

  test('the same taxpayer number with another name or date of birth is a row error', async () => {
    const report = await expectRejected(file(row(30), row(31, { taxpayer_no: 'P00000030', name: '다른이름' })));
    assert.deepEqual(report.errors.map((e) => [e.line, e.field, e.code]), [[3, 'taxpayer_no', 'taxpayer_mismatch']]);
    assert.match(report.errors[0]!.reason, /line 2/);
  });

  test('malformed CSV rows: wrong field count, stray and unclosed quotes', async () => {
    const report = await expectRejected(
      [SAMPLE_HEADER, row(40), '2026-0900-000041,P1,"a"b,c', row(42) + ',extra', row(43), '2026-0900-000044,"unclosed'].join('\r\n') + '\r\n',
    );
    assert.deepEqual(report.errors.map((e) => [e.line, e.field, e.code]), [
      [3, 'row', 'csv_invalid_quote'],
      [4, 'row', 'wrong_field_count'],
      [6, 'row', 'csv_unclosed_quote'],
    ]);
  });

  test('a missing required column is named', async () => {
    const text = SAMPLE.replace(',amount,', ',').split('\n').map((l, i) => (i === 0 ? l : l)).join('\n');
    const report = await expectRejected(text);
    assert.deepEqual(report.errors.map((e) => [e.line, e.field, e.code]), [[1, 'amount', 'missing_column']]);
    assert.match(report.errors[0]!.reason, /amount \(고지금액\)/);
  });

  test('files that are not CSV, empty, in an unknown encoding, or too large are refused', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    assert.equal((await expectRejected(png)).errors[0]!.code, 'file_not_csv');
    assert.equal((await expectRejected('hello,world\n1,2\n')).errors[0]!.code, 'file_not_csv');
    assert.equal((await expectRejected('')).errors[0]!.code, 'file_empty');
    assert.equal((await expectRejected('\n\r\n')).errors[0]!.code, 'file_empty');
    assert.equal((await expectRejected(Buffer.from([0xef, 0xbb, 0xbf]))).errors[0]!.code, 'file_empty');
    // Latin-1 bytes that are neither UTF-8 nor CP949
    const latin = Buffer.concat([Buffer.from(SAMPLE_HEADER + '\n'), Buffer.from([0x80, 0x41, 0xff, 0xfe, 0x2c, 0x0a])]);
    assert.equal((await expectRejected(latin)).errors[0]!.code, 'encoding_unknown');
    assert.equal((await expectRejected(iconv.encode(SAMPLE, 'utf-16le', { addBOM: true }))).errors[0]!.code, 'encoding_utf16');
    // UTF-8 for the first 64 KiB, then CP949: the line is named
    const many = Array.from({ length: 600 }, (_, i) => row(1000 + i));
    const mixed = Buffer.concat([Buffer.from(file(...many)), iconv.encode(row(2000) + '\n', 'cp949')]);
    const bad = await expectRejected(mixed);
    assert.equal(bad.errors[0]!.code, 'encoding_invalid');
    assert.equal(bad.errors[0]!.line, 602);
    // over the limit while streaming, without a size given up front
    const over = await expectRejected(SAMPLE, { maxBytes: 100 });
    assert.equal(over.errors[0]!.code, 'file_too_large');
  });

  test('a 2 GB file is refused before it is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roll-big-'));
    try {
      const path = join(dir, 'big.csv');
      execFileSync('truncate', ['-s', '2G', path]);
      const input = createReadStream(path);
      const before = await tableCounts(ctx.db);
      const report = await importRoll(
        { db: ctx.db, cipher: testCipher },
        { districtCode: 'seocho', fileName: 'big.csv', input, sizeBytes: statSync(path).size, actor: { type: 'import', id: 'test' } },
      );
      assert.equal(report.status, 'rejected');
      assert.equal(report.errors[0]!.code, 'file_too_large');
      assert.equal(input.bytesRead, 0);
      assert.deepEqual(await tableCounts(ctx.db), before);
      if (!input.closed) await new Promise((resolve) => input.once('close', () => resolve(undefined)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('skip-invalid imports the good rows and writes the bad ones unchanged, in the file encoding', async () => {
    const bad1 = row(51, { amount: '12.5' });
    const bad2 = row(53, { due_date: '2026-13-01' });
    const text = [KOREAN_HEADER, row(50), bad1, row(52), bad2, row(54), row(50, { taxpayer_no: 'P00000077' })].join('\r\n') + '\r\n';
    const rejects = collector();
    const report = await importText(ctx.db, iconv.encode(text, 'cp949'), { districtCode: 'seocho', skipInvalid: true, rejects: rejects.stream });
    assert.equal(report.status, 'imported');
    assert.equal(report.encoding, 'cp949');
    assert.deepEqual([report.rowsTotal, report.inserted, report.rejected], [6, 2, 4]);
    assert.deepEqual(report.errors.map((e) => [e.line, e.code]), [[2, 'duplicate_notice_no'], [3, 'amount_invalid'], [5, 'due_date_invalid'], [7, 'duplicate_notice_no']]);
    const expected = iconv.encode([KOREAN_HEADER, bad1, bad2, row(50), row(50, { taxpayer_no: 'P00000077' })].join('\r\n') + '\r\n', 'cp949');
    assert.deepEqual(rejects.bytes(), expected);
    const { rows } = await ctx.db.query<{ n: number }>("SELECT count(*)::integer AS n FROM taxpayers WHERE taxpayer_no IN ('P00000050', 'P00000077')");
    assert.equal(rows[0]!.n, 0, 'a taxpayer whose only rows were rejected is not imported');
  });

  test('an unknown district is an error, not a report', async () => {
    await assert.rejects(importText(ctx.db, SAMPLE, { districtCode: 'nowhere' }), (e) => e instanceof AppError && e.code === 'district_not_found');
  });
});
