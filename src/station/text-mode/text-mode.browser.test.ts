import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../../test-support/browser.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';

// Two residents in the station's text mode, by keyboard: each enters with a
// nickname, hears the other arrive (a live region) and sees them listed,
// writes to everyone, goes to another zone by its button, and leaves (the
// other hears it). axe finds nothing before and after entering, in both languages.
// The zone list says how many visitors are in each zone (the socket's 'zones'
// frame): shown after entering, updated when someone arrives or goes to
// another zone, told in a polite live region of its own naming only the
// zones that changed; cleared on leaving. The server's real ticks run; the
// tests wait for what they expect, never for time.

describe('station text mode: meeting people without the map', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    await database.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ('meetgu', '서초구', 'Seocho-gu')");
    server = await startTestServer(database.db);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function enter(locale: 'ko' | 'en', name: string): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/r/station/meetgu?lang=${locale}`);
    await page.waitForSelector('#meet:not([hidden])');
    await page.focus('#meet-nickname');
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#meet-inside:not([hidden])');
    return page;
  }

  test('two visitors see each other arrive, talk to everyone, move by zone and leave; axe clean', async () => {
    const anna = await enter('en', 'Anna');
    await assertAccessible(anna, 'text mode, inside (en)');
    const minsu = await enter('ko', '민수');
    await anna.waitForFunction(() => document.getElementById('meet-people')?.textContent?.includes('민수'));
    await anna.waitForFunction(() => document.getElementById('meet-announce')?.textContent === '민수 came near.');
    await minsu.waitForFunction(() => document.getElementById('meet-people')?.textContent?.includes('Anna'));
    assert.equal(await anna.isVisible('#meet-nobody'), false);

    await minsu.focus('#meet-text');
    await minsu.keyboard.type('안녕하세요');
    await minsu.keyboard.press('Enter');
    await anna.waitForFunction(() => document.getElementById('meet-chat')?.textContent?.includes('민수: 안녕하세요'));
    await assertAccessible(minsu, 'text mode, inside (ko)');

    await minsu.focus('#go-staff');
    await minsu.keyboard.press('Enter');
    assert.match((await minsu.textContent('#meet-where')) ?? '', /지금 .+에 있습니다/);
    await minsu.click('#meet-leave');
    await anna.waitForFunction(() => !document.getElementById('meet-people')?.textContent?.includes('민수'));
    assert.equal(await anna.textContent('#meet-announce'), '민수 left.');
    await anna.click('#meet-leave');
    await anna.waitForSelector('#join-form:not([hidden])');
    await assertAccessible(anna, 'text mode, after leaving');
    await anna.context().close();
    await minsu.context().close();
  });

  const countIs = (page: Page, zone: string, text: string) =>
    page.waitForFunction(([z, t]) => document.querySelector(`[data-zone-count="${z}"]`)?.textContent === t, [zone, text] as const);

  test('counts beside each zone, changes announced politely (only what changed), cleared on leaving', async () => {
    const anna = await enter('en', 'Anna');
    await countIs(anna, 'entrance', ' (1 person here)');
    await countIs(anna, 'consultation', ' (nobody here)');
    assert.equal(await anna.textContent('#zone-counts-announce'), '', 'the first counts are shown, not read out');
    assert.match((await anna.textContent('#zone-entrance')) ?? '', /\(1 person here\)$/);

    const minsu = await enter('ko', '민수');
    await countIs(minsu, 'entrance', ' (2명 있음)');
    await countIs(anna, 'entrance', ' (2 people here)');
    await anna.waitForFunction(() => /: 2 people here$/.test(document.getElementById('zone-counts-announce')?.textContent ?? ''));
    assert.doesNotMatch((await anna.textContent('#zone-counts-announce')) ?? '', /Consultation/, 'zones that did not change are not read');

    await minsu.click('#go-consultation');
    await countIs(anna, 'consultation', ' (1 person here)');
    await countIs(anna, 'entrance', ' (1 person here)');
    await anna.waitForFunction(() => (document.getElementById('zone-counts-announce')?.textContent ?? '').includes(': 1 person here'));
    await assertAccessible(anna, 'text mode with zone counts');

    await anna.click('#meet-leave');
    await countIs(anna, 'consultation', '');
    await anna.context().close();
    await minsu.context().close();
  });
});
