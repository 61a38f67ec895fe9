import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { ROLL_COLUMNS } from './roll-format.ts';

// The roll upload page in Chromium, Korean and English, phone and desktop
// widths: axe-clean with the table of columns; the sample file downloaded
// from the page goes back through the same page's form and is imported.

describe('roll upload page: the columns and the sample file', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let official: string;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    ({ tax_official: official } = (await createDistrictWithStaff(database.db, 'gangnam', ['tax_official'])) as { tax_official: string });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    for (const width of [320, 1280]) {
      test(`[${locale}, ${width} px] the page lists the columns, and its sample file imports`, async () => {
        const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: official, password: TEST_PASSWORD, locale });
        try {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${server.url}/console/rolls/upload?lang=${locale}`);
          assert.deepEqual(await page.$$eval('#roll-columns tbody tr', (rows) => rows.map((r) => r.getAttribute('data-column'))), ROLL_COLUMNS.map((c) => c.name));
          await assertAccessible(page, `${locale} ${width} upload page`);
          // the link at the top leads to the table
          await page.click('a[href="#roll-format"]');
          assert.equal(await page.evaluate(() => location.hash), '#roll-format');

          const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#roll-sample-${locale}`)]);
          const sample = readFileSync((await download.path())!);
          assert.equal(download.suggestedFilename(), `tax-roll-sample-${locale}.csv`);
          await page.setInputFiles('#roll-file', { name: download.suggestedFilename(), mimeType: 'text/csv', buffer: sample });
          await Promise.all([page.waitForURL(/\/console\/rolls\/upload/), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
          assert.match((await page.textContent('h1')) ?? '', locale === 'ko' ? /가져왔습니다/ : /was imported/);
          await assertAccessible(page, `${locale} ${width} sample imported`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
