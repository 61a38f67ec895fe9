import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { issueSeason } from '../../delivery/queue/queue.ts';
import { failAttempts } from '../../delivery/dispatch/attempts.repository.ts';
import { CONTACT_RULES, RULE_CODES } from '../rules/contact-rules.ts';
import { classifyDistrict } from '../rules/classify.service.ts';
import { csvField } from '../../platform/csv.ts';
import { riskMessages } from './risk.messages.ts';

// The risk list over real HTTP on both engines: classification of a small
// registry with one taxpayer per rule, counts, filter, pages, CSV, re-check,
// roles, CSRF and district isolation.

const ci = (n: number) => Buffer.alloc(64, n).toString('base64');

interface RiskBody {
  flagged: number;
  counts: { reason: string; count: number; label: string }[];
  total: number;
  page: number;
  taxpayers: { taxpayerId: number; taxpayerNo: string; reasons: string[]; mobileMasked: string | null; emailMasked: string | null }[];
  lastRun: { taxpayers: number } | null;
}

test('every rule has a short name in both languages', () => {
  for (const code of RULE_CODES) {
    const key = `rule_${code}` as keyof typeof riskMessages.catalogue;
    assert.ok(riskMessages.catalogue[key]?.ko && riskMessages.catalogue[key]?.en, code);
  }
});

test('CSV fields: RFC 4180 quoting and no formula injection', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('+1'), "'+1");
});

forEachEngine('risk list API and page', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let desk: TestClient;
  let seocho: TestClient;
  let anonymous: TestClient;
  const ids: Record<string, number> = {};
  const get = async (c: TestClient, path: string) => c.request(path, { headers: { accept: 'application/json' } });

  before(async () => {
    server = await startTestServer(ctx.db);
    await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    const cipher = server.deps.cipher;
    const specs = {
      clean: { mobile: '+821011110000', email: 'clean@naver.com', identityKey: ci(1), enrol: ['kakao', 'sms', 'email'] as ('kakao' | 'sms' | 'email')[] },
      dead: { mobile: '+82161234567', enrol: ['sms'] as ('kakao' | 'sms' | 'email')[] },
      landline: { mobile: '+8221234567', email: 'ok@daum.net', enrol: ['email'] as ('kakao' | 'sms' | 'email')[] },
      typo: { email: 'kim@hanmail.com', enrol: [] },
      bounced: { email: 'gone@example.kr', mobile: '+821022220000', enrol: ['email', 'sms'] as ('kakao' | 'sms' | 'email')[] },
      nokakao: { identityKey: ci(2), email: 'x@gmail.com', enrol: ['kakao', 'email'] as ('kakao' | 'sms' | 'email')[] },
    };
    for (const [name, spec] of Object.entries(specs)) ids[name] = (await createTaxpayers(ctx.db, 'gangnam', [spec], cipher))[0]!;
    // Seocho has its own taxpayer at risk, whom Gangnam must never see.
    ids.seocho = (await createTaxpayers(ctx.db, 'seocho', [{ mobile: '+82191234567', enrol: ['sms'] }], cipher))[0]!;
    // Past season: the bounce and the unknown KakaoTalk user.
    await createNotices(ctx.db, 'gangnam', [ids.bounced!, ids.nokakao!], { taxYear: 2025, dueDate: '2099-07-31' });
    await issueSeason(ctx.db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2025, period: 1, createdBy: 'test' });
    const attempt = async (taxpayerId: number) =>
      (await ctx.db.query<{ id: number }>(`SELECT a.id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.taxpayer_id = $1 AND a.state = 'queued'`, [taxpayerId])).rows[0]!.id;
    // the default channel order: KakaoTalk, then SMS, then e-mail, among those enrolled
    const on = async (taxpayerId: number) =>
      (await ctx.db.query<{ channel: string }>(`SELECT a.channel FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.taxpayer_id = $1 AND a.state = 'queued'`, [taxpayerId])).rows[0]!.channel;
    assert.equal(await on(ids.nokakao!), 'kakao');
    await failAttempts(ctx.db, [{ attemptId: await attempt(ids.nokakao!), cause: 'not_kakao_user', detail: 'unknown key' }], 'sim-kakao');
    assert.equal(await on(ids.bounced!), 'sms');
    await failAttempts(ctx.db, [{ attemptId: await attempt(ids.bounced!), cause: 'provider_error', detail: 'outage' }], 'sim-sms');
    assert.equal(await on(ids.bounced!), 'email');
    await failAttempts(ctx.db, [{ attemptId: await attempt(ids.bounced!), cause: 'hard_bounce', detail: '5.1.1' }], 'sim-email');

    await classifyDistrict({ db: ctx.db, cipher }, 'gangnam', { batchSize: 2 });
    await classifyDistrict({ db: ctx.db, cipher }, 'seocho');

    official = new TestClient(server.url);
    await official.login('gangnam.tax-official');
    desk = new TestClient(server.url);
    await desk.login('gangnam.desk-agent');
    seocho = new TestClient(server.url);
    await seocho.login('seocho.tax-official');
    anonymous = new TestClient(server.url);
  });
  after(async () => {
    await server?.close();
  });

  test('classification finds each rule on its taxpayer and nothing on the clean one', async () => {
    const { rows } = await ctx.db.query<{ taxpayer_id: number; rule_code: string }>(
      `SELECT taxpayer_id, rule_code FROM contact_checks WHERE district_code = 'gangnam' ORDER BY taxpayer_id, rule_code`,
    );
    const by = (name: string) => rows.filter((r) => r.taxpayer_id === ids[name]).map((r) => r.rule_code);
    assert.deepEqual(by('clean'), []);
    assert.deepEqual(by('dead'), ['enrolled_no_channel', 'mobile_dead_prefix']);
    assert.deepEqual(by('landline'), ['mobile_not_mobile']);
    assert.deepEqual(by('typo'), ['email_domain_suspect']);
    assert.deepEqual(by('bounced'), ['email_bounced'], 'an outage is not a contact defect');
    assert.deepEqual(by('nokakao'), ['kakao_unknown_key']);
  });

  test('a second run keeps the first detection time and drops what no longer holds', async () => {
    const before = await ctx.db.query<{ detected_at: Date }>(`SELECT detected_at FROM contact_checks WHERE taxpayer_id = $1 AND rule_code = 'mobile_not_mobile'`, [ids.landline]);
    await ctx.db.query(`UPDATE taxpayers SET enrol_sms = false WHERE id = $1`, [ids.dead]);
    const result = await classifyDistrict({ db: ctx.db, cipher: server.deps.cipher }, 'gangnam');
    assert.equal(result.taxpayers, 6);
    assert.equal(result.flagged, 5);
    const after = await ctx.db.query<{ detected_at: Date }>(`SELECT detected_at FROM contact_checks WHERE taxpayer_id = $1 AND rule_code = 'mobile_not_mobile'`, [ids.landline]);
    assert.deepEqual(after.rows, before.rows);
    const dead = await ctx.db.query<{ rule_code: string }>(`SELECT rule_code FROM contact_checks WHERE taxpayer_id = $1`, [ids.dead]);
    assert.deepEqual(dead.rows.map((r) => r.rule_code), ['mobile_dead_prefix']);
    await ctx.db.query(`UPDATE taxpayers SET enrol_sms = true WHERE id = $1`, [ids.dead]);
    await classifyDistrict({ db: ctx.db, cipher: server.deps.cipher }, 'gangnam');
  });

  test('GET /api/hygiene/risk: counts per reason, masked contacts, filter and pages, own district only', async () => {
    const response = await get(official, '/api/hygiene/risk?lang=en');
    assert.equal(response.status, 200);
    const body = (await response.json()) as RiskBody;
    assert.equal(body.flagged, 5);
    assert.equal(body.total, 5);
    assert.deepEqual(body.counts.map((c) => c.reason), RULE_CODES);
    const count = (code: string) => body.counts.find((c) => c.reason === code)!.count;
    assert.equal(count('mobile_dead_prefix'), 1, 'Seocho’s 019 number is not counted in Gangnam');
    assert.equal(count('enrolled_no_channel'), 1);
    assert.equal(body.counts.find((c) => c.reason === 'email_domain_suspect')!.label, 'Misspelt or closed e-mail domain');
    const dead = body.taxpayers.find((t) => t.taxpayerId === ids.dead)!;
    assert.deepEqual(dead.reasons, ['mobile_dead_prefix', 'enrolled_no_channel']);
    assert.equal(dead.mobileMasked, '016-***-4567');
    assert.equal(body.taxpayers.find((t) => t.taxpayerId === ids.typo)!.emailMasked, 'k****@hanmail.com');
    assert.ok(!body.taxpayers.some((t) => t.taxpayerId === ids.seocho));
    assert.doesNotMatch(JSON.stringify(body), /\+82|01612|gone@|kim@/);

    const filtered = (await (await get(official, '/api/hygiene/risk?reason=email_bounced')).json()) as RiskBody;
    assert.deepEqual(filtered.taxpayers.map((t) => t.taxpayerId), [ids.bounced]);
    assert.equal(filtered.total, 1);
    const page2 = (await (await get(official, '/api/hygiene/risk?page=2')).json()) as RiskBody;
    assert.deepEqual(page2.taxpayers, []);
    assert.equal(page2.page, 2);

    const other = (await (await get(seocho, '/api/hygiene/risk')).json()) as RiskBody;
    assert.deepEqual(other.taxpayers.map((t) => t.taxpayerId), [ids.seocho]);
    assert.equal(other.flagged, 1);
  });

  test('bad input and the wrong people get 4xx problems', async () => {
    const bad = await get(official, '/api/hygiene/risk?reason=nonsense');
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal((await get(official, '/api/hygiene/risk?page=0')).status, 400);
    assert.equal((await get(anonymous, '/api/hygiene/risk')).status, 401);
    assert.equal((await get(desk, '/api/hygiene/risk')).status, 403);
    assert.equal((await get(desk, '/api/hygiene/risk.csv')).status, 403);
    assert.equal((await desk.request('/api/hygiene/recheck', { method: 'POST', headers: { 'x-csrf-token': desk.csrfToken! } })).status, 403);
    // no CSRF token: refused
    assert.equal((await official.request('/api/hygiene/recheck', { method: 'POST' })).status, 403);
  });

  test('GET /api/hygiene/risk.csv: BOM, CRLF, RFC 4180, masked contacts, filter', async () => {
    const response = await official.request('/api/hygiene/risk.csv?lang=en');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="contacts-at-risk-gangnam\.csv"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    assert.ok(text.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    assert.equal(records.length, 5);
    const dead = records.find((r) => r.mobile_masked === '016-***-4567')!;
    assert.equal(dead.reason_codes, 'mobile_dead_prefix enrolled_no_channel');
    assert.equal(dead.enrolled_channels, 'sms');
    assert.doesNotMatch(text, /\+82|gone@|kim@|clean@/);
    const ko = await (await official.request('/api/hygiene/risk.csv?lang=ko&reason=kakao_unknown_key')).text();
    const koRecords = parse(ko.slice(1), { columns: true }) as Record<string, string>[];
    assert.equal(koRecords.length, 1);
    assert.equal(koRecords[0]!['사유 코드'], 'kakao_unknown_key');
    assert.equal(koRecords[0]!['사유'], CONTACT_RULES.find((r) => r.code === 'kakao_unknown_key')!.reason.ko);
  });

  test('re-check now: the API and the page form run the rules again', async () => {
    // a taxpayer added since the last run appears after the re-check
    const [added] = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821712345678', enrol: [] }], server.deps.cipher);
    const response = await official.request('/api/hygiene/recheck', { method: 'POST', headers: { 'x-csrf-token': official.csrfToken! } });
    assert.equal(response.status, 200);
    const result = (await response.json()) as { taxpayers: number; flagged: number; byRule: Record<string, number> };
    assert.equal(result.taxpayers, 7);
    assert.equal(result.flagged, 6);
    assert.equal(result.byRule.mobile_dead_prefix, 2);
    const page = await official.request('/console/hygiene/recheck?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: official.csrfToken! }).toString(),
    });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/console/hygiene?lang=en&done=6&of=7');
    const html = await (await official.request(page.headers.get('location')!)).text();
    assert.match(html, /Check finished: 6 of 7 taxpayers are at risk/);
    assert.match(html, new RegExp(`/console/taxpayers/${added}\\?lang=en`));
    assert.match(html, /017-\*\*\*\*-5678/);
    const runs = await ctx.db.query<{ run_by: string }>(`SELECT run_by FROM contact_check_runs WHERE district_code = 'gangnam' ORDER BY id DESC LIMIT 1`);
    assert.equal(runs.rows[0]!.run_by, 'gangnam.tax-official');
  });

  test('the console page lists counts and filters; Seocho sees only Seocho', async () => {
    const html = await (await official.request('/console/hygiene?lang=en&reason=email_domain_suspect')).text();
    assert.match(html, /<h1>Contacts at risk<\/h1>/);
    assert.match(html, /k\*\*\*\*@hanmail\.com/);
    assert.doesNotMatch(html, /016-\*\*\*-4567/, 'filtered out');
    assert.match(html, /href="\/api\/hygiene\/risk\.csv\?lang=en&amp;reason=email_domain_suspect"/);
    const other = await (await seocho.request('/console/hygiene?lang=en')).text();
    assert.match(other, /019-\*\*\*-4567/);
    assert.doesNotMatch(other, /hanmail|016-/);
    assert.equal((await desk.request('/console/hygiene')).status, 403);
  });
});
