import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium, tabTo } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { insertAwaitingPaper, insertDistrict } from '../../../test-support/awaiting-paper.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { formatPaymentCode, paymentCode } from './payment-code.ts';

// A resident who types the notice number from the paper notice: the page
// asks for the code printed on it, a wrong code brings the error summary
// (which takes focus), the right one typed with the keyboard alone opens the
// page; axe finds nothing on any of them in Korean and English.

describe('the payment page in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let noticeNo: string;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    await insertDistrict(database.db, 'gangnam', { ko: '강남구', en: 'Gangnam-gu' });
    noticeNo = (await insertAwaitingPaper(database.db, 'gangnam', [{ effectiveDueDate: '2026-08-20' }]))[0]!.noticeNo;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const [i, locale] of (['ko', 'en'] as const).entries()) {
    test(`[${locale}] notice number → the question for the code → a wrong code → the right code, keyboard only`, async () => {
      // bypassCSP only so that axe can be injected; the pages run under the real policy.
      const context = await browser.newContext({ bypassCSP: true, extraHTTPHeaders: { 'x-forwarded-for': `192.0.2.${30 + i}` } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text());
      });
      try {
        await page.goto(`${server.url}/pay/gangnam/${noticeNo}?lang=${locale}`);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        await assertAccessible(page, `${locale} payment page code question`);

        await page.fill('#pay-code', 'AAAA-AAAA');
        await Promise.all([page.waitForLoadState('load'), page.click('#pay-code-submit')]);
        await page.waitForSelector('[data-error-summary]');
        assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true, 'the summary takes focus');
        assert.match(await page.title(), locale === 'ko' ? /^오류: / : /^Error: /);
        await assertAccessible(page, `${locale} payment page wrong code`);

        await tabTo(page, 'pay-code');
        await page.keyboard.press('Control+A');
        const typed = formatPaymentCode(paymentCode(server.deps.cipher, 'gangnam', noticeNo)).toLowerCase();
        await page.keyboard.type(typed);
        await Promise.all([page.waitForURL((url) => url.searchParams.get('code') === typed), page.keyboard.press('Enter')]);
        assert.match((await page.textContent('h1')) ?? '', locale === 'ko' ? /지방세 납부 안내/ : /Pay your local tax/);
        assert.match((await page.textContent('main')) ?? '', locale === 'ko' ? /2026\. 8\. 20\./ : /20 August 2026/);
        await assertAccessible(page, `${locale} payment page`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
