import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../../test-support/test-server.ts';
import { createStaffAccount } from '../staff.repository.ts';
import { setRequireAdminTotp } from './totp.service.ts';

// Two-step verification in Chromium, by keyboard, in Korean and English:
// an admin of a district that requires it signs in and lands on the set-up
// page; the page (QR code, key, code field), its error state, the recovery
// codes and the page once it is on pass axe; after signing out, the sign-in
// asks for the code on its own page, which passes axe with and without an
// error, and a right code opens the console. Codes come from otplib at the
// server's injected clock.

describe('two-step verification in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let now = new Date('2026-12-08T01:00:05Z');

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    server.deps.clock = () => now;
    await createDistrictWithStaff(database.db, 'mapo', [], { ko: '마포구', en: 'Mapo-gu' });
    await setRequireAdminTotp(database.db, 'mapo', true, { actor: { type: 'system', id: 'test' }, source: 'system', reason: 'browser test' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const codeAt = (secret: string) => generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
  const wrongOf = (code: string) => (code === '000000' ? '111111' : '000000');

  async function submitErrors(page: Page, what: string, locale: 'ko' | 'en'): Promise<void> {
    await page.waitForSelector('[data-error-summary]');
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true, `${what}: the summary has focus`);
    assert.match(await page.title(), locale === 'ko' ? /^오류: / : /^Error: /);
    await assertAccessible(page, what);
  }

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] set up on the required page, then sign in with a code; every step passes axe`, async () => {
      const username = `mapo.${locale}-admin`;
      await createStaffAccount(database.db, { districtCode: 'mapo', username, displayName: `관리자 ${locale}`, role: 'admin', password: TEST_PASSWORD });
      const context = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB' });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/login?lang=${locale}`);
        await page.fill('#username', username);
        await page.fill('#password', TEST_PASSWORD);
        await Promise.all([page.waitForURL(/\/console\/account\/second-factor/), page.press('#password', 'Enter')]);
        assert.match(await page.textContent('main') ?? '', locale === 'ko' ? /마포구는 관리자가 2단계 인증을 반드시 쓰도록/ : /Mapo-gu requires administrators to use two-step verification/);
        assert.ok(await page.getAttribute('img[alt]', 'alt'), 'the QR code has a text alternative');
        await assertAccessible(page, `${locale} set-up page`);

        const secret = ((await page.textContent('[data-setup-key]')) ?? '').replace(/\s/g, '');
        assert.match(secret, /^[A-Z2-7]{32}$/);
        await page.focus('#code');
        await page.keyboard.type(wrongOf(await codeAt(secret)));
        await page.keyboard.press('Enter');
        await submitErrors(page, `${locale} set-up page with an error`, locale);

        await page.fill('#code', await codeAt(secret));
        await page.focus('#code');
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-recovery-codes]');
        assert.equal(await page.locator('[data-recovery-codes] li').count(), 8);
        await assertAccessible(page, `${locale} recovery codes`);
        await Promise.all([page.waitForURL(/second-factor/), page.click('a.button')]);
        assert.match(await page.textContent('main') ?? '', locale === 'ko' ? /2단계 인증이 켜져 있습니다/ : /Two-step verification is on/);
        await assertAccessible(page, `${locale} page with two-step verification on`);

        // Sign out, and in again: the code on its own page.
        await Promise.all([page.waitForURL(/\/login/), page.click('form[action="/logout"] button')]);
        now = new Date(now.getTime() + 30_000);
        await page.goto(`${server.url}/login?lang=${locale}`);
        await page.fill('#username', username);
        await page.fill('#password', TEST_PASSWORD);
        await Promise.all([page.waitForURL(/\/login\/code/), page.press('#password', 'Enter')]);
        assert.equal(await page.getAttribute('#code', 'autocomplete'), 'one-time-code');
        await assertAccessible(page, `${locale} code step`);
        await page.focus('#code');
        await page.keyboard.type(wrongOf(await codeAt(secret)));
        await page.keyboard.press('Enter');
        await submitErrors(page, `${locale} code step with an error`, locale);
        await page.fill('#code', await codeAt(secret));
        await Promise.all([page.waitForURL(/\/console$/), page.press('#code', 'Enter')]);
        assert.match(await page.textContent('body') ?? '', locale === 'ko' ? /로그아웃/ : /Sign out/);
        now = new Date(now.getTime() + 30_000);
      } finally {
        await context.close();
      }
    });
  }
});
