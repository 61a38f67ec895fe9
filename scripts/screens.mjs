#!/usr/bin/env node
// Screenshots of the main pages, for the README's "Screens" section.
// Starts the demo (`taxstation serve --demo`, as `npm start` does) on a
// temporary PGlite data folder and a free port, signs in where a page needs
// it, issues the demo's season (and starts a contact campaign whose link it
// follows from the demo phone), and saves PNGs of the viewport at a phone's
// and a desktop's size to docs/screens/. Debian's Chromium only.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const HELP = `Usage: node scripts/screens.mjs [--out DIR] [--lang ko|en] [--only NAME[,NAME…]]

Starts the demo (serve --demo) on a temporary PGlite data folder and a free
port, and saves screenshots of the main pages at 375 px (phone) and 1280 px
(desktop) wide, as NAME-phone.png and NAME-desktop.png.

  --out DIR    where the PNGs go (default: docs/screens)
  --lang L     the pages' language (default: ko)
  --only LIST  only these pages (names below), comma-separated
  --help       this text

Pages: home, contact-update, demo-phone, desk-widget, station-text,
seasons, season, message, taxpayer, contact-update-link, staff, settings.
Needs Chromium at /usr/bin/chromium. Exit code 1 when a page could not be shot.`;

let args;
try {
  args = parseArgs({ options: { out: { type: 'string' }, lang: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean' } } }).values;
} catch (error) {
  console.error(`${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
const lang = args.lang ?? 'ko';
if (!['ko', 'en'].includes(lang)) {
  console.error(`--lang must be ko or en, not "${lang}"`);
  process.exit(2);
}
const out = resolve(args.out ?? join(ROOT, 'docs', 'screens'));
const only = args.only ? new Set(args.only.split(',')) : null;
const VIEWPORTS = { phone: { width: 375, height: 812 }, desktop: { width: 1280, height: 900 } };
const PASSWORD = 'taxstation-demo';
const WAIT = { timeout: 120_000 };

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function startDemo(dataDir, port) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'taxstation.mjs'), 'serve', '--demo', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      TAXSTATION_DATA_DIR: dataDir,
      TAXSTATION_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TAXSTATION_PUBLIC_URL: `http://127.0.0.1:${port}`,
      // So that the season is sent at any hour the script runs.
      TAXSTATION_QUIET_HOURS: 'off',
      TAXSTATION_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let text = '';
    let started = false;
    child.stdout.on('data', (chunk) => {
      if (started) return;
      text += chunk.toString();
      if (/running at http/.test(text)) {
        started = true;
        ok(child);
      }
    });
    child.once('exit', (code) => fail(new Error(`the demo exited with ${code}:\n${text}`)));
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'ts-screens-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
console.log(`starting the demo on ${base} (data in ${dataDir})…`);
const demo = await startDemo(dataDir, port);
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
mkdirSync(out, { recursive: true });
const failures = [];
const state = {};

const url = (path) => `${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

async function signIn(page, username) {
  await page.goto(url('/login'));
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/console/, WAIT), page.press('#password', 'Enter')]);
}

/** Issues the demo's ready roll once (the first viewport), and remembers the season's address. */
async function seasonPath(page) {
  if (state.season) return state.season;
  await page.goto(url('/console/seasons'));
  const ready = page.locator('a[href^="/console/seasons?"][href$="#issue-heading"]').first();
  await Promise.all([page.waitForLoadState('load'), ready.click()]);
  await page.check('#when-now');
  await Promise.all([page.waitForURL(/\/console\/seasons\/check/, WAIT), page.click('#issue-continue')]);
  await Promise.all([page.waitForURL(/\/console\/seasons\/\d+/, WAIT), page.click('#issue-send')]);
  state.season = new URL(page.url()).pathname;
  // Let the worker send some of it, so the figures and charts show something.
  await page.waitForFunction(() => !/\b0건 완료|\b0 of /.test(document.getElementById('season-progress')?.textContent ?? ''), null, WAIT).catch(() => {});
  return state.season;
}

/** Starts a contact campaign to the taxpayers whose notice failed, and returns the self-service link its first message carries. */
async function campaignLink(page) {
  await seasonPath(page);
  await page.goto(url('/console/campaigns'));
  await page.fill('#campaign-name', lang === 'ko' ? '연락처 확인 요청' : 'Please check your contact details');
  await page.check('#target-last_notice_failed');
  await page.check('#when-now');
  await Promise.all([page.waitForLoadState('load'), page.click('#campaign-continue')]);
  await Promise.all([page.waitForURL(/\/console\/campaigns\/\d+/, WAIT), page.click('#campaign-send')]);
  // The worker sends it in the background: look at the demo phone until a resident has the link.
  for (let tries = 0; tries < 60; tries++) {
    await page.goto(url('/r/demo/phone'));
    const resident = page.locator('.demo-residents a').first();
    if (await resident.count()) {
      await Promise.all([page.waitForLoadState('load'), resident.click()]);
      const link = page.locator('.demo-messages a[href*="/r/update/"]').first();
      if (await link.count()) return new URL(await link.getAttribute('href')).pathname;
    }
    await page.waitForTimeout(500);
  }
  throw new Error('no campaign message reached the demo phone');
}

const PAGES = [
  { name: 'home', go: (page) => page.goto(url('/')) },
  { name: 'contact-update', go: (page) => page.goto(url('/r/update')) },
  {
    name: 'desk-widget',
    go: async (page) => {
      await page.goto(url('/'));
      await page.click('#desk-launcher', WAIT);
      await page.waitForSelector('#desk-dialog[open]', WAIT);
    },
  },
  {
    name: 'station-text',
    go: async (page) => {
      await page.goto(url('/r/station/gangnam'));
      await page.waitForSelector('#meet:not([hidden])', WAIT);
      await page.fill('#meet-nickname', lang === 'ko' ? '민수' : 'Minsu');
      await page.press('#meet-nickname', 'Enter');
      await page.waitForSelector('#meet-inside:not([hidden])', WAIT);
    },
  },
  { name: 'seasons', staff: 'gangnam.official', go: (page) => page.goto(url('/console/seasons')) },
  { name: 'season', staff: 'gangnam.official', go: async (page) => page.goto(url(await seasonPath(page))) },
  {
    name: 'message',
    staff: 'gangnam.official',
    go: async (page) => {
      await page.goto(url(await seasonPath(page)));
      const first = page.locator('a[href^="/console/messages/"]').first();
      await Promise.all([page.waitForURL(/\/console\/messages\/\d+/, WAIT), first.click()]);
      state.message = new URL(page.url()).pathname;
    },
  },
  {
    name: 'taxpayer',
    staff: 'gangnam.official',
    go: async (page) => {
      await page.goto(url(state.message ?? (await seasonPath(page))));
      if (!state.message) await Promise.all([page.waitForURL(/\/console\/messages\/\d+/, WAIT), page.locator('a[href^="/console/messages/"]').first().click()]);
      await Promise.all([page.waitForURL(/\/console\/taxpayers\/\d+/, WAIT), page.click('#open-taxpayer')]);
    },
  },
  {
    name: 'demo-phone',
    staff: 'gangnam.official',
    go: async (page) => {
      await seasonPath(page);
      await page.goto(url('/r/demo/phone'));
      const resident = page.locator('.demo-residents a').first();
      if (await resident.count()) await Promise.all([page.waitForLoadState('load'), resident.click()]);
    },
  },
  {
    // The page a campaign's KakaoTalk button opens: the official starts a
    // contact campaign to the taxpayers whose notice failed, and the link is
    // taken from the demo phone, as a visitor would.
    name: 'contact-update-link',
    staff: 'gangnam.official',
    go: async (page) => {
      state.campaignLink ??= await campaignLink(page);
      await page.goto(url(state.campaignLink));
    },
  },
  { name: 'staff', staff: 'gangnam.admin', go: (page) => page.goto(url('/console/staff')) },
  { name: 'settings', staff: 'gangnam.admin', go: (page) => page.goto(url('/console/settings')) },
];

try {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const contexts = new Map();
    const pageFor = async (staff) => {
      const key = staff ?? '';
      if (!contexts.has(key)) {
        const context = await browser.newContext({ viewport, locale: lang === 'ko' ? 'ko-KR' : 'en-GB', timezoneId: 'Asia/Seoul' });
        const page = await context.newPage();
        page.setDefaultTimeout(WAIT.timeout);
        if (staff) await signIn(page, staff);
        contexts.set(key, page);
      }
      return contexts.get(key);
    };
    for (const p of PAGES) {
      if (only && !only.has(p.name)) continue;
      const file = join(out, `${p.name}-${size}.png`);
      try {
        const page = await pageFor(p.staff);
        await p.go(page);
        await page.waitForLoadState('load');
        await page.evaluate(() => document.fonts?.ready);
        await page.screenshot({ path: file, fullPage: false });
        console.log(`saved ${file}`);
      } catch (error) {
        failures.push(`${p.name} (${size}): ${error.message.split('\n')[0]}`);
        console.error(`could not shoot ${p.name} (${size}): ${error.message.split('\n')[0]}`);
      }
    }
    for (const page of contexts.values()) await page.context().close();
  }
} finally {
  await browser.close();
  const exited = new Promise((r) => demo.once('exit', r));
  demo.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`${failures.length} page(s) not shot:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
