// The season benchmark through a real messaging service's adapter (results
// by polling) against `taxstation sim` in its own process, and, in the same
// run on the same PGlite database, the same season through our own gateway
// protocol (webhook receipts): notices/s end to end for both and their
// ratio. E-mail goes through the simulated SMTP relay in both. Used by
// bench/nhn-season.ts and bench/sens-season.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/platform/config.ts';
import { createCipher } from '../../src/platform/crypto.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startDeliveryRuntime } from '../../src/delivery/delivery.runtime.ts';
import type { ProviderConfig } from '../../src/delivery/providers.config.ts';
import { issueSeason } from '../../src/delivery/queue/queue.ts';
import { startReceiptListener } from '../../src/delivery/receipts/receipt-listener.ts';
import { seasonSummary } from '../../src/delivery/season-summary.ts';
import { freePorts } from '../../test-support/ports.ts';
import { fmt, option } from './bench-support.ts';
import { seedRoll, startSimProcess, stopProcess } from '../season.ts';

const KEY = Buffer.alloc(32, 3);
const log = createLogger({ level: 'silent' });

/** A messaging service measured against our own gateway protocol. */
export interface ServiceUnderTest {
  /** key in the RESULT line and the temp folder's name, e.g. 'nhn' */
  key: string;
  /** its name in the output, e.g. 'NHN Cloud' */
  label: string;
  /** the providers configured for the service's season (the simulator's defaults), e-mail through the simulated SMTP relay */
  providers(url: string, smtpPort: number, pollIntervalMs: number): ProviderConfig[];
}

async function season(db: Database, period: number, service: ServiceUnderTest | null, pollMs: number) {
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
  const providers = service?.providers(`http://127.0.0.1:${simPort}`, simSmtpPort, pollMs);
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

/** The Gangnam season through our protocol, then through the service, on one PGlite database; prints both and their ratio. */
export async function runServiceSeasonBench(args: string[], service: ServiceUnderTest): Promise<void> {
  const notices = Number(option(args, '--notices') ?? 10_000);
  const pollMs = Number(option(args, '--poll-ms') ?? 250);
  const dir = mkdtempSync(join(tmpdir(), `ts-bench-${service.key}-`));
  const db = await openPglite({ dataDir: dir });
  try {
    await migrate(db);
    await seedRoll(db, 'gangnam', notices, 1);
    await seedRoll(db, 'gangnam', notices, 2);
    console.log(`Gangnam season of ${fmt(notices)} applicants on PGlite, gateway simulator in its own process`);
    const ours = await season(db, 1, null, pollMs);
    console.log(`  our gateway protocol (webhooks): ${fmt(ours.seconds, 1)} s = ${fmt(ours.perSecond)} notices/s; delivered ${JSON.stringify(ours.summary.delivered)}`);
    const other = await season(db, 2, service, pollMs);
    console.log(`  ${service.label} (polling every ${pollMs} ms): ${fmt(other.seconds, 1)} s = ${fmt(other.perSecond)} notices/s; delivered ${JSON.stringify(other.summary.delivered)}`);
    console.log(`  ratio ${service.key.toUpperCase()} ÷ our protocol: ${fmt(other.perSecond / ours.perSecond, 2)}`);
    console.log(`RESULT ${JSON.stringify({ notices, ours: ours.perSecond, [service.key]: other.perSecond, ratio: other.perSecond / ours.perSecond })}`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
