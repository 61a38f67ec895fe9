import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { ensureDistricts, importText } from '../../../test-support/roll-fixtures.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { ROLL_COLUMNS } from './roll-format.ts';
import { rollSampleCsv, SAMPLE_LINES } from './roll-sample.ts';
import { rollFormatMessages } from './roll-format.messages.ts';

// The roll format said three ways from one set of column definitions: the
// sample file imports cleanly with either header (both engines), the upload
// page lists every column and offers the sample, and docs/roll-format.md
// names every column as the definitions do, with the same sample.

const DOCS = readFileSync(new URL('../../../docs/roll-format.md', import.meta.url), 'utf8');

test('docs/roll-format.md: a table row per column with its Korean name and whether it is required, and the sample as the console makes it', () => {
  for (const c of ROLL_COLUMNS) {
    const row = DOCS.split('\n').find((line) => line.startsWith(`| \`${c.name}\` |`));
    assert.ok(row, `${c.name} has a row`);
    const cells = row.split(' | ').map((cell) => cell.trim());
    assert.equal(cells[1], c.ko, `${c.name}: Korean name`);
    assert.equal(cells[2], c.required ? 'yes' : 'no', `${c.name}: required`);
  }
  const columnsSection = DOCS.slice(DOCS.indexOf('## Columns'), DOCS.indexOf('\n## ', DOCS.indexOf('## Columns') + 1));
  const rows = columnsSection.split('\n').filter((line) => /^\| `[a-z_]+` \|/.test(line));
  assert.equal(rows.length, ROLL_COLUMNS.length, 'no column the parser does not know');
  const sample = /```csv\n([\s\S]*?)```/.exec(DOCS)![1]!;
  assert.equal(sample, rollSampleCsv('en').replace(/^\uFEFF/, '').replaceAll('\r\n', '\n'));
});

forEachEngine('roll sample file', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let agent: TestClient;
  before(async () => {
    await ensureDistricts(ctx.db);
    const staff = await createDistrictWithStaff(ctx.db, 'mapo', ['tax_official', 'desk_agent'], { ko: '마포구', en: 'Mapo-gu' });
    server = await startTestServer(ctx.db);
    official = new TestClient(server.url);
    await official.login(staff.tax_official);
    agent = new TestClient(server.url);
    await agent.login(staff.desk_agent);
  });
  after(async () => {
    await server?.close();
  });

  for (const headers of ['en', 'ko'] as const) {
    test(`the sample with the ${headers === 'en' ? 'English' : 'Korean'} header imports cleanly`, async () => {
      const report = await importText(ctx.db, rollSampleCsv(headers), { districtCode: headers === 'en' ? 'gangnam' : 'seocho' });
      assert.deepEqual(report.errors, []);
      assert.equal(report.status, 'imported');
      assert.equal(report.encoding, 'utf-8-bom');
      assert.deepEqual(report.unknownColumns, []);
      assert.equal(report.rowsTotal, SAMPLE_LINES);
      assert.equal(report.inserted, SAMPLE_LINES);
    });
  }

  test('the console serves the sample to those who import rolls, and only to them', async () => {
    for (const headers of ['en', 'ko'] as const) {
      const response = await official.request(`/console/rolls/sample.csv?headers=${headers}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(response.headers.get('content-disposition') ?? '', new RegExp(`attachment; filename="tax-roll-sample-${headers}\\.csv"`));
      assert.equal(Buffer.from(await response.arrayBuffer()).toString('utf8'), rollSampleCsv(headers));
    }
    assert.equal((await agent.request('/console/rolls/sample.csv')).status, 403);
    const anonymous = await fetch(`${server.url}/console/rolls/sample.csv`, { redirect: 'manual' });
    assert.notEqual(anonymous.status, 200, 'not without a session');
    assert.doesNotMatch(await anonymous.text(), /notice_no/);
  });

  test('the upload page lists every column in the page’s language and links both samples', async () => {
    for (const locale of ['ko', 'en'] as const) {
      const page = await (await official.request(`/console/rolls/upload?lang=${locale}`, { headers: { accept: 'text/html' } })).text();
      const listed = [...page.matchAll(/<tr data-column="([a-z_]+)">/g)].map((m) => m[1]);
      assert.deepEqual(listed, ROLL_COLUMNS.map((c) => c.name));
      for (const c of ROLL_COLUMNS) assert.ok(page.includes(c.ko), `${locale}: ${c.ko}`);
      assert.ok(page.includes(rollFormatMessages.t(locale, 'meaning_e_notice')));
      assert.match(page, /href="\/console\/rolls\/sample\.csv\?headers=en"/);
      assert.match(page, /href="\/console\/rolls\/sample\.csv\?headers=ko"/);
    }
  });
});
