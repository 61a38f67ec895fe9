import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { hashToken } from '../auth/session.service.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';

// The idle-timeout warning on staff pages (ASVS 3.3.2, WCAG 2.2.1): two
// minutes before a session ends for want of use, a live region says so and a
// real button keeps the session. The page's clock is Playwright's; the
// session's age is moved back in the database, as time passing would.

describe('session timeout warning in a browser', { skip: BROWSER_SKIP }, () => {
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

  for (const locale of ['en', 'ko'] as const) {
    test(`[${locale}] a warning before the idle timeout, a button that keeps the session, and a notice once it has ended`, async () => {
      const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: official, password: TEST_PASSWORD, locale });
      try {
        await page.clock.install();
        await page.goto(`${server.url}/console?lang=${locale}`);
        const token = (await context.cookies()).find((c) => c.name === 'ts_session')!.value;
        const age = (minutes: number) =>
          database.db.query(`UPDATE staff_sessions SET last_seen_at = now() - make_interval(mins => $2) WHERE token_hash = $1`, [hashToken(token), minutes]);
        const lastSeenAge = async () =>
          (await database.db.query<{ s: number }>('SELECT extract(epoch FROM now() - last_seen_at)::float AS s FROM staff_sessions WHERE token_hash = $1', [hashToken(token)])).rows[0]!.s;
        const stay = page.locator('[data-session-stay]');
        const message = page.locator('[data-session-timeout-message]');
        assert.equal(await stay.isVisible(), false, 'nothing shows while the session is fresh');
        assert.equal(await message.textContent(), '');
        assert.equal(await message.getAttribute('aria-live'), 'assertive');

        // 28 minutes without use: the page asks how long is left (not use) and warns.
        await age(29);
        await page.clock.fastForward('28:00');
        await stay.waitFor({ state: 'visible' });
        assert.match(await message.textContent() ?? '', locale === 'en' ? /signed out in 1 minute/ : /1분 뒤에 로그아웃됩니다/);
        assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-session-stay')), true, 'the button has focus');
        assert.ok((await lastSeenAge()) >= 29 * 60 - 1, 'the check was not counted as use');
        await assertAccessible(page, `${locale} console with the timeout warning`);

        // Pressing the button (keyboard) keeps the session.
        await page.keyboard.press('Enter');
        await stay.waitFor({ state: 'hidden' });
        assert.match(await message.textContent() ?? '', locale === 'en' ? /still signed in/ : /로그인이 유지됩니다/);
        assert.ok((await lastSeenAge()) < 5, 'kept alive');
        await assertAccessible(page, `${locale} console after staying signed in`);

        // Left alone past the timeout: the page says so and offers to sign in again.
        await age(31);
        await page.clock.fastForward('29:00');
        const signIn = page.locator('[data-session-sign-in]');
        await signIn.waitFor({ state: 'visible' });
        assert.match(await message.textContent() ?? '', locale === 'en' ? /signed out because the console was not used/ : /로그아웃되었습니다/);
        assert.match((await signIn.getAttribute('href')) ?? '', /^\/login\?lang=(en|ko)&next=%2Fconsole/);
        await assertAccessible(page, `${locale} console after the timeout`);
        assert.equal((await page.request.get(`${server.url}/api/session`)).status(), 401);
        assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), [], 'no script or CSP errors');
      } finally {
        await context.close();
      }
    });
  }
});
