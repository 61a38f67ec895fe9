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
});
