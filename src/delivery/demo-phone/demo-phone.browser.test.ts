import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../../test-support/browser.ts';
import { createDistrictWithStaff, startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { createLogger } from '../../platform/logger.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { createUpdateLinks, linkUrl } from '../../hygiene/self-service/update-links.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../delivery.runtime.ts';
import { enqueueMessages } from '../queue/queue.ts';

// Issue 19, "Done when": a visitor follows the demo phone from a campaign
// message to a completed contact update: finds the resident by name, opens
// the KakaoTalk card's button, confirms the date of birth, enters a new
// number, reads the one-time code off the demo phone (found by the new
// number's last four digits), and finishes. In Korean and English, on a
// phone-sized (375 × 812) and a desktop viewport; axe finds nothing on any
// page visited, the demo phone's and the self-service pages.

const KEY = Buffer.alloc(32, 7).toString('base64');
const RUNS = [
  { locale: 'ko', viewport: { width: 375, height: 812 }, name: '김폰시연', number: '010-2468-1001' },
  { locale: 'en', viewport: { width: 375, height: 812 }, name: '이폰시연', number: '010-2468-1002' },
  { locale: 'ko', viewport: { width: 1280, height: 900 }, name: '박폰시연', number: '010-2468-1003' },
  { locale: 'en', viewport: { width: 1280, height: 900 }, name: '최폰시연', number: '010-2468-1004' },
] as const;

describe('the demo phone, from a campaign message to a completed contact update', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let delivery: DeliveryRuntime;
  let browser: Browser;

  const sendAll = async () => {
    for (let i = 0; i < 100; i++) {
      await delivery.tick();
      if ((await database.db.query(`SELECT 1 FROM delivery_attempts WHERE state IN ('queued', 'sending')`)).rows.length === 0) return;
    }
    assert.fail('messages still queued');
  };

  before(async () => {
    database = await createTestDatabase('pglite');
    const db = database.db;
    server = await startTestServer(db, { TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-demo-phone-b-')), TAXSTATION_SIM_PROFILE: 'clean', TAXSTATION_QUIET_HOURS: 'off' });
    delivery = await startDeliveryRuntime({ config: server.deps.config, db, log: createLogger({ level: 'silent' }), cipher: testCipher }, { worker: false, bounceListener: false, demo: true });
    server.deps.delivery = delivery;
    await createDistrictWithStaff(db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' });
    const ids = await createTaxpayers(db, 'gangnam', RUNS.map((_, i) => ({ identityKey: Buffer.alloc(64, 10 + i).toString('base64'), mobile: `+8216123400${i}0`, enrol: ['kakao'] as const satisfies ('kakao')[] })));
    const expiresAt = new Date(Date.now() + 7 * 86_400_000);
    for (const [i, id] of ids.entries()) {
      await db.query('UPDATE taxpayers SET name = $2 WHERE id = $1', [id, RUNS[i]!.name]);
      const [link] = await createUpdateLinks(db, [{ districtCode: 'gangnam', taxpayerId: id, purpose: 'on_request', expiresAt }]);
      await enqueueMessages(db, testCipher, [{
        districtCode: 'gangnam', kind: 'campaign', topic: 'contact_update_request', taxpayerId: id, plan: ['kakao'],
        variables: { link: linkUrl(server.url, link!.token), expires: formatDateTime('ko', expiresAt) },
      }]);
    }
    await sendAll();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await delivery?.close();
    delete server?.deps.delivery;
    await server?.close();
    await database?.drop();
  });

  const go = (page: Page, action: () => Promise<unknown>) => Promise.all([page.waitForLoadState('load'), action()]);

  for (const run of RUNS) {
    test(`[${run.locale}, ${run.viewport.width}px] demo phone → KakaoTalk button → date of birth → new number → code from the demo phone → done`, async () => {
      const context = await browser.newContext({ bypassCSP: true, viewport: run.viewport, locale: run.locale === 'ko' ? 'ko-KR' : 'en-GB' });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/r/demo/phone?lang=${run.locale}`);
        await assertAccessible(page, `${run.locale} demo phone`);
        await page.fill('#demo-q', run.name);
        await go(page, () => page.press('#demo-q', 'Enter'));
        await go(page, () => page.click(`.demo-residents a:has-text("${run.name}")`));
        await assertAccessible(page, `${run.locale} demo phone, one resident`);
        const card = page.locator('.demo-kakao').first();
        assert.match((await card.textContent()) ?? '', /전자고지가 전달되지 않았습니다/);
        await go(page, () => card.locator('.demo-buttons a').first().click());
        await page.waitForSelector('#dob-year');
        await assertAccessible(page, `${run.locale} self-service, date of birth`);

        await page.fill('#dob-year', '1980');
        await page.fill('#dob-month', '1');
        await page.fill('#dob-day', '1');
        await Promise.all([page.waitForURL(/\/contacts/), page.click('#dob-submit')]);
        await assertAccessible(page, `${run.locale} self-service, contacts`);
        await page.fill('#new-mobile', run.number);
        await Promise.all([page.waitForURL(/\/code/), page.click('#contacts-submit')]);
        const codeUrl = page.url();
        await sendAll();

        // The code, read off the demo phone of the new number.
        await page.goto(`${server.url}/r/demo/phone?lang=${run.locale}&q=${run.number.slice(-4)}`);
        await go(page, () => page.click(`.demo-residents a:has-text("${run.number.slice(-4)}")`));
        const sms = (await page.locator('.demo-sms .demo-text').first().textContent()) ?? '';
        const code = /\b(\d{6})\b/.exec(sms)?.[1];
        assert.ok(code, `a code in the newest text: ${sms}`);
        await assertAccessible(page, `${run.locale} demo phone with the code`);

        await page.goto(codeUrl);
        await assertAccessible(page, `${run.locale} self-service, code`);
        await page.fill('#code-mobile', code);
        await Promise.all([page.waitForURL(/\/check/), page.click('#code-submit')]);
        await assertAccessible(page, `${run.locale} self-service, check answers`);
        await Promise.all([page.waitForURL(/\/done/), page.click('#save')]);
        await assertAccessible(page, `${run.locale} self-service, done`);
        assert.match((await page.textContent('#reference'))?.trim() ?? '', /^U\d{6}-[2-9A-Z]{6}$/);
      } finally {
        await context.close();
      }
    });
  }
});
