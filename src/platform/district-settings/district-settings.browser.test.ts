import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { activeId, assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';

// The district settings page in Chromium on both engines, in Korean and
// English: reached from the staff menu, axe-core (WCAG 2.x A/AA) finds
// nothing on it, on a refused form (the error summary takes focus, leads to
// the field, the typed value stays) and on the confirmation; the forms are
// sent from the keyboard.

forEachEngine('district settings in a browser', (ctx) => {
  describe('Chromium', { skip: BROWSER_SKIP }, () => {
    let server: TestServer;
    let browser: Browser;
    let admin: string;
    before(async () => {
      server = await startTestServer(ctx.db);
      ({ admin } = await createDistrictWithStaff(ctx.db, 'setbrowse', ['admin'], { ko: '설정구', en: 'Settings-gu' }));
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const locale of ['ko', 'en'] as const) {
      test(`[${locale}] from the menu to the page; a refused form and a saved one, by keyboard, pass axe`, async () => {
        const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: admin, password: TEST_PASSWORD, locale });
        try {
          await page.goto(`${server.url}/console?lang=${locale}`);
          await Promise.all([page.waitForURL(/\/console\/settings/), page.click('.staff-bar a[href="/console/settings"]')]);
          assert.equal(await page.getAttribute('html', 'lang'), locale);
          assert.equal(await page.locator('section[id^="settings-"]').count(), 5, 'district, delivery, payments, desk, sign-in');
          await assertAccessible(page, `${locale} /console/settings`);

          // A caller number too short: refused, the summary takes focus and leads to the field, which keeps what was typed.
          await page.fill('#delivery-smsSender', '02-31');
          await page.check('#delivery-quietMode-custom');
          await page.fill('#delivery-quietStart', '22:00');
          await page.fill('#delivery-quietEnd', '07:00');
          await page.focus('#save-delivery');
          await Promise.all([page.waitForURL(/\/console\/settings\/delivery/), page.keyboard.press('Enter')]);
          await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
          assert.match(await page.title(), locale === 'en' ? /^Error: / : /^오류: /);
          assert.equal(await page.inputValue('#delivery-smsSender'), '02-31');
          assert.equal(await page.inputValue('#delivery-quietStart'), '22:00');
          assert.equal(await page.isChecked('#delivery-quietMode-custom'), true);
          await assertAccessible(page, `${locale} refused delivery settings`);
          await page.keyboard.press('Tab');
          await page.keyboard.press('Enter');
          assert.equal(await activeId(page), 'delivery-smsSender', 'the summary’s link leads to the field');

          await page.fill('#delivery-smsSender', '02-3153-8114');
          await page.focus('#save-delivery');
          await Promise.all([page.waitForURL(/done=delivery/), page.keyboard.press('Enter')]);
          assert.equal(await page.locator('#settings-delivery [role="status"]').count(), 1, 'the confirmation stands in the saved section');
          assert.equal(await page.inputValue('#delivery-smsSender'), '0231538114');
          await assertAccessible(page, `${locale} saved delivery settings`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  });
});
