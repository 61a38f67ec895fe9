import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { activeId, assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { setUpConsultations } from '../../consultations/schedule/schedule.service.ts';
import { featureUrl } from '../maps/station-features.ts';
import { DEFAULT_MAP_TEXT } from '../maps/station-maps.repository.ts';
import { withLang } from '../maps/station-maps.view.ts';

// The station in 2D, in Chromium: two visitors see each other walk (keys)
// and talk; a click walks along a path that never enters a wall tile; stopping
// in the consultation room opens booking in a panel; a zone's short link (the
// QR code's URL) starts the visitor at that zone, its service offered, under
// the real Content-Security-Policy; the first-visit guide and the low-bandwidth
// choice are remembered. axe finds nothing on the enter form, the guide, the
// space and an open panel. State is read from the page's data-* attributes,
// never from the canvas, and waited for, never slept on.

const D = 'spacegu';
const map = JSON.parse(DEFAULT_MAP_TEXT) as { width: number; tilewidth: number; layers: { name: string; data?: number[] }[]; tilesets: { firstgid: number; tiles?: { id: number; properties?: { name: string; value: unknown }[] }[] }[] };
const collidingGids = new Set(map.tilesets.flatMap((t) => (t.tiles ?? []).filter((tile) => tile.properties?.some((p) => p.name === 'collides' && p.value === true)).map((tile) => tile.id + t.firstgid)));
/** The map's tile at a pixel is a wall or a desk. */
const inWall = (x: number, y: number) => {
  const index = Math.floor(y / map.tilewidth) * map.width + Math.floor(x / map.tilewidth);
  return map.layers.some((l) => collidingGids.has(l.data?.[index] ?? 0));
};

describe('station in 2D: walking, meeting and opening zones', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase('pglite');
    await createDistrictWithStaff(database.db, D, ['desk_agent'], { ko: '공간구', en: 'Space-gu' });
    await setUpConsultations(database.db, D); // so that the booking panel has its page
    server = await startTestServer(database.db, { TAXSTATION_PUBLIC_URL: 'https://tax.example.go.kr' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  async function newPage(o: { guideSeen?: boolean; bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ bypassCSP: o.bypassCSP ?? true, viewport: { width: 1280, height: 1000 }, reducedMotion: 'reduce' });
    if (o.guideSeen ?? true) await context.addInitScript(() => localStorage.setItem('taxstation.station.guide-seen', '1'));
    const page = await context.newPage();
    const errors: string[] = [];
    // the feature pages in a panel are not this page's: what they fail to load is their own test's business
    page.on('console', (m) => m.type() === 'error' && !m.location().url.includes('panel=1') && errors.push(`${m.text()} ${m.location().url}`));
    page.on('pageerror', (e) => errors.push(String(e)));
    return { context, page, errors };
  }

  async function enter(page: Page, name: string): Promise<void> {
    await page.waitForSelector('#space-enter:not([hidden])');
    await page.fill('#space-nickname', name);
    await page.press('#space-nickname', 'Enter');
    await page.waitForSelector('#space-inside:not([hidden])');
    await page.waitForSelector('#space-status[data-ready="1"][data-x]');
  }

  const position = async (page: Page) => page.$eval('#space-status', (s) => ({ x: Number((s as HTMLElement).dataset.x), y: Number((s as HTMLElement).dataset.y), zone: (s as HTMLElement).dataset.zone ?? '' }));

  /** Clicks the map at a point of the world (the camera's view is on #space-canvas as data-view). */
  async function clickWorld(page: Page, x: number, y: number): Promise<void> {
    const box = (await page.locator('#space-canvas canvas').boundingBox())!;
    const [vx, vy, zoom] = (await page.getAttribute('#space-canvas', 'data-view'))!.split(',').map(Number) as [number, number, number];
    const sx = (x - vx) * zoom;
    const sy = (y - vy) * zoom;
    assert.ok(sx >= 0 && sy >= 0 && sx < box.width && sy < box.height, `(${x}, ${y}) is on screen`);
    await page.mouse.click(box.x + sx, box.y + sy);
  }

  /** The page the open zone panel shows (path and query). */
  const panelUrl = async (page: Page) => {
    const src = new URL((await page.getAttribute('#zone-panel iframe', 'src')) ?? '', server.url);
    return `${src.pathname}${src.search}`;
  };

  /** Every position the status reports from now on. */
  const recordTrail = (page: Page) =>
    page.evaluate(() => {
      const status = document.getElementById('space-status')!;
      const trail: [number, number][] = [];
      (window as unknown as { trail: typeof trail }).trail = trail;
      new MutationObserver(() => trail.push([Number(status.dataset.x), Number(status.dataset.y)])).observe(status, { attributes: true, attributeFilter: ['data-x', 'data-y'] });
    });

  test('two visitors see each other walk by keyboard and talk, to the room and nearby; axe clean inside', async () => {
    const a = await newPage();
    const b = await newPage();
    try {
      await a.page.goto(`${server.url}/r/station/${D}/space?lang=en`);
      await assertAccessible(a.page, 'space, enter form (en)');
      await enter(a.page, 'Anna');
      await b.page.goto(`${server.url}/r/station/${D}/space?lang=ko`);
      await enter(b.page, '민수');
      await a.page.waitForFunction(() => document.getElementById('space-people')?.textContent?.includes('민수'));
      await a.page.waitForFunction(() => document.getElementById('space-announce')?.textContent === '민수 came near.');
      await b.page.waitForFunction(() => document.getElementById('space-people')?.textContent?.includes('Anna'));
      await assertAccessible(a.page, 'space, inside (en)');

      const start = await position(b.page);
      await b.page.focus('#space-canvas');
      await b.page.keyboard.down('ArrowUp');
      await b.page.waitForFunction((y0) => Number(document.getElementById('space-status')!.dataset.y) <= y0 - 48, start.y);
      await b.page.keyboard.up('ArrowUp');
      await b.page.keyboard.down('d');
      await b.page.waitForFunction((x0) => Number(document.getElementById('space-status')!.dataset.x) >= x0 + 32, start.x);
      await b.page.keyboard.up('d');
      // B stopped: A sees B's last position
      await b.page.waitForFunction(() => {
        const s = document.getElementById('space-status')!;
        const before = `${s.dataset.x},${s.dataset.y}`;
        return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(`${s.dataset.x},${s.dataset.y}` === before))));
      });
      const end = await position(b.page);
      assert.ok(end.y < start.y && end.x > start.x, `${JSON.stringify(start)} → ${JSON.stringify(end)}`);
      await a.page.waitForFunction(
        ([x, y]) => Array.from(document.querySelectorAll<HTMLElement>('#space-people li')).some((li) => li.textContent?.startsWith('민수') && li.dataset.x === String(x) && li.dataset.y === String(y)),
        [end.x, end.y],
      );

      await b.page.fill('#space-text', '안녕하세요');
      await b.page.press('#space-text', 'Enter');
      await a.page.waitForFunction(() => document.getElementById('space-chat')?.textContent?.includes('민수: 안녕하세요'));
      await a.page.selectOption('#space-scope', 'nearby');
      await a.page.fill('#space-text', 'Hello nearby');
      await a.page.press('#space-text', 'Enter');
      await b.page.waitForFunction(() => document.getElementById('space-chat')?.textContent?.includes('Anna(가까이): Hello nearby'));
      await assertAccessible(b.page, 'space, inside (ko)');

      await b.page.click('#space-leave');
      await a.page.waitForFunction(() => !document.getElementById('space-people')?.textContent?.includes('민수'));
      assert.deepEqual([...a.errors, ...b.errors], []);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  test('a click walks along a path around the walls, never inside one; stopping in the consultation room opens booking; axe clean with the panel open', async () => {
    const { context, page, errors } = await newPage();
    try {
      await page.goto(`${server.url}/r/station/${D}/space?lang=ko`);
      await enter(page, '지나');
      await page.click('#space-zoom-out');
      await page.click('#space-zoom-out');
      assert.match((await page.textContent('#space-zoom-level')) ?? '', /50%/);
      await page.waitForFunction(() => document.getElementById('space-canvas')!.dataset.view?.endsWith(',0.5'));
      await recordTrail(page);

      // the lecture room, behind the wall with doors: the path goes around
      await clickWorld(page, 976, 176);
      await page.waitForSelector('#space-status[data-path]');
      const path = ((await page.getAttribute('#space-status', 'data-path')) ?? '').split(' ').map((p) => p.split(',').map(Number) as [number, number]);
      assert.ok(path.length > 10, `a path of ${path.length} steps`);
      for (const [x, y] of path) assert.equal(inWall(x, y), false, `waypoint ${x},${y} is not in a wall`);
      await page.waitForSelector('#zone-panel[open]');
      const end = await position(page);
      assert.ok(Math.hypot(end.x - 976, end.y - 176) <= 32, `ended near the target: ${JSON.stringify(end)}`);
      assert.equal(end.zone, 'lecture');
      assert.match(await panelUrl(page), new RegExp(`^/r/lectures\\?district=${D}&lang=ko&panel=1$`));
      const trail = await page.evaluate(() => (window as unknown as { trail: [number, number][] }).trail);
      assert.ok(trail.length > 20, `the avatar walked (${trail.length} positions)`);
      for (const [x, y] of trail) assert.equal(inWall(x, y), false, `position ${x},${y} is not in a wall`);
      await page.keyboard.press('Escape');
      await page.waitForSelector('#zone-panel', { state: 'detached' });
      assert.equal(await activeId(page), 'space-canvas', 'focus back on the map');

      // afresh at the entrance, where the whole map is in view at 50%
      await page.reload();
      await enter(page, '지나');
      await page.click('#space-zoom-out');
      await page.click('#space-zoom-out');
      await page.waitForFunction(() => document.getElementById('space-canvas')!.dataset.view?.endsWith(',0.5'));
      await clickWorld(page, 144, 224);
      await page.waitForSelector('#zone-panel[open]');
      assert.equal((await position(page)).zone, 'consultation');
      assert.equal(await panelUrl(page), `/r/consultations/${D}?lang=ko&panel=1`);
      assert.match((await page.textContent('#zone-panel-title')) ?? '', /상담실: 상담 예약/);
      await assertAccessible(page, 'space with the booking panel open');
      await page.click('#zone-panel button');
      await page.focus('#space-canvas');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#zone-panel[open]');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the QR code’s short link opens the space at its zone, the service offered and the text mode one link away, under the real CSP', async () => {
    const { context, page, errors } = await newPage({ bypassCSP: false });
    try {
      await page.goto(`${server.url}/s/${D}/consultation`);
      assert.match(page.url(), new RegExp(`/r/station/${D}/space\\?zone=consultation$`));
      await enter(page, 'Kim');
      const at = await position(page);
      assert.equal(at.zone, 'consultation');
      assert.ok(Math.hypot(at.x - 144, at.y - 192) <= 32, `started at the zone's centre: ${JSON.stringify(at)}`);
      assert.equal(await page.isVisible('#space-here'), true);
      assert.equal(await activeId(page), 'space-open-zone', 'the zone’s service is offered');
      assert.equal(await page.locator('#zone-panel').count(), 0, 'offered, not forced open');
      assert.match((await page.getAttribute('#space-text-mode', 'href')) ?? '', new RegExp(`^/r/station/${D}\\?zone=consultation&lang=`));
      assert.equal(await page.locator('#space-zones a').count(), 10, 'every zone’s service as a link');
      await page.click('#space-open-zone');
      await page.waitForSelector('#zone-panel[open]');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('staff on duty wear the badge; selecting one on the map, or the button beside their name, asks for help: the desk opens in a panel', async () => {
    const staff = await signInAsStaff(browser, { baseUrl: server.url, username: `${D}.desk-agent`, password: TEST_PASSWORD, locale: 'ko' });
    const visitor = await newPage();
    try {
      await staff.context.addInitScript(() => localStorage.setItem('taxstation.station.guide-seen', '1'));
      await staff.page.goto(`${server.url}/r/station/${D}/space?lang=ko`);
      await enter(staff.page, '상담원');
      await visitor.page.goto(`${server.url}/r/station/${D}/space?lang=en`);
      await enter(visitor.page, 'Lee');
      const item = visitor.page.locator('#space-people li', { hasText: '상담원 (Staff)' });
      await item.waitFor();
      const x = Number(await item.getAttribute('data-x'));
      const y = Number(await item.getAttribute('data-y'));
      await clickWorld(visitor.page, x, y);
      await visitor.page.waitForSelector('#space-selected:not([hidden])');
      assert.equal(await visitor.page.textContent('#space-selected-text'), 'You selected 상담원 (staff).');
      assert.equal(await activeId(visitor.page), 'space-ask-help');
      await visitor.page.keyboard.press('Enter');
      await visitor.page.waitForSelector('#zone-panel[open]');
      assert.equal(await panelUrl(visitor.page), `${withLang(featureUrl('desk', D)!, 'en')}&panel=1`);
      await visitor.page.click('#zone-panel button');
      await item.locator('button').click();
      await visitor.page.waitForSelector('#zone-panel[open]');
      assert.equal(await panelUrl(visitor.page), `${withLang(featureUrl('desk', D)!, 'en')}&panel=1`);
    } finally {
      await staff.context.close();
      await visitor.context.close();
    }
  });

  test('on a phone-sized screen (touch) and at 200% zoom: a tap walks, the canvas fits its box, nothing scrolls sideways; the zoom buttons reach 200%', async () => {
    // a 390 × 844 phone; 640 × 500 CSS pixels is a 1280 × 1000 window zoomed to 200%
    for (const viewport of [{ width: 390, height: 844 }, { width: 640, height: 500 }]) {
      const context = await browser.newContext({ bypassCSP: true, viewport, hasTouch: true, isMobile: viewport.width < 400, reducedMotion: 'reduce' });
      await context.addInitScript(() => localStorage.setItem('taxstation.station.guide-seen', '1'));
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/r/station/${D}/space?lang=ko`);
        await enter(page, '모바일');
        const fits = await page.evaluate(() => {
          const box = document.getElementById('space-canvas')!.getBoundingClientRect();
          const canvas = document.querySelector('#space-canvas canvas')!.getBoundingClientRect();
          return { sideways: document.documentElement.scrollWidth - window.innerWidth, box: Math.round(box.width), canvas: Math.round(canvas.width), right: box.right <= window.innerWidth };
        });
        assert.equal(fits.sideways <= 0, true, `${viewport.width}px: nothing scrolls sideways (${fits.sideways})`);
        assert.equal(fits.canvas, fits.box, `${viewport.width}px: the canvas fills its box`);
        assert.equal(fits.right, true);
        const start = await position(page);
        const box = (await page.locator('#space-canvas canvas').boundingBox())!;
        const [vx, vy, zoom] = (await page.getAttribute('#space-canvas', 'data-view'))!.split(',').map(Number) as [number, number, number];
        // a tap two tiles above the avatar
        await page.touchscreen.tap(box.x + (start.x - vx) * zoom, box.y + (start.y - 64 - vy) * zoom);
        await page.waitForFunction((y0) => Number(document.getElementById('space-status')!.dataset.y) <= y0 - 48, start.y);
        for (let i = 0; i < 3; i++) await page.click('#space-zoom-in');
        assert.equal(await page.textContent('#space-zoom-level'), '배율 200%');
        assert.equal(await page.isDisabled('#space-zoom-in'), true);
        await page.waitForFunction(() => document.getElementById('space-canvas')!.dataset.view?.endsWith(',2'));
      } finally {
        await context.close();
      }
    }
  });

  test('the first-visit guide: three steps by keyboard, shown once, reopened by its button; the low-bandwidth choice goes to the text mode and is remembered until the text mode’s link to the map', async () => {
    const { context, page } = await newPage({ guideSeen: false });
    try {
      await page.goto(`${server.url}/r/station/${D}/space?lang=en`);
      await page.waitForSelector('#space-guide[open]');
      assert.equal(await page.textContent('#space-guide-title'), 'First visit? (step 1 of 3)');
      assert.equal(await activeId(page), 'space-guide-title');
      await assertAccessible(page, 'space, first-visit guide');
      await page.focus('#space-guide-next');
      await page.keyboard.press('Enter');
      assert.equal(await page.textContent('#space-guide-title'), 'First visit? (step 2 of 3)');
      await page.focus('#space-guide-next');
      await page.keyboard.press('Enter');
      assert.equal(await page.textContent('#space-guide-next'), 'Start');
      await page.focus('#space-guide-next');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !(document.getElementById('space-guide') as HTMLDialogElement).open);
      await page.reload();
      await page.waitForSelector('#space-enter:not([hidden])');
      assert.equal(await page.isVisible('#space-guide'), false, 'shown once');
      await page.click('#space-guide-open');
      await page.waitForSelector('#space-guide[open]');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !(document.getElementById('space-guide') as HTMLDialogElement).open);

      await Promise.all([page.waitForURL(new RegExp(`/r/station/${D}\\?zone=entrance&lang=en$`)), page.click('#space-low-bandwidth')]);
      await page.goto(`${server.url}/r/station/${D}/space?zone=lecture&lang=en`);
      await page.waitForURL(new RegExp(`/r/station/${D}\\?zone=lecture&lang=en$`));
      // the text mode's link to the map undoes the choice
      await page.click('#station-space-link');
      await page.waitForSelector('#space-enter:not([hidden])');
      assert.match(page.url(), new RegExp(`/r/station/${D}/space\\?zone=lecture&lang=en&map=1$`));
      await page.goto(`${server.url}/r/station/${D}/space?lang=en`);
      await page.waitForSelector('#space-enter:not([hidden])');
      assert.equal(await page.isChecked('#space-low-bandwidth'), false);
    } finally {
      await context.close();
    }
  });
});
