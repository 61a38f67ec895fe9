import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { after, before, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../test-support/test-server.ts';
import { buildAssets, platformAssets } from '../platform/web/assets.ts';
import { assetSources } from './assets.ts';

// The application's browser code: every declared entry bundles, no bundle
// carries server code, and each page loads the scripts and stylesheets it
// uses and no others.

const BROWSER_PACKAGES = /(^|\/)node_modules\/(phaser|easystarjs|heap|krds-uiux)\/|^krds:(fonts|tokens|components)$/;

test('every declared asset bundles, and only browser code goes into a bundle', async () => {
  const store = await buildAssets(assetSources);
  const declared = [platformAssets, ...assetSources].flatMap((sources) => Object.keys(sources));
  for (const name of declared) {
    const asset = store.get(name);
    assert.ok(asset && asset.body.length > 0, `${name} built`);
    assert.ok(store.get(`${name}.map`), `${name} has its source map`);
    // `import type` of a server module (the desk's frames) is erased; a value import would show up here.
    // Libraries made for the browser (the 2D station's engine, its path finder and the heap that one uses; KRDS's styles, fonts and icons) are the only packages allowed in.
    const foreign = asset.inputs.filter((input) => !/(^|\/)browser\//.test(input) && !BROWSER_PACKAGES.test(input));
    assert.deepEqual(foreign, [], `${name} bundles only files from browser/ folders`);
  }
});

/** The /assets/ names a page's HTML loads, as `<name>` for scripts and stylesheets alike. */
function assetsOf(page: string): string[] {
  const urls = [...page.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((url) => !url.startsWith('data:'));
  for (const url of urls) assert.match(url, /^\/assets\/[a-z0-9-]+\.(js|css)\?v=[0-9a-f]{12}$/, `${url}: scripts and styles come from /assets/, versioned`);
  return urls.map((url) => url.slice('/assets/'.length, url.indexOf('?'))).sort();
}

const SITE = ['site.css', 'site.js'];
const WIDGET = ['desk-widget.css', 'desk-widget.js'];

forEachEngine('pages load the assets they use', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let agent: TestClient;
  before(async () => {
    server = await startTestServer(ctx.db);
    const staff = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official', 'desk_agent']);
    official = new TestClient(server.url);
    await official.login(staff.tax_official);
    agent = new TestClient(server.url);
    await agent.login(staff.desk_agent);
  });
  after(async () => {
    await server?.close();
  });

  const html = async (client: TestClient | null, path: string) => {
    const response = client ? await client.request(path, { headers: { accept: 'text/html' } }) : await fetch(server.url + path);
    assert.equal(response.status, 200, path);
    return response.text();
  };

  test('resident pages: the shared page script and the chat widget', async () => {
    assert.deepEqual(assetsOf(await html(null, '/')), [...WIDGET, ...SITE].sort());
    assert.deepEqual(assetsOf(await html(null, '/r/desk')), [...WIDGET, ...SITE].sort());
    // Where the widget is not shown, nothing of it is loaded.
    assert.deepEqual(assetsOf(await html(null, '/login')), SITE);
  });

  test('console pages: the console styles; a script only where the page runs one', async () => {
    assert.deepEqual(assetsOf(await html(official, '/console')), SITE);
    assert.deepEqual(assetsOf(await html(official, '/console/seasons')), ['delivery-console.css', ...SITE].sort());
    assert.deepEqual(assetsOf(await html(agent, '/console/desk')), ['delivery-console.css', 'desk-console.css', 'desk-console.js', ...SITE].sort());
    assert.deepEqual(assetsOf(await html(agent, '/console/desk/dashboard')), ['delivery-console.css', 'desk-console.css', ...SITE].sort());
  });

  test('every asset a page names is served at its versioned URL, cached for a year', async () => {
    const pages = [await html(null, '/'), await html(agent, '/console/desk')];
    const urls = new Set(pages.flatMap((page) => [...page.matchAll(/(\/assets\/[^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'))));
    assert.ok(urls.size >= 6);
    for (const url of urls) {
      const response = await fetch(server.url + url);
      assert.equal(response.status, 200, url);
      assert.match(response.headers.get('content-type') ?? '', url.includes('.js?') ? /^text\/javascript/ : /^text\/css/);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', url);
      const body = await response.text();
      const map = /sourceMappingURL=(\S+?)( \*\/)?\n$/.exec(body)?.[1];
      assert.ok(map, `${url} names its source map`);
      assert.equal((await fetch(`${server.url}/assets/${map}`)).status, 200, map);
    }
  });
});

forEachEngine('responses are compressed when the browser asks', (ctx) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(ctx.db);
    await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official']);
  });
  after(async () => {
    await server?.close();
  });

  /** A raw GET (node:http does not decompress), so the bytes on the wire can be read. */
  const raw = (path: string, acceptEncoding?: string) =>
    new Promise<{ status: number; headers: import('node:http').IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const request = httpGet(server.url + path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      request.on('error', reject);
    });

  test('the stylesheet goes out in brotli or gzip as asked, and as it is to a client that asks for neither', async () => {
    const home = await (await fetch(server.url + '/')).text();
    const cssUrl = /href="(\/assets\/site\.css\?v=[0-9a-f]+)"/.exec(home)?.[1];
    assert.ok(cssUrl, 'the home page links the stylesheet');
    const plain = await raw(cssUrl);
    assert.equal(plain.headers['content-encoding'], undefined);

    const br = await raw(cssUrl, 'gzip, deflate, br');
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.ok(br.body.length * 3 < plain.body.length, `compressed ${br.body.length} of ${plain.body.length} bytes`);
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);

    const gz = await raw(cssUrl, 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);
  });

  test('a page is compressed too, and reads the same once decompressed', async () => {
    const plain = await raw('/?lang=ko');
    const gz = await raw('/?lang=ko', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    // The pages carry a fresh CSRF token or nonce at most; the words are the same.
    assert.match(gunzipSync(gz.body).toString(), /<html lang="ko">/);
    assert.ok(gz.body.length < plain.body.length);
  });
});
