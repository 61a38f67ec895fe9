import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { failAttempts } from '../dispatch/attempts.repository.ts';
import { issueSeason } from '../queue/queue.ts';
import { startSimulator, type Simulator } from '../simulator/simulator.ts';
import { TOPICS } from '../topics.ts';

// The providers page (issue 21, item 3): with the simulator's NHN Cloud and
// SENS endpoints configured, an official sees each provider's health in
// words (a wrong key said, never shown), the failover order per channel and
// the last day's causes of failure as sentences, in Korean and English; a
// desk agent is refused.

const DISTRICT = 'provpage';
const WRONG_SECRET = 'wrong-secret-key-never-shown';

forEachEngine('the providers page', (ctx) => {
  let sim: Simulator;
  let server: TestServer;
  let users: Record<string, string>;

  before(async () => {
    const approved = Object.fromEntries(Object.values(TOPICS).map((t) => [t.kakaoTemplateCode, 'APR' as const]));
    sim = await startSimulator({ profile: 'clean', seed: 'provider-page', sens: { templates: approved } });
    const providers = [
      { type: 'nhn-sms', name: 'nhn-text', baseUrl: sim.url, appKey: sim.nhn.smsAppKey, secretKey: sim.nhn.secretKey, sendNo: '0234235000', priority: 10 },
      { type: 'sens-sms', name: 'sens-text', baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: WRONG_SECRET, serviceId: sim.sens.smsServiceId, from: '0234235000', priority: 20 },
      { type: 'sens-alimtalk', name: 'sens-kakao', baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: sim.sens.secretKey, serviceId: sim.sens.alimtalkServiceId, plusFriendId: sim.sens.plusFriendId },
    ];
    server = await startTestServer(ctx.db, { TAXSTATION_PROVIDERS: JSON.stringify(providers) });
    users = await createDistrictWithStaff(ctx.db, DISTRICT, ['tax_official', 'desk_agent']);
    const taxpayers = await createTaxpayers(ctx.db, DISTRICT, [0, 1, 2].map((i) => ({ mobile: `+82101234567${i}`, enrol: ['sms'] as const })));
    await createNotices(ctx.db, DISTRICT, taxpayers, { dueDate: '2099-07-31' });
    await issueSeason(ctx.db, { districtCode: DISTRICT, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    // Three attempts failed at NHN: two malformed numbers, one changed number.
    const { rows } = await ctx.db.query<{ id: string }>(`SELECT id FROM delivery_attempts WHERE district_code = $1 AND state = 'queued' ORDER BY id`, [DISTRICT]);
    assert.ok(rows.length >= 3, `attempts: ${rows.length}`);
    const causes = ['invalid_recipient', 'invalid_recipient', 'number_changed'] as const;
    await failAttempts(ctx.db, causes.map((cause, i) => ({ attemptId: Number(rows[i]!.id), cause, detail: 'test' })), 'nhn-text');
  });
  after(async () => {
    await server?.close();
    await sim?.close();
  });

  test('an official reads health, failover order and recent causes, in Korean and in English', async () => {
    const official = new TestClient(server.url);
    await official.login(users.tax_official!);
    const en = await official.request('/console/providers?lang=en');
    assert.equal(en.status, 200);
    const page = await en.text();
    assert.match(page, /<h1>Messaging providers<\/h1>/);
    // Health: the good entries work, the wrong key is said in words and never shown.
    assert.match(page, /<th scope="row">nhn-text<\/th>\s*<td>NHN Cloud SMS<\/td>\s*<td>[^<]+<\/td>\s*<td><strong>Working<\/strong>/);
    assert.match(page, /<th scope="row">sens-text<\/th>\s*<td>Naver Cloud SENS SMS<\/td>\s*<td>[^<]+<\/td>\s*<td><strong>Problem<\/strong>/);
    assert.match(page, /access key or the secret key is wrong/);
    assert.match(page, /<th scope="row">sens-kakao<\/th>[\s\S]*?<strong>Working<\/strong>/);
    for (const secret of [WRONG_SECRET, sim.nhn.secretKey, sim.sens.secretKey]) assert.ok(!page.includes(secret), 'no credential on the page');
    // Failover: text messages try nhn-text (priority 10) before sens-text (20).
    assert.match(page, /<li>1\. nhn-text \(priority 10\)<\/li><li>2\. sens-text \(priority 20\)<\/li>/);
    assert.match(page, /<li>1\. sens-kakao \(priority 100\)<\/li>/);
    // Recent causes as sentences, never the raw codes.
    assert.match(page, /nhn-text: Malformed address or number — 2 failed</);
    assert.match(page, /nhn-text: Number changed or out of service — 1 failed</);
    assert.doesNotMatch(page, /invalid_recipient|number_changed/);

    const ko = await (await official.request('/console/providers?lang=ko')).text();
    assert.match(ko, /<h1>발송 사업자 상태<\/h1>/);
    assert.match(ko, /<strong>정상<\/strong>/);
    assert.match(ko, /<strong>문제 있음<\/strong>/);
    assert.match(ko, /1순위: nhn-text \(우선순위 값 10\)/);
    assert.match(ko, /nhn-text: 잘못된 주소 또는 번호 — 2건/);
    // The check's findings in Korean too, with nothing English carried over.
    assert.match(ko, /SENS가 서명을 거부했습니다\(401\)/);
    assert.match(ko, /발신번호\(0234235000\)가 등록되어 사용 중입니다/);
    assert.doesNotMatch(ko, /access key or the secret key is wrong|is registered and in use|<ul lang="en">/);
    assert.doesNotMatch(page, /<ul lang="en">|서명을 거부했습니다/, 'the English page reads in English');
    for (const secret of [WRONG_SECRET, sim.nhn.secretKey, sim.sens.secretKey]) assert.ok(!ko.includes(secret), 'no credential on the Korean page');
  });

  test('a desk agent is refused the page', async () => {
    const agent = new TestClient(server.url);
    await agent.login(users.desk_agent!);
    const response = await agent.request('/console/providers?lang=en');
    assert.equal(response.status, 403);
  });
});
