import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { latestCode as latestCodeOf } from '../../../test-support/messages.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';

// A refund application in Chromium, through to paid: the resident files it
// (a mistake named and focused on the way), an official reviews, approves
// and marks it paid in the console, the resident follows it by reference.
// axe finds nothing on any page, in either language.

describe('refund applications in the browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  const district = 'rfweb';
  let noticeNo = '';
  let staff: Record<string, string>;

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    staff = await createDistrictWithStaff(database.db, district, ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    const [taxpayer] = await createTaxpayers(database.db, district, [{ mobile: '+821077778888' }], server.deps.cipher);
    const [id] = await createNotices(database.db, district, [taxpayer!], { taxYear: 2026, amount: 120000 });
    noticeNo = (await database.db.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = $1', [id])).rows[0]!.notice_no;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const latestCode = () => latestCodeOf(database.db, server.deps.cipher, district);

  test('filed by a resident, reviewed, approved and paid by an official, followed by reference; axe clean', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    let reference = '';
    try {
      await page.goto(`${server.url}/r/guide/${district}/refund/apply?lang=ko`);
      await assertAccessible(page, 'apply (ko)');
      await page.fill('#notice-no', noticeNo);
      await page.press('#notice-no', 'Enter');
      await page.waitForSelector('#contact-mobile');
      assert.match((await page.textContent('label[for="contact-mobile"]')) ?? '', /010-\*\*\*\*-8888/);
      await assertAccessible(page, 'where the code goes');
      await page.click('#send-code');
      await page.waitForSelector('#code-sent');
      await assertAccessible(page, 'code and account');
      await page.fill('#code', await latestCode());
      await page.selectOption('#bank', '088');
      await page.fill('#account', '110-123-456');
      await page.fill('#holder', '납세자0');
      await page.check('#reason-overpaid');
      await page.click('#submit');
      await page.waitForSelector('.error-summary');
      assert.match((await page.textContent('.error-summary')) ?? '', /10~14자리/);
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'focus on the summary');
      await assertAccessible(page, 'account refused');
      await page.fill('#account', '110-123-456789');
      await page.click('#submit');
      await page.waitForSelector('#submitted');
      reference = ((await page.textContent('#reference')) ?? '').trim();
      assert.match(reference, /^RF-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      assert.equal(((await page.textContent('#account')) ?? '').trim(), '신한은행 ****6789');
      await assertAccessible(page, 'status (ko)');
    } finally {
      await context.close();
    }

    const { context: staffContext, page: console } = await signInAsStaff(browser, { baseUrl: server.url, username: staff.tax_official!, password: TEST_PASSWORD, locale: 'en' });
    try {
      await console.goto(`${server.url}/console/guide/refunds?lang=en`);
      await assertAccessible(console, 'console list');
      await console.click(`text=${reference}`);
      await assertAccessible(console, 'console application');
      await console.click('#step-review');
      await console.waitForSelector('#step-approve');
      assert.equal(await console.inputValue('#amount'), '120000', 'the notice’s tax offered as the amount');
      await console.click('#step-approve');
      await console.waitForSelector('#step-pay');
      await console.fill('#paid-on', '2026-12-04');
      await console.click('#step-pay');
      await console.waitForSelector('#paid-on');
      assert.equal(((await console.textContent('#state')) ?? '').trim(), 'Paid');
      await assertAccessible(console, 'console application paid');
    } finally {
      await staffContext.close();
    }

    const resident = await browser.newContext({ bypassCSP: true });
    const follow = await resident.newPage();
    try {
      await follow.goto(`${server.url}/r/guide/${district}/refund/status?lang=en`);
      await follow.fill('#ref', reference.toLowerCase());
      await follow.press('#ref', 'Enter');
      await follow.waitForSelector('#state');
      assert.equal(((await follow.textContent('#state')) ?? '').trim(), 'Paid');
      assert.match((await follow.textContent('#history')) ?? '', /Received[\s\S]*Under review[\s\S]*Approved[\s\S]*Paid/);
      await assertAccessible(follow, 'status (en)');
    } finally {
      await resident.close();
    }
  });
});
