import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { issueSeason } from '../queue/queue.ts';
import { failAttempts, markDelivered } from '../dispatch/attempts.repository.ts';
import { loadLawRules } from '../law/law-rules.ts';
import { paperJobDepsOf, runPaperJobs } from '../paper/paper-batch-jobs.service.ts';
import { BROWSER_SKIP, signInAsStaff, launchChromium, assertAccessible, tabTo, activeId } from '../../../test-support/browser.ts';

// The season and message pages in a real browser: axe-core (WCAG 2.x A/AA)
// finds nothing on any of them in Korean and English (nor on the payment
// page their notices link to), and an official issues a season through the
// check-answers step with the keyboard only. The template pages have their
// own: notices/templates/templates.browser.test.ts.

describe('season pages in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let official: string;
  let seasonId: number;
  let messageId: number;
  let noticeNo: string;

  before(async () => {
    database = await createTestDatabase('pglite');
    const db = database.db;
    server = await startTestServer(db, { TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-console-browser-')) });
    ({ tax_official: official } = await createDistrictWithStaff(db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' }));
    // A season with something in every chart: a delivery, a failure, a paper batch, and last year's season.
    const old = await createTaxpayers(db, 'gangnam', [{ mobile: '+821055500001', enrol: ['sms'] }]);
    await createNotices(db, 'gangnam', old, { taxYear: 2025, period: 1, dueDate: '2025-07-31' });
    await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2025, period: 1, createdBy: 'test' });
    const ids = await createTaxpayers(db, 'gangnam', [
      { mobile: '+821055501234', enrol: ['sms', 'email'], email: 'a@example.kr' },
      { mobile: '+821699990000', enrol: ['sms'] },
      { mobile: '+821055509999', enrol: [] },
    ]);
    const notices = await createNotices(db, 'gangnam', ids, { taxYear: 2026, period: 1, dueDate: '2026-07-31' });
    seasonId = (await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' })).seasonId;
    const attempt = async (noticeId: number) =>
      (await db.query<{ id: number; message_id: number }>(
        `SELECT a.id, a.message_id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.notice_id = $1 AND a.state = 'queued'`,
        [noticeId],
      )).rows[0]!;
    const a = await attempt(notices[0]!);
    messageId = a.message_id;
    await markDelivered(db, [{ attemptId: a.id, occurredAt: new Date('2026-07-28T01:00:00Z') }], await loadLawRules(db));
    await failAttempts(db, [{ attemptId: (await attempt(notices[1]!)).id, cause: 'dead_prefix', detail: 'number not in service' }], 'sim-sms');
    noticeNo = (await db.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = $1', [notices[0]])).rows[0]!.notice_no;
    // The notices of the season the keyboard flow issues.
    const later = await createTaxpayers(db, 'gangnam', [{ mobile: '+821055503333', enrol: ['sms'] }, { enrol: [] }]);
    await createNotices(db, 'gangnam', later, { taxItem: 'vehicle_tax', taxYear: 2026, period: 1, dueDate: '2026-06-30' });

    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  const signedIn = (locale: 'ko' | 'en') => signInAsStaff(browser, { baseUrl: server.url, username: official, password: TEST_PASSWORD, locale });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] every season and message page and the payment page pass axe with zero violations`, async () => {
      const { context, page, errors } = await signedIn(locale);
      try {
        const visit = async (path: string, what: string) => {
          await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${locale}`);
          assert.equal(await page.getAttribute('html', 'lang'), locale);
          await assertAccessible(page, `${locale} ${what}`);
        };
        // The staff menu leads to the seasons.
        await page.goto(`${server.url}/console?lang=${locale}`);
        await Promise.all([page.waitForURL(/\/console\/seasons/), page.click('.staff-bar a[href="/console/seasons"]')]);
        await assertAccessible(page, `${locale} /console/seasons`);

        // The issue form with errors, and the check-answers page.
        await page.selectOption('#tax-item', 'vehicle_tax');
        await page.fill('#tax-year', '26');
        await page.check('#when-later');
        await page.fill('#send-at', 'soon');
        await Promise.all([page.waitForLoadState('load'), page.click('#issue-continue')]);
        await page.waitForSelector('[data-error-summary]');
        assert.match(await page.title(), locale === 'ko' ? /^오류: / : /^Error: /);
        await assertAccessible(page, `${locale} issue form with errors`);
        await page.fill('#tax-year', '2026');
        await page.fill('#period', '1');
        await page.fill('#send-at', '2099-07-10 09:00');
        await Promise.all([page.waitForLoadState('load'), page.click('#issue-continue')]);
        await page.waitForSelector('#issue-send');
        await assertAccessible(page, `${locale} check answers`);

        await visit(`/console/seasons/${seasonId}`, 'season page');
        assert.equal(await page.locator('#season-progress[aria-live="polite"]').count(), 1);
        assert.equal(await page.locator('figure.dc-chart').count(), 5);
        // Chart labels and numbers are text at the body's size, beside their bars.
        const sizes = await page.evaluate(() => ({
          body: getComputedStyle(document.querySelector('main')!).fontSize,
          label: getComputedStyle(document.querySelector('.dc-chart-table tbody th')!).fontSize,
          number: getComputedStyle(document.querySelector('.dc-chart-value')!).fontSize,
        }));
        assert.deepEqual(sizes, { body: sizes.body, label: sizes.body, number: sizes.body });
        await visit(`/console/seasons/${seasonId}?state=awaiting_paper`, 'season page, filtered');
        // Resend with nothing selected: the error summary.
        await page.goto(`${server.url}/console/seasons/${seasonId}?lang=${locale}`);
        await page.fill('#resend-reason', '');
        await Promise.all([page.waitForLoadState('load'), page.click('#resend-submit')]);
        await page.waitForSelector('[data-error-summary]');
        await assertAccessible(page, `${locale} season page with errors`);
        // Ask for a paper batch: the page answers at once and follows it; a worker (run here by the test)
        // makes it, and the page shows it ready without a reload.
        await page.goto(`${server.url}/console/seasons/${seasonId}?lang=${locale}`);
        await Promise.all([page.waitForURL(/paperJob=\d+/), page.click('#paper-batch')]);
        await page.waitForSelector('#paper-progress');
        await assertAccessible(page, `${locale} season page, paper batch under way`);
        assert.equal(await runPaperJobs(paperJobDepsOf(server.deps)), 1);
        await page.waitForSelector('#paper-progress', { state: 'detached', timeout: 15_000 });
        const status = (await page.textContent('#paper-job-status')) ?? '';
        if (locale === 'ko') {
          assert.match(status, /종이 고지서 묶음 \d+번이 준비되었습니다: 2건/);
          await page.waitForSelector('#paper-ready a[href$="/pdf"]');
        } else {
          assert.match(status, /No notice is waiting for paper\./, 'the Korean run printed them');
        }
        await page.waitForSelector('#paper-batches a[href$="/pdf"]');
        assert.ok(await page.isVisible('#paper-batch'), 'the button is back');
        await assertAccessible(page, `${locale} season page after a paper batch`);

        await visit(`/console/messages/${messageId}`, 'message timeline');

        await visit(`/pay/gangnam/${encodeURIComponent(noticeNo)}`, 'payment page');
        await visit('/pay/gangnam/NOPE-1', 'payment page, unknown notice');
        assert.deepEqual(errors, [], 'no script or CSP errors in the console');
      } finally {
        await context.close();
      }
    });
  }

  test('keyboard only: issue a season through the check-answers step and reach the season page, which updates itself', async () => {
    const { context, page, errors } = await signedIn('en');
    try {
      await page.goto(`${server.url}/console/seasons?lang=en`);
      await tabTo(page, 'tax-item');
      // The first real option after the placeholder is property tax; type-ahead picks vehicle tax.
      await page.keyboard.type('V');
      assert.equal(await page.inputValue('#tax-item'), 'vehicle_tax');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'tax-year');
      await page.keyboard.type('2026');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'period');
      await page.keyboard.type('1');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'when-now', 'the checked radio button takes focus');
      await tabTo(page, 'issue-continue');
      await Promise.all([page.waitForURL(/\/console\/seasons\/check/), page.keyboard.press('Enter')]);
      assert.match((await page.textContent('h1')) ?? '', /Check your answers/);
      assert.match((await page.textContent('.dc-check')) ?? '', /Vehicle tax/);
      await tabTo(page, 'issue-send');
      await Promise.all([page.waitForURL(/\/console\/seasons\/\d+\?lang=en&issued=1/), page.keyboard.press('Enter')]);
      assert.match((await page.textContent('.notification-success')) ?? '', /The season was issued/);
      assert.match((await page.textContent('#season-progress')) ?? '', /0 of 2 notices final, 1 being sent, 1 waiting for paper/);

      // Delivered meanwhile (as a receipt would): the live region catches up without a reload.
      const issued = Number(/seasons\/(\d+)/.exec(page.url())![1]);
      const db = database.db;
      const { rows } = await db.query<{ id: number }>(
        `SELECT a.id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.season_id = $1 AND a.state = 'queued'`,
        [issued],
      );
      await markDelivered(db, [{ attemptId: rows[0]!.id, occurredAt: new Date() }], await loadLawRules(db));
      await page.waitForFunction(() => /1 of 2 notices final, 0 being sent/.test(document.getElementById('season-progress')?.textContent ?? ''), null, {
        timeout: 15_000,
      });
      assert.equal(await page.textContent('[data-field="delivered_total"]'), '1');
      // The charts come with the figures, from the same reading: they agree without a reload.
      await page.waitForFunction(() => /100% \(1\/1\)/.test(document.getElementById('season-charts')?.textContent ?? ''), null, { timeout: 15_000 });
      assert.equal(await page.textContent('[data-field="electronic_delivery_rate"]'), '100%');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
