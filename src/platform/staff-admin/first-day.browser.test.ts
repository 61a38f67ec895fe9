import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { assertAccessible, BROWSER_SKIP, launchChromium } from '../../../test-support/browser.ts';
import { postgresReachable, TEST_POSTGRES_URL } from '../../../test-support/databases.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { openDatabase } from '../db/open.ts';
import type { Database } from '../db/database.ts';
import { latestSetupLinkEmail } from './staff-admin.test-support.ts';

// Issue 20's first day, as far as districts and staff go: from an empty
// database (migrate only), the real `taxstation` binary creates a district
// and its first admin; the admin signs in through the printed set-up link in
// Chromium, invites an official from the console; the official sets a
// password through the link in the e-mail the delivery engine holds. On
// PGlite (a data folder) and on PostgreSQL (a new empty database).

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'taxstation.mjs');
const PUBLIC_URL = 'https://tax.mapo.example';

async function taxstation(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const options = { env: { ...process.env, TAXSTATION_LOG_LEVEL: 'silent', DATABASE_URL: '', ...env } };
  return promisify(execFile)(process.execPath, [BIN, ...args], options).then(
    (done) => ({ code: 0, ...done }),
    (failed: { code: number; stdout: string; stderr: string }) => failed,
  );
}

const pgAvailable = await postgresReachable(undefined, process.env.TAXSTATION_REQUIRE_POSTGRES === '1' ? 60_000 : 3000);

for (const engine of ['pglite', 'postgres'] as const) {
  if (process.env.TAXSTATION_TEST_ENGINE && process.env.TAXSTATION_TEST_ENGINE !== engine) continue;
  const skip = BROWSER_SKIP || (engine === 'postgres' && !pgAvailable && process.env.TAXSTATION_REQUIRE_POSTGRES !== '1' ? 'no PostgreSQL server reachable' : false);

  describe(`a district's first day, end to end [${engine}]`, { skip }, () => {
    let dir = '';
    let env: Record<string, string> = {};
    let dropDatabase = async () => {};
    let browser: Browser;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ts-first-day-'));
      env = { TAXSTATION_DATA_DIR: dir, TAXSTATION_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TAXSTATION_PUBLIC_URL: PUBLIC_URL };
      if (engine === 'postgres') {
        const name = `ts_first_day_${process.pid}_${randomBytes(3).toString('hex')}`;
        const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const url = new URL(TEST_POSTGRES_URL);
        url.pathname = `/${name}`;
        env.DATABASE_URL = url.toString();
        dropDatabase = async () => {
          const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        };
      }
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    });

    test('migrate, district add, staff add; the admin signs in through the link, invites an official, who sets a password from the e-mail', async () => {
      const migrated = await taxstation(['migrate'], env);
      assert.equal(migrated.code, 0, migrated.stderr);
      assert.match(migrated.stdout, /^applied migrations 1, 2, 3,/);

      const add = ['district', 'add', 'mapo', '--name-ko', '마포구', '--name-en', 'Mapo-gu'];
      assert.equal((await taxstation(add, env)).stdout.trim(), 'added district mapo (마포구 / Mapo-gu)');
      assert.match((await taxstation(add, env)).stdout, /exists already with these names; nothing changed/);
      const clash = await taxstation(['district', 'add', 'mapo', '--name-ko', '마포', '--name-en', 'Mapo'], env);
      assert.equal(clash.code, 1);
      assert.match(clash.stderr, /already exists with other names.*\(district_exists_other_names\)/);
      const badRole = await taxstation(['staff', 'add', '--district', 'mapo', '--username', 'mapo.admin', '--role', 'superuser'], env);
      assert.equal(badRole.code, 1);
      assert.match(badRole.stderr, /There is no role "superuser"/);
      const help = await taxstation(['staff', 'add', '--help'], env);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--reason <text>/);

      const created = await taxstation(['staff', 'add', '--district', 'mapo', '--username', 'mapo.admin', '--role', 'admin', '--display-name', '김관리'], env);
      assert.equal(created.code, 0, created.stderr);
      const adminLink = /^ {2}(\S+)$/m.exec(created.stdout)?.[1];
      assert.ok(adminLink?.startsWith(`${PUBLIC_URL}/setup/`), created.stdout);

      // The server (in this process) on the same database.
      const db: Database = await openDatabase({ DATABASE_URL: env.DATABASE_URL, dataDir: dir });
      let server: TestServer | undefined;
      try {
        server = await startTestServer(db, { TAXSTATION_ENCRYPTION_KEY: env.TAXSTATION_ENCRYPTION_KEY!, TAXSTATION_PUBLIC_URL: PUBLIC_URL });
        const onServer = (link: string) => `${server!.url}${new URL(link).pathname}`;
        const context = await browser.newContext({ bypassCSP: true, locale: 'ko-KR' });
        const page = await context.newPage();
        await page.goto(`${onServer(adminLink!)}?lang=en`);
        await assertAccessible(page, 'set-up page');
        await page.fill('#password', 'harbour violet lantern ninety');
        await page.fill('#confirm', 'harbour violet lantern ninety');
        await Promise.all([page.waitForURL(/\/console$/), page.press('#confirm', 'Enter')]);

        await page.click('a[href="/console/staff"]');
        await page.waitForURL(/\/console\/staff/);
        await assertAccessible(page, 'staff list');
        await page.fill('#username', 'mapo.park');
        await page.fill('#displayName', '박세무');
        await page.selectOption('#role', 'tax_official');
        await page.fill('#email', 'park@mapo.go.kr');
        await page.fill('#reason', 'new posting');
        await Promise.all([page.waitForURL(/done=invited/), page.click('form[action^="/console/staff/invite"] button')]);
        assert.match((await page.textContent('[role="status"]')) ?? '', /mapo\.park/);
        await assertAccessible(page, 'staff list after the invitation');
        await context.close();

        const mail = await latestSetupLinkEmail(db, server.deps.cipher, 'mapo');
        assert.equal(mail.email, 'park@mapo.go.kr');
        const official = await browser.newContext({ bypassCSP: true, locale: 'ko-KR' });
        const officialPage = await official.newPage();
        await officialPage.goto(onServer(mail.link));
        await officialPage.fill('#password', 'maple orbit canvas seventeen');
        await officialPage.fill('#confirm', 'maple orbit canvas seventeen');
        await Promise.all([officialPage.waitForURL(/\/console$/), officialPage.press('#confirm', 'Enter')]);
        assert.match((await officialPage.textContent('.staff-who')) ?? '', /박세무/);
        assert.equal(await officialPage.locator('a[href="/console/staff"]').count(), 0, 'no staff administration for an official');
        await official.close();
      } finally {
        await server?.close();
        await db.close();
      }

      // And the command line again, on the database the console changed.
      const disable = ['staff', 'disable', '--district', 'mapo', '--username', 'mapo.park', '--reason', 'test over'];
      const disabled = await taxstation(disable, env);
      assert.equal(disabled.code, 0, disabled.stderr);
      assert.match(disabled.stdout, /disabled mapo.park in mapo/);
      assert.match((await taxstation(disable, env)).stdout, /was disabled already .*nothing changed/);
    });
  });
}
