import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { BROWSER_SKIP, assertAccessible, launchChromium } from '../../../test-support/browser.ts';

// KRDS in a real browser: on the home page, a resident form, an error page
// and a console table, at a phone's width (375 px) and a desktop's (1280 px),
// in Korean and English: the KRDS stylesheet and the Pretendard GOV font load
// from /assets/, the official-website banner is on top, nothing is wider
// than the screen, a table's headers do not break inside a word, and axe
// finds nothing.

const VIEWPORTS = [
  { width: 375, height: 812 },
  { width: 1280, height: 900 },
] as const;

const BANNER = { ko: '이 누리집은 대한민국 공식 전자정부 누리집입니다.', en: 'This is an official e-government website of the Republic of Korea.' };

describe('KRDS look in a browser', { skip: BROWSER_SKIP }, () => {
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

  /** What each page is checked for, once it has loaded (fonts included). */
  async function checkPage(page: Page, locale: 'ko' | 'en', what: string, fontResponses: string[]): Promise<void> {
    await page.evaluate(() => document.fonts.ready);
    const look = await page.evaluate(() => {
      let fontLoaded = false;
      document.fonts.forEach((f) => {
        if (f.family.replaceAll('"', '') === 'Pretendard GOV' && f.status === 'loaded') fontLoaded = true;
      });
      return {
        stylesheet: Array.from(document.styleSheets).some((s) => /\/assets\/site\.css\?v=[0-9a-f]{12}$/.test(s.href ?? '')),
        banner: document.querySelector('#krds-masthead .nuri-txt')?.textContent?.trim(),
        bannerBackground: getComputedStyle(document.querySelector('#krds-masthead')!).backgroundColor,
        fontFamily: getComputedStyle(document.body).fontFamily,
        fontLoaded,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        buttonRadius: document.querySelector('.button') ? getComputedStyle(document.querySelector('.button')!).borderTopLeftRadius : null,
      };
    });
    assert.ok(look.stylesheet, `${what}: site.css loaded`);
    assert.equal(look.banner, BANNER[locale], `${what}: the official-website banner`);
    assert.equal(look.bannerBackground, 'rgb(238, 242, 247)', `${what}: KRDS masthead colour (secondary-5)`);
    assert.match(look.fontFamily, /^"?Pretendard GOV"?,/, `${what}: Pretendard GOV first`);
    assert.ok(look.fontLoaded, `${what}: Pretendard GOV loaded`);
    assert.ok(fontResponses.length > 0 || what.includes('(again)'), `${what}: a font came from /assets/`);
    assert.ok(look.overflow <= 0, `${what}: nothing wider than the screen (${look.overflow}px over)`);
    if (look.buttonRadius !== null) assert.notEqual(look.buttonRadius, '0px', `${what}: KRDS buttons have rounded corners`);
    await assertAccessible(page, what);
  }

  for (const locale of ['ko', 'en'] as const) {
    for (const viewport of VIEWPORTS) {
      test(`[${locale}, ${viewport.width}px] home, a resident form, an error page and a console table`, async () => {
        const context = await browser.newContext({ bypassCSP: true, viewport, locale: locale === 'ko' ? 'ko-KR' : 'en-GB' });
        const page = await context.newPage();
        const fonts: string[] = [];
        page.on('response', (response) => {
          if (/\/assets\/PretendardGOV-[A-Za-z]+\.subset\.woff2\?v=[0-9a-f]{12}$/.test(response.url())) {
            assert.equal(response.status(), 200);
            assert.equal(response.headers()['content-type'], 'font/woff2');
            assert.equal(response.headers()['cache-control'], 'public, max-age=31536000, immutable');
            fonts.push(response.url());
          }
        });
        try {
          await page.goto(`${server.url}/?lang=${locale}`);
          await checkPage(page, locale, `${locale} ${viewport.width} home`, fonts);

          // A resident form sent empty: KRDS form groups with the error under the control, and the GOV.UK summary.
          await page.goto(`${server.url}/r/desk/offline?lang=${locale}`);
          const form = page.locator('main form[action^="/r/desk/offline"]').first();
          assert.ok(await form.locator('.form-group').count() > 0, 'the offline form has KRDS form groups');
          await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
          await page.waitForSelector('[data-error-summary]');
          assert.ok(await page.locator('.form-group .form-conts.is-error').count() > 0, 'a field with an error is marked KRDS-style');
          const errorColour = await page.evaluate(() => getComputedStyle(document.querySelector('.form-hint-invalid')!).color);
          assert.equal(errorColour, 'rgb(189, 44, 15)', 'the inline error in KRDS danger-60');
          await checkPage(page, locale, `${locale} ${viewport.width} resident form with errors (again)`, fonts);

          const missing = await page.goto(`${server.url}/no-such-page?lang=${locale}`);
          assert.equal(missing?.status(), 404);
          await checkPage(page, locale, `${locale} ${viewport.width} error page (again)`, fonts);

          await page.goto(`${server.url}/login?lang=${locale}`);
          await page.fill('#username', official);
          await page.fill('#password', TEST_PASSWORD);
          await Promise.all([page.waitForURL(/\/console/), page.press('#password', 'Enter')]);
          await page.goto(`${server.url}/console/hygiene?lang=${locale}`);
          assert.ok(await page.locator('.table-wrap table th').count() > 0, 'a table on the page');
          const table = await page.evaluate(() => {
            const th = document.querySelector('.table-wrap table th')!;
            const num = document.querySelector('.table-wrap td.num');
            return {
              wordBreak: getComputedStyle(th).wordBreak,
              overflowWrap: getComputedStyle(th).overflowWrap,
              numberWrap: num ? getComputedStyle(num).whiteSpace : 'nowrap',
              headBackground: getComputedStyle(th).backgroundColor,
              main: document.querySelector('main')!.getBoundingClientRect().width,
            };
          });
          assert.equal(table.wordBreak, 'keep-all');
          assert.equal(table.overflowWrap, 'normal');
          assert.equal(table.numberWrap, 'nowrap');
          assert.equal(table.headBackground, 'rgb(238, 242, 247)', 'KRDS table head (secondary-5)');
          assert.ok(table.main >= viewport.width - 17, `the console uses the whole width (${table.main}px of ${viewport.width}px)`);
          await checkPage(page, locale, `${locale} ${viewport.width} console table (again)`, fonts);
        } finally {
          await context.close();
        }
      });
    }
  }
});
