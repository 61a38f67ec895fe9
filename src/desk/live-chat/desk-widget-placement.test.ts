import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, type TestServer } from '../../../test-support/test-server.ts';

// Where the chat's button is, over real HTTP on both engines: in the corner
// of resident pages; not inside a station zone panel (the panel is one
// feature's page), not on a staff member's set-up page; and on the desk's own
// page once, in its content, also when that page is a panel (the staff zone).

forEachEngine('where the desk widget shows', (ctx) => {
  let server: TestServer;
  before(async () => {
    await createDistrictWithStaff(ctx.db, 'gangnam', ['desk_agent']);
    server = await startTestServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  const page = async (path: string, headers: Record<string, string> = {}) => (await fetch(server.url + path, { headers: { accept: 'text/html', ...headers } })).text();
  const roots = (html: string) => [...html.matchAll(/<[a-z]+ [^>]*data-desk-widget[^>]*>/g)].map((m) => m[0]);
  const scripts = (html: string) => [...html.matchAll(/desk-widget\.js/g)].length;

  test('resident pages carry the corner button and its script once', async () => {
    for (const path of ['/?lang=ko', '/r/desk/offline?lang=en', '/r/update?lang=ko']) {
      const html = await page(path);
      assert.equal(roots(html).length, 1, path);
      assert.match(roots(html)[0]!, /class="desk-widget"/, path);
      assert.equal(scripts(html), 1, path);
    }
  });

  test('no chat button inside a zone panel, by parameter or as a frame, nor on a set-up page', async () => {
    for (const [path, headers] of [
      ['/r/guide/gangnam?panel=1', {}],
      ['/r/desk/offline?lang=ko', { 'sec-fetch-dest': 'iframe' }],
      ['/r/update?panel=1&lang=en', {}],
      ['/setup/not-a-real-token?lang=ko', {}],
    ] as const) {
      const html = await page(path, headers);
      assert.deepEqual(roots(html), [], path);
      assert.equal(scripts(html), 0, path);
    }
  });

  test("the desk's own page holds the chat in its content, once, also in a panel", async () => {
    for (const path of ['/r/desk?lang=ko', '/r/desk?district=gangnam&panel=1&lang=en']) {
      const html = await page(path);
      assert.equal(roots(html).length, 1, path);
      assert.match(roots(html)[0]!, /desk-inline/, path);
      assert.equal(scripts(html), 1, path);
      assert.match(html, /<noscript>/, 'without script the page says what to do');
    }
  });
});
