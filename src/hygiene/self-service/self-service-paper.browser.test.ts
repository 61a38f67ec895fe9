import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { selfServiceMessages } from './self-service.messages.ts';
import { createUpdateLinks, LINK_PATH } from './update-links.ts';

// The self-service pages this issue changed, in Chromium, Korean and English,
// at 320 px and on a desktop, axe-clean with nothing wider than the window:
// the sent page (where the link goes: KakaoTalk, else a text, else an e-mail,
// and whom to ask when nothing comes), and the question before a resident
// gives up every electronic channel (no goes back to the form, yes on to the
// check step, which says post only).

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('self-service: where the link goes, and notices by post only', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let address = 10;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db, { TAXSTATION_ENCRYPTION_KEY: KEY });
    await createDistrictWithStaff(database.db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function checked(page: Page, what: string): Promise<void> {
    await assertAccessible(page, what);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `${what}: ${scroll} > ${client}`);
  }

  for (const locale of ['ko', 'en'] as const) {
    for (const width of [320, 1280]) {
      test(`[${locale}, ${width} px] the sent page and the post-only question`, async () => {
        const t = (key: Parameters<typeof selfServiceMessages.t>[1]) => selfServiceMessages.t(locale, key);
        const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${++address}` } });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        try {
          await page.goto(`${server.url}${LINK_PATH}?lang=${locale}`);
          await page.selectOption('#district', 'gangnam');
          await page.fill('#who', 'NOBODY');
          await page.fill('#dob-year', '1990');
          await page.fill('#dob-month', '5');
          await page.fill('#dob-day', '5');
          await Promise.all([page.waitForURL(/\/sent/), page.click('#start-submit')]);
          assert.deepEqual(await page.$$eval('ol li', (items) => items.map((i) => i.textContent)), [t('sent_how_kakao'), t('sent_how_sms'), t('sent_how_email')]);
          await checked(page, `${locale} ${width} sent`);

          const [tp] = await createTaxpayers(database.db, 'gangnam', [{ mobile: '+821055500001', enrol: ['sms'] }]);
          const [link] = await createUpdateLinks(database.db, [{ districtCode: 'gangnam', taxpayerId: tp!, purpose: 'on_request', expiresAt: new Date(Date.now() + 3_600_000) }]);
          await page.goto(`${server.url}${LINK_PATH}/${link!.token}?lang=${locale}`);
          await page.fill('#dob-year', '1980');
          await page.fill('#dob-month', '1');
          await page.fill('#dob-day', '1');
          await Promise.all([page.waitForURL(/\/contacts/), page.click('#dob-submit')]);
          await page.uncheck('#enrol-sms');
          // the answers come back on the same address: wait for the page's heading
          const heading = (text: string) => page.waitForFunction((s) => document.querySelector('h1')?.textContent === s, text);
          await page.click('#contacts-submit');
          await heading(t('paper_title'));
          await checked(page, `${locale} ${width} post-only question`);
          // No: back to the form to choose
          await page.focus('#paper-no');
          await page.keyboard.press('Enter');
          await heading(t('contacts_title'));
          assert.equal(await page.isChecked('#enrol-sms'), false, 'as it was typed');
          await page.click('#contacts-submit');
          await heading(t('paper_title'));
          // Yes: the check step says post only
          await page.focus('#paper-yes');
          await Promise.all([page.waitForURL(/\/check/), page.keyboard.press('Enter')]);
          assert.equal(await page.textContent('#check-channels'), t('check_paper_only'));
          assert.equal(await page.textContent('#check-warning'), t('check_warning_paper'));
          await checked(page, `${locale} ${width} check answers, post only`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
