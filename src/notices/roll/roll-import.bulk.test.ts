import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { findTaxpayer } from '../../taxpayers/taxpayers.repository.ts';
import { importRoll } from './roll-import.service.ts';
import { SAMPLE_HEADER, ensureDistricts, importText, tableCounts, testCipher } from '../../../test-support/roll-fixtures.ts';

// What the bulk path of the import adds: a taxpayer sealed once however
// far apart its rows lie, staging batches copied while the next is read,
// and one merge at a time per district.

const line = (n: number, taxpayer: number) =>
  `2026-0800-${String(n).padStart(6, '0')},B${String(taxpayer).padStart(8, '0')},정하은,1991-04-0${(taxpayer % 9) + 1},,010-4${String(taxpayer % 1000).padStart(3, '0')}-${String(n % 10000).padStart(4, '0')},,sms,06100,서울특별시 서초구 서초대로 ${n},property_tax,2026,1,${1000 + n},2026-07-31,`;

/** rows spread over several staging batches; taxpayer t owns rows t, t + taxpayers, t + 2·taxpayers … */
function spreadRoll(rows: number, taxpayers: number): string {
  const out = [SAMPLE_HEADER];
  for (let n = 1; n <= rows; n++) out.push(line(n, n % taxpayers));
  return out.join('\n') + '\n';
}

forEachEngine('tax-roll import, bulk path', (ctx) => {
  before(async () => {
    await ensureDistricts(ctx.db);
    for (const code of ['bulk-a', 'bulk-b', 'bulk-c']) {
      await ctx.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '시험구', 'Test-gu') ON CONFLICT DO NOTHING", [code]);
    }
  });

  test('a taxpayer whose rows lie thousands of lines apart is one taxpayer with all its notices and one audit row', async () => {
    const rows = 9000;
    const taxpayers = 3001;
    const report = await importText(ctx.db, spreadRoll(rows, taxpayers), { districtCode: 'bulk-a' });
    assert.equal(report.status, 'imported', JSON.stringify(report.errors.slice(0, 3)));
    assert.deepEqual([report.rowsTotal, report.inserted, report.rejected], [rows, rows, 0]);
    const { rows: counts } = await ctx.db.query<{ taxpayers: number; notices: number; audit: number }>(
      `SELECT (SELECT count(*) FROM taxpayers WHERE district_code = 'bulk-a')::integer AS taxpayers,
              (SELECT count(*) FROM notices WHERE district_code = 'bulk-a')::integer AS notices,
              (SELECT count(*) FROM audit_log WHERE district_code = 'bulk-a' AND action = 'taxpayer.created')::integer AS audit`,
    );
    assert.deepEqual(counts[0], { taxpayers, notices: rows, audit: taxpayers });
    // the first row of a taxpayer is the one sealed: its mobile number is the one stored
    const t = await findTaxpayer(ctx.db, testCipher, 'bulk-a', { taxpayerNo: 'B00000007' });
    assert.equal(testCipher.decrypt(t!.mobile_enc!), '+82104007' + '0007');
    const { rows: owned } = await ctx.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM notices WHERE taxpayer_id = $1', [t!.id]);
    assert.equal(owned[0]!.n, 3); // lines for rows 7, 3008 and 6009
    const again = await importText(ctx.db, spreadRoll(rows, taxpayers), { districtCode: 'bulk-a' });
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, rows]);
  });

  test('an input that fails halfway through: the error comes back, nothing is imported, the database serves on', async () => {
    const before = await tableCounts(ctx.db);
    const text = Buffer.from(spreadRoll(12_000, 5000));
    async function* cutOff() {
      yield text.subarray(0, text.length / 2); // several staging batches' worth
      throw new Error('the upload was cut off');
    }
    const input = Readable.from(cutOff());
    await assert.rejects(
      importRoll({ db: ctx.db, cipher: testCipher }, { districtCode: 'bulk-b', fileName: 'cut.csv', input, actor: { type: 'import', id: 'test' } }),
      /the upload was cut off/,
    );
    assert.deepEqual(await tableCounts(ctx.db), before, 'the database is unchanged');
    const after = await importText(ctx.db, spreadRoll(10, 5), { districtCode: 'bulk-b' });
    assert.equal(after.status, 'imported');
  });

  test('two imports of one file into one district at the same time: one inserts, the other finds it all there', async () => {
    const text = spreadRoll(3000, 1000);
    const [a, b] = await Promise.all([
      importText(ctx.db, text, { districtCode: 'bulk-c' }),
      importText(ctx.db, text, { districtCode: 'bulk-c' }),
    ]);
    assert.equal(a.status, 'imported');
    assert.equal(b.status, 'imported');
    assert.deepEqual([a.inserted + b.inserted, a.updated + b.updated, a.unchanged + b.unchanged], [3000, 0, 3000]);
    const { rows } = await ctx.db.query<{ taxpayers: number; notices: number }>(
      `SELECT (SELECT count(*) FROM taxpayers WHERE district_code = 'bulk-c')::integer AS taxpayers,
              (SELECT count(*) FROM notices WHERE district_code = 'bulk-c')::integer AS notices`,
    );
    assert.deepEqual(rows[0], { taxpayers: 1000, notices: 3000 });
  });
});
