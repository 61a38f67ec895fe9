import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { TEST_PASSWORD } from '../../../test-support/test-server.ts';
import { messageOfNotice, startDeliveryConsoleScenario, type DeliveryConsoleScenario } from '../delivery-console.test-support.ts';

// Issue 19, "Done when": an official goes from a season's page to its failed
// notice (filtered by the failure's cause), from the notice to its
// taxpayer's record, and back to the season, following only links on the
// pages. In Korean and English, on a phone-sized and a desktop viewport;
// axe finds nothing on any page visited.

const RUNS = [
  { locale: 'ko', viewport: { width: 375, height: 812 } },
  { locale: 'en', viewport: { width: 375, height: 812 } },
  { locale: 'ko', viewport: { width: 1280, height: 900 } },
  { locale: 'en', viewport: { width: 1280, height: 900 } },
] as const;
const WAIT = { timeout: 60_000 };

describe('from a season to a failed notice, its taxpayer, and back', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let s: DeliveryConsoleScenario;
  let browser: Browser;
  let failedMessage: number;
  let failedTaxpayer: { id: number; no: string };

  before(async () => {
    database = await createTestDatabase('pglite');
    s = await startDeliveryConsoleScenario(database.db);
    // Notice B's text message went to a dead prefix (the scenario).
    failedMessage = (await messageOfNotice(database.db, s.notices.b)).id;
    const { rows } = await database.db.query<{ id: number; taxpayer_no: string }>(
      'SELECT t.id, t.taxpayer_no FROM notices n JOIN taxpayers t ON t.id = n.taxpayer_id WHERE n.id = $1',
      [s.notices.b],
    );
    failedTaxpayer = { id: Number(rows[0]!.id), no: rows[0]!.taxpayer_no };
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await s?.server.close();
    await database?.drop();
  });

  const follow = (page: Page, url: RegExp, click: () => Promise<unknown>) => Promise.all([page.waitForURL(url, WAIT), click()]);

  for (const run of RUNS) {
    test(`[${run.locale}, ${run.viewport.width}px] season → failed notice → taxpayer's record → back to the season`, async () => {
      const { context, page, errors } = await signInAsStaff(browser, { baseUrl: s.server.url, username: 'gangnam.tax-official', password: TEST_PASSWORD, locale: run.locale });
      await page.setViewportSize(run.viewport);
      const where = (what: string) => `${run.locale} ${run.viewport.width}px ${what}`;
      try {
        // The seasons list leads to the season.
        await page.goto(`${s.server.url}/console/seasons?lang=${run.locale}`);
        await assertAccessible(page, where('seasons list'));
        await follow(page, new RegExp(`/console/seasons/${s.seasonId}\\?`), () => page.click(`a[href^="/console/seasons/${s.seasonId}?"]`));
        await page.waitForSelector('#season-progress', WAIT);
        await assertAccessible(page, where('season page'));

        // The failed notices: filter by the cause.
        await page.selectOption('#filter-cause', 'dead_prefix');
        await follow(page, /cause=dead_prefix/, () => page.click('#filter-apply'));
        await page.waitForSelector('#messages-heading', WAIT);
        await assertAccessible(page, where('season page, failed notices'));
        const rows = page.locator('#messages-heading ~ .table-wrap tbody tr');
        assert.equal(await rows.count(), 1, 'one notice failed in the scenario');
        assert.match((await rows.first().textContent()) ?? '', run.locale === 'ko' ? /없어진 01X 국번/ : /Dead 01X prefix/);

        // The failed notice's page says why, and leads to its taxpayer.
        await follow(page, new RegExp(`/console/messages/${failedMessage}\\?`), () => rows.first().locator(`a[href^="/console/messages/${failedMessage}?"]`).click());
        await page.waitForSelector('#contact-fix', WAIT);
        assert.match((await page.textContent('#contact-fix')) ?? '', run.locale === 'ko' ? /없어진 01X 국번/ : /Dead 01X prefix/);
        await assertAccessible(page, where('failed notice'));
        await follow(page, new RegExp(`/console/taxpayers/${failedTaxpayer.id}\\?`), () => page.click('#open-taxpayer'));

        // The taxpayer's record, with the contact edit one step away.
        await page.waitForSelector('#taxpayer-contacts', WAIT);
        assert.match((await page.textContent('h1')) ?? '', new RegExp(failedTaxpayer.no));
        assert.equal(await page.locator('#edit-contacts').count(), 1, 'an official may correct the contacts from here');
        await assertAccessible(page, where("taxpayer's record"));

        // Back: the record's notice leads to its timeline, whose link goes back to the season.
        await follow(page, new RegExp(`/console/messages/${failedMessage}\\?`), () => page.click(`a[href^="/console/messages/${failedMessage}?"]`));
        await follow(page, new RegExp(`/console/seasons/${s.seasonId}\\?`), () => page.click(`a[href^="/console/seasons/${s.seasonId}?"]`));
        await page.waitForSelector('#season-progress', WAIT);
        assert.equal(await page.getAttribute('html', 'lang'), run.locale);
        await assertAccessible(page, where('season page again'));
        assert.deepEqual(errors, [], 'no script or CSP errors');
      } finally {
        await context.close();
      }
    });
  }
});
