import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { BROWSER_SKIP, launchChromium, tabTo } from '../../../test-support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { OPEN_HOURS, SeoulClock } from '../../desk/desk.test-support.ts';

// Asking the staff for help from the station: a visitor in the text mode
// opens the staff desks' zone, whose panel is the live desk's page for the
// station's district (/r/desk?district=…); the chat widget there starts the
// conversation with that district (chosen already, though another district
// comes first in the list), and the message reaches the live desk console of
// that district's agent, not another district's. Escape closes the chat's
// own dialog first, then the panel. Real security headers (no CSP bypass).

describe('asking for help in the station reaches the live desk', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let agents: { help: string; other: string };

  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
    server.deps.clock = new SeoulClock(OPEN_HOURS).now; // the desk is open
    const other = await createDistrictWithStaff(database.db, 'agu', ['desk_agent'], { ko: '가구', en: 'A-gu' });
    const help = await createDistrictWithStaff(database.db, 'helpgu', ['desk_agent'], { ko: '도움구', en: 'Help-gu' });
    agents = { help: help.desk_agent!, other: other.desk_agent! };
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function consoleOf(username: string): Promise<Page> {
    const http = new TestClient(server.url);
    await http.login(username);
    const context = await browser.newContext();
    await context.addCookies([{ name: 'ts_session', value: http.cookies.get('ts_session')!, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/console/desk?lang=en`);
    await page.waitForSelector('#desk-availability');
    await page.waitForFunction(() => !document.getElementById('desk-status-text')!.textContent!.includes('…'));
    if ((await page.getAttribute('#desk-availability', 'aria-pressed')) !== 'true') await page.click('#desk-availability');
    await page.waitForSelector('#desk-availability[aria-pressed="true"]');
    return page;
  }

  test("a visitor's question from the staff zone's panel reaches the district's live desk", async () => {
    const agent = await consoleOf(agents.help);
    const otherAgent = await consoleOf(agents.other);
    const context = await browser.newContext();
    const visitor = await context.newPage();
    try {
      await visitor.goto(`${server.url}/r/station/helpgu?lang=en`);
      await visitor.waitForSelector('#meet:not([hidden])');
      await visitor.fill('#meet-nickname', 'Mina');
      await visitor.press('#meet-nickname', 'Enter');
      await visitor.waitForSelector('#meet-inside:not([hidden])');

      await tabTo(visitor, 'zone-link-staff');
      await visitor.keyboard.press('Enter');
      const frame: Frame = (await (await visitor.waitForSelector('dialog#zone-panel[open] iframe'))!.contentFrame())!;
      await frame.waitForSelector('#desk-launcher');
      assert.match(frame.url(), /\/r\/desk\?district=helpgu&.*panel=1/);
      await frame.focus('#desk-launcher');
      await visitor.keyboard.press('Enter');
      await frame.waitForSelector('#desk-dialog[open] input[name="district"]');
      assert.equal(await frame.inputValue('input[name="district"]:checked'), 'helpgu', "the station's district is chosen");
      await frame.click('#desk-start');
      await frame.waitForFunction(() => document.activeElement?.id === 'desk-input');
      await visitor.keyboard.type('Where do I apply for a refund?');
      await visitor.keyboard.press('Enter');

      // the district's agent (available: the desk hands it the conversation) sees it, and opens it
      await agent.waitForSelector('[data-open]');
      await agent.click('[data-open]');
      await agent.waitForFunction(() => document.getElementById('desk-messages')!.textContent!.includes('Where do I apply for a refund?'));
      assert.equal(await otherAgent.locator('[data-open]').count(), 0, "another district's desk does not have it");

      // Escape: first the chat's dialog, then the panel
      await frame.focus('#desk-input');
      await visitor.keyboard.press('Escape');
      await frame.waitForSelector('#desk-dialog:not([open])', { state: 'attached' });
      assert.equal(await visitor.locator('dialog#zone-panel[open]').count(), 1, 'the panel stays');
      await visitor.keyboard.press('Escape');
      await visitor.waitForSelector('dialog#zone-panel', { state: 'detached' });
      assert.equal(await visitor.evaluate(() => document.activeElement?.id), 'zone-link-staff');
    } finally {
      await context.close();
      await agent.context().close();
      await otherAgent.context().close();
    }
  });
});
