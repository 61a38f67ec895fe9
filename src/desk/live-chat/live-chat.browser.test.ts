import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium, tabTo } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { OPEN_HOURS, SeoulClock } from '../desk.test-support.ts';
import { REFUND_APPLICATION_PATH } from '../auto-replies/auto-replies.service.ts';
import { lastSent } from '../../hygiene/self-service/self-service.test-support.ts';

// Two browsers, a resident and an agent: a conversation by keyboard on the
// resident side, the resident's connection cut by the server mid-way and
// resumed with nothing lost or doubled, and axe on the widget and console;
// then the contact-update form filled by keyboard (error summary, check
// answers, the code sent to the new number typed in the widget, confirmation)
// and applied by the agent, and files sent from the widget (one accepted,
// one refused with the reason).

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test-image-bytes')]);

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

describe('live desk in two browsers', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let agentName: string;
  const clock = new SeoulClock(OPEN_HOURS);
  const residentSockets = new Set<Socket>();

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db, { TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    // business hours do not depend on when the test runs
    server.deps.clock = clock.now;
    ({ desk_agent: agentName } = (await createDistrictWithStaff(database.db, 'seocho', ['desk_agent'], { ko: '서초구', en: 'Seocho-gu' })) as { desk_agent: string });
    server.app.server.on('upgrade', (request: { url?: string }, socket: Socket) => {
      if (request.url?.startsWith('/r/desk/socket')) residentSockets.add(socket);
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  /** A resident's page in a fresh browser context; page errors are collected. */
  async function residentPage(errors: string[]): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, context };
  }

  /** The agent's console and a resident's page, each in its own browser context. */
  async function agentAndResident(): Promise<{ agent: Page; resident: Page; errors: string[]; close(): Promise<void> }> {
    const errors: string[] = [];
    const http = new TestClient(server.url);
    await http.login(agentName);
    const agentContext = await browser.newContext({ bypassCSP: true });
    await agentContext.addCookies([{ name: 'ts_session', value: http.cookies.get('ts_session')!, url: server.url }]);
    const agent = await agentContext.newPage();
    agent.on('pageerror', (e) => errors.push(e.message));
    const resident = await residentPage(errors);
    return {
      agent, resident: resident.page, errors,
      close: async () => {
        await agentContext.close();
        await resident.context.close();
      },
    };
  }

  /** Opens the console and sets the agent available. */
  async function availableAgent(agent: Page, locale: 'ko' | 'en'): Promise<void> {
    await agent.goto(`${server.url}/console/desk?lang=${locale}`);
    await agent.waitForSelector('#desk-availability');
    await agent.waitForFunction(() => !document.getElementById('desk-status-text')!.textContent!.includes('…'));
    if ((await agent.getAttribute('#desk-availability', 'aria-pressed')) !== 'true') await agent.click('#desk-availability');
    await agent.waitForSelector('#desk-availability[aria-pressed="true"]');
  }

  /** Opens the widget and starts a conversation with the keyboard alone; `axe` scans the closed widget and the district choice. */
  async function startChatByKeyboard(resident: Page, locale: 'ko' | 'en', axe = false): Promise<void> {
    await resident.goto(`${server.url}/?lang=${locale}`);
    await resident.waitForSelector('#desk-launcher');
    if (axe) await assertAccessible(resident, `${locale} page with the closed widget`);
    await tabTo(resident, 'desk-launcher');
    await resident.keyboard.press('Enter');
    await resident.waitForSelector('#desk-dialog[open] input[name="district"]');
    await resident.waitForFunction(() => document.activeElement?.getAttribute('name') === 'district');
    if (axe) await assertAccessible(resident, `${locale} open widget, choosing a district`);
    await tabTo(resident, 'desk-start');
    await resident.keyboard.press('Enter');
    await resident.waitForFunction(() => document.activeElement?.id === 'desk-input');
  }

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] hold a conversation by keyboard, survive a dropped connection, axe-clean widget and console`, async () => {
      const { agent, resident, errors, close } = await agentAndResident();
      try {
        await availableAgent(agent, locale);
        await assertAccessible(agent, `${locale} agent console`);
        // keyboard only on the resident side
        await startChatByKeyboard(resident, locale, true);
        // said once, in the conversation (desk-widget.browser.test.ts checks the rest of the story)
        await resident.waitForFunction(() => /연결되었습니다|agent has joined/.test(document.getElementById('desk-log')!.textContent!));
        const script = '<img src=x onerror="window.__pwned=1">';
        await resident.keyboard.type('안녕하세요 hello');
        await resident.keyboard.press('Enter');
        await resident.keyboard.type(script);
        await resident.keyboard.press('Enter');
        await assertAccessible(resident, `${locale} widget in a conversation`);

        await agent.waitForSelector('[data-open]');
        await agent.click('[data-open]');
        await agent.waitForFunction((s) => document.getElementById('desk-messages')!.textContent!.includes(s), script);
        assert.equal(await agent.locator('#desk-messages img').count(), 0, 'markup from a resident is shown as text');
        assert.equal(await agent.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
        await agent.fill('#desk-body', 'first answer');
        await agent.click('#desk-compose button[type="submit"]');
        await resident.waitForFunction(() => document.getElementById('desk-log')!.textContent!.includes('first answer'));
        await assertAccessible(agent, `${locale} agent console with a conversation`);

        // The server cuts the resident's connection; the agent writes on.
        for (const socket of residentSockets) socket.destroy();
        residentSockets.clear();
        await agent.fill('#desk-body', 'while you were away 1');
        await agent.click('#desk-compose button[type="submit"]');
        await agent.fill('#desk-body', 'while you were away 2');
        await agent.click('#desk-compose button[type="submit"]');
        await resident.waitForFunction(() => document.getElementById('desk-log')!.textContent!.includes('while you were away 2'));
        await resident.keyboard.type('back again');
        await resident.keyboard.press('Enter');
        await agent.waitForFunction(() => document.getElementById('desk-messages')!.textContent!.includes('back again'));

        const ids = await resident.$$eval('#desk-log [data-id]', (nodes) => nodes.map((n) => Number(n.getAttribute('data-id'))));
        assert.equal(new Set(ids).size, ids.length, 'no message shown twice');
        assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in order');
        const texts = await resident.$$eval('#desk-log .desk-body', (nodes) => nodes.map((n) => n.textContent));
        for (const expected of ['안녕하세요 hello', script, 'first answer', 'while you were away 1', 'while you were away 2', 'back again']) {
          assert.equal(texts.filter((t) => t === expected).length, 1, `"${expected}" exactly once`);
        }
        assert.equal(await resident.locator('#desk-log img').count(), 0);

        // Escape closes the dialog and focus returns to the button.
        await resident.keyboard.press('Escape');
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-launcher');
        await agent.click('#desk-close');
        await agent.waitForFunction(() => !document.querySelector('#desk-mine [data-open]'));
        await resident.waitForFunction(() => /종료|ended/.test(document.getElementById('desk-log')!.textContent!));
        await resident.waitForSelector('#desk-after:not([hidden])', { state: 'attached' });
        await agent.click('#desk-availability');
        await agent.waitForSelector('#desk-availability[aria-pressed="false"]');
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });
  }
  const WIDGET_TEXT = {
    ko: { sent: '연락처 변경 요청을 보냈습니다', applied: '상담원이 연락처 변경을 반영했습니다', problem: '문제가 있습니다', dob: '생년월일', uploaded: '파일을 보냈습니다', refused: /사진\(PNG, JPEG, GIF, WebP\)과 PDF 파일만/ },
    en: { sent: 'Contact update request sent', applied: 'An agent has applied your contact update', problem: 'There is a problem', dob: 'Date of birth', uploaded: 'sent.', refused: /Only pictures \(PNG, JPEG, GIF, WebP\) and PDF files/ },
  };

  for (const [index, locale] of (['ko', 'en'] as const).entries()) {
    test(`[${locale}] the resident fills the contact-update form by keyboard and the agent applies it; files from the widget`, async () => {
      const text = WIDGET_TEXT[locale];
      const [taxpayerId] = await createTaxpayers(database.db, 'seocho', [{ mobile: '+821011112222' }], testCipher);
      // the factory names taxpayers by their place in the call
      await database.db.query('UPDATE taxpayers SET name = $2 WHERE id = $1', [taxpayerId, `주민${index}`]);
      const { agent, resident, errors, close } = await agentAndResident();
      const log = () => resident.evaluate(() => document.getElementById('desk-log')!.textContent!);
      try {
        await availableAgent(agent, locale);
        await startChatByKeyboard(resident, locale);

        // Open the form; Continue with nothing filled: the error summary takes focus and links to each field.
        await tabTo(resident, 'desk-form-open');
        await resident.keyboard.press('Enter');
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-cf-name');
        await assertAccessible(resident, `${locale} widget with the contact form open`);
        await tabTo(resident, 'desk-cf-continue');
        await resident.keyboard.press('Enter');
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-cf-errors');
        const links = await resident.$$eval('#desk-cf-errors a', (as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(links, ['#desk-cf-name', '#desk-cf-dob-year', '#desk-cf-mobile']);
        assert.ok((await resident.textContent('#desk-cf-errors h4'))!.includes(text.problem));
        assert.equal(await resident.getAttribute('#desk-cf-name', 'aria-invalid'), 'true');
        await assertAccessible(resident, `${locale} contact form with errors`);
        await resident.keyboard.press('Tab');
        await resident.keyboard.press('Enter');
        assert.equal(await focusedId(resident), 'desk-cf-name', 'the summary link moves focus to its field');

        // Fill it in by keyboard; 30 February gets past the widget and is refused by the server.
        await resident.keyboard.type(`주민${index}`);
        await tabTo(resident, 'desk-cf-dob-year');
        await resident.keyboard.type('1980');
        await resident.keyboard.press('Tab');
        await resident.keyboard.type('2');
        await resident.keyboard.press('Tab');
        await resident.keyboard.type('30');
        await tabTo(resident, 'desk-cf-mobile');
        await resident.keyboard.type('010-2345-6789');
        await tabTo(resident, 'desk-cf-channels-sms');
        await resident.keyboard.press('Space');
        await tabTo(resident, 'desk-cf-continue');
        await resident.keyboard.press('Enter');
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-cf-check-title');
        const answers = (await resident.textContent('#desk-cf-check dl'))!;
        for (const expected of [`주민${index}`, '1980-2-30', '010-2345-6789']) assert.ok(answers.includes(expected), `check answers shows ${expected}`);
        await assertAccessible(resident, `${locale} contact form, check your answers`);
        await tabTo(resident, 'desk-cf-submit');
        await resident.keyboard.press('Enter');
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-cf-errors');
        assert.deepEqual(await resident.$$eval('#desk-cf-errors a', (as) => as.map((a) => a.getAttribute('href'))), ['#desk-cf-dob-year'], "the server's error lands on its field");
        assert.ok((await resident.textContent('#desk-cf-errors a'))!.startsWith(text.dob));
        await resident.keyboard.press('Tab');
        await resident.keyboard.press('Enter');
        assert.equal(await focusedId(resident), 'desk-cf-dob-year');
        await resident.keyboard.press('Tab');
        await resident.keyboard.press('ControlOrMeta+a');
        await resident.keyboard.type('1');
        await resident.keyboard.press('Tab');
        await resident.keyboard.press('ControlOrMeta+a');
        await resident.keyboard.type('1');
        await tabTo(resident, 'desk-cf-continue');
        await resident.keyboard.press('Enter');
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-cf-check-title');
        await tabTo(resident, 'desk-cf-submit');
        await resident.keyboard.press('Enter');

        // A code went to the new number: the request waits for it in the widget, the agent sees nothing yet.
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-cf-codes-title');
        assert.ok((await resident.textContent('#desk-cf-codes'))!.includes('010-****-6789'));
        const code = (await lastSent(database.db, testCipher, 'one_time_code'))!;
        assert.deepEqual(code.recipient, { phone: '+821023456789' });
        const forms = await database.db.query(`SELECT 1 FROM desk_messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.kind = 'form' AND m.author_id = c.resident_ref AND c.state <> 'closed'`);
        assert.equal(forms.rowCount, 0, 'no form reaches the agent before its code');
        await assertAccessible(resident, `${locale} contact form, code step`);
        await tabTo(resident, 'desk-cf-code-mobile');
        await resident.keyboard.type(code.variables.code === '000000' ? '111111' : '000000');
        await tabTo(resident, 'desk-cf-codes-confirm');
        await resident.keyboard.press('Enter');
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-cf-codes-errors');
        assert.deepEqual(await resident.$$eval('#desk-cf-codes-errors a', (as) => as.map((a) => a.getAttribute('href'))), ['#desk-cf-code-mobile']);
        assert.equal(await resident.getAttribute('#desk-cf-code-mobile', 'aria-invalid'), 'true');
        await assertAccessible(resident, `${locale} code step with a wrong code`);
        await resident.keyboard.press('Tab');
        await resident.keyboard.press('Enter');
        assert.equal(await focusedId(resident), 'desk-cf-code-mobile', 'the summary link moves focus to the code field');
        await resident.keyboard.press('ControlOrMeta+a');
        await resident.keyboard.type(code.variables.code!);
        await tabTo(resident, 'desk-cf-codes-confirm');
        await resident.keyboard.press('Enter');
        // Confirmation: a reference in the widget and in the conversation; focus back in the message box.
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-input');
        const confirmation = (await resident.textContent('#desk-notice'))!;
        assert.ok(confirmation.includes(text.sent), confirmation);
        const reference = /D-(\d+)/.exec(confirmation)![1]!;
        await resident.waitForFunction((s) => document.getElementById('desk-log')!.textContent!.includes(s), `D-${reference}`);

        // The agent applies it with one action.
        await agent.waitForSelector('[data-open]');
        await agent.click('[data-open]');
        const apply = agent.getByRole('button', { name: locale === 'ko' ? /^적용/ : /^Apply/ });
        await apply.waitFor();
        assert.equal(await apply.getAttribute('id'), `desk-apply-${reference}`);
        await apply.click();
        await resident.waitForFunction((s) => document.getElementById('desk-log')!.textContent!.includes(s), text.applied);
        const { rows } = await database.db.query<{ mobile_enc: Buffer; enrol_sms: boolean }>('SELECT mobile_enc, enrol_sms FROM taxpayers WHERE id = $1', [taxpayerId]);
        assert.equal(testCipher.decrypt(rows[0]!.mobile_enc), '+821023456789', 'the new mobile is on the taxpayer');
        assert.equal(rows[0]!.enrol_sms, true);

        // Files: a picture goes through; a script named .png is refused with the reason.
        await tabTo(resident, 'desk-file');
        const [chooser] = await Promise.all([resident.waitForEvent('filechooser'), resident.keyboard.press('Space')]);
        await chooser.setFiles({ name: 'notice.png', mimeType: 'image/png', buffer: PNG });
        await resident.waitForFunction((s) => document.getElementById('desk-notice')!.textContent!.includes(s), text.uploaded);
        await agent.waitForSelector('#desk-messages a[href^="/api/desk/attachments/"]');
        assert.equal(await agent.textContent('#desk-messages a[href^="/api/desk/attachments/"]'), 'notice.png');
        assert.ok((await log()).includes('notice.png'));
        const [again] = await Promise.all([resident.waitForEvent('filechooser'), resident.keyboard.press('Space')]);
        await again.setFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('<script>alert(1)</script>') });
        await resident.waitForFunction((re) => new RegExp(re).test(document.getElementById('desk-error')!.textContent!), text.refused.source);
        assert.ok(!(await log()).includes('evil.png'));
        await assertAccessible(resident, `${locale} widget after sending files`);

        await agent.click('#desk-close');
        await resident.waitForFunction(() => !document.querySelector('#desk-tools:not([hidden])'));
        await agent.click('#desk-availability');
        await agent.waitForSelector('#desk-availability[aria-pressed="false"]');
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });
  }
  test('a refund question shows the refund link; the resident\'s own text never becomes a link', async () => {
    const errors: string[] = [];
    const { page: resident, context } = await residentPage(errors);
    clock.set(OPEN_HOURS);
    try {
      // (out of hours the widget offers the offline form instead of a chat: desk-widget.browser.test.ts)
      await startChatByKeyboard(resident, 'en');
      await resident.keyboard.type('How do I get a refund? /r/desk/offline');
      await resident.keyboard.press('Enter');
      const refund = resident.getByRole('link', { name: 'Go to the refund application' });
      await refund.waitFor();
      assert.equal(await refund.getAttribute('href'), `${REFUND_APPLICATION_PATH}?lang=en`);
      assert.equal(await resident.locator('#desk-log a').count(), 1, 'the resident\'s own text never becomes a link');
      await assertAccessible(resident, 'widget with a desk notice');
      // back from the message box to the notice's link, by keyboard
      const onRefundLink = () => resident.evaluate((href) => document.activeElement?.getAttribute('href') === href, `${REFUND_APPLICATION_PATH}?lang=en`);
      for (let i = 0; i < 20 && !(await onRefundLink()); i++) await resident.keyboard.press('Shift+Tab');
      assert.ok(await onRefundLink(), 'the link is reachable with the keyboard');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
