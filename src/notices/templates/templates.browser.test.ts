import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';

// The template pages in a real browser: axe-core (WCAG 2.x A/AA) finds
// nothing on the list, the editor of each kind of channel, a refused
// template (the error summary naming the variable) and a preview, in Korean
// and English; no script or CSP error.

describe('template pages in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let official: string;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db, { TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-templates-browser-')) });
    ({ tax_official: official } = await createDistrictWithStaff(database.db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] the template list, editor, refusal and preview pass axe with zero violations`, async () => {
      const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: official, password: TEST_PASSWORD, locale });
      try {
        const visit = async (path: string, what: string) => {
          await page.goto(`${server.url}${path}?lang=${locale}`);
          assert.equal(await page.getAttribute('html', 'lang'), locale);
          await assertAccessible(page, `${locale} ${what}`);
        };
        // The staff menu leads to the templates.
        await page.goto(`${server.url}/console?lang=${locale}`);
        await Promise.all([page.waitForURL(/\/console\/templates/), page.click('.staff-bar a[href="/console/templates"]')]);
        await assertAccessible(page, `${locale} template list`);
        await visit('/console/templates/notice/kakao/ko', 'template edit (KakaoTalk)');
        await visit('/console/templates/notice/email/en', 'template edit (e-mail)');
        await page.fill('#tpl-body', 'Pay {{amount}} by {{due_dat}}');
        await Promise.all([page.waitForLoadState('load'), page.click('#tpl-save')]);
        await page.waitForSelector('[data-error-summary]');
        assert.match((await page.textContent('[data-error-summary]')) ?? '', /\{\{due_dat\}\}/);
        await assertAccessible(page, `${locale} template refused`);
        await page.fill('#tpl-body', 'Pay {{amount}} by {{due_date}}');
        await Promise.all([page.waitForLoadState('load'), page.click('#tpl-preview')]);
        await page.waitForSelector('#preview');
        await assertAccessible(page, `${locale} template preview`);
        assert.deepEqual(errors, [], 'no script or CSP errors in the console');
      } finally {
        await context.close();
      }
    });
  }
});
