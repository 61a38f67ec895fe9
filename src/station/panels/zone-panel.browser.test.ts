import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, ElementHandle, Frame, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { activeId, BROWSER_SKIP, launchChromium, tabTo, type AxeViolation } from '../../../test-support/browser.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { setUpConsultations } from '../../consultations/schedule/schedule.service.ts';

// Zone panels in Chromium, from the station's text mode, with the site's real
// security headers (no CSP bypass: the frame loads only because panel mode
// lets this site frame the page). By keyboard: a zone's link opens its
// feature in a modal dialog (focus on the close button, the feature's page in
// a titled frame without the site's header and footer); the booking form
// works inside the frame; Escape from inside the frame closes the dialog and
// focus returns to the link; the close button does the same. A link within
// the feature stays in the panel, one leaving it opens in the top window.
// axe finds nothing on the page with the dialog open, nor inside the frame.
// The video check's camera and microphone work inside its panel.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe in a page or a frame, loaded through the debugger (the site's CSP forbids inline script, rightly). */
async function assertAccessibleIn(target: Page | Frame, what: string): Promise<void> {
  await target.evaluate(AXE_SOURCE);
  const violations = await target.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, why: (n as { failureSummary?: string }).failureSummary })) }));
  }, WCAG_TAGS);
  assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 2)}`);
}

describe('zone panels from the text mode', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    await database.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ('panelgu', '판넬구', 'Panel-gu')");
    await setUpConsultations(database.db, 'panelgu');
    server = await startTestServer(database.db);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function open(locale: 'ko' | 'en'): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/r/station/panelgu?lang=${locale}`);
    await page.waitForSelector('#meet:not([hidden])');
    return page;
  }

  async function panelFrame(page: Page): Promise<{ frame: Frame; element: ElementHandle }> {
    const element = (await page.waitForSelector('dialog#zone-panel[open] iframe'))!;
    const frame = (await element.contentFrame())!;
    await frame.waitForSelector('main h1');
    return { frame, element };
  }

  const chromeless = (frame: Frame) => frame.evaluate(() => document.documentElement.hasAttribute('data-panel') && !document.querySelector('.site-header, .site-footer, .skip-link, #krds-masthead'));

  test('[en] Enter on a zone opens its feature in a dialog; the booking form works inside; Escape inside closes it and focus returns; axe finds nothing', async () => {
    const page = await open('en');
    try {
      await tabTo(page, 'zone-link-consultation');
      await page.keyboard.press('Enter');
      const { frame, element } = await panelFrame(page);
      assert.match(page.url(), /\/r\/station\/panelgu\?lang=en$/, 'the station page stays');
      const dialog = await page.evaluate(() => {
        const d = document.querySelector('dialog#zone-panel')!;
        const focused = document.activeElement;
        return { modal: d.matches(':modal'), title: document.getElementById(d.getAttribute('aria-labelledby') ?? '')?.textContent, focusIn: d.contains(focused), focusTag: focused?.tagName, focusText: focused?.textContent };
      });
      assert.deepEqual(dialog, { modal: true, title: 'Consultation room: Book a consultation', focusIn: true, focusTag: 'BUTTON', focusText: 'Close' });
      assert.equal(await element.getAttribute('title'), 'Consultation room: Book a consultation');
      assert.equal(await chromeless(frame), true, 'the feature page without header and footer');
      assert.match(frame.url(), /\/r\/consultations\/panelgu\?.*panel=1/);
      await assertAccessibleIn(page, 'text mode with the panel open');
      await assertAccessibleIn(frame, 'the booking page in the panel');

      // the feature's own form, inside the frame: start, choose a field, continue
      await Promise.all([frame.waitForURL(/\/field/), frame.click('#start')]);
      await frame.check('input[name="field"] >> nth=0');
      await Promise.all([frame.waitForURL(/\/slots/), frame.click('#continue')]);
      await frame.waitForSelector('main h1');
      assert.equal(await chromeless(frame), true, 'the next step after the POST is in panel mode too');
      assert.match(page.url(), /\/r\/station\/panelgu\?lang=en$/);

      // Escape with the focus inside the frame
      await frame.focus('main');
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog#zone-panel', { state: 'detached' });
      assert.equal(await activeId(page), 'zone-link-consultation', 'focus is back on the link');
    } finally {
      await page.context().close();
    }
  });

  test('[ko] the close button closes; a link within the feature stays in the panel, one leaving it opens in the top window', async () => {
    const page = await open('ko');
    try {
      await tabTo(page, 'zone-link-booth-2');
      await page.keyboard.press('Enter');
      let { frame } = await panelFrame(page);
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), '닫기');
      await page.keyboard.press('Enter');
      await page.waitForSelector('dialog#zone-panel', { state: 'detached' });
      assert.equal(await activeId(page), 'zone-link-booth-2');

      await page.keyboard.press('Enter');
      ({ frame } = await panelFrame(page));
      assert.equal(await chromeless(frame), true);
      const addLink = (id: string, href: string) =>
        frame.evaluate(([id, href]) => document.querySelector('main')!.append(Object.assign(document.createElement('a'), { id, href, textContent: id })), [id, href] as const);
      await addLink('inside', '/r/guide/panelgu/faq?lang=ko#faq');
      await Promise.all([frame.waitForURL(/#faq$/), frame.click('#inside')]);
      await frame.waitForSelector('main h1');
      assert.equal(await chromeless(frame), true, 'within the feature: still in the panel');
      assert.match(page.url(), /\/r\/station\/panelgu/, 'within the feature: the station page stays');
      await addLink('outside', '/r/guide/panelgu/booths?lang=ko');
      await Promise.all([page.waitForURL(/\/r\/guide\/panelgu\/booths/), frame.click('#outside')]);
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-panel')), false, 'the whole page, in the top window');
      assert.equal(await page.locator('.site-header').count(), 1);
    } finally {
      await page.context().close();
    }
  });

  test('the video zone: the camera and microphone work inside the panel (fake devices)', async () => {
    const withDevices = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
    try {
      const page = await (await withDevices.newContext()).newPage();
      await page.goto(`${server.url}/r/station/panelgu?lang=en`);
      await page.waitForSelector('#meet:not([hidden])');
      await page.click('#zone-link-video');
      const { frame } = await panelFrame(page);
      assert.match(frame.url(), /\/r\/video\/check\?/);
      const tracks = await frame.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        const kinds = stream.getTracks().map((t) => t.kind).sort();
        stream.getTracks().forEach((t) => t.stop());
        return kinds;
      });
      assert.deepEqual(tracks, ['audio', 'video']);
    } finally {
      await withDevices.close();
    }
  });
});
