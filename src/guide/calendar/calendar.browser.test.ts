import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { latestCode as latestCodeOf } from '../../../test-support/messages.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff, tabTo } from '../../../test-support/browser.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';

// A resident in Chromium: reads the month (grid on a wide screen, the list
// on a phone), the year list, subscribes to the calendar (the feed link) and
// signs up for reminders with the code from their phone; every
// page passes axe in both languages.

describe('local-tax calendar in the browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  const district = 'calweb';

  before(async () => {
    database = await createTestDatabase('pglite');
    await createDistrictWithStaff(database.db, district, ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    server = await startTestServer(database.db);
    server.deps.clock = () => new Date('2026-05-20T01:00:00Z');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const latestCode = () => latestCodeOf(database.db, server.deps.cipher, district);

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] month, year list and feed; axe finds nothing; the month reads as a list on a phone`, async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/r/guide/${district}/calendar?lang=${locale}`);
        assert.match((await page.textContent('#month-heading')) ?? '', locale === 'ko' ? /2026년 5월/ : /May 2026/);
        assert.ok(await page.isVisible('table.calendar-grid'), 'the grid on a wide screen');
        await assertAccessible(page, `${locale} month`);
        await page.click('#next-month');
        assert.match((await page.textContent('#month-heading')) ?? '', locale === 'ko' ? /2026년 6월/ : /June 2026/);
        const feed = await page.getAttribute('#feed-link', 'href');
        const ics = await (await context.request.get(feed!.replace(/^https?:\/\/[^/]+/, server.url))).text();
        assert.match(ics, /BEGIN:VEVENT/);
        await page.goto(`${server.url}/r/guide/${district}/calendar/list?year=2026&lang=${locale}`);
        assert.equal(await page.locator('.deadline-list > li').count(), 9 + 12);
        await assertAccessible(page, `${locale} year list`);

        await page.setViewportSize({ width: 375, height: 740 });
        await page.goto(`${server.url}/r/guide/${district}/calendar?year=2026&month=5&lang=${locale}`);
        assert.equal(await page.isVisible('table.calendar-grid'), false, 'no seven-column grid on a phone');
        assert.ok(await page.isVisible('#deadline-local_income_tax_filing-2026-06-01'), 'the month’s deadlines as a list');
        await assertAccessible(page, `${locale} month on a phone`);
      } finally {
        await context.close();
      }
    });
  }

  test('[ko] reminders by keyboard: a wrong answer is named and focused, the code from the phone confirms it, the link in each reminder stops them', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/r/guide/${district}/calendar?lang=ko`);
      await tabTo(page, 'remind-link');
      await Promise.all([page.waitForURL(/calendar\/remind/), page.keyboard.press('Enter')]);
      await assertAccessible(page, 'reminder form');
      await page.fill('#contact', '017-123-4567');
      await page.click('#send-code');
      assert.match(await page.title(), /^오류: /);
      assert.match((await page.textContent('.error-summary')) ?? '', /010 번호를 입력하세요/);
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'focus moves to the error summary');
      await assertAccessible(page, 'reminder form with an error');

      await page.fill('#contact', '010-3456-7890');
      await page.check('#days-7');
      await page.click('#send-code');
      assert.match((await page.textContent('#code-sent')) ?? '', /010-\*\*\*\*-7890/);
      await assertAccessible(page, 'code page');
      await page.fill('#code', await latestCode());
      await page.keyboard.press('Enter');
      await page.waitForSelector('#subscribed');
      assert.match((await page.textContent('main')) ?? '', /기한 7일 전에 알려 드립니다/);
      await assertAccessible(page, 'subscribed page');

      // the link every reminder carries
      const { rows } = await database.db.query<{ unsubscribe_sealed: Uint8Array }>('SELECT unsubscribe_sealed FROM guide_calendar_subscriptions WHERE district_code = $1 ORDER BY id DESC LIMIT 1', [district]);
      const token = server.deps.cipher.decrypt(Buffer.from(rows[0]!.unsubscribe_sealed));
      await page.goto(`${server.url}/r/guide/calendar/unsubscribe/${token}?lang=ko`);
      await assertAccessible(page, 'unsubscribe page');
      await page.click('#unsubscribe');
      await page.waitForSelector('#unsubscribed');
      await assertAccessible(page, 'unsubscribed page');
    } finally {
      await context.close();
    }
  });

  test('[en] the console keeps the schedule: a refused form named, an edit saved; axe clean', async () => {
    const { context, page } = await signInAsStaff(browser, { baseUrl: server.url, username: `${district}.tax-official`, password: TEST_PASSWORD, locale: 'en' });
    try {
      await page.goto(`${server.url}/console/guide/calendar?lang=en`);
      await assertAccessible(page, 'calendar console');
      await page.fill('#item-code', 'leisure_tax');
      await page.fill('#item-due', '40');
      await page.click('#save-item');
      await page.waitForSelector('.error-summary');
      await assertAccessible(page, 'calendar console with errors');
      await page.fill('#item-due', '30');
      await page.fill('#item-title-ko', '레저세');
      await page.fill('#item-title-en', 'Leisure tax');
      await page.click('#save-item');
      await page.waitForSelector('#flash');
      assert.match((await page.textContent('#items')) ?? '', /Leisure tax/);
      await page.click('a[aria-label="Edit Leisure tax"]');
      assert.equal(await page.inputValue('#item-title-en'), 'Leisure tax');
      await assertAccessible(page, 'calendar console editing');
    } finally {
      await context.close();
    }
  });
});
