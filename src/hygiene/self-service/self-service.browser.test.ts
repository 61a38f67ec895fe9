import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createNotices, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createLogger } from '../../platform/logger.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { issueSeason } from '../../delivery/queue/queue.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../../delivery/delivery.runtime.ts';
import { startReceiptListener } from '../../delivery/receipts/receipt-listener.ts';
import { IDENTITY_KEY, lastSent } from './self-service.test-support.ts';
import { createUpdateLinks, LINK_PATH } from './update-links.ts';
import { BROWSER_SKIP, launchChromium, assertAccessible } from '../../../test-support/browser.ts';

// Issue 4, "Done when": a taxpayer whose season notice came back (a number
// on a dead prefix) gets a campaign message at the gateway simulator, opens
// its link, confirms the date of birth, enters a new 010 number, receives the
// one-time code on it, confirms, and sees the confirmation with a reference;
// the pending notice of the season is then delivered on the new number. The
// campaign page shows the figures, the audit log holds each step, and axe
// finds nothing on any page in Korean or English.

const KEY = Buffer.alloc(32, 7).toString('base64');
const NEW_NUMBER = '+821024681357';

describe('self-service update from a campaign message, in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let delivery: DeliveryRuntime;
  let listener: { url: string; close(): Promise<void> };
  let browser: Browser;
  let official: string;
  let taxpayer: number;
  let noticeMessage: number;

  async function settle(done: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 400; i++) {
      await delivery.tick();
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`never settled: ${what}`);
  }
  const messageState = async (id: number) => (await database.db.query<{ state: string }>('SELECT state FROM messages WHERE id = $1', [id])).rows[0]!.state;

  before(async () => {
    database = await createTestDatabase('pglite');
    const db = database.db;
    server = await startTestServer(db, {
      TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-ss-browser-')), TAXSTATION_SIM_PROFILE: 'clean', TAXSTATION_QUIET_HOURS: 'off',
    });
    const log = createLogger({ level: 'silent' });
    delivery = await startDeliveryRuntime({ config: server.deps.config, db, log, cipher: server.deps.cipher }, { worker: false, bounceListener: true });
    listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
    delivery.setReceiptBaseUrl(listener.url);
    ({ tax_official: official } = await createDistrictWithStaff(db, 'gangnam', ['tax_official'], { ko: '강남구', en: 'Gangnam-gu' }));
    // The season: the notice goes out by text message to a number on a dead prefix, and comes back.
    taxpayer = (await createTaxpayers(db, 'gangnam', [{ identityKey: IDENTITY_KEY, mobile: '+821612345678', enrol: ['sms'] }]))[0]!;
    const [notice] = await createNotices(db, 'gangnam', [taxpayer!], { taxYear: 2026, period: 1, dueDate: '2099-07-31' });
    await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    noticeMessage = Number((await db.query<{ id: number }>('SELECT id FROM messages WHERE notice_id = $1', [notice])).rows[0]!.id);
    await settle(async () => (await messageState(noticeMessage)) === 'awaiting_paper', 'the notice is returned');

    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await listener?.close();
    await delivery?.close();
    await server?.close();
    await database?.drop();
  });

  async function context(locale: 'ko' | 'en', address: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    // bypassCSP only so that axe can be injected; the pages themselves run under the real policy.
    const ctx = await browser.newContext({ bypassCSP: true, locale: locale === 'ko' ? 'ko-KR' : 'en-GB', extraHTTPHeaders: { 'x-forwarded-for': address } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (400|401|404|410|423|429)/.test(m.text())) errors.push(m.text());
    });
    return { context: ctx, page, errors };
  }
  const submit = (page: Page, selector: string) => Promise.all([page.waitForLoadState('load'), page.click(selector)]);

  test('[ko] campaign message at the simulator → link → date of birth → new 010 number → code on it → check answers → reference; the notice is delivered on the new number', async () => {
    const db = database.db;
    // The official creates the campaign in the console, keyboard first.
    const staff = await context('ko', '192.0.2.10');
    let campaignId = 0;
    try {
      const { page } = staff;
      await page.goto(`${server.url}/login?lang=ko`);
      await page.fill('#username', official);
      await page.fill('#password', TEST_PASSWORD);
      await Promise.all([page.waitForURL(/\/console/), page.press('#password', 'Enter')]);
      await Promise.all([page.waitForURL(/\/console\/campaigns/), page.click('.staff-bar a[href="/console/campaigns"]')]);
      await assertAccessible(page, 'ko campaigns');
      await submit(page, '#campaign-continue');
      await page.waitForSelector('[data-error-summary]');
      assert.match(await page.title(), /^오류: /);
      await assertAccessible(page, 'ko campaign form with errors');
      await page.fill('#campaign-name', '7월 재산세 전 연락처 정비');
      await page.focus('#target-last_notice_failed');
      await page.keyboard.press('Space');
      await submit(page, '#campaign-continue');
      await page.waitForSelector('#campaign-send');
      assert.equal(await page.textContent('#preview-count'), '1');
      assert.match((await page.textContent('#preview-sample')) ?? '', /강남구/);
      await assertAccessible(page, 'ko campaign check answers');
      await page.focus('#campaign-send');
      await Promise.all([page.waitForURL(/\/console\/campaigns\/\d+/), page.keyboard.press('Enter')]);
      campaignId = Number(/campaigns\/(\d+)/.exec(page.url())![1]);
      await assertAccessible(page, 'ko campaign page');
    } finally {
      await staff.context.close();
    }

    // The campaign message reaches the simulator by KakaoTalk, addressed to the identification key.
    const campaignMessage = (await lastSent(db, testCipher, 'contact_update_request', taxpayer))!;
    await settle(async () => (await messageState(campaignMessage.id)) === 'delivered', 'the campaign message is delivered');
    const atSim = delivery.simulator!.messages().filter((m) => m.channel === 'kakao' && m.recipient === IDENTITY_KEY);
    assert.equal(atSim.length, 1, 'one KakaoTalk message to the identification key');
    // The simulator keeps no text: the link is read from the message it delivered (same idempotency key).
    const { rows } = await db.query<{ message_id: number }>('SELECT message_id FROM delivery_attempts WHERE idempotency_key = $1', [atSim[0]!.idempotencyKey]);
    assert.equal(Number(rows[0]!.message_id), campaignMessage.id);
    const link = campaignMessage.variables.link!;
    assert.ok(link.startsWith(`${server.url}${LINK_PATH}/`));

    const resident = await context('ko', '192.0.2.20');
    try {
      const { page, errors } = resident;
      await page.goto(`${link}?lang=ko`);
      await assertAccessible(page, 'ko date of birth');
      // The KRDS step indicator: five named steps, the first current (aria-current, and said so to screen readers).
      const steps = page.getByRole('list', { name: '진행 단계' });
      assert.equal(await steps.locator('li').count(), 5);
      assert.equal((await steps.locator('[aria-current="step"]').innerText()).replace(/\s+/g, ' ').trim(), '현재 단계 1단계 본인 확인');
      assert.ok(await steps.locator('li.active .step-tit').isVisible(), 'the current step is named on a wide screen');
      // On a phone KRDS keeps the circles and hides the names from sight (screen readers still read them); nothing overflows.
      await page.setViewportSize({ width: 320, height: 640 });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, 'no sideways scroll at 320 px');
      assert.equal(await steps.locator('[aria-current="step"]').count(), 1);
      await assertAccessible(page, 'ko date of birth, phone');
      await page.setViewportSize({ width: 1280, height: 720 });
      // A wrong date first: the error summary, and nothing changes.
      await page.fill('#dob-year', '1980');
      await page.fill('#dob-month', '2');
      await page.fill('#dob-day', '2');
      await submit(page, '#dob-submit');
      await page.waitForSelector('[data-error-summary]');
      assert.match((await page.textContent('[data-error-summary]')) ?? '', /4번 더/);
      assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary')), true, 'the summary takes focus');
      await assertAccessible(page, 'ko date of birth wrong');
      await page.fill('#dob-year', '1980');
      await page.fill('#dob-month', '1');
      await page.fill('#dob-day', '1');
      await Promise.all([page.waitForURL(/\/contacts/), page.click('#dob-submit')]);
      assert.match((await page.textContent('#current-contacts')) ?? '', /016-\*\*\*\*-5678/);
      await assertAccessible(page, 'ko contacts');
      await page.fill('#new-mobile', '010-2468-1357');
      await Promise.all([page.waitForURL(/\/code/), page.click('#contacts-submit')]);
      await assertAccessible(page, 'ko code');

      // The code goes to the new number, through the simulator.
      const codeMessage = (await lastSent(db, testCipher, 'one_time_code', taxpayer))!;
      await settle(async () => (await messageState(codeMessage.id)) === 'delivered', 'the code is delivered');
      assert.ok(delivery.simulator!.messages().some((m) => m.channel === 'sms' && m.recipient === NEW_NUMBER), 'the code reached the new number');
      await page.fill('#code-mobile', codeMessage.variables.code!);
      await Promise.all([page.waitForURL(/\/check/), page.click('#code-submit')]);
      assert.match((await page.textContent('#check-mobile')) ?? '', /010-2468-1357/);
      assert.match(await page.locator('.krds-step-wrap [aria-current="step"]').innerText(), /변경 내용 확인/);
      assert.equal(await page.locator('.krds-step-wrap li.done').count(), 3);
      await assertAccessible(page, 'ko check answers');
      await Promise.all([page.waitForURL(/\/done/), page.click('#save')]);
      const reference = (await page.textContent('#reference'))?.trim() ?? '';
      assert.match(reference, /^U\d{6}-[2-9A-Z]{6}$/);
      assert.match((await page.textContent('#resent')) ?? '', /1건/);
      await assertAccessible(page, 'ko confirmation');
      assert.deepEqual(errors, []);
    } finally {
      await resident.context.close();
    }

    // The notice of the season, returned before, is now delivered on the new number.
    await settle(async () => (await messageState(noticeMessage)) === 'delivered', 'the notice is delivered');
    const notice = await db.query<{ delivered_channel: string }>('SELECT delivered_channel FROM messages WHERE id = $1', [noticeMessage]);
    assert.equal(notice.rows[0]!.delivered_channel, 'sms');
    assert.equal(delivery.simulator!.messages().filter((m) => m.channel === 'sms' && m.recipient === NEW_NUMBER && m.delivered).length, 2, 'the code and the notice');

    const audit = await db.query<{ action: string; source: string; details: unknown }>(`SELECT action, source, details FROM audit_log WHERE entity_type = 'taxpayer' AND entity_id = $1 ORDER BY id`, [String(taxpayer)]);
    const actions = audit.rows.map((r) => r.action);
    assert.deepEqual(
      ['self_service.link_opened', 'self_service.dob_failed', 'self_service.dob_verified', 'self_service.code_sent', 'self_service.code_confirmed', 'taxpayer.contact_updated', 'self_service.completed'].filter((a) => !actions.includes(a)),
      [],
      actions.join(', '),
    );
    assert.ok(audit.rows.every((r) => r.source === 'self_service'));
    assert.doesNotMatch(JSON.stringify(audit.rows), /2468-1357|1234-5678/);

    // The campaign page shows the figures.
    const staffAgain = await context('en', '192.0.2.11');
    try {
      const { page } = staffAgain;
      await page.goto(`${server.url}/login?lang=en`);
      await page.fill('#username', official);
      await page.fill('#password', TEST_PASSWORD);
      await Promise.all([page.waitForURL(/\/console/), page.press('#password', 'Enter')]);
      await page.goto(`${server.url}/console/campaigns/${campaignId}?lang=en`);
      for (const [field, value] of [['recipients', '1'], ['sent', '1'], ['delivered', '1'], ['opened', '1'], ['updated', '1']]) {
        assert.equal(await page.textContent(`[data-field="${field}"]`), value, field);
      }
      assert.match((await page.textContent('#campaign-recovered')) ?? '', /: 1/);
      await assertAccessible(page, 'en campaign page with figures');
      await page.goto(`${server.url}/console/campaigns?lang=en`);
      await assertAccessible(page, 'en campaigns');
    } finally {
      await staffAgain.context.close();
    }
  });

  test('[en] every resident page passes axe: start, sent, link problems, date of birth, contacts with errors, code, check answers, confirmation', async () => {
    const db = database.db;
    const [other] = await createTaxpayers(db, 'gangnam', [{ mobile: '+821055512345', email: 'jung@example.kr', enrol: ['sms'] }]);
    const [link] = await createUpdateLinks(db, [{ districtCode: 'gangnam', taxpayerId: other!, purpose: 'on_request', expiresAt: new Date(Date.now() + 3_600_000) }]);
    const { context: ctx, page, errors } = await context('en', '192.0.2.30');
    try {
      await page.goto(`${server.url}${LINK_PATH}?lang=en`);
      await assertAccessible(page, 'en start');
      await submit(page, '#start-submit');
      await page.waitForSelector('[data-error-summary]');
      assert.match(await page.title(), /^Error: /);
      await assertAccessible(page, 'en start with errors');
      await page.selectOption('#district', 'gangnam');
      await page.fill('#who', 'NOBODY');
      await page.fill('#dob-year', '1990');
      await page.fill('#dob-month', '5');
      await page.fill('#dob-day', '5');
      await Promise.all([page.waitForURL(/\/sent/), page.click('#start-submit')]);
      await assertAccessible(page, 'en sent');
      await page.goto(`${server.url}${LINK_PATH}/${'Z'.repeat(43)}?lang=en`);
      assert.match((await page.textContent('h1')) ?? '', /does not work/);
      await assertAccessible(page, 'en forged link');

      await page.goto(`${server.url}${LINK_PATH}/${link!.token}?lang=en`);
      await assertAccessible(page, 'en date of birth');
      await page.fill('#dob-year', '1980');
      await page.fill('#dob-month', '1');
      await page.fill('#dob-day', '1');
      await Promise.all([page.waitForURL(/\/contacts/), page.click('#dob-submit')]);
      await assertAccessible(page, 'en contacts');
      await page.fill('#new-email', 'not an address');
      await submit(page, '#contacts-submit');
      await page.waitForSelector('[data-error-summary]');
      await assertAccessible(page, 'en contacts with errors');
      await page.fill('#new-email', 'jung.new@example.com');
      await Promise.all([page.waitForURL(/\/code/), page.click('#contacts-submit')]);
      await assertAccessible(page, 'en code');
      await page.fill('#code-email', '000000');
      await submit(page, '#code-submit');
      await page.waitForSelector('[data-error-summary]');
      await assertAccessible(page, 'en code with errors');
      await Promise.all([page.waitForURL(/resent=1/), page.click('#code-resend')]);
      const code = (await lastSent(db, testCipher, 'one_time_code', other))!.variables.code!;
      await page.fill('#code-email', code);
      await Promise.all([page.waitForURL(/\/check/), page.click('#code-submit')]);
      await assertAccessible(page, 'en check answers');
      await Promise.all([page.waitForURL(/\/done/), page.click('#save')]);
      assert.match((await page.textContent('h1')) ?? '', /have been updated/);
      await assertAccessible(page, 'en confirmation');
      await page.goto(`${server.url}${LINK_PATH}/${link!.token}?lang=en`);
      assert.match((await page.textContent('h1')) ?? '', /already been used/);
      await assertAccessible(page, 'en used link');
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  });
});
