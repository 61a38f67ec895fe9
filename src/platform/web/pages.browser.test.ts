import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { SAMPLE, SAMPLE_HEADER } from '../../../test-support/roll-fixtures.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { BROWSER_SKIP, launchChromium, assertAccessible, tabTo, activeId } from '../../../test-support/browser.ts';

// The pages in a real browser: keyboard-only sign-in, the error summary
// taking focus, and axe-core (WCAG 2.x A/AA) finding nothing on any page, in
// Korean and in English.

const BAD_ROW = '2026-0700-000009,T00099999,최오류,1980-02-30,,010-1111-2222,,sms,0623,서울특별시 강남구 테헤란로 1,property_tax,2026,1,12.5,2026-07-31,';

describe('pages in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let official: string;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    ({ tax_official: official } = await createDistrictWithStaff(database.db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] keyboard-only sign-in, console and roll report pass axe with zero violations`, async () => {
      // bypassCSP only so that axe can be injected; the pages themselves run under the real policy.
      const context = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB' });
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        // Form pages answer 400/422 on purpose; the browser reports those statuses as console errors.
        if (m.type() === 'error' && !/status of (400|422)/.test(m.text())) consoleErrors.push(m.text());
      });
      try {
        await page.goto(`${server.url}/?lang=${locale}`);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        await assertAccessible(page, `${locale} /`);

        await page.goto(`${server.url}/login?lang=${locale}`);
        await assertAccessible(page, `${locale} /login`);

        // Submitting the empty form: the error summary takes focus and links to the fields.
        await tabTo(page, 'username');
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-error-summary]');
        assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true, 'the summary has focus');
        assert.match(await page.title(), locale === 'ko' ? /^오류: / : /^Error: /);
        await assertAccessible(page, `${locale} /login with errors`);
        // Following the summary's first link by keyboard lands in the field.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        assert.equal(await activeId(page), 'username');

        // Keyboard only from here: type, Tab, type, Enter.
        await page.keyboard.type(official);
        await page.keyboard.press('Tab');
        assert.equal(await activeId(page), 'password');
        await page.keyboard.type(TEST_PASSWORD);
        // A tax official starts on the notice seasons (app/start-pages.ts); the overview is one link away.
        await Promise.all([page.waitForURL(/\/console\/seasons$/), page.keyboard.press('Enter')]);
        await page.goto(`${server.url}/console?lang=${locale}`);
        assert.match(await page.textContent('h1') ?? '', locale === 'ko' ? /강남구 세무 업무/ : /Gangnam-gu tax console/);
        await assertAccessible(page, `${locale} /console`);

        // The upload form, then the report of a rejected roll (errors table).
        await page.setInputFiles('#roll-file', { name: `roll-${locale}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${SAMPLE}${BAD_ROW}\n`) });
        await Promise.all([page.waitForURL(/\/console\/rolls\/upload/), page.click('button[type=submit].button:not(.button-secondary)')]);
        assert.match(await page.textContent('h1') ?? '', locale === 'ko' ? /가져오지 못했습니다/ : /was not imported/);
        assert.ok((await page.locator('table tbody tr').count()) >= 1);
        await assertAccessible(page, `${locale} roll report (rejected)`);

        // And an imported one (skip the bad row).
        await page.goto(`${server.url}/console/rolls/upload?lang=${locale}`);
        await assertAccessible(page, `${locale} upload page`);
        await page.check('#skip-invalid');
        await page.setInputFiles('#roll-file', { name: `roll-${locale}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${SAMPLE_HEADER}\n${SAMPLE.split('\n')[1]}\n${BAD_ROW}\n`) });
        await Promise.all([page.waitForURL(/\/console\/rolls\/upload/), page.click('button[type=submit].button:not(.button-secondary)')]);
        assert.match(await page.textContent('h1') ?? '', locale === 'ko' ? /가져왔습니다/ : /was imported/);
        await assertAccessible(page, `${locale} roll report (imported)`);

        assert.deepEqual(consoleErrors, [], 'no script or CSP errors in the console');
      } finally {
        await context.close();
      }
    });
  }

  test('under the real Content-Security-Policy the enhancement script runs and nothing is blocked', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(m.text());
    });
    try {
      await page.goto(`${server.url}/login?lang=en`);
      await tabTo(page, 'password');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-error-summary]');
      assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true);
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.error-summary')!).borderTopStyle);
      assert.equal(styled, 'solid', 'the stylesheet loaded');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
