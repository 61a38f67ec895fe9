import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../platform/http/test-server.ts';

// Two browsers, a resident and an agent: a conversation by keyboard on the
// resident side, the resident's connection cut by the server mid-way and
// resumed with nothing lost or doubled, and axe on the widget and console.

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const required = process.env.TAXSTATION_REQUIRE_BROWSER === '1';
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function assertAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
  }, WCAG_TAGS);
  assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations)}`);
}

async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe('live desk in two browsers', { skip: !haveChromium && !required ? 'Chromium missing' : false }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let agentName: string;
  const residentSockets = new Set<Socket>();

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    ({ desk_agent: agentName } = (await createDistrictWithStaff(database.db, 'seocho', ['desk_agent'], { ko: '서초구', en: 'Seocho-gu' })) as { desk_agent: string });
    server.app.server.on('upgrade', (request: { url?: string }, socket: Socket) => {
      if (request.url?.startsWith('/r/desk/socket')) residentSockets.add(socket);
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  for (const locale of ['ko', 'en'] as const) {
    test(`[${locale}] hold a conversation by keyboard, survive a dropped connection, axe-clean widget and console`, async () => {
      const http = new TestClient(server.url);
      await http.login(agentName);
      const agentContext = await browser.newContext({ bypassCSP: true });
      await agentContext.addCookies([{ name: 'ts_session', value: http.cookies.get('ts_session')!, url: server.url }]);
      const agent = await agentContext.newPage();
      const residentContext = await browser.newContext({ bypassCSP: true });
      const resident = await residentContext.newPage();
      const errors: string[] = [];
      for (const p of [agent, resident]) p.on('pageerror', (e) => errors.push(e.message));
      try {
        await agent.goto(`${server.url}/console/desk?lang=${locale}`);
        await agent.waitForSelector('#desk-availability');
        await agent.waitForFunction(() => !document.getElementById('desk-status-text')!.textContent!.includes('…'));
        if ((await agent.getAttribute('#desk-availability', 'aria-pressed')) !== 'true') await agent.click('#desk-availability');
        await agent.waitForSelector('#desk-availability[aria-pressed="true"]');
        await assertAccessible(agent, `${locale} agent console`);

        await resident.goto(`${server.url}/?lang=${locale}`);
        await resident.waitForSelector('#desk-launcher');
        await assertAccessible(resident, `${locale} page with the closed widget`);
        // keyboard only on the resident side
        await tabTo(resident, '#desk-launcher');
        await resident.keyboard.press('Enter');
        await resident.waitForSelector('#desk-dialog[open] input[name="district"]');
        await resident.waitForFunction(() => document.activeElement?.getAttribute('name') === 'district');
        await assertAccessible(resident, `${locale} open widget, choosing a district`);
        await tabTo(resident, '.desk-start button[type="submit"]');
        await resident.keyboard.press('Enter');
        await resident.waitForFunction(() => document.activeElement?.id === 'desk-input');
        await resident.waitForFunction(() => /연결되었습니다|agent has joined/.test(document.getElementById('desk-status')!.textContent!));
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
        await resident.waitForFunction(() => /종료|ended/.test(document.getElementById('desk-status')!.textContent!));
        await agent.click('#desk-availability');
        await agent.waitForSelector('#desk-availability[aria-pressed="false"]');
        assert.deepEqual(errors, []);
      } finally {
        await agentContext.close();
        await residentContext.close();
      }
    });
  }
});
