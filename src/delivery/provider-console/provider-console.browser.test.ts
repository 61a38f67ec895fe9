import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { startSimulator, type Simulator } from '../simulator/simulator.ts';

// The providers page in a real browser: reached from the staff menu, and
// axe-core (WCAG 2.x A/AA) finds nothing on it in Korean and English, with a
// working NHN Cloud entry and a SENS entry whose key is wrong.

describe('providers page in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let sim: Simulator;
  let server: TestServer;
  let browser: Browser;
  let official: string;

  before(async () => {
    database = await createTestDatabase('pglite');
    sim = await startSimulator({ profile: 'clean', seed: 'provider-page-browser' });
    const providers = [
      { type: 'nhn-sms', name: 'nhn-text', baseUrl: sim.url, appKey: sim.nhn.smsAppKey, secretKey: sim.nhn.secretKey, sendNo: '0234235000', priority: 10 },
      { type: 'sens-sms', name: 'sens-text', baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: 'wrong-secret', serviceId: sim.sens.smsServiceId, from: '0234235000', priority: 20 },
    ];
    server = await startTestServer(database.db, { TAXSTATION_PROVIDERS: JSON.stringify(providers) });
    ({ tax_official: official } = await createDistrictWithStaff(database.db, 'provbrowse', ['tax_official']));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await sim?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] the staff menu leads to the providers page, which passes axe`, async () => {
      const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: official, password: TEST_PASSWORD, locale });
      try {
        await page.goto(`${server.url}/console?lang=${locale}`);
        await Promise.all([page.waitForURL(/\/console\/providers/), page.click('.staff-bar a[href="/console/providers"]')]);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        assert.equal(await page.locator('tbody tr').count(), 2);
        await assertAccessible(page, `${locale} /console/providers`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
