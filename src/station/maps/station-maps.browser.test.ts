import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { activeId, assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff, tabTo } from '../../../test-support/browser.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';

// In Chromium: a resident arrives by a zone's short link at the text mode,
// finds that zone focused and marked, and reaches features by keyboard, in
// Korean and English; an official binds a zone and meets a refused upload on
// the console page. axe finds nothing on any of them.

describe('station text mode and console in the browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    await createDistrictWithStaff(database.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    server = await startTestServer(database.db, { TAXSTATION_PUBLIC_URL: 'https://tax.example.go.kr' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] the short link of the lecture room opens the station at that zone; the text mode there: Tab and Enter open a feature; axe finds nothing`, async () => {
      const context = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB' });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/s/seocho/lecture`);
        assert.match(page.url(), /\/r\/station\/seocho\/space\?zone=lecture$/);
        await page.goto(`${server.url}/r/station/seocho?zone=lecture&lang=${locale}`);
        assert.match((await page.textContent('h1')) ?? '', locale === 'ko' ? /서초구 가상 세무서/ : /Seocho-gu virtual tax station/);
        assert.equal(await page.locator('#station-zones > li').count(), 10);
        assert.equal(await activeId(page), 'zone-link-lecture', 'the zone of the link has the focus');
        assert.match((await page.textContent('#zone-lecture')) ?? '', locale === 'ko' ? /강의실: 세무 강의 보기 \(지금 있는 구역\)/ : /Lecture room: Watch tax lectures \(You are here\)/);
        await assertAccessible(page, `${locale} text mode at a zone`);

        await page.goto(`${server.url}/r/station/seocho?lang=${locale}`);
        await assertAccessible(page, `${locale} text mode`);
        await tabTo(page, 'zone-link-booth-2');
        await page.keyboard.press('Enter');
        // the feature opens in the zone's panel (src/station/panels), the station page stays
        const frame = (await (await page.waitForSelector('dialog#zone-panel[open] iframe'))!.contentFrame())!;
        await frame.waitForURL(/\/r\/guide\/seocho\/faq\?lang=/);
        assert.match((await frame.textContent('h1')) ?? '', locale === 'ko' ? /자주 묻는 질문/ : /Frequently asked questions/);
      } finally {
        await context.close();
      }
    });
  }

  test('[ko, en] the console page: bind a zone, a refused upload names the reason; axe finds nothing', async () => {
    const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: 'seocho.tax-official', password: TEST_PASSWORD, locale: 'ko' });
    try {
      await page.goto(`${server.url}/console/station?lang=ko`);
      assert.match((await page.textContent('h1')) ?? '', /가상 세무서 지도/);
      assert.equal(await page.locator('#zones tbody tr').count(), 10);
      assert.equal(await page.locator('#short-links img').count(), 11, 'the station and each zone with its QR code');
      assert.equal(await page.locator('#short-links img').first().evaluate((img) => (img as HTMLImageElement).naturalWidth > 0), true, 'the QR image loads');
      await assertAccessible(page, 'ko console');

      await page.selectOption('#feature-guide', 'refund');
      await Promise.all([page.waitForURL(/done=bindings_saved/), page.click('#save-bindings')]);
      assert.match((await page.textContent('#flash')) ?? '', /구역 연결을 저장했습니다/);
      assert.equal(await page.inputValue('#feature-guide'), 'refund');

      await page.goto(`${server.url}/console/station?lang=en`);
      await page.setInputFiles('#map-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"type":"map","orientation":"hexagonal"}') });
      await Promise.all([page.waitForLoadState('load'), page.click('#upload-map')]);
      await page.waitForSelector('.error-summary');
      assert.match((await page.title()) ?? '', /^Error: /);
      assert.match((await page.textContent('.error-summary')) ?? '', /the map orientation is “hexagonal”\. Only orthogonal maps can be used\./);
      assert.match((await page.textContent('#map-file-error')) ?? '', /orthogonal/);
      await assertAccessible(page, 'en console with a refused upload');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
