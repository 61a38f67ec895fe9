// npm run bench -- roll-import [--rows N] [--engine postgres|pglite|both] [--keep]
//   or: node --import tsx bench/roll-import.ts --rows 100000
//
// Generates a tax roll of N rows (default 1,000,000, ~250 MB) and imports it
// with importRoll on PostgreSQL (a fresh database created and dropped, from
// DATABASE_URL or postgres://postgres@127.0.0.1:5432/test) and on PGlite (a
// temporary folder). In the same run it times a bare COPY of the same file
// into a table of 16 text columns, and prints rows/s, peak RSS of the
// importing process and the ratio import/COPY. On PostgreSQL it also times
// the floor: COPY of the very rows the import wrote into the same tables
// (see roll-import/child.ts, mode store). Each measurement runs in a
// child process of its own so that its peak memory is its own.
// Target on PostgreSQL: ratio >= 0.5, peak < 300 MB.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateRoll } from './roll-import/generate.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';

interface Measurement {
  mode: 'import' | 'copy' | 'store';
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
  /** importRoll's phases: decode, check, seal and stage; file-wide checks; merge; ANALYZE after commit */
  readSeconds?: number;
  checkSeconds?: number;
  mergeSeconds?: number;
  analyzeSeconds?: number;
  /** CPU seconds of this process and of its PostgreSQL backends (local server only) */
  nodeCpuSeconds?: number;
  serverCpuSeconds?: number;
}

const CHILD = join(import.meta.dirname, 'roll-import', 'child.ts');

function measure(mode: Measurement['mode'], target: string, file: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, target, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TAXSTATION_LOG_LEVEL: 'silent' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${mode} on ${target} failed (exit ${code})`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Measurement);
    });
  });
}



function print(engine: string, imp: Measurement, copy: Measurement, store?: Measurement): Record<string, unknown> {
  const ratio = imp.rowsPerSecond / copy.rowsPerSecond;
  const floorRatio = store ? store.rowsPerSecond / copy.rowsPerSecond : undefined;
  console.log(`\n${engine}`);
  console.log(`  import     ${fmt(imp.rows)} rows in ${fmt(imp.seconds, 1)} s = ${fmt(imp.rowsPerSecond)} rows/s, peak RSS ${fmt(imp.peakRssMB)} MB` +
    ` (read+seal+stage ${fmt(imp.readSeconds ?? 0, 1)} s, checks ${fmt(imp.checkSeconds ?? 0, 1)} s, merge ${fmt(imp.mergeSeconds ?? 0, 1)} s,` +
    ` analyze ${fmt(imp.analyzeSeconds ?? 0, 1)} s)`);
  console.log(`  bare COPY  ${fmt(copy.rows)} rows in ${fmt(copy.seconds, 1)} s = ${fmt(copy.rowsPerSecond)} rows/s, peak RSS ${fmt(copy.peakRssMB)} MB`);
  if (store) {
    console.log(`  floor      ${fmt(store.rows)} rows in ${fmt(store.seconds, 1)} s = ${fmt(store.rowsPerSecond)} rows/s: COPY of the rows the import wrote` +
      ` (taxpayers, notices, audit rows) into the same tables, nothing checked, sealed or merged; server CPU ${fmt(store.serverCpuSeconds ?? 0, 1)} s`);
    console.log(`  ratio floor/COPY ${floorRatio!.toFixed(2)} (the most any import of this roll into this schema can reach);` +
      ` import/floor ${(imp.rowsPerSecond / store.rowsPerSecond).toFixed(2)}`);
  }
  console.log(`  ratio import/COPY ${ratio.toFixed(2)}`);
  const cpu = (m: Measurement) => (m.nodeCpuSeconds ?? 0) + (m.serverCpuSeconds ?? 0);
  let cpuRatio: number | undefined;
  if (imp.serverCpuSeconds !== undefined && copy.serverCpuSeconds !== undefined) {
    cpuRatio = cpu(copy) / cpu(imp);
    console.log(`  CPU seconds (node + server): import ${fmt(imp.nodeCpuSeconds!, 1)} + ${fmt(imp.serverCpuSeconds, 1)},` +
      ` bare COPY ${fmt(copy.nodeCpuSeconds!, 1)} + ${fmt(copy.serverCpuSeconds, 1)}; ratio of rows per CPU second ${cpuRatio.toFixed(2)}`);
  }
  return { engine, import: imp, copy, store, ratio, floorRatio, cpuRatio };
}

export async function run(args: string[]): Promise<void> {
  const rows = Number(option(args, '--rows') ?? 1_000_000);
  const engines = (option(args, '--engine') ?? 'both') === 'both' ? ['postgres', 'pglite'] : [option(args, '--engine')!];
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows takes a positive whole number');
  const dir = mkdtempSync(join(tmpdir(), 'taxstation-bench-roll-'));
  const results: Record<string, unknown>[] = [];
  try {
    const file = join(dir, 'roll.csv');
    const t0 = performance.now();
    const taxpayers = await generateRoll(file, rows);
    console.log(`generated ${fmt(rows)} rows (${fmt(taxpayers)} taxpayers), ${fmt(statSync(file).size / 1024 / 1024)} MB in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    if (engines.includes('postgres')) {
      const benchDb = await createBenchDatabase('ts_bench_roll');
      const floorDb = await createBenchDatabase('ts_bench_floor');
      const url = benchDb.url;
      try {
        const imp = await measure('import', url.toString(), file);
        const store = await measure('store', floorDb.url.toString(), url.toString());
        const copy = await measure('copy', url.toString(), file);
        results.push(print('PostgreSQL', imp, copy, store));
      } finally {
        await floorDb.drop();
        await benchDb.drop();
      }
    }
    if (engines.includes('pglite')) {
      const data = join(dir, 'pglite');
      const imp = await measure('import', data, file);
      const copy = await measure('copy', data, file);
      results.push(print('PGlite', imp, copy));
    }
    console.log(`\n${JSON.stringify({ bench: 'roll-import', rows, results })}`);
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run(process.argv.slice(2));
}
