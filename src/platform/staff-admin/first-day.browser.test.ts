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
import { SAMPLE_HEADER } from '../../../test-support/roll-fixtures.ts';
import { createLogger } from '../logger.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../../delivery/delivery.runtime.ts';
import { startReceiptListener } from '../../delivery/receipts/receipt-listener.ts';
import { seasonSummary } from '../../delivery/season-summary.ts';

// Issue 20's first day, as far as districts and staff go: from an empty
// database (migrate only), the real `taxstation` binary creates a district
// and its first admin; the admin signs in through the printed set-up link in
// Chromium, invites an official from the console; the official sets a
// password through the link in the e-mail the delivery engine holds. On
// PGlite (a data folder) and on PostgreSQL (a new empty database).
// Then the official imports a roll through the upload page and issues a
// season through the issue form's check-answers step; the delivery engine
// (in this process, against the in-process gateway simulator, quiet hours
// off) sends it until every notice is final, and the season page says so.

// Three taxpayers, each reachable by text message (no paper-only row; an
// e-mail stays unconfirmed until its receipt timeout), so that every notice
// of the season reaches a final state without a paper batch or a wait.
const ROLL = [
  SAMPLE_HEADER,
  '2099-0700-000001,T00012345,김민준,1975-03-14,,010-2345-6789,minjun.kim@example.kr,sms|email,06236,서울특별시 마포구 월드컵로 212,property_tax,2099,1,"1,284,500",2099-07-31,26012345678901',
  '2099-0700-000002,T00012346,이서연,19820911,,010-3456-7890,,sms,04157,서울특별시 마포구 마포대로 5,property_tax,2099,1,356000,2099-07-31,26012345678902',
  '2099-0700-000003,T00012347,박지훈,1990-12-01,,010-4567-8901,jihoon@example.com,sms,04164,"서울특별시 마포구 독막로 513, 101동 1204호",property_tax,2099,1,"2,045,000",2099-07-31,',
].join('\n') + '\n';

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

    test('migrate, district add, staff add; the admin signs in through the link, invites an official, who sets a password from the e-mail, imports a roll and issues a season that the engine sends to the end', async () => {
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
      let delivery: DeliveryRuntime | undefined;
      let listener: { url: string; close(): Promise<void> } | undefined;
      try {
        server = await startTestServer(db, {
          TAXSTATION_ENCRYPTION_KEY: env.TAXSTATION_ENCRYPTION_KEY!, TAXSTATION_PUBLIC_URL: PUBLIC_URL, TAXSTATION_DATA_DIR: dir,
          TAXSTATION_SIM_PROFILE: 'clean', TAXSTATION_QUIET_HOURS: 'off',
        });
        const log = createLogger({ level: 'silent' });
        delivery = await startDeliveryRuntime({ config: server.deps.config, db, log, cipher: server.deps.cipher }, { worker: false, bounceListener: false });
        listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
        delivery.setReceiptBaseUrl(listener.url);
        server.deps.delivery = delivery;
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
        // Generous waits for pages on a loaded machine (never a timed assertion).
        official.setDefaultTimeout(120_000);
        const officialPage = await official.newPage();
        await officialPage.goto(onServer(mail.link));
        await officialPage.fill('#password', 'maple orbit canvas seventeen');
        await officialPage.fill('#confirm', 'maple orbit canvas seventeen');
        await Promise.all([officialPage.waitForURL(/\/console\/seasons$/), officialPage.press('#confirm', 'Enter')]); // a tax official starts on the seasons
        assert.match((await officialPage.textContent('.staff-who')) ?? '', /박세무/);
        assert.equal(await officialPage.locator('a[href="/console/staff"]').count(), 0, 'no staff administration for an official');

        // The official imports a roll through the upload page.
        await officialPage.goto(`${server.url}/console/rolls/upload`);
        await assertAccessible(officialPage, 'roll upload page');
        await officialPage.setInputFiles('#roll-file', { name: 'mapo-2099-property.csv', mimeType: 'text/csv', buffer: Buffer.from(ROLL) });
        await Promise.all([officialPage.waitForURL(/\/console\/rolls\/upload/), officialPage.click('button[type=submit].button:not(.button-secondary)')]);
        assert.match((await officialPage.textContent('h1')) ?? '', /가져왔습니다/);
        await assertAccessible(officialPage, 'roll report (imported)');

        // And issues the season: the issue form, check answers, send.
        await officialPage.goto(`${server.url}/console/seasons`);
        await assertAccessible(officialPage, 'seasons list');
        await officialPage.selectOption('#tax-item', 'property_tax');
        await officialPage.fill('#tax-year', '2099');
        await officialPage.fill('#period', '1');
        await officialPage.check('#when-now');
        await Promise.all([officialPage.waitForURL(/\/console\/seasons\/check/), officialPage.click('#issue-continue')]);
        await assertAccessible(officialPage, 'check answers');
        await Promise.all([officialPage.waitForURL(/\/console\/seasons\/\d+/), officialPage.click('#issue-send')]);
        const seasonId = Number(/seasons\/(\d+)/.exec(officialPage.url())![1]);
        assert.match((await officialPage.textContent('#season-progress')) ?? '', /고지서 3건 중 0건 완료/);

        // The engine sends it; every notice reaches a final state.
        let summary = await seasonSummary(db, seasonId);
        for (let round = 0; round < 2000 && summary.pending > 0; round++) {
          await delivery.tick();
          summary = await seasonSummary(db, seasonId);
          if (summary.pending > 0) await new Promise((r) => setTimeout(r, 20));
        }
        assert.deepEqual([summary.notices, summary.final, summary.pending], [3, 3, 0], JSON.stringify(summary));
        await officialPage.reload();
        await officialPage.waitForSelector('#season-progress');
        assert.match((await officialPage.textContent('#season-progress')) ?? '', /고지서 3건 중 3건 완료, 발송 중 0건, 종이 대기 0건/);
        assert.equal((await officialPage.textContent('[data-field="delivered_total"]'))?.trim(), '3');
        await assertAccessible(officialPage, 'season page, every notice final');
        await official.close();
      } finally {
        if (server) delete server.deps.delivery;
        await listener?.close();
        await delivery?.close();
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
