import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../../test-support/browser.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { REFUND_APPLICATION_PATH } from '../../desk/auto-replies/auto-replies.service.ts';

// The page the desk links to when a resident asks about a refund: it is
// there, in both languages, passes axe, and its way to further help is
// reachable by keyboard.

describe('refund guide page', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] the desk's refund link opens the guide; axe finds nothing; the chat link is reached by keyboard`, async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      try {
        const response = await page.goto(`${server.url}${REFUND_APPLICATION_PATH}?lang=${locale}`);
        assert.equal(response?.status(), 200);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        assert.match((await page.textContent('h1')) ?? '', locale === 'ko' ? /환급 신청/ : /local-tax refund/);
        assert.match((await page.textContent('main')) ?? '', locale === 'ko' ? /제64조/ : /Article 64/);
        await assertAccessible(page, `${locale} refund guide`);

        const chat = locale === 'ko' ? '상담원과 채팅' : 'Chat with an agent';
        let focused = '';
        for (let i = 0; i < 40 && focused !== chat; i++) {
          await page.keyboard.press('Tab');
          focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');
        }
        assert.equal(focused, chat, 'the chat link is reachable with Tab');
        await Promise.all([page.waitForURL(/\/r\/desk(\?|$)/), page.keyboard.press('Enter')]);
      } finally {
        await context.close();
      }
    });
  }
});
