import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AssetBuildError, assetUrl, buildAssets, platformAssets, registerAssetRoute } from './assets.ts';

// The bundler itself, on platform's own entries and on small entries written
// here; src/app/assets.test.ts builds the application's and reads its pages.

const dir = mkdtempSync(join(tmpdir(), 'taxstation-assets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): URL {
  const path = join(dir, name);
  writeFileSync(path, text);
  return pathToFileURL(path);
}

describe('asset bundles', () => {
  test("platform's script and stylesheet build, minified, each with a source map beside it", async () => {
    const store = await buildAssets([]);
    assert.deepEqual([...store.keys()].sort(), [
      'PretendardGOV-Bold.subset.woff2', 'PretendardGOV-Medium.subset.woff2', 'PretendardGOV-Regular.subset.woff2',
      'site.css', 'site.css.map', 'site.js', 'site.js.map',
    ]);
    const js = store.get('site.js')!;
    const map = store.get('site.js.map')!;
    assert.equal(js.type, 'text/javascript; charset=utf-8');
    assert.equal(store.get('site.css')!.type, 'text/css; charset=utf-8');
    assert.match(js.hash, /^[0-9a-f]{12}$/);
    // One self-contained script: no module syntax left for a plain <script defer>.
    assert.doesNotMatch(js.body.toString(), /^\s*(import|export)\b/m);
    assert.ok(js.body.toString().endsWith(`//# sourceMappingURL=site.js.map?v=${map.hash}\n`));
    assert.ok(store.get('site.css')!.body.toString().endsWith(`/*# sourceMappingURL=site.css.map?v=${store.get('site.css.map')!.hash} */\n`));
    const sourceMap = JSON.parse(map.body.toString()) as { sources: string[]; sourcesContent: string[] };
    assert.deepEqual([...sourceMap.sources].sort(), ['platform/web/browser/panel.ts', 'platform/web/browser/site.ts']);
    assert.match(sourceMap.sourcesContent[sourceMap.sources.indexOf('platform/web/browser/site.ts')]!, /sessionTimeout/);
    assert.equal(assetUrl('site.js'), `/assets/site.js?v=${js.hash}`);
  });

  test('an entry bundles what it imports; another server in the process reuses the build', async () => {
    const sources = {
      'fixture-a.js': file('a.ts', "import { greet } from './b.ts';\ndocument.title = greet('desk');\n"),
    };
    file('b.ts', 'export const greet = (who: string): string => `hello ${who}`;\n');
    const first = (await buildAssets([sources])).get('fixture-a.js')!;
    assert.match(first.body.toString(), /hello/);
    assert.equal(first.inputs.length, 2);
    assert.equal((await buildAssets([sources])).get('fixture-a.js'), first);
  });

  test('an entry that does not build stops the start, naming the asset, the file and the line', async () => {
    const broken = { 'fixture-broken.js': file('broken.ts', 'const x = ;\n') };
    await assert.rejects(buildAssets([broken]), (error: unknown) => {
      assert.ok(error instanceof AssetBuildError);
      assert.equal(error.asset, 'fixture-broken.js');
      assert.match(error.message, /broken\.ts:1:\d+: /);
      return true;
    });
    const missing = { 'fixture-missing.js': new URL('./no-such-file.ts', pathToFileURL(join(dir, 'x'))) };
    await assert.rejects(buildAssets([missing]), AssetBuildError);
  });

  test('names are checked: <name>.js from TypeScript, <name>.css from CSS, each name once', async () => {
    await assert.rejects(buildAssets([{ 'fixture.js': file('style.css', 'p { color: red }') }]), /a \.js asset is built from a \.ts file/);
    await assert.rejects(buildAssets([{ 'Fixture.js': file('c.ts', '') }]), /lower-case/);
    await assert.rejects(buildAssets([{ 'site.js': file('d.ts', '') }]), /declared twice/);
    // The same declaration listed twice is one asset.
    const store = await buildAssets([platformAssets, platformAssets]);
    assert.ok(store.has('site.js'));
  });
});

describe('KRDS in site.css', () => {
  test('the fonts are assets of their own, named in @font-face at their versioned URLs, swapped in when loaded', async () => {
    const store = await buildAssets([]);
    const css = store.get('site.css')!.body.toString();
    for (const weight of ['Regular', 'Medium', 'Bold']) {
      const font = store.get(`PretendardGOV-${weight}.subset.woff2`)!;
      assert.equal(font.type, 'font/woff2');
      assert.equal(font.body.subarray(0, 4).toString('latin1'), 'wOF2');
      assert.ok(css.includes(`url("/assets/${font.name}?v=${font.hash}")`), `${font.name} named with its hash`);
    }
    assert.equal(css.match(/@font-face\{font-family:"?Pretendard GOV"?;[^}]*font-display:swap/g)?.length, 3);
  });

  test('tokens and only the components used: KRDS classes, ours beside them, rem as KRDS meant it (10px)', async () => {
    const store = await buildAssets([]);
    const css = store.get('site.css')!.body.toString();
    assert.match(css, /--krds-color-light-primary-50: ?#256ef4/);
    assert.match(css, /--krds-font-weight-regular: ?400/, 'the variables KRDS sets in its reset too');
    assert.match(css, /\.krds-btn\.secondary,\.button\.button-secondary\{/);
    assert.match(css, /\.krds-input,\.input,\.select,\.textarea\{/);
    for (const kept of ['#krds-masthead', '#krds-skip-link', '.krds-identifier', '.krds-step-wrap', '.form-hint-invalid', '.table-wrap table']) assert.ok(css.includes(kept), kept);
    for (const left of ['.krds-calendar', '.krds-modal', '.krds-main-menu', 'data-krds-mode', '--krds-high-contrast-', '.krds-accordion']) assert.ok(!css.includes(left), `${left} left out`);
    assert.doesNotMatch(css, /\d+(\.\d+)?rem\b/, 'no KRDS rem left (ours are none either)');
    // KRDS's 540 KB component sheet is not shipped: the whole stylesheet stays small.
    assert.ok(store.get('site.css')!.body.length < 90_000, `site.css is ${store.get('site.css')!.body.length} bytes`);
  });
});

describe('GET /assets/:name', () => {
  test('the versioned URL is cached for a year, any other for no time; an unknown name is 404', async () => {
    const store = await buildAssets([]);
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerAssetRoute(app, store);
    after(() => app.close());
    const js = store.get('site.js')!;

    const versioned = await app.inject({ url: assetUrl('site.js') });
    assert.equal(versioned.statusCode, 200);
    assert.equal(versioned.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(versioned.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(versioned.headers.etag, `"${js.hash}"`);
    assert.equal(versioned.body, js.body.toString());

    const stale = await app.inject({ url: '/assets/site.js?v=000000000000' });
    assert.equal(stale.headers['cache-control'], 'no-cache');

    const map = await app.inject({ url: `/assets/site.js.map?v=${store.get('site.js.map')!.hash}` });
    assert.equal(map.statusCode, 200);
    assert.match(String(map.headers['content-type']), /^application\/json/);

    assert.equal((await app.inject({ url: '/assets/nothing.js' })).statusCode, 404);

    const font = store.get('PretendardGOV-Regular.subset.woff2')!;
    const fontResponse = await app.inject({ url: `/assets/${font.name}?v=${font.hash}` });
    assert.equal(fontResponse.statusCode, 200);
    assert.equal(fontResponse.headers['content-type'], 'font/woff2');
    assert.equal(fontResponse.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(fontResponse.rawPayload.length, font.body.length);
  });
});
