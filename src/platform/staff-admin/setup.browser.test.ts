import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, tabTo } from '../../../test-support/browser.ts';
import { addDistrict, addStaff, type Operator } from './staff-admin.service.ts';

// The set-up page in Chromium, by keyboard only: axe-core finds nothing on
// the form, on the form with errors (the summary takes focus) and on the
// used link's page, in Korean and English; a good password lands in the console.

const operator: Operator = { actor: { type: 'system', id: 'cli:test' }, source: 'system', reason: 'browser test' };

describe('set-up page in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    await addDistrict(database.db, { code: 'mapo', nameKo: '마포구', nameEn: 'Mapo-gu' }, operator);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] choose a password by keyboard; errors, form and used link pass axe`, async () => {
      const added = await addStaff(
        { db: database.db, publicUrl: server.url },
        { districtCode: 'mapo', username: `mapo.${locale}-admin`, role: 'admin' },
        operator,
      );
      assert.ok(added.changed);
      const context = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB' });
      const page = await context.newPage();
      try {
        await page.goto(`${added.link.url}?lang=${locale}`);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        await assertAccessible(page, `${locale} set-up form`);

        await tabTo(page, 'password');
        await page.keyboard.type('qwerty123456');
        await page.keyboard.press('Tab');
        await page.keyboard.type('qwerty123456');
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-error-summary]');
        assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true, 'the summary has focus');
        assert.match(await page.title(), locale === 'ko' ? /^오류: / : /^Error: /);
        await assertAccessible(page, `${locale} set-up form with errors`);

        await page.fill('#password', 'lantern copper meadow drift');
        await page.fill('#confirm', 'lantern copper meadow drift');
        await page.focus('#confirm');
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/console/);
        assert.match(await page.textContent('body') ?? '', locale === 'ko' ? /로그아웃/ : /Sign out/);

        await page.goto(`${added.link.url}?lang=${locale}`);
        assert.match(await page.textContent('h1') ?? '', locale === 'ko' ? /쓸 수 없습니다/ : /cannot be used/);
        await assertAccessible(page, `${locale} used link`);
      } finally {
        await context.close();
      }
    });
  }
});
