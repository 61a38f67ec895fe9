import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../test-support/databases.ts';
import { createTaxpayers } from '../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../test-support/test-server.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff, tabTo } from '../../test-support/browser.ts';

// The taxpayer data export page in Chromium: axe finds nothing in Korean and
// English, also with the missing reason's error; by keyboard only an official
// reaches it from the taxpayer's page, types the reason and downloads the PDF.

describe('taxpayer data export in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let official: string;
  let taxpayerId: number;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    ({ tax_official: official } = await createDistrictWithStaff(database.db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' }));
    [taxpayerId] = (await createTaxpayers(database.db, 'gangnam', [{ mobile: '+821012345678', email: 'kim@example.kr', enrol: ['sms'] }], server.deps.cipher)) as [number];
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] from the taxpayer's page to a PDF by keyboard; axe finds nothing, also with the error`, async () => {
      const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: official, password: TEST_PASSWORD, locale });
      try {
        await page.goto(`${server.url}/console/taxpayers/${taxpayerId}?lang=${locale}`);
        await tabTo(page, 'export-data');
        await Promise.all([page.waitForURL(/\/export\?/), page.keyboard.press('Enter')]);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        await assertAccessible(page, `${locale} export page`);

        await tabTo(page, 'download-json');
        await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
        await page.waitForSelector('[data-error-summary]');
        assert.ok(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary') ?? false), 'the error summary takes focus');
        await assertAccessible(page, `${locale} export page with its error`);

        await tabTo(page, 'reason');
        await page.keyboard.type(locale === 'ko' ? '창구 열람 청구' : 'request at the counter');
        await tabTo(page, 'download-pdf');
        const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
        assert.match(download.suggestedFilename(), new RegExp(`^taxpayer-${taxpayerId}-\\d{8}\\.pdf$`));
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
