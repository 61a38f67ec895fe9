// npm run bench -- receipts [--seconds S] [--connections C] [--engine postgres|pglite]
//
// Receipt webhooks over HTTP on loopback, one receipt per request, signed as
// a gateway signs them, into the real server (verification, the batched
// receipt writer, the database). In the same run, a bare route of the same
// server gives the baseline. Target: 10,000 receipts/s with p99 < 50 ms, and
// at least 0.3 of the bare route's throughput.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/platform/config.ts';
import { createCipher } from '../src/platform/crypto.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createLogger } from '../src/platform/logger.ts';
import { buildAppServer } from '../src/app/server.ts';
import type { RoutePlugin } from '../src/platform/http/routes.ts';
import { GatewayReceiptParser } from '../src/delivery/providers/gateway-receipt.parser.ts';
import { signedWebhookHeaders } from '../src/delivery/providers/gateway-signature.ts';
import { ReceiptWriter } from '../src/delivery/receipts/receipts.service.ts';
import type { DeliveryRuntime } from '../src/delivery/delivery.runtime.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';

const SECRET = 'bench-webhook-secret-0123456789';


interface LoadResult { requests: number; errors: number; perSecond: number; p50: number; p99: number }

function load(url: string, kind: 'receipts' | 'bare', seconds: number, connections: number, bodies: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'receipts', 'load.ts'), url, kind, String(seconds), String(connections), bodies], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load generator exit ${code}`))));
  });
}

async function measure(db: Database, label: string, seconds: number, connections: number): Promise<void> {
  const config = loadConfig({ TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-bench-r-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'), TAXSTATION_LOG_LEVEL: 'silent' });
  const log = createLogger({ level: 'silent' });
  const writer = new ReceiptWriter(db, { maxBatch: 1000, maxDelayMs: 2 });
  const parsers = new Map([['bench-sms', new GatewayReceiptParser({ provider: 'bench-sms', secret: SECRET })]]);
  const delivery = { parsers, writer } as unknown as DeliveryRuntime;
  // The baseline: a route of the same server that does nothing.
  const bare: RoutePlugin = async (scope) => {
    scope.post('/bench/bare', async () => ({ stored: 0 }));
  };
  const app = await buildAppServer({ config, db, log, cipher: createCipher(Buffer.alloc(32, 5)), delivery }, { extraRoutes: [bare] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'ts-bench-bodies-'));
  const bodiesFile = join(dir, 'bodies.json');
  const now = Date.now();
  const bodies = Array.from({ length: 200_000 }, (_, i) => {
    const body = JSON.stringify({ receipts: [{ receipt_id: `r-${now}-${i}`, message_id: `m-${i}`, idempotency_key: `k-${i}`, status: 'delivered', occurred_at: new Date(now).toISOString() }] });
    return { headers: signedWebhookHeaders(SECRET, body), body };
  });
  writeFileSync(bodiesFile, JSON.stringify(bodies));
  try {
    const bare = await load(`http://127.0.0.1:${port}/bench/bare`, 'bare', seconds, connections, bodiesFile);
    const receipts = await load(`http://127.0.0.1:${port}/api/webhooks/receipts/bench-sms`, 'receipts', seconds, connections, bodiesFile);
    await writer.close();
    const stored = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_receipts WHERE provider = 'bench-sms'`);
    console.log(`\n${label} (${connections} connections, ${seconds} s each)`);
    console.log(`  bare route     ${fmt(bare.perSecond)} req/s, p50 ${fmt(bare.p50, 2)} ms, p99 ${fmt(bare.p99, 2)} ms, errors ${bare.errors}`);
    console.log(`  receipts       ${fmt(receipts.perSecond)} receipts/s, p50 ${fmt(receipts.p50, 2)} ms, p99 ${fmt(receipts.p99, 2)} ms, errors ${receipts.errors}; stored ${fmt(stored.rows[0]!.n)}`);
    console.log(`  ratio receipts/bare ${(receipts.perSecond / bare.perSecond).toFixed(2)}`);
    console.log(`RESULT ${JSON.stringify({ engine: label, bare, receipts, ratio: receipts.perSecond / bare.perSecond })}`);
  } finally {
    await app.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const seconds = Number(option(args, '--seconds') ?? 10);
  const connections = Number(option(args, '--connections') ?? 64);
  const engine = option(args, '--engine') ?? 'postgres';
  console.log(`receipts benchmark, node ${process.version}, ${new Date().toISOString()}`);
  if (engine === 'postgres') {
    const benchDb = await createBenchDatabase('ts_bench_receipts');
    const url = benchDb.url;
    const db = openPostgres({ connectionString: url.toString(), max: 10 });
    try {
      await migrate(db);
      await measure(db, 'PostgreSQL', seconds, connections);
    } finally {
      await db.close();
      await benchDb.drop();
    }
  } else {
    const db = await openPglite();
    try {
      await migrate(db);
      await measure(db, 'PGlite', seconds, connections);
    } finally {
      await db.close();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run(process.argv.slice(2)).then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
}
