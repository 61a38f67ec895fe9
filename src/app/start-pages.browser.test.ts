import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../test-support/test-server.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../test-support/browser.ts';
import { ROLES, type Role } from '../platform/auth/roles.ts';
import { configureConsultations } from '../consultations/schedule/schedule.service.ts';

// Each role signs in through the form in a real browser and lands on its own
// start page, whose staff menu holds only what the role may use; axe finds
// nothing on the landing page (the roles take turns in Korean and English).

const START: Record<Role, RegExp> = {
  admin: /\/console$/,
  tax_official: /\/console\/seasons$/,
  desk_agent: /\/console\/desk$/,
  expert: /\/console\/consultations\/agenda$/,
  lecturer: /\/console\/lectures$/,
};
const NOT_IN_MENU: Record<Role, string[]> = {
  admin: [],
  tax_official: ['/console/staff', '/console/settings'],
  desk_agent: ['/console/seasons', '/console/templates', '/console/hygiene', '/console/lectures', '/console/staff'],
  expert: ['/console/seasons', '/console/taxpayers', '/console/desk', '/console/consultations', '/console/lectures'],
  lecturer: ['/console/seasons', '/console/taxpayers', '/console/desk', '/console/consultations', '/console/staff'],
};

describe('each role’s start page in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let staff: Record<Role, string>;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    staff = await createDistrictWithStaff(database.db, 'gangnam', ROLES, { ko: '강남구', en: 'Gangnam-gu' });
    await configureConsultations(database.db, 'gangnam');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  ROLES.forEach((role, i) => {
    const locale = i % 2 === 0 ? 'ko' : 'en';
    test(`[${locale}] ${role} signs in and lands on its start page, with only its menu entries`, async () => {
      const { context, page } = await signInAsStaff(browser, { baseUrl: server.url, username: staff[role], password: TEST_PASSWORD, locale });
      try {
        await page.waitForURL(START[role]);
        const menu = await page.$$eval('.staff-bar nav a', (links) => links.map((a) => a.getAttribute('href')));
        const here = new URL(page.url()).pathname;
        assert.ok(menu.includes(here), `${role}: its start page ${here} is in the menu (${menu.join(' ')})`);
        for (const hidden of NOT_IN_MENU[role]) assert.ok(!menu.includes(hidden), `${role} does not see ${hidden}`);
        assert.ok((await page.textContent('h1'))?.trim(), 'the page has its heading');
        await assertAccessible(page, `${locale} ${role} start page`);
      } finally {
        await context.close();
      }
    });
  });
});
