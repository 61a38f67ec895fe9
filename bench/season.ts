// npm run bench -- season [--notices N] [--pglite-notices N] [--engine postgres|pglite|both] [--peer-jobs N] [--skip-peer] [--sim-nice N]
//
// A whole season end to end: a roll of N e-notice applicants is imported
// (timed apart), then issued and delivered through the real adapters and the
// gateway simulator in its own process (zero latency, Gangnam failure mix,
// prompt receipts over HTTP and SMTP) until no notice is still being delivered.
// Reports notices/s end to end and, in the same run on the same PostgreSQL,
// graphile-worker doing one no-op job per notice with its default settings
// and with the settings of its own performance test (local queue, batched
// completion). Then a paced run measures the time from a notice's release to
// its hand-over to the first provider (p50/p95/p99) under steady load.
// On PGlite: the 64,000-notice Gangnam season, end to end (target < 30 s).
// The simulator stands for gateways that run on other machines, yet shares
// this machine's cores with the system under test: --sim-nice N runs it at a
// lower CPU priority (e.g. 10), so that it takes the cores the system leaves
// idle instead of an equal share. The default is an equal share.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { Logger as GraphileLogger, run as runGraphile, type RunnerOptions } from 'graphile-worker';
import { loadConfig } from '../src/platform/config.ts';
import { createCipher } from '../src/platform/crypto.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createLogger } from '../src/platform/logger.ts';
import { demoRollStream } from '../src/notices/demo/demo-roll.ts';
import { importRoll } from '../src/notices/roll/roll-import.service.ts';
import { issueSeason } from '../src/delivery/queue/queue.ts';
import { startDeliveryRuntime } from '../src/delivery/delivery.runtime.ts';
import { startReceiptListener } from '../src/delivery/receipts/receipt-listener.ts';
import { seasonSummary, type SeasonSummary } from '../src/delivery/season-summary.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';
import { freePorts } from '../test-support/ports.ts';

const KEY = Buffer.alloc(32, 3);
const log = createLogger({ level: 'silent' });


let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
rssTimer.unref();

export async function seedRoll(db: Database, district: string, notices: number, period: number): Promise<number> {
  await db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '강남구', 'Gangnam-gu') ON CONFLICT DO NOTHING`, [district]);
  const t = performance.now();
  const report = await importRoll(
    { db, cipher: createCipher(KEY) },
    {
      districtCode: district,
      input: demoRollStream({
        districtCode: district, districtKo: '강남구', taxItem: 'property_tax', taxYear: 2026, period, dueDate: '2099-07-31',
        notices, applicantShare: 1, prefix: `B${period}`,
      }),
      fileName: 'bench.csv',
      actor: { type: 'import', id: 'bench' },
    },
  );
  if (report.status !== 'imported') throw new Error(`bench roll rejected: ${JSON.stringify(report.errors.slice(0, 3))}`);
  return (performance.now() - t) / 1000;
}

export interface SeasonRun {
  notices: number;
  seconds: number;
  noticesPerSecond: number;
  summary: SeasonSummary;
}


/** The simulator's CPU priority (see the header). */
let simNice = 0;

/** The gateways are other machines in production: here, `taxstation sim` in its own process. */
export async function startSimProcess(ports: { sim: number; smtp: number; receipts: number; bounce: number }): Promise<{ child: ChildProcess; providers: string }> {
  const { sim: port, smtp: smtpPort, receipts: receiptsPort, bounce: bouncePort } = ports;
  const secret = 'bench-sim-webhook-secret-0123456789';
  const base = `http://127.0.0.1:${receiptsPort}/api/webhooks/receipts`;
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, '..', 'bin', 'taxstation.mjs'), 'sim', '--port', String(port), '--profile', 'gangnam', '--latency-ms', '0',
      '--webhook-secret', secret, '--webhook-kakao', `${base}/kakao-sim`, '--webhook-sms', `${base}/sms-sim`,
      '--smtp-port', String(smtpPort), '--dsn-to', `127.0.0.1:${bouncePort}`],
    { stdio: 'ignore' },
  );
  if (child.pid) os.setPriority(child.pid, simNice);
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/sim/stats`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const url = `http://127.0.0.1:${port}`;
  const providers = JSON.stringify([
    { type: 'kakao-gateway', name: 'kakao-sim', baseUrl: url, apiKey: 'sim-api-key', webhookSecret: secret, ratePerSecond: 100000 },
    { type: 'sms-gateway', name: 'sms-sim', baseUrl: url, apiKey: 'sim-api-key', webhookSecret: secret, ratePerSecond: 100000 },
    { type: 'smtp', name: 'email-sim', host: '127.0.0.1', port: smtpPort, from: 'notice@taxstation.local', bounceDomain: 'bounces.taxstation.local', ratePerSecond: 100000 },
  ]);
  return { child, providers };
}

export async function deliverSeason(db: Database, district: string, period: number, opts: { paceNoticesPerSecond?: number } = {}): Promise<SeasonRun> {
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
  const runtime = await startDeliveryRuntime({ config, db, log, cipher: createCipher(KEY) }, { worker: true, bounceListener: true });
  let listener: Awaited<ReturnType<typeof startReceiptListener>> | undefined;
  try {
    listener = await startReceiptListener({ parsers: runtime.parsers, writer: runtime.writer, log }, '127.0.0.1', receiptsPort);
    const t0 = performance.now();
    // A paced season is issued for later and then released step by step.
    const later = opts.paceNoticesPerSecond ? new Date(Date.now() + 3600_000) : undefined;
    const issued = await issueSeason(db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period, createdBy: 'bench', sendAfter: later });
    if (opts.paceNoticesPerSecond) {
      // Scheduled send times spread the release: a steady flow instead of one burst.
      const pace = opts.paceNoticesPerSecond;
      await db.query(
        `WITH o AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM messages WHERE season_id = $1)
         UPDATE messages m SET send_after = now() + make_interval(secs => o.k / $2::float8) FROM o WHERE m.id = o.id`,
        [issued.seasonId, pace],
      );
      await db.query(
        `UPDATE delivery_attempts a SET available_at = m.send_after FROM messages m WHERE m.id = a.message_id AND m.season_id = $1`,
        [issued.seasonId],
      );
    }
    for (;;) {
      const { rows } = await db.query<{ pending: boolean }>(`SELECT EXISTS (SELECT 1 FROM messages WHERE season_id = $1 AND state = 'pending') AS pending`, [issued.seasonId]);
      if (!rows[0]!.pending) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - t0) / 1000;
    const summary = await seasonSummary(db, issued.seasonId);
    return { notices: issued.issued, seconds, noticesPerSecond: issued.issued / seconds, summary };
  } finally {
    // The simulator first: its pooled SMTP connections to our bounce listener
    // would otherwise hold the listener's close for its 30-second timeout.
    const simGone = stopProcess(sim.child, 2000);
    await listener?.close();
    await runtime.close();
    await simGone;
  }
}

/** SIGTERM, then SIGKILL after graceMs: a simulator left retrying its reports would share the cores with the next measurement. */
export function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill();
  });
}

async function handOverLatency(db: Database, district: string, period: number): Promise<{ p50: number; p95: number; p99: number; within10s: number }> {
  const { rows } = await db.query<{ p: number[]; within: number }>(
    `WITH first AS (
       SELECT m.send_after, (SELECT a.accepted_at FROM delivery_attempts a WHERE a.message_id = m.id ORDER BY a.id LIMIT 1) AS handed
         FROM messages m JOIN seasons s ON s.id = m.season_id
        WHERE s.district_code = $1 AND s.period = $2)
     SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM handed - send_after)) AS p,
            avg((handed - send_after <= interval '10 seconds')::int)::float8 AS within
       FROM first WHERE handed IS NOT NULL`,
    [district, period],
  );
  const [p50, p95, p99] = rows[0]!.p.map(Number) as [number, number, number];
  return { p50, p95, p99, within10s: Number(rows[0]!.within) };
}

async function graphilePeer(connectionString: string, jobs: number, tuned: boolean): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // Its log line per job would be a cost of this bench's terminal, not of the queue.
  const logger = new GraphileLogger(() => () => {});
  const options: RunnerOptions = tuned
    ? {
        connectionString, noHandleSignals: true, logger, taskList: { noop: async () => {} },
        preset: { worker: { concurrentJobs: 24, maxPoolSize: 25, localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      }
    : { connectionString, noHandleSignals: true, logger, taskList: { noop: async () => {} } };
  // Schema first (a runner migrates), then the jobs, then the timed run.
  const warm = await runGraphile({ ...options, taskList: { noop: async () => {} } });
  await warm.stop();
  await client.query('DELETE FROM graphile_worker._private_jobs');
  for (let done = 0; done < jobs; done += 10_000) {
    const n = Math.min(10_000, jobs - done);
    await client.query(
      `SELECT graphile_worker.add_jobs(array_agg(ROW('noop', '{}'::json, NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec))
         FROM generate_series(1, $1)`,
      [n],
    );
  }
  const t0 = performance.now();
  const runner = await runGraphile(options);
  for (;;) {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM graphile_worker._private_jobs');
    if (Number(rows[0]!.n) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  await runner.stop();
  await client.end();
  return jobs / seconds;
}

function printSeason(label: string, r: SeasonRun): void {
  const s = r.summary;
  console.log(`  ${label}: ${fmt(r.notices)} notices final or returned in ${fmt(r.seconds, 1)} s = ${fmt(r.noticesPerSecond)} notices/s`);
  console.log(`    delivered ${JSON.stringify(s.delivered)}, returned ${fmt(s.returned)}, failed attempts ${JSON.stringify(s.failed)}, electronic delivery rate ${(s.electronic_delivery_rate * 100).toFixed(1)}%`);
}

export async function run(args: string[]): Promise<void> {
  const notices = Number(option(args, '--notices') ?? 1_000_000);
  const pgliteNotices = Number(option(args, '--pglite-notices') ?? 64_000);
  const engine = option(args, '--engine') ?? 'both';
  const peerJobs = Number(option(args, '--peer-jobs') ?? Math.min(notices, 200_000));
  simNice = Number(option(args, '--sim-nice') ?? simNice);
  const skipPeer = args.includes('--skip-peer');
  console.log(`season benchmark on ${process.platform} ${process.arch}, node ${process.version}, ${new Date().toISOString()}; simulator at nice ${simNice}`);

  if (engine === 'postgres' || engine === 'both') {
    const benchDb = await createBenchDatabase('ts_bench_season');
    const url = benchDb.url;
    const db = openPostgres({ connectionString: url.toString(), max: 12 });
    try {
      await migrate(db);
      console.log(`\nPostgreSQL (${(await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version})`);
      const importSeconds = await seedRoll(db, 'gangnam', notices, 1);
      console.log(`  roll of ${fmt(notices)} applicants imported in ${fmt(importSeconds, 1)} s (not counted below)`);
      const burst = await deliverSeason(db, 'gangnam', 1);
      printSeason('season, all released at once', burst);
      let peers: { def?: number; tuned?: number } = {};
      if (!skipPeer) {
        const def = await graphilePeer(url.toString(), peerJobs, false);
        const tuned = await graphilePeer(url.toString(), peerJobs, true);
        peers = { def, tuned };
        console.log(`  graphile-worker no-op jobs (${fmt(peerJobs)} jobs): default ${fmt(def)} jobs/s; perf-test settings ${fmt(tuned)} jobs/s`);
        console.log(`  ratio season notices/s ÷ peer default jobs/s: ${(burst.noticesPerSecond / def).toFixed(2)}; ÷ peer tuned: ${(burst.noticesPerSecond / tuned).toFixed(2)}`);
      }
      // Latency under steady load: a second season released at 60% of the measured throughput.
      const paced = Math.max(50, Math.round(burst.noticesPerSecond * 0.6));
      const pacedNotices = Math.min(notices, paced * 60);
      await seedRoll(db, 'gangnam', pacedNotices, 2);
      const steady = await deliverSeason(db, 'gangnam', 2, { paceNoticesPerSecond: paced });
      const latency = await handOverLatency(db, 'gangnam', 2);
      printSeason(`paced season (${fmt(paced)} notices/s released)`, steady);
      console.log(
        `  release → first provider: p50 ${fmt(latency.p50, 2)} s, p95 ${fmt(latency.p95, 2)} s, p99 ${fmt(latency.p99, 2)} s; within 10 s: ${(latency.within10s * 100).toFixed(1)}%`,
      );
      console.log(`RESULT ${JSON.stringify({ engine: 'postgres', notices, burst: { seconds: burst.seconds, noticesPerSecond: burst.noticesPerSecond }, peers, latency, peakRssMB: Math.round(peakRss / 1048576) })}`);
    } finally {
      await db.close();
      await benchDb.drop();
    }
  }

  if (engine === 'pglite' || engine === 'both') {
    const dir = mkdtempSync(join(tmpdir(), 'ts-bench-pglite-'));
    const db = await openPglite({ dataDir: dir });
    try {
      await migrate(db);
      console.log('\nPGlite (embedded)');
      const importSeconds = await seedRoll(db, 'gangnam', pgliteNotices, 1);
      console.log(`  roll of ${fmt(pgliteNotices)} applicants imported in ${fmt(importSeconds, 1)} s (not counted below)`);
      const r = await deliverSeason(db, 'gangnam', 1);
      printSeason('Gangnam season', r);
      console.log(`  target: under 30 s end to end -> ${r.seconds < 30 ? 'met' : 'NOT met'}`);
      console.log(`RESULT ${JSON.stringify({ engine: 'pglite', notices: pgliteNotices, seconds: r.seconds, noticesPerSecond: r.noticesPerSecond, peakRssMB: Math.round(peakRss / 1048576) })}`);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
