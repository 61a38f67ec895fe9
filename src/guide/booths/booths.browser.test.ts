import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff, tabTo } from '../../../test-support/browser.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { createStaffAccount } from '../../platform/auth/staff.repository.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import { seedDemoBooths } from './booths.demo.ts';
import { savePage } from './booths.service.ts';

// A resident in Chromium reads Seocho-gu's booths (with the promotion), a
// booth and the FAQ in both languages, opens answers by keyboard; a page
// only in Korean reads as Korean on the English page; an official writes a
// page in the console and meets a refused script. axe finds nothing on any
// of these pages.

describe('guide booths and FAQ in the browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    await database.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ('seocho', '서초구', 'Seocho-gu')");
    const id = await createStaffAccount(database.db, { districtCode: 'seocho', username: 'seocho.official', displayName: '윤세무', role: 'tax_official', password: TEST_PASSWORD });
    server = await startTestServer(database.db);
    await seedDemoBooths({ db: database.db, cipher: server.deps.cipher });
    const staff: StaffPrincipal = { id: Number(id), username: 'seocho.official', displayName: '윤세무', role: 'tax_official', districtCode: 'seocho', districtName: { ko: '서초구', en: 'Seocho-gu' } };
    await savePage(database.db, staff, null, { kind: 'faq', slug: 'korean-only', position: '99', status: 'published', titleKo: '주민세 개인분은 언제 내나요?', bodyKo: '매년 **8월 16일부터 31일**까지 냅니다.' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] booths with the promotion, a booth, the FAQ opened by keyboard; axe finds nothing`, async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/r/guide/seocho/booths?lang=${locale}`);
        assert.equal(await page.locator('.booth-list > li').count(), 3);
        assert.match((await page.textContent('#promotions-heading')) ?? '', locale === 'ko' ? /알림과 홍보/ : /News and campaigns/);
        assert.match((await page.textContent('#promotion-tax-concern-day')) ?? '', locale === 'ko' ? /세금 고민 해결의 날/ : /Tax Concern Resolution Day/);
        await assertAccessible(page, `${locale} booth list`);

        await page.click('#booth-property-tax a');
        assert.match(await page.textContent('h1') ?? '', locale === 'ko' ? /재산세 안내 부스/ : /Property tax booth/);
        assert.equal(await page.locator('main h2').count(), 3, 'the Markdown headings sit under the page title');
        await assertAccessible(page, `${locale} booth page`);

        await page.click('#faq-link');
        await page.waitForURL(/\/faq/);
        const summary = '#faq-late-payment-question';
        assert.equal(await page.isVisible('#faq-late-payment .faq-answer'), false, 'answers start closed');
        await assertAccessible(page, `${locale} FAQ`);
        await tabTo(page, 'faq-late-payment-question');
        await page.keyboard.press('Enter');
        assert.equal(await page.evaluate(() => (document.getElementById('faq-late-payment') as HTMLDetailsElement).open), true, 'Enter opens the answer');
        assert.match((await page.textContent('#faq-late-payment .faq-answer')) ?? '', locale === 'ko' ? /지방세기본법 제55조/ : /Article 55/);
        await page.keyboard.press('Tab');
        await page.keyboard.press('Space');
        assert.equal(await page.evaluate(() => (document.activeElement?.closest('details') as HTMLDetailsElement | null)?.open), true, 'Space opens the next one');
        await assertAccessible(page, `${locale} FAQ with answers open`);

        const koreanOnly = page.locator('#faq-korean-only');
        await page.click(`${summary}`); // close it again: the page stays usable by mouse too
        await koreanOnly.locator('summary').click();
        if (locale === 'en') {
          assert.equal(await koreanOnly.locator('summary span').getAttribute('lang'), 'ko');
          assert.equal(await koreanOnly.locator('.only-korean').textContent(), 'This is only available in Korean.');
          assert.equal(await koreanOnly.locator('.guide-page-body').getAttribute('lang'), 'ko');
        } else {
          assert.equal(await koreanOnly.locator('.only-korean').count(), 0);
        }
        await assertAccessible(page, `${locale} FAQ with a Korean-only answer`);
      } finally {
        await context.close();
      }
    });
  }

  test('[en] an official writes a page; a script is refused naming the field; axe finds nothing in the console', async () => {
    const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: 'seocho.official', password: TEST_PASSWORD, locale: 'en' });
    try {
      await page.goto(`${server.url}/console/guide/pages?lang=en`);
      assert.equal(await page.locator('#pages tbody tr').count(), 11);
      await assertAccessible(page, 'console list');
      await page.click('#new-faq');
      assert.equal(await page.isChecked('#kind-faq'), true);
      await assertAccessible(page, 'new page form');
      await page.fill('#slug', 'resident-tax');
      await page.fill('#title-ko', '주민세는 얼마인가요?');
      await page.fill('#body-ko', '안내 <img src=x onerror=alert(1)>');
      await page.click('#save');
      assert.match(await page.title(), /^Error: /);
      assert.match((await page.textContent('.error-summary')) ?? '', /Korean text: script is not allowed in pages/);
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'focus moves to the error summary');
      await assertAccessible(page, 'form with the refusal');
      await page.click('.error-summary a[href="#body-ko"]');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'body-ko');

      await page.fill('#body-ko', '개인분은 **8월**에 냅니다.');
      await page.check('#status-published');
      await page.click('#save');
      await page.waitForSelector('#flash');
      assert.match((await page.textContent('#preview')) ?? '', /개인분은 8월에 냅니다\./);
      await assertAccessible(page, 'saved page with its preview');
      await page.click('#resident-link');
      await page.waitForURL(/\/r\/guide\/seocho\/faq/);
      assert.equal(await page.locator('#faq-resident-tax').count(), 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
