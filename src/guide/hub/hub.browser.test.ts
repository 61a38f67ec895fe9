import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../../test-support/browser.ts';
import { createDistrictWithStaff, startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { insertPage } from '../booths/booths.repository.ts';

// The guide's front page and its search in Chromium: searched by keyboard
// from the front page, a result followed; axe finds nothing, in Korean and
// in English (a Korean-only result marked as Korean on the English page).

describe('guide front page and search in the browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    await createDistrictWithStaff(database.db, 'webgu', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    const staffId = Number((await database.db.query<{ id: string }>("SELECT id FROM staff_accounts WHERE district_code = 'webgu'")).rows[0]!.id);
    await insertPage(database.db, 'webgu', { kind: 'faq', slug: 'prepay', position: 1, title: { ko: '자동차세 연납은 언제 하나요?', en: '' }, body: { ko: '1월, 3월, 6월, 9월에 신청합니다.', en: '' }, published: true }, staffId);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] the front page, a search typed there, a result followed; axe clean`, async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/r/guide/webgu?lang=${locale}`);
        await assertAccessible(page, `${locale} guide front page`);
        await page.focus('#hub-q');
        await page.keyboard.type('연납');
        await page.keyboard.press('Enter');
        await page.waitForSelector('#results-heading');
        await assertAccessible(page, `${locale} search results`);
        const faq = page.locator('.search-results a', { hasText: '자동차세 연납은 언제 하나요?' });
        assert.equal(await faq.getAttribute('lang'), locale === 'en' ? 'ko' : null);
        await faq.focus();
        await Promise.all([page.waitForURL(/\/faq\?lang=\w\w#faq-prepay$/), page.keyboard.press('Enter')]);
        await page.goto(`${server.url}/r/guide/webgu/search?q=${encodeURIComponent('없는말')}&lang=${locale}`);
        assert.ok(await page.isVisible('#no-results'));
        await assertAccessible(page, `${locale} no results`);
      } finally {
        await context.close();
      }
    });
  }
});
