import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../../test-support/browser.ts';
import { issueSeason } from '../queue/queue.ts';
import { failAttempts, markDelivered } from '../dispatch/attempts.repository.ts';
import { loadLawRules } from '../law/law-rules.ts';

// From a season to a failed notice's taxpayer and back, in a real browser,
// in Korean and English, on a phone-sized and a desktop screen: the official
// finds the notice by the taxpayer's name, follows "Correct contacts" straight
// to the contact edit, goes to the taxpayer's record, from there to the
// message and back to the season; the message page's own button leads to the
// same edit. axe finds nothing on any of these pages, and no page is wider
// than the screen.

const SCREENS = { phone: { width: 375, height: 740 }, desktop: { width: 1280, height: 900 } } as const;

describe('from a season to a failed notice’s taxpayer and back, in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let official: string;
  let seasonId: number;
  let failedMessageId: number;
  let failedTaxpayerId: number;

  before(async () => {
    database = await createTestDatabase('pglite');
    const db = database.db;
    // The factories seal contacts with the test cipher's key: the record and the edit open them with the same.
    server = await startTestServer(db, { TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-season-fix-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    ({ tax_official: official } = await createDistrictWithStaff(db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' }));
    const ids = await createTaxpayers(db, 'gangnam', [
      { mobile: '+821055501234', enrol: ['sms'] },
      { mobile: '+821699990000', enrol: ['sms'] },
      { enrol: [] },
    ]);
    await db.query(`UPDATE taxpayers SET name = '김민수' WHERE id = $1`, [ids[0]]);
    await db.query(`UPDATE taxpayers SET name = '박지은' WHERE id = $1`, [ids[1]]);
    failedTaxpayerId = Number(ids[1]);
    const notices = await createNotices(db, 'gangnam', ids, { taxYear: 2026, period: 1, dueDate: '2026-07-31' });
    seasonId = (await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' })).seasonId;
    const attempt = async (noticeId: number) =>
      (await db.query<{ id: number; message_id: number }>(
        `SELECT a.id, a.message_id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.notice_id = $1 AND a.state = 'queued'`,
        [noticeId],
      )).rows[0]!;
    await markDelivered(db, [{ attemptId: (await attempt(notices[0]!)).id, occurredAt: new Date('2026-07-20T01:00:00Z') }], await loadLawRules(db));
    const failed = await attempt(notices[1]!);
    failedMessageId = failed.message_id;
    await failAttempts(db, [{ attemptId: failed.id, cause: 'dead_prefix', detail: 'number not in service' }], 'sim-sms');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const fitsTheScreen = async (page: Page, what: string) => {
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wider <= 1, `${what}: the page is ${wider}px wider than the screen`);
  };

  for (const locale of ['ko', 'en'] as const) {
    for (const [screen, viewport] of Object.entries(SCREENS)) {
      test(`[${locale}, ${screen}] search the season, correct the contact in one step, and come back`, async () => {
        const context = await browser.newContext({ bypassCSP: true, viewport, locale: locale === 'ko' ? 'ko-KR' : 'en-GB' });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' && !/status of (400|404|409|422)/.test(m.text())) errors.push(m.text());
        });
        try {
          await page.goto(`${server.url}/login?lang=${locale}&next=${encodeURIComponent(`/console/seasons/${seasonId}?lang=${locale}`)}`);
          await page.fill('#username', official);
          await page.fill('#password', TEST_PASSWORD);
          await Promise.all([page.waitForURL(/\/console\/seasons\/\d+/), page.press('#password', 'Enter')]);

          // Find the notice by part of the taxpayer's name.
          await page.fill('#filter-q', '지은');
          await Promise.all([page.waitForURL(/q=/), page.press('#filter-q', 'Enter')]);
          assert.equal(await page.inputValue('#filter-q'), '지은', 'the search stays in its box');
          assert.equal(await page.locator('a[href^="/console/messages/"]').count(), 1, 'one notice found');
          assert.ok(await page.isVisible('#report-csv'), 'the report of what was found can be downloaded');
          await assertAccessible(page, `${locale} ${screen} season page, searched`);
          await fitsTheScreen(page, 'season page');

          // One step from the failed notice to the contact edit.
          await Promise.all([page.waitForURL(new RegExp(`/console/taxpayers/${failedTaxpayerId}/edit`)), page.click('.dc-fix-link')]);
          assert.ok(await page.isVisible('#mobile'), 'the edit form, its mobile field first');
          await assertAccessible(page, `${locale} ${screen} contact edit`);
          await fitsTheScreen(page, 'contact edit');

          // To the record, its message, and back to the season.
          await page.goto(`${server.url}/console/taxpayers/${failedTaxpayerId}?lang=${locale}`);
          await Promise.all([page.waitForURL(new RegExp(`/console/messages/${failedMessageId}`)), page.click(`a[href="/console/messages/${failedMessageId}?lang=${locale}"]`)]);
          assert.ok(await page.isVisible('#contact-fix'), 'the message says why it failed');
          await assertAccessible(page, `${locale} ${screen} message page of a failed notice`);
          await fitsTheScreen(page, 'message page');
          await Promise.all([page.waitForURL(new RegExp(`/console/taxpayers/${failedTaxpayerId}/edit`)), page.click('#fix-contacts')]);
          await page.goBack();
          await Promise.all([page.waitForURL(new RegExp(`/console/seasons/${seasonId}\\?lang=${locale}$`)), page.click(`a[href="/console/seasons/${seasonId}?lang=${locale}"]`)]);
          assert.ok(await page.isVisible('#season-charts'), 'back on the season');
          assert.deepEqual(errors, [], 'no script or CSP errors');
        } finally {
          await context.close();
        }
      });
    }
  }
});
