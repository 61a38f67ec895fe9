import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

// What every browser test shares: Debian's Chromium (never a downloaded
// browser), a loud skip when it is missing (a failure under .ci/run), axe-core
// with the WCAG 2.x A/AA rules, and keyboard helpers.

export const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const required = process.env.TAXSTATION_REQUIRE_BROWSER === '1';
if (!haveChromium && !required) {
  console.log(`\n${'!'.repeat(78)}\nSKIPPED: browser tests need Chromium at ${CHROMIUM} (set TAXSTATION_REQUIRE_BROWSER=1 to fail instead)\n${'!'.repeat(78)}\n`);
}

/** The `skip` option for a browser test suite. */
export const BROWSER_SKIP: string | false = !haveChromium && !required ? 'Chromium missing' : false;

/** extraArgs: e.g. the fake camera and microphone of the video room tests. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps calling out to a closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string; why?: string }[];
}

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, ...(n.failureSummary ? { why: n.failureSummary } : {}) })) }));
  }, WCAG_TAGS);
}

/** axe-core finds no WCAG 2.x A/AA violation on the page. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 2)}`);
}

export async function activeId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** Presses Tab until the element with this id has focus (the way a keyboard user gets there). */
export async function tabTo(page: Page, id: string, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if ((await activeId(page)) === id) return;
  }
  assert.fail(`Tab never reached #${id}`);
}

/**
 * A new browser context signed in to the staff console. `errors` collects the
 * page's console errors, except the 4xx statuses that form pages answer on
 * purpose. bypassCSP only lets axe be injected; pages run under their policy.
 */
export async function signInAsStaff(
  browser: Browser,
  args: { baseUrl: string; username: string; password: string; locale: 'ko' | 'en' },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ bypassCSP: true, locale: args.locale === 'ko' ? 'ko-KR' : 'en-GB' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|404|409|422)/.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${args.baseUrl}/login?lang=${args.locale}`);
  await page.fill('#username', args.username);
  await page.fill('#password', args.password);
  await Promise.all([page.waitForURL(/\/console/), page.press('#password', 'Enter')]);
  return { context, page, errors };
}
