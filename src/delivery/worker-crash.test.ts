import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher } from '../../test-support/factories.ts';
import type { Database } from '../platform/db/database.ts';
import { openPglite } from '../platform/db/pglite.ts';
import { migrate } from '../platform/db/migrate.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { issueSeason } from './queue/queue.ts';
import { startSimulator } from './simulator/simulator.ts';
import { startDeliveryRuntime } from './delivery.runtime.ts';
import { startReceiptListener } from './receipts/receipt-listener.ts';
import { seasonSummary } from './season-summary.ts';
import { freePort } from '../../test-support/ports.ts';

// A `taxstation work` process killed with SIGKILL in the middle of a batch,
// then a worker started again: no notice is lost, none is delivered twice
// (the simulator counts deliveries per idempotency key).

const KEY = Buffer.alloc(32, 7).toString('base64');
const root = join(import.meta.dirname, '..', '..');


async function seed(db: Database): Promise<{ district: string; seasonId: number }> {
  const district = await createDistrict(db);
  const specs = Array.from({ length: 240 }, (_, i) => ({
    mobile: `+8210${String(30000000 + i * 13).padStart(8, '0')}`,
    identityKey: i % 2 ? Buffer.alloc(64, i).toString('base64') : null,
    enrol: i % 3 === 0 ? (['sms'] as const) : (['kakao', 'sms'] as const),
  }));
  const ids = await createTaxpayers(db, district, specs.map((s) => ({ ...s, enrol: [...s.enrol] })));
  await createNotices(db, district, ids, { dueDate: '2099-07-31' });
  const { seasonId } = await issueSeason(db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
  return { district, seasonId };
}

forEachEngine('a worker killed mid-batch', (ctx) => {
  test('loses no notice and delivers none twice after a restart', async () => {
    const sim = await startSimulator({ port: 0, profile: 'clean', overrides: { latencyMs: 150, openedShare: 0 } });
    const receiptsPort = await freePort();
    const base = `http://127.0.0.1:${receiptsPort}/api/webhooks/receipts`;
    sim.setWebhooks({ kakao: `${base}/kakao-t`, sms: `${base}/sms-t` });
    const providers = JSON.stringify([
      { type: 'kakao-gateway', name: 'kakao-t', baseUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret, maxBatchSize: 20 },
      { type: 'sms-gateway', name: 'sms-t', baseUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret, maxBatchSize: 20 },
    ]);
    const env: Record<string, string> = {
      ...process.env as Record<string, string>,
      TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_PROVIDERS: providers, TAXSTATION_QUIET_HOURS: 'off',
      TAXSTATION_CLAIM_LOCK_SECONDS: '2', TAXSTATION_WORKER_BATCH: '20', TAXSTATION_LOG_LEVEL: 'silent',
    };
    let db: Database = ctx.db;
    let dataDir: string | undefined;
    if (ctx.engine === 'pglite') {
      // One process at a time may open a PGlite folder: seed it, close it, hand it over.
      dataDir = mkdtempSync(join(tmpdir(), 'ts-crash-'));
      db = await openPglite({ dataDir: join(dataDir, 'pglite') });
      await migrate(db);
      env.TAXSTATION_DATA_DIR = dataDir;
    } else {
      env.DATABASE_URL = ctx.test.url!;
    }
    const { seasonId } = await seed(db);
    if (dataDir) await db.close();

    let child: ChildProcess | undefined;
    let restarted: Awaited<ReturnType<typeof startDeliveryRuntime>> | undefined;
    let listener: Awaited<ReturnType<typeof startReceiptListener>> | undefined;
    try {
      child = spawn(process.execPath, [join(root, 'bin', 'taxstation.mjs'), 'work', '--receipts-port', String(receiptsPort)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let childErrors = '';
      child.stderr!.on('data', (chunk: Buffer) => (childErrors = (childErrors + chunk.toString('utf8')).slice(-4000)));
      let exitCode: number | null | undefined;
      const exited = new Promise((resolve) => child!.once('exit', (code) => resolve((exitCode = code))));
      // The child needs a while to start (PGlite, migrations) on a busy machine: wait up to 5 minutes, or until it dies.
      const deadline = Date.now() + 300_000;
      while (Date.now() < deadline && exitCode === undefined && sim.stats({ byKey: false }).accepted < 60) await new Promise((r) => setTimeout(r, 5));
      assert.ok(sim.stats({ byKey: false }).accepted >= 60, `the worker was sending (exit ${exitCode ?? 'none yet'}): ${childErrors}`);
      child.kill('SIGKILL');
      await exited;
      const acceptedAtKill = sim.stats({ byKey: false }).accepted;

      // The restart: a worker in this process on the same database.
      if (dataDir) db = await openPglite({ dataDir: join(dataDir, 'pglite') });
      const inFlight = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_attempts WHERE state = 'sending'`);
      assert.ok(inFlight.rows[0]!.n > 0, 'the worker died holding claimed attempts');
      const config = loadConfig({ ...env, TAXSTATION_DATA_DIR: dataDir ?? mkdtempSync(join(tmpdir(), 'ts-crash-')) });
      const log = createLogger({ level: 'silent' });
      restarted = await startDeliveryRuntime({ config, db, log, cipher: testCipher }, { worker: false, bounceListener: false });
      listener = await startReceiptListener({ parsers: restarted.parsers, writer: restarted.writer, log }, '127.0.0.1', receiptsPort);
      let summary = await seasonSummary(db, seasonId);
      for (let round = 0; round < 1500 && summary.pending - summary.awaiting_paper > 0; round++) {
        await restarted.tick();
        await new Promise((r) => setTimeout(r, 20));
        summary = await seasonSummary(db, seasonId);
      }
      assert.equal(summary.pending - summary.awaiting_paper, 0, 'every notice settled');
      const stats = sim.stats();
      assert.equal(stats.maxDeliveriesPerKey, 1, 'no idempotency key delivered twice');
      const delivered = Object.values(summary.delivered).reduce((a, b) => a + b, 0);
      assert.equal(delivered, 240, 'every notice delivered (clean profile)');
      assert.equal(stats.delivered, 240, 'the simulator delivered each notice once');
      assert.ok(acceptedAtKill < 240, 'the kill came before the season was done');
    } finally {
      child?.kill('SIGKILL');
      await listener?.close();
      await restarted?.close();
      await sim.close();
      if (dataDir) await db.close();
    }
  });
});
