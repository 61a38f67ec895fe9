import { createHash } from 'node:crypto';
import { basename, extname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildFailure, type Message } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFoundError } from '../http/problem.ts';
import { krdsPlugin } from './krds.ts';

// Browser code and stylesheets. Each lives beside the code that renders its
// page, in a `browser/` folder (TypeScript checked with tsconfig.browser.json),
// and is declared here by name: platform's own below, each domain's in its
// <domain>.assets.ts, listed by the composition root (src/app/assets.ts).
// When the server starts, esbuild bundles every declared entry in memory
// (one self-contained script or stylesheet per name, minified, with a source
// map beside it); URLs carry the content hash, so browsers keep them a year.
// Nothing is written to disk, so nothing can be stale.

/**
 * The names a page may load with assetUrl(). Platform's are here; a domain
 * adds its own with a module augmentation beside its declaration, so a wrong
 * name fails the type check although platform names no domain:
 *
 *     declare module '../platform/web/assets.ts' {
 *       interface AssetNames extends Record<keyof typeof deskAssets, true> {}
 *     }
 */
export interface AssetNames {
  'site.js': true;
  'site.css': true;
}
export type AssetName = keyof AssetNames & string;

/**
 * Asset name to its source: `<name>.js` from a TypeScript entry (bundled with
 * what it imports into one script), `<name>.css` from a stylesheet.
 */
export type AssetSources = Readonly<Record<string, URL>>;

/** The shared page script and stylesheet, on every page (layout.ts). */
export const platformAssets = {
  'site.js': new URL('./browser/site.ts', import.meta.url),
  'site.css': new URL('./browser/site.css', import.meta.url),
} satisfies AssetSources;

/**
 * The browsers the pages support: what the bundles are lowered to (syntax
 * and CSS). tsconfig.browser.json's lib (ES2020, DOM) keeps the code to the
 * runtime APIs they have.
 */
export const BROWSER_TARGETS = ['es2020', 'chrome87', 'edge88', 'firefox78', 'safari14.1', 'ios14.5'];

const SRC_DIR = fileURLToPath(new URL('../../', import.meta.url));
const NAME = /^[a-z0-9][a-z0-9-]*\.(js|css)$/;
const TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', map: 'application/json; charset=utf-8', woff2: 'font/woff2' } as const;

export interface BuiltAsset {
  name: string;
  type: string;
  body: Buffer;
  hash: string;
  /** The source files bundled in, relative to src/ (the test checks no server module is among them). */
  inputs: string[];
}

/** A declared asset that did not bundle; the message names the asset, file and line. */
export class AssetBuildError extends Error {
  constructor(
    readonly asset: string,
    readonly source: string,
    readonly messages: readonly string[],
  ) {
    super(`could not bundle asset ${asset} from ${source}:\n  ${messages.join('\n  ')}`);
    this.name = 'AssetBuildError';
  }
}

const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 12);

function describe(message: Message): string {
  const at = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : '';
  return `${at}${message.text}`;
}

/** Bundles one entry: the asset, its source map (served as `<name>.map`) and the fonts a stylesheet names. */
async function bundle(name: string, source: URL): Promise<BuiltAsset[]> {
  const entry = fileURLToPath(source);
  const kind = name.endsWith('.js') ? 'js' : 'css';
  const expected = kind === 'js' ? ['.ts'] : ['.css'];
  if (!expected.includes(extname(entry))) {
    throw new AssetBuildError(name, relative(SRC_DIR, entry), [`a .${kind} asset is built from a ${expected.join(' or ')} file`]);
  }
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      entryNames: name.slice(0, -(kind.length + 1)),
      outdir: SRC_DIR,
      bundle: true,
      minify: true,
      write: false,
      metafile: true,
      format: kind === 'js' ? 'iife' : undefined,
      target: BROWSER_TARGETS,
      charset: 'utf8',
      sourcemap: 'external',
      logLevel: 'silent',
      // A package that browser code or a stylesheet imports is bundled from
      // node_modules, never left as a bare import. Stylesheets: `krds:…`
      // (krds.ts) brings in KRDS; a font they name becomes an asset of its
      // own, a small icon is inlined.
      platform: 'browser',
      plugins: [krdsPlugin],
      loader: { '.woff2': 'file', '.svg': 'dataurl' },
      assetNames: '[name]',
      publicPath: '/assets/',
    });
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    const messages = failure.errors?.map(describe) ?? [String(error)];
    throw new AssetBuildError(name, relative(SRC_DIR, entry), messages);
  }
  const code = result.outputFiles.find((f) => f.path.endsWith(`.${kind}`));
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  if (!code || !map) throw new AssetBuildError(name, relative(SRC_DIR, entry), ['esbuild returned no output']);
  // A plugin's virtual file (krds:tokens) keeps its name; a file on disk is named relative to src/.
  const inputs = Object.keys(result.metafile.inputs).map((file) => (/^[a-z]+:/.test(file) ? file : relative(SRC_DIR, resolve(file))));
  // Fonts a stylesheet names: each served at /assets/<file>?v=<its hash>, so cached a year like the rest.
  const files: BuiltAsset[] = result.outputFiles
    .filter((f) => f !== code && f !== map)
    .map((f) => {
      const body = Buffer.from(f.contents);
      const fileName = basename(f.path);
      const type = TYPES[extname(fileName).slice(1) as keyof typeof TYPES];
      if (!type) throw new AssetBuildError(name, relative(SRC_DIR, entry), [`${fileName}: a stylesheet may name fonts (.woff2) and icons (.svg, inlined), nothing else`]);
      return { name: fileName, type, body, hash: hashOf(body), inputs: [] };
    });
  let text = Buffer.from(code.contents).toString('utf8');
  for (const file of files) text = text.replaceAll(new RegExp(`url\\((["']?)/assets/${file.name.replaceAll('.', '\\.')}\\1\\)`, 'g'), `url($1/assets/${file.name}?v=${file.hash}$1)`);
  const mapBody = Buffer.from(map.contents);
  const mapHash = hashOf(mapBody);
  // The map's URL carries its own hash; appended here because esbuild's
  // 'linked' comment would name it without one.
  const comment = kind === 'js' ? `//# sourceMappingURL=${name}.map?v=${mapHash}\n` : `/*# sourceMappingURL=${name}.map?v=${mapHash} */\n`;
  const body = Buffer.from(text + comment);
  return [
    { name, type: TYPES[kind], body, hash: hashOf(body), inputs },
    { name: `${name}.map`, type: TYPES.map, body: mapBody, hash: mapHash, inputs },
    ...files,
  ];
}

// One build per entry for the life of the process: every server started in
// it (tests start many) shares it.
const builds = new Map<string, Promise<BuiltAsset[]>>();
/** What assetUrl() reads: every asset built so far, by name. */
const built = new Map<string, BuiltAsset>();

/** The built assets of one server, by name (maps included). */
export type AssetStore = ReadonlyMap<string, BuiltAsset>;

/**
 * Bundles the declared assets (platform's own always come first). A name
 * declared twice, a name that is not `<name>.js` or `<name>.css`, or an entry
 * that does not build refuses the start with a message naming it.
 */
export async function buildAssets(declared: readonly AssetSources[]): Promise<AssetStore> {
  const entries = new Map<string, URL>();
  for (const sources of [platformAssets, ...declared]) {
    for (const [name, source] of Object.entries(sources)) {
      if (!NAME.test(name)) throw new AssetBuildError(name, fileURLToPath(source), ['an asset name is lower-case letters, digits and dashes, then .js or .css']);
      const earlier = entries.get(name);
      if (earlier && earlier.href !== source.href) throw new AssetBuildError(name, fileURLToPath(source), [`the name is declared twice (also for ${fileURLToPath(earlier)})`]);
      entries.set(name, source);
    }
  }
  const results = await Promise.all(
    [...entries].map(([name, source]) => {
      const key = `${name}\n${source.href}`;
      let pending = builds.get(key);
      if (!pending) {
        pending = bundle(name, source);
        builds.set(key, pending);
        // A failed build is not kept: the next start tries again.
        pending.catch(() => builds.delete(key));
      }
      return pending;
    }),
  );
  const store = new Map<string, BuiltAsset>();
  for (const asset of results.flat()) {
    store.set(asset.name, asset);
    built.set(asset.name, asset);
  }
  return store;
}

/** The versioned URL of a built asset: /assets/<name>?v=<content hash>. */
export function assetUrl(name: AssetName): string {
  const asset = built.get(name);
  if (!asset) throw new Error(`asset ${name} is not built: declare it in its domain's <domain>.assets.ts and list that in src/app/assets.ts`);
  return `/assets/${name}?v=${asset.hash}`;
}

/**
 * GET /assets/:name: the bundles and their maps. The versioned URL is cached
 * for a year (a change makes a new URL); without the current version, the
 * browser asks again each time.
 */
export function registerAssetRoute(app: FastifyInstance, store: AssetStore): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/assets/:name',
    {
      schema: {
        hide: true,
        params: z.object({ name: z.string().max(100) }),
        querystring: z.object({ v: z.string().max(64).optional() }),
      },
    },
    async (request, reply) => {
      const asset = store.get(request.params.name);
      if (!asset) throw notFoundError(request);
      const versioned = request.query.v === asset.hash;
      reply.header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('etag', `"${asset.hash}"`);
      return reply.type(asset.type).send(asset.body);
    },
  );
}
