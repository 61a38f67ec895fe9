import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium, tabTo } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { WIDGET_TEXT } from '../browser/desk-widget.text.ts';
import { DEFAULT_OUT_OF_HOURS } from '../business-hours/business-hours.messages.ts';
import { apiCall, codesSince, lastMessageId, OPEN_HOURS, SeoulClock, WEEKDAY_NIGHT } from '../desk.test-support.ts';

// The widget tells one story, in Korean and English, at phone width (320 px)
// and on a desktop, with the server's clock set:
// - in hours: one start button; an agent joining is said once; after the
//   agent closes, the satisfaction question and the transcript by e-mail
//   (code step), both reaching the database; a new conversation after;
// - out of hours: the district's words and the offline form in place of the
//   start button, never a queue place; the link opens the form for that
//   district;
// - waiting when the desk closes: no queue place, the offline form instead.
// axe at each step; nothing wider than the dialog or the window.

const VIEWPORTS = { phone: { width: 320, height: 640 }, desktop: { width: 1280, height: 800 } } as const;
type Viewport = keyof typeof VIEWPORTS;

describe('the desk widget tells one story', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let agent: TestClient;
  const clock = new SeoulClock(OPEN_HOURS);

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db, { TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    server.deps.clock = clock.now;
    const staff = (await createDistrictWithStaff(database.db, 'seocho', ['desk_agent'], { ko: '서초구', en: 'Seocho-gu' })) as { desk_agent: string };
    agent = new TestClient(server.url);
    await agent.login(staff.desk_agent);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function residentPage(viewport: Viewport, locale: 'ko' | 'en'): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const context = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS[viewport], locale: locale === 'ko' ? 'ko-KR' : 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, context, errors };
  }

  /** Nothing sticks out of the window, nor out of the open dialog. */
  async function assertNoOverflow(page: Page, what: string): Promise<void> {
    const found = await page.evaluate(() => {
      const problems: string[] = [];
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > width) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
      const dialog = document.querySelector<HTMLElement>('#desk-dialog[open]');
      if (dialog) {
        const box = dialog.getBoundingClientRect();
        if (box.left < 0 || box.right > width) problems.push(`dialog ${box.left}–${box.right} outside 0–${width}`);
        if (dialog.scrollWidth > dialog.clientWidth) problems.push(`dialog scrolls sideways: ${dialog.scrollWidth} > ${dialog.clientWidth}`);
        for (const node of Array.from(dialog.querySelectorAll<HTMLElement>('*'))) {
          const r = node.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          if (r.right > box.right + 0.5 || r.left < box.left - 0.5) problems.push(`${node.tagName.toLowerCase()}#${node.id || node.className}: ${r.left}–${r.right} outside ${box.left}–${box.right}`);
        }
      }
      return problems;
    });
    assert.deepEqual(found, [], what);
  }

  async function openWidget(page: Page, locale: 'ko' | 'en'): Promise<void> {
    await page.goto(`${server.url}/?lang=${locale}`);
    await page.waitForSelector('#desk-launcher');
    await tabTo(page, 'desk-launcher', 80);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#desk-dialog[open] input[name="district"]');
  }

  const setAvailable = async (available: boolean) => {
    const response = await apiCall(agent, '/api/desk/status', 'PUT', { status: available ? 'available' : 'away' });
    assert.equal(response.status, 200);
  };
  const dialogText = (page: Page) => page.evaluate(() => document.getElementById('desk-dialog')!.textContent!);
  const count = (text: string, part: string) => text.split(part).length - 1;
  const QUEUE = { ko: '대기 순서', en: 'in the queue' };

  for (const locale of ['ko', 'en'] as const) {
    const T = WIDGET_TEXT[locale];
    for (const viewport of ['phone', 'desktop'] as const) {
      test(`[${locale}, ${viewport}] in hours: one start, one "joined", then the satisfaction question and the transcript`, async () => {
        clock.set(OPEN_HOURS);
        await setAvailable(true);
        const { page, context, errors } = await residentPage(viewport, locale);
        try {
          await openWidget(page, locale);
          await assertNoOverflow(page, 'choosing a district');
          assert.equal(await page.locator('#desk-dialog button[type="submit"]:visible').count(), 1, 'one way to start');
          assert.equal(await page.locator('#desk-offline').count(), 0, 'the desk is open: no offline form offered');
          await assertAccessible(page, `${locale} ${viewport} start`);
          await tabTo(page, 'desk-start');
          await page.keyboard.press('Enter');
          await page.waitForFunction(() => document.activeElement?.id === 'desk-input');
          await page.waitForFunction((s) => document.getElementById('desk-log')!.textContent!.includes(s), T.assigned);
          await page.keyboard.type(locale === 'ko' ? '자동차세를 두 번 냈어요' : 'I paid my vehicle tax twice');
          await page.keyboard.press('Enter');

          // the agent answers and closes the conversation
          const { rows } = await database.db.query<{ id: string }>(`SELECT id FROM conversations WHERE district_code = 'seocho' AND state = 'assigned' ORDER BY id DESC LIMIT 1`);
          const conversationId = Number(rows[0]!.id);
          assert.equal((await apiCall(agent, `/api/desk/conversations/${conversationId}/messages`, 'POST', { body: 'We will refund it.' })).status, 201);
          await page.waitForFunction(() => document.getElementById('desk-log')!.textContent!.includes('We will refund it.'));
          const during = await dialogText(page);
          assert.equal(count(during, T.assigned), 1, `"${T.assigned}" said once`);
          assert.equal(await page.textContent('#desk-status'), '', 'the status does not repeat it');
          await assertNoOverflow(page, 'in a conversation');
          await assertAccessible(page, `${locale} ${viewport} in a conversation`);
          assert.equal((await apiCall(agent, `/api/desk/conversations/${conversationId}/close`, 'POST')).status, 200);

          // after the close: focus on what comes next; the question, the transcript, a new conversation
          await page.waitForFunction(() => document.activeElement?.id === 'desk-after-title');
          assert.equal(count(await dialogText(page), T.closed), 1, 'the end is said once');
          assert.equal(await page.isVisible('#desk-input'), false);
          await assertNoOverflow(page, 'after the close');
          await assertAccessible(page, `${locale} ${viewport} after the close`);
          // sent without a rating: the message by the question, focus on it
          await tabTo(page, 'desk-sat-submit');
          await page.keyboard.press('Enter');
          await page.waitForFunction((s) => document.getElementById('desk-sat-rating')!.textContent!.includes(s), T.errRating);
          assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'rating');
          await assertAccessible(page, `${locale} ${viewport} satisfaction question with an error`);
          await page.check('#desk-sat-4');
          await page.fill('#desk-sat-comment', locale === 'ko' ? '친절했어요' : 'Kind and quick');
          await tabTo(page, 'desk-sat-submit');
          await page.keyboard.press('Enter');
          await page.waitForFunction((s) => document.getElementById('desk-sat-done')!.textContent === s, T.satThanks);
          const { rows: sat } = await database.db.query<{ rating: number }>('SELECT rating FROM desk_satisfaction WHERE conversation_id = $1', [conversationId]);
          assert.deepEqual(sat.map((r) => r.rating), [4]);

          // the transcript: a code to the address first, then the transcript
          const before = await lastMessageId(database.db);
          await page.fill('#desk-tr-email', `resident.${locale}.${viewport}@example.kr`);
          await tabTo(page, 'desk-tr-submit');
          await page.keyboard.press('Enter');
          await page.waitForFunction(() => document.activeElement?.id === 'desk-tr-code');
          assert.match((await page.textContent('#desk-tr-code-field'))!, /r\*+@example\.kr/);
          await assertNoOverflow(page, 'transcript code step');
          await assertAccessible(page, `${locale} ${viewport} transcript code step`);
          await page.keyboard.type((await codesSince(database.db, before)).email!);
          await page.keyboard.press('Enter');
          await page.waitForFunction(() => document.getElementById('desk-tr-done')!.textContent !== '');
          assert.equal(await page.textContent('#desk-tr-done'), T.transcriptSent(`resident.${locale}.${viewport}@example.kr`));
          const { rows: sent } = await database.db.query<{ recipient_enc: Uint8Array }>(
            `SELECT m.recipient_enc FROM desk_transcripts t JOIN messages m ON m.id = t.message_id WHERE t.conversation_id = $1`, [conversationId],
          );
          assert.deepEqual(sent.map((r) => JSON.parse(testCipher.decrypt(Buffer.from(r.recipient_enc)))), [{ email: `resident.${locale}.${viewport}@example.kr` }]);
          await assertAccessible(page, `${locale} ${viewport} after feedback and transcript`);

          await tabTo(page, 'desk-new');
          await page.keyboard.press('Enter');
          await page.waitForSelector('#desk-start:visible');
          assert.equal(await page.isVisible('#desk-after'), false);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });

      test(`[${locale}, ${viewport}] out of hours: the district's words and the offline form, never a queue place`, async () => {
        clock.set(WEEKDAY_NIGHT);
        const { page, context, errors } = await residentPage(viewport, locale);
        try {
          await openWidget(page, locale);
          await page.waitForSelector('#desk-offline');
          assert.equal(await page.textContent('#desk-closed-text'), DEFAULT_OUT_OF_HOURS[locale]);
          assert.equal(await page.isVisible('#desk-start'), false, 'no chat to start');
          assert.equal(count(await dialogText(page), QUEUE[locale]), 0);
          await assertNoOverflow(page, 'closed desk');
          await assertAccessible(page, `${locale} ${viewport} closed desk`);
          assert.equal(await page.getAttribute('#desk-offline', 'href'), `/r/desk/offline?district=seocho&lang=${locale}`);
          await tabTo(page, 'desk-offline');
          await Promise.all([page.waitForURL(/\/r\/desk\/offline\?/), page.keyboard.press('Enter')]);
          assert.equal(await page.inputValue('input[name="district"]:checked'), 'seocho', 'the form has the district chosen');
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }

  test('a conversation waiting when the desk closes shows no queue place, and offers the offline form', async () => {
    clock.set(OPEN_HOURS);
    await setAvailable(false);
    const { page, context, errors } = await residentPage('phone', 'en');
    try {
      await openWidget(page, 'en');
      await page.click('#desk-start');
      await page.waitForFunction((s) => document.getElementById('desk-status')!.textContent!.includes(s), QUEUE.en);
      assert.equal(await page.locator('#desk-offline').count(), 0);
      clock.set(WEEKDAY_NIGHT);
      await page.reload();
      await page.click('#desk-launcher');
      await page.waitForFunction((s) => document.getElementById('desk-status')!.textContent === s, WIDGET_TEXT.en.closedWaiting);
      await page.waitForSelector('#desk-offline');
      assert.equal(count(await dialogText(page), QUEUE.en), 0, 'no queue place beside "closed"');
      await assertNoOverflow(page, 'waiting while closed');
      await assertAccessible(page, 'waiting while the desk is closed');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      clock.set(OPEN_HOURS);
    }
  });
});
