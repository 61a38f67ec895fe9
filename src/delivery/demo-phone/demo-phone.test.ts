import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../delivery.runtime.ts';
import { enqueueMessages, issueSeason } from '../queue/queue.ts';
import { messageLanguage } from './demo-phone.view.ts';

// The demo's phone and inbox over real HTTP on both engines: 404 unless the
// demo's controls exist (serve --demo with the in-process simulator); then
// every person who received something, searchable by name or the last four
// digits, and their messages newest first as they were rendered (the
// KakaoTalk card with its button, the text), links intact. The console's
// message page shows the rendered message too.

const KEY = Buffer.alloc(32, 7).toString('base64');

forEachEngine('demo phone and inbox', (ctx) => {
  let server: TestServer;
  let delivery: DeliveryRuntime;
  let official: TestClient;
  let noticeMessage = 0;
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-demo-phone-')), TAXSTATION_SIM_PROFILE: 'clean', TAXSTATION_QUIET_HOURS: 'off' });
    delivery = await startDeliveryRuntime({ config: server.deps.config, db: ctx.db, log: createLogger({ level: 'silent' }), cipher: testCipher }, { worker: false, bounceListener: false, demo: true });
    const staff = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' });
    const [kim, lee] = await createTaxpayers(ctx.db, 'gangnam', [
      { identityKey: Buffer.alloc(64, 5).toString('base64'), mobile: '+821055501111', enrol: ['kakao'] },
      { mobile: '+821055502222', enrol: ['sms'] },
    ]);
    await ctx.db.query(`UPDATE taxpayers SET name = CASE id WHEN $1 THEN '김시연' ELSE '이시연' END WHERE id IN ($1, $2)`, [kim, lee]);
    const [notice] = await createNotices(ctx.db, 'gangnam', [kim!, lee!], { taxYear: 2026, period: 1, dueDate: '2099-07-31', amount: 356000 });
    await issueSeason(ctx.db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    noticeMessage = Number((await ctx.db.query<{ id: number }>('SELECT id FROM messages WHERE notice_id = $1', [notice])).rows[0]!.id);
    await enqueueMessages(ctx.db, testCipher, [{
      districtCode: 'gangnam', kind: 'campaign', topic: 'contact_update_request', taxpayerId: kim!, plan: ['kakao'],
      variables: { link: `${server.url}/r/update/abc`, expires: '2099. 7. 1. 18:00' },
    }]);
    for (let i = 0; i < 50 && (await ctx.db.query(`SELECT 1 FROM delivery_attempts WHERE state = 'queued'`)).rows.length > 0; i++) await delivery.tick();
    official = new TestClient(server.url);
    await official.login(staff.tax_official);
  });
  after(async () => {
    await delivery?.close();
    await server?.close();
  });

  const page = async (path: string) => {
    const r = await new TestClient(server.url).request(path, { headers: { accept: 'text/html' } });
    return { status: r.status, body: await r.text() };
  };

  test('a message is marked in its own language, whatever its links', () => {
    assert.equal(messageLanguage({ sms: { kind: 'sms', text: '[강남구] 자동차세 2,687,000원 납부기한 2026. 12. 31. https://tax.example.go.kr/pay/gangnam/2026-12-0000001?code=ABCD1234' } }), 'ko');
    assert.equal(messageLanguage({ sms: { kind: 'sms', text: '[Gangnam-gu] Vehicle tax KRW 2,687,000 due 31 December 2026 https://tax.example.go.kr/pay' } }), 'en');
    assert.equal(messageLanguage({ email: { subject: '재산세 고지서', html: '', text: '' } }), 'ko');
  });

  test('404 without the demo controls (real providers, or serve without --demo), in words', async () => {
    const off = await page('/r/demo/phone?lang=en');
    assert.equal(off.status, 404);
    assert.match(off.body, /exists on a demo server only/);
  });

  test('the people who received messages, found by name or last four digits; a person’s messages newest first, rendered', async () => {
    server.deps.delivery = delivery;
    try {
      const list = await page('/r/demo/phone?lang=ko');
      assert.equal(list.status, 200);
      assert.match(list.body, /김시연 · 010-\*\*\*\*-1111/);
      assert.match(list.body, /이시연 · 010-\*\*\*\*-2222/);
      const found = await page('/r/demo/phone?lang=en&q=2222');
      assert.doesNotMatch(found.body, /김시연/);
      const key = /href="[^"]*to=(t\d+)[^"]*"[^>]*>김시연/.exec((await page('/r/demo/phone?lang=ko&q=김시연')).body)![1];
      const kim = await page(`/r/demo/phone?lang=en&to=${key}`);
      assert.equal(kim.status, 200);
      const campaign = kim.body.indexOf('지난 전자고지가 전달되지 않았습니다');
      const notice = kim.body.indexOf('재산세');
      assert.ok(campaign > 0 && notice > campaign, 'the campaign message (newer) comes before the notice');
      assert.match(kim.body, /<a class="button button-secondary" lang="ko" href="http:\/\/127\.0\.0\.1:\d+\/r\/update\/abc">/, 'the KakaoTalk button, a working link');
      assert.match(kim.body, /<p class="demo-text" lang="ko">[^<]*지난 전자고지가/, 'a Korean message on the English page is marked Korean');
      assert.match(kim.body, /KakaoTalk notification/);
      const lee = await page(`/r/demo/phone?lang=ko&q=${encodeURIComponent('이시연')}`);
      const leeKey = /to=(t\d+)/.exec(lee.body)![1];
      assert.match((await page(`/r/demo/phone?lang=ko&to=${leeKey}`)).body, /문자 메시지/);
      assert.equal((await page('/r/demo/phone?to=zz')).status, 400);
    } finally {
      delete server.deps.delivery;
    }
  });

  test('the console’s message page shows what was sent', async () => {
    const r = await official.request(`/console/messages/${noticeMessage}?lang=en`, { headers: { accept: 'text/html' } });
    const body = await r.text();
    assert.equal(r.status, 200);
    assert.match(body, /What was sent/);
    assert.match(body, /KakaoTalk notification/);
    // The timeline and the attempts read in words: no event code, state code or field name.
    const ko = await (await official.request(`/console/messages/${noticeMessage}?lang=ko`, { headers: { accept: 'text/html' } })).text();
    const tables = ko.slice(ko.indexOf('id="attempts-heading"')).replace(/<[^>]+>/g, ' ');
    assert.match(tables, /사업자가 접수함/);
    assert.doesNotMatch(tables, /\b[a-z]+_[a-z_]+\b|\b(accepted|delivered|queued|sending)\b|provider_message_id/);
  });
});
