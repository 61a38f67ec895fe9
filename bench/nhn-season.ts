// npm run bench -- nhn-season [--notices N] [--poll-ms N]
//
// The Gangnam season through NHN Cloud (AlimTalk and SMS by the NHN
// adapters, results by polling) against `taxstation sim` in its own process,
// and, in the same run on the same PGlite database, the same season through
// our own gateway protocol (webhook receipts): notices/s end to end for both
// and their ratio. E-mail goes through the simulated SMTP relay in both.
// NHN results are polled every --poll-ms (default 250 ms: the simulator
// completes results within ~20 ms; the adapter's default interval is 10 s,
// which would measure the interval, not the adapter). The run is the SENS
// bench's (bench/sens-season.ts) with NHN's entries.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/platform/config.ts';
import { createCipher } from '../src/platform/crypto.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { createLogger } from '../src/platform/logger.ts';
import { startDeliveryRuntime } from '../src/delivery/delivery.runtime.ts';
import { providersSchema, type ProviderConfig } from '../src/delivery/providers.config.ts';
import { issueSeason } from '../src/delivery/queue/queue.ts';
import { startReceiptListener } from '../src/delivery/receipts/receipt-listener.ts';
import { seasonSummary } from '../src/delivery/season-summary.ts';
import { freePorts } from '../test-support/ports.ts';
import { fmt, option } from './support/bench-support.ts';
import { seedRoll, startSimProcess, stopProcess } from './season.ts';

const KEY = Buffer.alloc(32, 3);
const log = createLogger({ level: 'silent' });

/** The simulator's NHN defaults (nhn.sim.ts). */
function nhnProviders(url: string, smtpPort: number, pollIntervalMs: number): ProviderConfig[] {
  const keys = { baseUrl: url, secretKey: 'sim-nhn-secret-key', pollIntervalMs, ratePerSecond: 100_000 };
  return providersSchema.parse([
    { type: 'nhn-alimtalk', name: 'nhn-kakao', ...keys, appKey: 'sim-nhn-alimtalk-appkey', senderKey: 'sim0nhn0sender0key0000000000000000000000' },
    { type: 'nhn-sms', name: 'nhn-sms', ...keys, appKey: 'sim-nhn-sms-appkey', sendNo: '0234235000' },
    { type: 'smtp', name: 'email-sim', host: '127.0.0.1', port: smtpPort, from: 'notice@taxstation.local', bounceDomain: 'bounces.taxstation.local', ratePerSecond: 100_000 },
  ]);
}

async function season(db: Database, period: number, through: 'ours' | 'nhn', pollMs: number) {
  const [receiptsPort, bouncePort, simPort, simSmtpPort] = await freePorts(4);
  const sim = await startSimProcess({ sim: simPort, smtp: simSmtpPort, receipts: receiptsPort, bounce: bouncePort });
  const config = loadConfig({
    TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-bench-')),
    TAXSTATION_ENCRYPTION_KEY: KEY.toString('base64'),
    TAXSTATION_QUIET_HOURS: 'off',
    TAXSTATION_PROVIDERS: sim.providers,
    TAXSTATION_BOUNCE_LISTEN: `127.0.0.1:${bouncePort}`,
    TAXSTATION_WORKER_BATCH: '500',
  });
  const providers = through === 'nhn' ? nhnProviders(`http://127.0.0.1:${simPort}`, simSmtpPort, pollMs) : undefined;
  const runtime = await startDeliveryRuntime({ config, db, log, cipher: createCipher(KEY) }, { worker: true, bounceListener: true, ...(providers ? { providers } : {}) });
  const listener = await startReceiptListener({ parsers: runtime.parsers, writer: runtime.writer, log }, '127.0.0.1', receiptsPort);
  try {
    const t0 = performance.now();
    const issued = await issueSeason(db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period, createdBy: 'bench' });
    for (;;) {
      const { rows } = await db.query<{ pending: boolean }>(`SELECT EXISTS (SELECT 1 FROM messages WHERE season_id = $1 AND state = 'pending') AS pending`, [issued.seasonId]);
      if (!rows[0]!.pending) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - t0) / 1000;
    return { notices: issued.issued, seconds, perSecond: issued.issued / seconds, summary: await seasonSummary(db, issued.seasonId) };
  } finally {
    const simGone = stopProcess(sim.child, 2000);
    await listener.close();
    await runtime.close();
    await simGone;
  }
}

export async function run(args: string[]): Promise<void> {
  const notices = Number(option(args, '--notices') ?? 10_000);
  const pollMs = Number(option(args, '--poll-ms') ?? 250);
  const dir = mkdtempSync(join(tmpdir(), 'ts-bench-nhn-'));
  const db = await openPglite({ dataDir: dir });
  try {
    await migrate(db);
    await seedRoll(db, 'gangnam', notices, 1);
    await seedRoll(db, 'gangnam', notices, 2);
    console.log(`Gangnam season of ${fmt(notices)} applicants on PGlite, gateway simulator in its own process`);
    const ours = await season(db, 1, 'ours', pollMs);
    console.log(`  our gateway protocol (webhooks): ${fmt(ours.seconds, 1)} s = ${fmt(ours.perSecond)} notices/s; delivered ${JSON.stringify(ours.summary.delivered)}`);
    const nhn = await season(db, 2, 'nhn', pollMs);
    console.log(`  NHN Cloud (polling every ${pollMs} ms): ${fmt(nhn.seconds, 1)} s = ${fmt(nhn.perSecond)} notices/s; delivered ${JSON.stringify(nhn.summary.delivered)}`);
    console.log(`  ratio NHN ÷ our protocol: ${fmt(nhn.perSecond / ours.perSecond, 2)}`);
    console.log(`RESULT ${JSON.stringify({ notices, ours: ours.perSecond, nhn: nhn.perSecond, ratio: nhn.perSecond / ours.perSecond })}`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
