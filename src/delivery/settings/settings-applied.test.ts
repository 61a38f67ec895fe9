import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { DISTRICT_SETTINGS_TOPIC } from '../../platform/district-settings/district-settings.section.ts';
import { createLogger } from '../../platform/logger.ts';
import { createRealtimeBus } from '../../platform/realtime/bus.ts';
import { seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../delivery.runtime.ts';
import { parseQuietHours } from '../dispatch/quiet-hours.ts';
import { enqueueMessages, issueSeason } from '../queue/queue.ts';
import { startSimulator, type SimMessage, type Simulator } from '../simulator/simulator.ts';
import { DistrictQuietHours } from './delivery-settings.cache.ts';
import { saveDeliverySettings, deliverySettingsOf } from './delivery-settings.repository.ts';

// District settings apply without a restart: a worker that is already
// running (in this process on both engines; a `taxstation work` process of
// its own on PostgreSQL) holds a district's texts by the installation's
// quiet hours, then sends them the moment the admin saves the district's own
// ("none"), with the caller number and e-mail sender saved with them; the
// engine's cached quiet hours are dropped by the settings' NOTIFY, not by
// their age.

const KEY = Buffer.alloc(32, 7).toString('base64');
const root = join(import.meta.dirname, '..', '..', '..');
const log = createLogger({ level: 'silent' });

/** Quiet hours that hold from an hour ago to two hours from now in Seoul, whenever the test runs. */
function quietAroundNow(): string {
  const minute = seoulMinuteOfDay(new Date());
  const hhmm = (m: number) => `${String(Math.floor(((m + 1440) % 1440) / 60)).padStart(2, '0')}:${String((m + 1440) % 60).padStart(2, '0')}`;
  return `${hhmm(minute - 60)}-${hhmm(minute + 120)}`;
}

/** Waits for a condition the worker brings about (it runs on its own clock): asked every 20 ms, for at most `seconds`. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, seconds = 120): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const form = (fields: Record<string, string>, csrf: string) => new URLSearchParams({ _csrf: csrf, ...fields }).toString();

const SETTINGS = {
  channel1: 'kakao', channel2: 'sms', channel3: 'email', quietMode: 'default', quietStart: '', quietEnd: '',
  smsSender: '', emailFromName: '', emailFromAddress: '', postage: '540', receiptTimeoutHours: '72', reminderDays: '5', retentionDays: '365',
};

async function saveSettings(server: TestServer, admin: TestClient, fields: Partial<typeof SETTINGS>): Promise<void> {
  const response = await admin.request('/console/settings/delivery?lang=en', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: form({ ...SETTINGS, ...fields }, admin.csrfToken!),
  });
  assert.equal(response.status, 303, await response.text());
}

forEachEngine('district settings in a running worker', (ctx) => {
  let server: TestServer;
  let delivery: DeliveryRuntime;
  let admin: TestClient;
  let district: string;
  before(async () => {
    district = 'settled';
    const staff = await createDistrictWithStaff(ctx.db, district, ['admin'], { ko: '설정구', en: 'Settled-gu' });
    server = await startTestServer(ctx.db, {
      TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_QUIET_HOURS: quietAroundNow(), TAXSTATION_SIM_PROFILE: 'clean',
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-settings-applied-')),
    });
    delivery = await startDeliveryRuntime({ config: server.deps.config, db: ctx.db, log, cipher: testCipher }, { worker: true, bounceListener: false, idleMs: 20 });
    admin = new TestClient(server.url);
    await admin.login(staff.admin!);
  });
  after(async () => {
    await delivery?.close();
    await server?.close();
  });

  test('texts held by the installation’s quiet hours go once the district says none, from its own number; e-mail from its sender; new order at the next issue', async () => {
    const sim = delivery.simulator!;
    const inSim = (channel: string, recipient: string) => sim.messages().find((m) => m.channel === channel && m.recipient === recipient);
    const [sms, firstMail] = await enqueueMessages(ctx.db, testCipher, [
      { districtCode: district, kind: 'one_time_code', topic: 'one_time_code', plan: ['sms'], recipient: { phone: '+821055550001' }, variables: { code: '123456' } },
      { districtCode: district, kind: 'one_time_code', topic: 'one_time_code', plan: ['email'], recipient: { email: 'first@example.kr' }, variables: { code: '654321' } },
    ]);
    // The worker runs: the e-mail (never held) went, with the provider's own sender; the text waits.
    const mail = await until('the first e-mail', () => inSim('email', 'first@example.kr'));
    assert.match(mail.sender!, /notice@taxstation\.local/);
    assert.equal(inSim('sms', '+821055550001'), undefined, 'quiet hours hold the text');
    const { rows } = await ctx.db.query<{ state: string }>(`SELECT state FROM delivery_attempts WHERE message_id = $1`, [sms]);
    assert.deepEqual(rows.map((r) => r.state), ['queued']);
    assert.ok(firstMail);

    await saveSettings(server, admin, {
      quietMode: 'off', smsSender: '02-3153-8114', emailFromName: 'Settled Tax Office', emailFromAddress: 'notice@settled.go.kr',
      receiptTimeoutHours: '1', channel1: 'email', channel2: 'sms', channel3: '',
    });
    const text: SimMessage = await until('the held text, after the district turned its quiet hours off', () => inSim('sms', '+821055550001'));
    assert.equal(text.sender, '0231538114', 'sent from the district’s caller number');
    const deadline = await until('the text’s acceptance', async () => {
      const r = await ctx.db.query<{ seconds: number }>(
        `SELECT extract(epoch FROM receipt_deadline - accepted_at)::int AS seconds FROM delivery_attempts WHERE message_id = $1 AND accepted_at IS NOT NULL`,
        [sms],
      );
      return r.rows[0];
    });
    assert.equal(deadline.seconds, 3600, 'the receipt deadline is the district’s new one');

    await enqueueMessages(ctx.db, testCipher, [{ districtCode: district, kind: 'one_time_code', topic: 'one_time_code', plan: ['email'], recipient: { email: 'second@example.kr' }, variables: { code: '111111' } }]);
    const second = await until('the second e-mail', () => inSim('email', 'second@example.kr'));
    assert.match(second.sender!, /Settled Tax Office.*<notice@settled\.go\.kr>/, 'from the district’s sender');

    const [taxpayer] = await createTaxpayers(ctx.db, district, [{ mobile: '+821055550002', email: 'payer@example.kr', identityKey: Buffer.alloc(64, 3).toString('base64'), enrol: ['kakao', 'sms', 'email'] }]);
    await createNotices(ctx.db, district, [taxpayer!], { dueDate: '2099-07-31' });
    const { seasonId } = await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const plan = await ctx.db.query<{ plan: string[] }>(`SELECT plan FROM messages WHERE season_id = $1`, [seasonId]);
    assert.deepEqual(plan.rows[0]!.plan, ['email', 'sms'], 'the district’s new order, KakaoTalk left out');
  });
});

forEachEngine('the dispatch engine’s quiet hours', (ctx) => {
  test('are cached, and dropped by a settings change announced from another connection, not by their age', async () => {
    const district = 'cached';
    await ctx.db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '캐시구', 'Cached-gu')`, [district]);
    const listening = createRealtimeBus(ctx.db);
    const announcing = createRealtimeBus(ctx.db);
    const frozen = Date.now();
    // The cache's clock never moves: only an announcement can make it read again.
    const quiet = new DistrictQuietHours(ctx.db, listening, parseQuietHours('21:00-08:00'), { now: () => frozen });
    const night = new Date('2026-07-10T14:30:00Z'); // 23:30 in Seoul
    try {
      assert.deepEqual(await quiet.filterAt(night), { hold: 'all' }, 'the installation’s quiet hours hold every district');
      await saveDeliverySettings(ctx.db, district, { ...(await deliverySettingsOf(ctx.db, district)), quietHours: 'off', receiptTimeoutSeconds: 3600 });
      assert.deepEqual(await quiet.filterAt(night), { hold: 'all' }, 'cached: the change is not seen until it is announced');
      let heard = 0;
      await listening.subscribe(DISTRICT_SETTINGS_TOPIC, () => void heard++);
      await announcing.publish(DISTRICT_SETTINGS_TOPIC, { district, section: 'delivery' });
      await until('the announcement', () => heard > 0, 30);
      assert.deepEqual(await quiet.filterAt(night), { only: [district] }, 'the district without quiet hours is let through');
      assert.deepEqual(await quiet.filterAt(new Date('2026-07-10T03:00:00Z')), { hold: 'none' }, 'by day nothing is held');
    } finally {
      await quiet.close();
    }
  });
});

forEachEngine('a `taxstation work` process', (ctx) => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ port: 0, profile: 'clean', smtp: { port: 0 } });
  });
  after(() => sim?.close());

  test('applies the district’s settings saved by another process, without a restart', { skip: ctx.engine === 'pglite' ? 'one process at a time opens a PGlite folder: the serve process’s own worker is the test above' : false }, async () => {
    const district = 'workerset';
    const staff = await createDistrictWithStaff(ctx.db, district, ['admin'], { ko: '작업구', en: 'Worker-gu' });
    const server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: KEY });
    const admin = new TestClient(server.url);
    await admin.login(staff.admin!);
    const providers = JSON.stringify([
      { type: 'sms-gateway', name: 'sms-w', baseUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret },
      { type: 'smtp', name: 'smtp-w', host: '127.0.0.1', port: sim.smtpPort, from: 'notice@taxstation.test', bounceDomain: 'bounces.taxstation.test' },
    ]);
    let child: ChildProcess | undefined;
    try {
      const [sms] = await enqueueMessages(ctx.db, testCipher, [
        { districtCode: district, kind: 'one_time_code', topic: 'one_time_code', plan: ['sms'], recipient: { phone: '+821066660001' }, variables: { code: '123456' } },
        { districtCode: district, kind: 'one_time_code', topic: 'one_time_code', plan: ['email'], recipient: { email: 'worker@example.kr' }, variables: { code: '654321' } },
      ]);
      child = spawn(process.execPath, [join(root, 'bin', 'taxstation.mjs'), 'work'], {
        env: {
          ...(process.env as Record<string, string>), DATABASE_URL: ctx.test.url!, TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_PROVIDERS: providers,
          TAXSTATION_QUIET_HOURS: quietAroundNow(), TAXSTATION_LOG_LEVEL: 'silent', TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-settings-work-')),
        },
        stdio: 'ignore',
      });
      const inSim = (channel: string, recipient: string) => sim.messages().find((m) => m.channel === channel && m.recipient === recipient);
      await until('the worker process sending e-mail', () => inSim('email', 'worker@example.kr'));
      assert.equal(inSim('sms', '+821066660001'), undefined, 'the installation’s quiet hours hold the text');
      await saveSettings(server, admin, { quietMode: 'off', smsSender: '0231538114' });
      const text = await until('the text, sent by the worker process after the change', () => inSim('sms', '+821066660001'));
      assert.equal(text.sender, '0231538114');
      const { rows } = await ctx.db.query<{ state: string }>(`SELECT state FROM delivery_attempts WHERE message_id = $1`, [sms]);
      assert.notEqual(rows[0]!.state, 'queued');
    } finally {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await server.close();
    }
  });
});
