import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { issueSeason } from '../../delivery/queue/queue.ts';
import { failAttempts } from '../../delivery/dispatch/attempts.repository.ts';
import { classifyDistrict } from '../rules/classify.service.ts';
import { BROWSER_SKIP, signInAsStaff, launchChromium, assertAccessible, tabTo, activeId } from '../../../test-support/browser.ts';
import { lastSent } from '../self-service/self-service.test-support.ts';

// Official edits and the risk list in a real browser: axe-core (WCAG 2.x
// A/AA) finds nothing on any page in Korean and English, including the error
// states, and an official corrects a number with the keyboard only, typing
// the code the taxpayer reads out from the new phone.

describe('official edits and the risk list in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let official: string;
  let taxpayerId: number;
  let taxpayerNo: string;
  let otherId: number;

  before(async () => {
    database = await createTestDatabase('pglite');
    const db = database.db;
    server = await startTestServer(db);
    ({ tax_official: official } = await createDistrictWithStaff(db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' }));
    const cipher = server.deps.cipher;
    [taxpayerId, otherId] = (await createTaxpayers(
      db,
      'gangnam',
      [
        { mobile: '+82161234567', email: 'kim@hanmail.com', enrol: ['sms'] },
        { mobile: '+821098765432', email: 'park@naver.com', enrol: ['sms', 'email'] },
      ],
      cipher,
    )) as [number, number];
    taxpayerNo = (await db.query<{ taxpayer_no: string }>('SELECT taxpayer_no FROM taxpayers WHERE id = $1', [taxpayerId])).rows[0]!.taxpayer_no;
    await createNotices(db, 'gangnam', [taxpayerId], { dueDate: '2099-07-31' });
    await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const { rows } = await db.query<{ id: number }>(
      `SELECT a.id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.taxpayer_id = $1 AND a.state = 'queued'`,
      [taxpayerId],
    );
    await failAttempts(db, [{ attemptId: rows[0]!.id, cause: 'dead_prefix', detail: 'not in service' }], 'sim-sms');
    await classifyDistrict({ db, cipher }, 'gangnam');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const signedIn = (locale: 'ko' | 'en') => signInAsStaff(browser, { baseUrl: server.url, username: official, password: TEST_PASSWORD, locale });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] the risk list and every official-edit page pass axe with zero violations`, async () => {
      const { context, page, errors } = await signedIn(locale);
      try {
        await page.goto(`${server.url}/console?lang=${locale}`);
        await Promise.all([page.waitForURL(/\/console\/hygiene/), page.click('.staff-bar a[href="/console/hygiene"]')]);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        await assertAccessible(page, `${locale} risk list`);
        assert.equal(await page.textContent('[data-field="flagged"]'), '1');
        await page.selectOption('#risk-reason', 'mobile_dead_prefix');
        await Promise.all([page.waitForURL(/reason=mobile_dead_prefix/), page.click('#risk-filter')]);
        assert.match((await page.textContent('#risk-list')) ?? '', /016-\*\*\*-4567/);
        await assertAccessible(page, `${locale} risk list, filtered`);

        await Promise.all([page.waitForURL(/\/console\/taxpayers$|\/console\/taxpayers\?/), page.click('.staff-bar a[href="/console/taxpayers"]')]);
        await assertAccessible(page, `${locale} search`);
        await page.fill('#name', '');
        await page.fill('#birth-date', 'yesterday');
        await Promise.all([page.waitForLoadState('load'), page.click('#find-by-name')]);
        await page.waitForSelector('[data-error-summary]');
        assert.match(await page.title(), locale === 'ko' ? /^오류: / : /^Error: /);
        assert.equal(await activeId(page), '', 'the summary (no id) has focus, not a field');
        assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true);
        await assertAccessible(page, `${locale} search with errors`);

        await page.goto(`${server.url}/console/taxpayers/${otherId}?lang=${locale}`);
        await assertAccessible(page, `${locale} taxpayer without history`);
        await page.goto(`${server.url}/console/taxpayers/${taxpayerId}?lang=${locale}`);
        await assertAccessible(page, `${locale} taxpayer with findings and deliveries`);
        await page.click('#edit-contacts');
        await page.waitForSelector('#reason');
        await assertAccessible(page, `${locale} edit form`);
        await page.fill('#mobile', '010-2345-678');
        await page.click('#edit-continue');
        await page.waitForSelector('[data-error-summary]');
        assert.equal(await page.locator('.error-summary-list a').count(), 2, 'the malformed number and the missing reason');
        await assertAccessible(page, `${locale} edit form with errors`);
        await page.fill('#mobile', '010-2345-6789');
        await page.fill('#reason', 'test');
        await page.click('#edit-continue');
        await page.waitForSelector('#edit-save');
        await page.waitForSelector('#code-mobile');
        await assertAccessible(page, `${locale} check answers with the code field`);
        await Promise.all([page.waitForLoadState('load'), page.click('#edit-save')]);
        await page.waitForSelector('[data-error-summary]');
        assert.match((await page.textContent('.error-summary-list')) ?? '', locale === 'ko' ? /인증번호를 입력하세요/ : /Enter the code/);
        await assertAccessible(page, `${locale} check answers without the code`);
        await Promise.all([page.waitForLoadState('load'), page.click('#codes-resend')]);
        await page.waitForSelector('#codes-resend');
        await assertAccessible(page, `${locale} check answers, codes sent again`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('keyboard only: find the taxpayer, correct the number with a reason, check, save and get a reference', async () => {
    const { context, page, errors } = await signedIn('en');
    try {
      await page.goto(`${server.url}/console/taxpayers?lang=en`);
      await tabTo(page, 'taxpayer-no');
      await page.keyboard.type(taxpayerNo);
      await Promise.all([page.waitForURL(new RegExp(`/console/taxpayers/${taxpayerId}\\?`)), page.keyboard.press('Enter')]);
      assert.match((await page.textContent('[data-field="mobile"]')) ?? '', /016-\*\*\*-4567/);
      await tabTo(page, 'edit-contacts');
      await Promise.all([page.waitForURL(/\/edit\?/), page.keyboard.press('Enter')]);
      await tabTo(page, 'mobile');
      await page.keyboard.type('010 2345 6789');
      await tabTo(page, 'enrol-email');
      assert.equal(await page.isChecked('#enrol-sms'), true, 'current enrolment is kept');
      await tabTo(page, 'reason');
      await page.keyboard.type('The taxpayer phoned with a new number');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'edit-continue');
      await Promise.all([page.waitForURL(/\/edit\/check\?/), page.keyboard.press('Enter')]);
      assert.equal(await page.textContent('strong[data-field="mobile"]'), '010-2345-6789');
      // The taxpayer reads out the code that reached the new phone.
      const code = (await lastSent(database.db, server.deps.cipher, 'one_time_code', taxpayerId))!;
      assert.deepEqual(code.recipient, { phone: '+821023456789' });
      await tabTo(page, 'code-mobile');
      await page.keyboard.type(code.variables.code!);
      await tabTo(page, 'edit-save');
      await Promise.all([page.waitForURL(/\/changes\/\d+\?/), page.keyboard.press('Enter')]);
      assert.match((await page.textContent('#reference')) ?? '', /^CU-\d{7}$/);
      assert.match((await page.textContent('#done-resent')) ?? '', /^1 undelivered notice/);
      await assertAccessible(page, 'en confirmation');
      await tabTo(page, 'back-to-taxpayer');
      await Promise.all([page.waitForURL(new RegExp(`/console/taxpayers/${taxpayerId}\\?`)), page.keyboard.press('Enter')]);
      assert.match((await page.textContent('[data-field="mobile"]')) ?? '', /010-\*\*\*\*-6789/);
      assert.match((await page.textContent('#contact-history')) ?? '', /The taxpayer phoned with a new number/);
      const findings = (await page.textContent('#taxpayer-findings')) ?? '';
      assert.doesNotMatch(findings, /Dead 01X prefix|no channel left/, 'the number is fixed: only the misspelt e-mail domain is left');
      assert.match(findings, /Misspelt or closed e-mail domain/);
      await assertAccessible(page, 'en taxpayer after the change');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
