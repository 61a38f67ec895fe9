// npm run bench -- station-page [--runs N]
//
// The 2D station page in the browser: the JavaScript it loads (bytes, and
// gzip-compressed at level 9: what a compressing proxy would send) and the
// time to the map drawn in headless Chromium (Debian's, /usr/bin/chromium),
// from navigation start to the page's "map drawn" state (#space-status
// data-ready="1", set when Phaser has drawn the district's Tiled map), each
// run in a fresh browser context (nothing cached). Baseline in the same run:
// the text mode page (/r/station/:district), its scripts and its time to
// script-ready (#meet shown by its script). The server runs in this process
// on PGlite, on loopback: the figures are the page's own weight and work,
// not a network's.

import { gzipSync } from 'node:zlib';
import { cpus } from 'node:os';
import type { Browser } from 'playwright-core';
import { createTestDatabase } from '../test-support/databases.ts';
import { launchChromium } from '../test-support/browser.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { fmt, option } from './support/bench-support.ts';

const DISTRICT = 'benchgu';

interface PageFigures {
  name: string;
  scripts: string[];
  bytes: number;
  gzip: number;
  loadMs: number[];
}

async function scriptsOf(server: TestServer, path: string): Promise<{ scripts: string[]; bytes: number; gzip: number }> {
  const page = await (await fetch(`${server.url}${path}`)).text();
  const scripts = [...page.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  // the space's boot script loads the engine named in the page's config
  const engine = page.match(/"engineUrl":"([^"]+)"/)?.[1];
  if (engine) scripts.push(engine);
  let bytes = 0;
  let gzip = 0;
  for (const src of scripts) {
    const body = Buffer.from(await (await fetch(`${server.url}${src}`)).arrayBuffer());
    bytes += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { scripts: scripts.map((s) => s.split('?')[0]!.replace('/assets/', '')), bytes, gzip };
}

async function loadTimes(browser: Browser, url: string, ready: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('taxstation.station.guide-seen', '1'));
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector(ready, { state: 'attached', timeout: 60_000 });
    // navigation start to now, measured by the page's own clock
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${fmt(n / 1024, 1)} KiB`;

export async function run(args: string[]): Promise<void> {
  const runs = Number(option(args, '--runs') ?? 7);
  const database = await createTestDatabase('pglite');
  await database.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '벤치구', 'Bench-gu')", [DISTRICT]);
  const server = await startTestServer(database.db);
  const browser = await launchChromium();
  try {
    const pages: PageFigures[] = [];
    for (const [name, path, ready] of [
      ['text mode (baseline)', `/r/station/${DISTRICT}?lang=ko`, '#meet:not([hidden])'],
      ['2D space', `/r/station/${DISTRICT}/space?lang=ko`, '#space-status[data-ready="1"]'],
    ] as const) {
      const size = await scriptsOf(server, path);
      // one load first, not counted: the server's first answer of each route is slower than the rest
      await loadTimes(browser, `${server.url}${path}`, ready, 1);
      pages.push({ name, ...size, loadMs: await loadTimes(browser, `${server.url}${path}`, ready, runs) });
    }
    console.log(`station page: ${runs} cold loads each, headless Chromium, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString()}`);
    console.log('| page | scripts | JS | JS gzip | load to ready, median (min–max) |');
    console.log('|---|---|---|---|---|');
    for (const p of pages) {
      console.log(`| ${p.name} | ${p.scripts.join(', ')} | ${kb(p.bytes)} | ${kb(p.gzip)} | ${fmt(median(p.loadMs))} ms (${fmt(Math.min(...p.loadMs))}–${fmt(Math.max(...p.loadMs))}) |`);
    }
    const [base, space] = pages as [PageFigures, PageFigures];
    console.log(`ratio 2D / text mode: JS gzip ${fmt(space.gzip / base.gzip, 1)}×, load ${fmt(median(space.loadMs) / median(base.loadMs), 1)}×`);
  } finally {
    await browser.close();
    await server.close();
    await database.drop();
  }
}
