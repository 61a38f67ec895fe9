import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../test-support/databases.ts';
import { testCipher } from '../../test-support/factories.ts';
import { startTestServer, type TestServer } from '../../test-support/test-server.ts';
import { seedDemo } from '../platform/demo/seed.ts';
import { paymentPageMessages } from '../notices/payment-page/payment-page.messages.ts';
import { paymentCode } from '../notices/payment-page/payment-code.ts';
import { setPaymentBankIfUnset } from '../notices/payment-page/payment-settings.repository.ts';
import { importText } from '../../test-support/roll-fixtures.ts';

// The start page and the way to pay a paper notice, in Chromium, Korean and
// English, at 320 px and on a desktop: axe-clean, nothing wider than the
// window; from the start page's link to /r/pay by keyboard, an empty form
// answered with the error summary (focused), then the notice's code question
// and its payment page (the bank, the steps, Wetax and Internet Giro).

describe('the start page and /r/pay in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    await seedDemo({ db: database.db, cipher: testCipher });
    server = await startTestServer(database.db);
    await importText(database.db, `notice_no,taxpayer_no,name,birth_date,postal_code,address,tax_item,tax_year,amount,due_date,payment_account\n2026-1200-000001,T1,김납부,1970-01-01,06236,서울특별시 강남구 테헤란로 1,vehicle_tax,2026,"1,284,500",2026-12-31,26012345678901\n`, { districtCode: 'gangnam' });
    await setPaymentBankIfUnset(database.db, 'gangnam', { ko: '신한은행', en: 'Shinhan Bank' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    for (const width of [320, 1280]) {
      test(`[${locale}, ${width} px] the start page links the payment way in, which works by keyboard`, async () => {
        const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        try {
          const noOverflow = async (what: string) => {
            const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
            assert.ok(scroll <= client, `${what}: ${scroll} > ${client}`);
          };
          await page.goto(`${server.url}/?lang=${locale}`);
          await assertAccessible(page, `${locale} ${width} start page`);
          await noOverflow('start page');
          const title = paymentPageMessages.t(locale, 'service_title');
          const link = page.getByRole('link', { name: title, exact: true });
          await link.focus();
          await Promise.all([page.waitForURL(/\/r\/pay\?lang=/), page.keyboard.press('Enter')]);
          await assertAccessible(page, `${locale} ${width} /r/pay`);
          await noOverflow('/r/pay');

          await page.focus('#pay-start-submit');
          await Promise.all([page.waitForURL(/\/r\/pay\?.*noticeNo=/), page.keyboard.press('Enter')]);
          await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
          assert.equal(await page.locator('.error-summary a').count(), 2);
          await assertAccessible(page, `${locale} ${width} /r/pay with errors`);

          await page.selectOption('#pay-district', 'gangnam');
          await page.fill('#pay-notice-no', '2026-1200-000001');
          await Promise.all([page.waitForURL(/\/pay\/gangnam\/2026-1200-000001/), page.press('#pay-notice-no', 'Enter')]);
          assert.equal(await page.textContent('h1'), paymentPageMessages.t(locale, 'code_title'));
          await page.fill('#pay-code', paymentCode(server.deps.cipher, 'gangnam', '2026-1200-000001'));
          await Promise.all([page.waitForURL(/code=/), page.press('#pay-code', 'Enter')]);
          assert.equal(await page.textContent('h1'), paymentPageMessages.t(locale, 'pay_title'));
          assert.equal(await page.textContent('#pay-bank'), locale === 'ko' ? '신한은행' : 'Shinhan Bank');
          assert.equal(await page.getAttribute('#pay-wetax', 'href'), 'https://www.wetax.go.kr');
          assert.equal(await page.getAttribute('#pay-giro', 'href'), 'https://www.giro.or.kr');
          await assertAccessible(page, `${locale} ${width} payment page`);
          await noOverflow('payment page');
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
