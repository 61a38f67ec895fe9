import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../test-support/databases.ts';
import { activeId, assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff, tabTo } from '../../test-support/browser.ts';
import { createTaxpayers, testCipher } from '../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, TestClient, type TestServer } from '../../test-support/test-server.ts';
import { storeAttachment } from './attachments/attachments.repository.ts';
import { closeConversation, postMessage } from './conversations/conversations.service.ts';
import { FrameClient } from './desk.test-support.ts';
import { deskDepsFrom } from './desk.deps.ts';
import { lastSent } from '../hygiene/self-service/self-service.test-support.ts';

// The desk's staff pages in Chromium, keyboard first and axe-scanned in
// Korean and English: an administrator adds and changes a canned answer
// (through the error summary), the dashboard's period is chosen from the
// keyboard; in the live console an agent inserts a canned answer in the
// conversation's language, applies a resident's contact-update form and
// sees an attachment as a download link.

const KEY = Buffer.alloc(32, 7).toString('base64');
// The smallest PNG: a signature and enough chunks for the type check.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('desk staff pages in a browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let staff: Record<string, string>;
  let taxpayers: { id: number; name: string }[];

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db, { TAXSTATION_ENCRYPTION_KEY: KEY });
    staff = await createDistrictWithStaff(database.db, 'seocho', ['admin', 'desk_agent'], { ko: '서초구', en: 'Seocho-gu' });
    const ids = await createTaxpayers(database.db, 'seocho', [{ mobile: '+821612345678', enrol: ['sms'] }, { mobile: '+821812345678', enrol: ['sms'] }]);
    const { rows } = await database.db.query<{ id: number; name: string }>('SELECT id::int AS id, name FROM taxpayers WHERE id = ANY($1::bigint[]) ORDER BY id', [ids]);
    taxpayers = rows;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function typeInto(page: Page, id: string, text: string): Promise<void> {
    await tabTo(page, id);
    await page.keyboard.type(text);
  }

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] an administrator adds and changes a canned answer and reads the dashboard, by keyboard, axe-clean`, async () => {
      const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: staff.admin!, password: TEST_PASSWORD, locale });
      try {
        await page.goto(`${server.url}/console/desk/canned-answers?lang=${locale}`);
        await assertAccessible(page, `${locale} canned answers`);
        const title = `Payment ${locale}`;
        await typeInto(page, 'canned-title', title);
        await typeInto(page, 'canned-body-ko', '위택스에서 납부할 수 있습니다.');
        await tabTo(page, 'canned-add');
        await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
        await page.waitForSelector('[data-error-summary]');
        await page.waitForFunction(() => document.activeElement?.hasAttribute('data-error-summary'));
        assert.match(await page.title(), locale === 'ko' ? /^오류: / : /^Error: /);
        assert.equal(await page.inputValue('#canned-title'), title, 'what was typed is kept');
        await assertAccessible(page, `${locale} canned answers with errors`);
        // From the summary to the field it names, by keyboard.
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#canned-body-en');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'canned-body-en');
        await page.keyboard.type('You can pay on Wetax.');
        await tabTo(page, 'canned-add');
        await Promise.all([page.waitForURL(/done=added/), page.keyboard.press('Enter')]);
        assert.match(await page.textContent('#desk-flash') ?? '', new RegExp(title));
        await assertAccessible(page, `${locale} canned answers after adding`);

        const changeId = await page.$eval(`#canned-list tr:has(th:text-is("${title}")) a[id^="canned-change-"]`, (a) => a.id);
        await tabTo(page, changeId, 80);
        await Promise.all([page.waitForURL(/canned-answers\/\d+/), page.keyboard.press('Enter')]);
        await assertAccessible(page, `${locale} change a canned answer`);
        await tabTo(page, 'canned-body-en');
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type('You can pay on Wetax or by bank transfer.');
        await tabTo(page, 'canned-save');
        await Promise.all([page.waitForURL(/done=changed/), page.keyboard.press('Enter')]);
        assert.match(await page.textContent('#canned-list') ?? '', /You can pay on Wetax or by bank transfer\./);

        await page.goto(`${server.url}/console/desk/dashboard?lang=${locale}`);
        await assertAccessible(page, `${locale} dashboard`);
        await tabTo(page, 'dashboard-days', 60);
        await page.keyboard.press('ArrowDown');
        assert.equal(await page.inputValue('#dashboard-days'), '30', 'the next period, chosen with an arrow key');
        await tabTo(page, 'dashboard-show');
        await Promise.all([page.waitForURL(/days=30/), page.keyboard.press('Enter')]);
        assert.match(await page.textContent('.lead') ?? '', /30/);
        assert.equal(await page.locator('#chart-hours-title').count(), 1);
        await assertAccessible(page, `${locale} dashboard, 30 days`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  for (const [index, locale] of (['ko', 'en'] as const).entries()) {
    // The resident writes in the other language: the canned answer must follow the conversation, not the console.
    const residentLocale = locale === 'ko' ? 'en' : 'ko';
    test(`[${locale}] in the live console an agent inserts a canned answer, applies a contact-update form and sees an attachment`, async () => {
      const admin = new TestClient(server.url);
      await admin.login(staff.admin!);
      const canned = await admin.json('/api/desk/canned-answers', 'POST', { title: `Hours ${locale}`, bodyKo: '평일 9시부터 18시까지 상담합니다.', bodyEn: 'The desk is open on weekdays from 9:00 to 18:00.' }, { 'x-csrf-token': admin.csrfToken! });
      assert.equal(canned.status, 201);

      const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: staff.desk_agent!, password: TEST_PASSWORD, locale });
      const resident = await FrameClient.connect(`${server.url.replace('http', 'ws')}/r/desk/socket`);
      try {
        await page.goto(`${server.url}/console/desk?lang=${locale}`);
        await page.waitForFunction(() => !document.getElementById('desk-status-text')!.textContent!.includes('…'));
        if ((await page.getAttribute('#desk-availability', 'aria-pressed')) !== 'true') {
          await tabTo(page, 'desk-availability', 60);
          await page.keyboard.press('Enter');
        }
        await page.waitForSelector('#desk-availability[aria-pressed="true"]');
        await assertAccessible(page, `${locale} live console with the desk menu`);

        resident.send({ type: 'start', district: 'seocho', locale: residentLocale });
        const session = await resident.next((f) => f.type === 'session');
        const conversationId = session.conversationId as number;
        await resident.next((f) => f.type === 'state' && f.state === 'assigned');
        await page.focus(`[data-open="${conversationId}"]`);
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'desk-conversation-heading');
        await page.waitForSelector('#desk-canned:not([hidden])');

        await tabTo(page, 'desk-canned-select');
        await page.selectOption('#desk-canned-select', { label: `Hours ${locale}` });
        await tabTo(page, 'desk-canned-insert');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'desk-body');
        const inserted = residentLocale === 'en' ? 'The desk is open on weekdays from 9:00 to 18:00.' : '평일 9시부터 18시까지 상담합니다.';
        assert.equal(await page.inputValue('#desk-body'), inserted, "the answer in the conversation's language");
        await page.click('#desk-compose button[type="submit"]');
        await resident.next((f) => f.type === 'message' && f.body === inserted);

        const taxpayer = taxpayers[index]!;
        const residentHttp = new TestClient(server.url);
        const form = await residentHttp.json('/r/desk/contact-form', 'POST', {
          resumeToken: session.resumeToken, name: taxpayer.name, birthDate: '1980-01-01', mobile: '010-2345-678' + index, channels: ['sms'],
        });
        assert.equal(form.status, 202, 'a code went to the new number');
        const { formId } = (await form.json()) as { formId: number };
        const code = (await lastSent(database.db, testCipher, 'one_time_code'))!;
        const confirmed = await residentHttp.json('/r/desk/contact-form/confirm', 'POST', { resumeToken: session.resumeToken, formId, codes: { mobile: code.variables.code } });
        assert.equal(confirmed.status, 201);
        const { messageId } = (await confirmed.json()) as { messageId: number };
        await page.waitForSelector(`#desk-form-${messageId} dl`);
        const shown = await page.textContent(`#desk-form-${messageId}`) ?? '';
        assert.match(shown, new RegExp(`${taxpayer.name}[\\s\\S]*1980-01-01[\\s\\S]*010-\\*\\*\\*\\*-678${index}`), 'the new number masked');
        assert.doesNotMatch(shown, /2345/);

        const deps = deskDepsFrom(server.deps);
        const stored = await storeAttachment(database.db, { districtCode: 'seocho', conversationId, bytes: PNG, fileName: 'receipt.png', declaredType: 'image/png' });
        await postMessage(deps, { conversationId, author: { type: 'resident', id: 'web' }, kind: 'attachment', body: 'receipt.png',
          payload: { attachmentId: stored.id, contentType: stored.contentType, fileName: stored.fileName, sizeBytes: stored.sizeBytes } });
        const link = page.locator(`#desk-messages a[href="/api/desk/attachments/${stored.id}"]`);
        await link.waitFor();
        assert.equal(await link.textContent(), 'receipt.png');
        assert.match(await page.textContent(`#desk-messages [data-id] .desk-file-meta`) ?? '', /PNG, 1 KB/);
        const download = await page.request.get(`${server.url}/api/desk/attachments/${stored.id}`);
        assert.equal(download.status(), 200);
        assert.equal(download.headers()['content-type'], 'image/png');
        await assertAccessible(page, `${locale} live console with a form and an attachment`);

        const apply = page.getByRole('button', { name: locale === 'ko' ? /^적용/ : /^Apply/ });
        await apply.focus();
        await page.keyboard.press('Enter');
        const result = page.locator(`#desk-apply-result-${messageId}`);
        await page.waitForFunction((id) => /#\d+/.test(document.getElementById(`desk-apply-result-${id}`)!.textContent!), messageId);
        assert.match(await result.textContent() ?? '', new RegExp(`#${taxpayer.id}`));
        assert.equal(await activeId(page), `desk-apply-result-${messageId}`, 'focus moves to the result');
        assert.equal(await page.getAttribute(`#desk-form-${messageId} form`, 'hidden'), '', 'applied once: the action is gone');
        const { rows } = await database.db.query<{ mobile_enc: Uint8Array }>('SELECT mobile_enc FROM taxpayers WHERE id = $1', [taxpayer.id]);
        assert.equal(testCipher.decrypt(Buffer.from(rows[0]!.mobile_enc)), `+82102345678${index}`);
        await assertAccessible(page, `${locale} live console after applying`);

        await closeConversation(deps, { conversationId, by: { type: 'agent', id: 'test' } });
        await page.focus('#desk-availability');
        await page.keyboard.press('Enter');
        await page.waitForSelector('#desk-availability[aria-pressed="false"]');
        assert.deepEqual(errors, []);
      } finally {
        await resident.close();
        await context.close();
      }
    });
  }
});
