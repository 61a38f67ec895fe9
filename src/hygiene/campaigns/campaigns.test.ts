import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { updateTaxpayerContacts } from '../contact-change/contact-change.service.ts';
import { confirmedContacts } from '../contact-change/contact-change.test-support.ts';
import { classifyTaxpayers } from '../rules/classify.service.ts';
import { markDelivered } from '../../delivery/dispatch/attempts.repository.ts';
import { loadLawRules } from '../../delivery/law/law-rules.ts';
import { csrfOf, form, IDENTITY_KEY, lastSent, seasonWithOutcomes } from '../self-service/self-service.test-support.ts';
import { LINK_PATH, tokenHash } from '../self-service/update-links.ts';

// Update campaigns over the API and the console on both engines: target
// sets, preview, scheduling through the delivery engine with one link per
// taxpayer, roles, CSRF, district isolation, and the figures with the effect
// on the next season.

const KEY = Buffer.alloc(32, 7).toString('base64');

forEachEngine('update campaigns', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let ids: number[];
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: KEY });
    const staff = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official']);
    official = new TestClient(server.url);
    await official.login(staff.tax_official);
    ({ taxpayerIds: ids } = await seasonWithOutcomes(ctx.db, 'gangnam', [
      { identityKey: IDENTITY_KEY, mobile: '+821612345678', enrol: ['sms'], outcome: 'failed' }, // dead prefix, KakaoTalk by CI
      { mobile: '+821699990000', email: 'park@example.kr', enrol: ['sms', 'email'], outcome: 'failed' }, // then e-mail is left
      { mobile: '+821011112222', enrol: ['sms'], outcome: 'delivered' },
      { mobile: '+821733334444', enrol: [], outcome: 'failed' }, // not an applicant: paper; the contact rules flag the number
    ], { taxYear: 2025 }));
    await classifyTaxpayers(ctx.db, testCipher, 'gangnam', ids);
  });
  after(async () => {
    await server?.close();
  });

  const json = (c: TestClient, path: string, method: string, body?: unknown) => c.json(path, method, body, method === 'GET' ? {} : { 'x-csrf-token': c.csrfToken ?? '' });

  test('preview: the applicants whose last notice failed, KakaoTalk to the identification key first, and a rendered sample', async () => {
    const r = await official.request('/api/campaigns/preview?target=last_notice_failed');
    assert.equal(r.status, 200);
    const p = (await r.json()) as { recipients: number; unreachable: number; firstChannel: Record<string, number>; sample: { ko: string; en: string } };
    assert.equal(p.recipients, 2);
    assert.equal(p.unreachable, 0);
    assert.deepEqual(p.firstChannel, { kakao: 1, sms: 0, email: 1 });
    assert.match(p.sample.ko, /강남구/);
    assert.match(p.sample.en, new RegExp(`${LINK_PATH}/x{43}`));
    const risk = (await (await official.request('/api/campaigns/preview?target=contact_at_risk')).json()) as { recipients: number; unreachable: number };
    assert.equal(risk.recipients + risk.unreachable, 3, 'every failed contact is at risk, applicant or not');
    assert.equal(risk.unreachable, 1, 'the non-applicant has no good channel left');
    assert.equal((await official.request('/api/campaigns/preview?target=everyone')).status, 400);
  });

  test('roles, CSRF and bad input are refused', async () => {
    assert.equal((await new TestClient(server.url).request('/api/campaigns', { headers: { accept: 'application/json' } })).status, 401);
    const desk = new TestClient(server.url);
    await desk.login('gangnam.desk-agent');
    assert.equal((await desk.request('/api/campaigns')).status, 403);
    assert.equal((await official.json('/api/campaigns', 'POST', { name: 'x', target: 'contact_at_risk' })).status, 403, 'no CSRF token');
    const bad = await json(official, '/api/campaigns', 'POST', { name: '', target: 'nobody', linkDays: 400 });
    assert.equal(bad.status, 400);
    const problem = (await bad.json()) as { errors: { field: string }[] };
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['linkDays', 'name', 'target']);
    const past = await json(official, '/api/campaigns', 'POST', { name: 'late', target: 'contact_at_risk', sendAt: '2020-06-20T10:00:00+09:00' });
    assert.equal(past.status, 400);
    assert.equal(((await past.json()) as { code: string }).code, 'campaign_send_at_past');
  });

  test('scheduling queues one campaign message per taxpayer with its own link, held until the send time; other districts see nothing', async () => {
    const sendAt = '2099-06-20T10:00:00+09:00';
    const r = await json(official, '/api/campaigns', 'POST', { name: '7월 재산세 전 연락처 정비', target: 'last_notice_failed', sendAt, linkDays: 14 });
    assert.equal(r.status, 201, await r.clone().text());
    const { campaignId, recipients } = (await r.json()) as { campaignId: number; recipients: number };
    assert.equal(recipients, 2);
    const { rows } = await ctx.db.query<{ taxpayer_id: number; kind: string; topic: string; plan: string[]; send_after: Date; link_id: number; expires_at: Date; token_hash: Uint8Array }>(
      `SELECT m.taxpayer_id, m.kind, m.topic, m.plan, m.send_after, l.id AS link_id, l.expires_at, l.token_hash
         FROM messages m JOIN update_links l ON l.message_id = m.id WHERE m.campaign_id = $1 ORDER BY m.taxpayer_id`,
      [campaignId],
    );
    assert.deepEqual(rows.map((x) => [Number(x.taxpayer_id), x.kind, x.topic, x.plan]), [
      [ids[0], 'campaign', 'contact_update_request', ['kakao']],
      [ids[1], 'campaign', 'contact_update_request', ['email']],
    ]);
    assert.equal(new Date(rows[0]!.send_after).toISOString(), new Date(sendAt).toISOString());
    assert.equal(new Date(rows[0]!.expires_at).getTime() - new Date(sendAt).getTime(), 14 * 86_400_000);
    // Each message carries its own link, and only its hash is stored.
    const first = await lastSent(ctx.db, testCipher, 'contact_update_request', ids[0]);
    const token = first!.variables.link!.split('/').pop()!;
    assert.ok(Buffer.from(rows[0]!.token_hash).equals(tokenHash(token)));
    const second = await lastSent(ctx.db, testCipher, 'contact_update_request', ids[1]);
    assert.notEqual(second!.variables.link, first!.variables.link);

    const list = (await (await official.request('/api/campaigns')).json()) as { campaigns: { id: number; recipients: number }[] };
    assert.ok(list.campaigns.some((c) => c.id === campaignId && c.recipients === 2));
    const other = new TestClient(server.url);
    await other.login('seocho.tax-official');
    assert.equal((await other.request(`/api/campaigns/${campaignId}`)).status, 404);
    assert.deepEqual(((await (await other.request('/api/campaigns')).json()) as { campaigns: unknown[] }).campaigns, []);
  });

  test('figures: delivered, opened, updated, and the next season delivered on the corrected contacts', async () => {
    const r = await json(official, '/api/campaigns', 'POST', { name: 'now', target: 'last_notice_failed' });
    const { campaignId } = (await r.json()) as { campaignId: number };
    // The KakaoTalk message arrives, the taxpayer opens the link and saves a new number.
    const { rows } = await ctx.db.query<{ id: number }>(`SELECT a.id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.campaign_id = $1 AND m.taxpayer_id = $2`, [campaignId, ids[0]]);
    await ctx.db.query(`UPDATE delivery_attempts SET provider = 'kakao-sim' WHERE id = $1`, [rows[0]!.id]);
    await markDelivered(ctx.db, [{ attemptId: rows[0]!.id, occurredAt: new Date() }], await loadLawRules(ctx.db));
    const link = await lastSent(ctx.db, testCipher, 'contact_update_request', ids[0]);
    const token = link!.variables.link!.split('/').pop()!;
    const resident = new TestClient(server.url, { 'x-forwarded-for': '203.0.113.50' });
    assert.equal((await resident.request(`${LINK_PATH}/${token}?lang=en`)).status, 200);
    const post = (path: string, fields: Record<string, string | string[]>) =>
      resident.request(`${path}?lang=en`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
    assert.equal((await post(`${LINK_PATH}/${token}`, { year: '1980', month: '01', day: '01' })).status, 303);
    const csrf = csrfOf(await (await resident.request(`${LINK_PATH}/${token}/contacts?lang=en`)).text());
    assert.equal((await post(`${LINK_PATH}/${token}/contacts`, { _csrf: csrf, mobile: '01056781234', enrol: 'sms' })).status, 303);
    const code = await lastSent(ctx.db, testCipher, 'one_time_code', ids[0]);
    assert.equal((await post(`${LINK_PATH}/${token}/code`, { _csrf: csrf, mobile: code!.variables.code! })).status, 303);
    assert.equal((await post(`${LINK_PATH}/${token}/check`, { _csrf: csrf })).status, 303);
    // The second taxpayer is corrected by an official instead (same service).
    await updateTaxpayerContacts({ db: ctx.db, cipher: testCipher }, {
      districtCode: 'gangnam', taxpayerId: ids[1]!, change: { mobile: '010-4444-5555' }, source: 'official', actor: { type: 'staff', id: 'gangnam.tax-official' }, reason: 'phoned the office',
      confirmedBy: await confirmedContacts(ctx.db, testCipher, 'gangnam', { mobile: '010-4444-5555' }),
    });
    // The resent notices of last season and next season's notices are delivered.
    const settle = async () => {
      const q = await ctx.db.query<{ id: number }>(`SELECT a.id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.kind = 'notice' AND a.state = 'queued' AND m.taxpayer_id = ANY($1)`, [ids.slice(0, 2)]);
      await markDelivered(ctx.db, q.rows.map((x) => ({ attemptId: x.id, occurredAt: new Date() })), await loadLawRules(ctx.db));
    };
    await settle();
    await seasonWithOutcomes(ctx.db, 'gangnam', [{ outcome: 'delivered' }, { outcome: 'delivered' }], { taxYear: 2026, taxpayerIds: ids.slice(0, 2) }).catch(() => undefined);
    await settle();

    const fig = await official.request(`/api/campaigns/${campaignId}`);
    assert.equal(fig.status, 200);
    const x = (await fig.json()) as { recipients: number; sent: number; delivered: number; opened: number; verified: number; updated: number; effect: { before: { rate: number; notices: number }; recoveredAfterCampaign: number; after: { notices: number; delivered: number; rate: number } } };
    assert.equal(x.recipients, 2);
    assert.equal(x.sent, 1);
    assert.equal(x.delivered, 1);
    assert.equal(x.opened, 1);
    assert.equal(x.verified, 1);
    assert.equal(x.updated, 1);
    assert.deepEqual(x.effect.before, { notices: 2, delivered: 0, rate: 0 });
    assert.equal(x.effect.recoveredAfterCampaign, 2);
    assert.equal(x.effect.after.notices, 2);
    assert.equal(x.effect.after.rate, 1);

    const page = await official.request(`/console/campaigns/${campaignId}?lang=en`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /data-field="updated">1</);
    assert.match(html, /data-field="rate-before">0%</);
    assert.match(html, /data-field="rate-after">100%</);
  });

  test('console: list, form errors with a summary, check answers with the count and sample, then created', async () => {
    const list = await official.request('/console/campaigns?lang=en');
    assert.equal(list.status, 200);
    const page = await list.text();
    const csrf = csrfOf(page);
    const post = (path: string, fields: Record<string, string>) =>
      official.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
    let r = await post('/console/campaigns/check?lang=en', { _csrf: csrf, name: '', when: 'later', sendAt: 'soon', linkDays: '0' });
    assert.equal(r.status, 400);
    const errs = await r.text();
    assert.match(errs, /<title>Error: /);
    for (const id of ['campaign-name', 'target-last_notice_failed', 'send-at', 'link-days']) assert.match(errs, new RegExp(`href="#${id}"`));
    // Everyone reachable was corrected by now: nothing to send, said on the form.
    const good = { _csrf: csrf, name: 'June 20', target: 'contact_at_risk', when: 'later', sendAt: '2099-06-20 10:00', linkDays: '14' };
    r = await post('/console/campaigns/check?lang=en', good);
    assert.equal(r.status, 400);
    assert.match(await r.text(), /No taxpayer in this target set can be reached/);
    const [fresh] = await createTaxpayers(ctx.db, 'gangnam', [{ identityKey: Buffer.alloc(64, 6).toString('base64'), mobile: '+821812345678', enrol: ['sms'] }]);
    await classifyTaxpayers(ctx.db, testCipher, 'gangnam', [fresh!]);
    r = await post('/console/campaigns/check?lang=en', good);
    assert.equal(r.status, 200);
    const check = await r.text();
    assert.match(check, /id="preview-count">\d/);
    assert.match(check, /Schedule the campaign/);
    r = await post('/console/campaigns?lang=en', { _csrf: csrf, name: 'June 20', target: 'contact_at_risk', when: 'later', sendAt: '2099-06-20 10:00', linkDays: '14' });
    assert.equal(r.status, 303);
    const created = await official.request(r.headers.get('location')!);
    assert.match(await created.text(), /The campaign was created/);
    r = await post('/console/campaigns?lang=en', { _csrf: 'wrong', name: 'x', target: 'contact_at_risk', when: 'now', linkDays: '14' });
    assert.equal(r.status, 403);
  });
});
