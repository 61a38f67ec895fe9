#!/usr/bin/env node
// Runs the whole suite with Node's test runner (TypeScript through tsx) and
// ends with one line: "N passed, N failed". Says loudly which halves ran.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = [...findTests(join(root, 'src')), ...findTests(join(root, 'scripts')), ...findTests(join(root, 'bench'))]
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const pgUrl = process.env.TAXSTATION_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let pgUp = false;
try {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  // Databases left by an interrupted earlier run: only those whose test
  // process (its pid is in the name) is gone, so parallel runs stay intact.
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stale = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'ts\\_t\\_%'");
  for (const { datname } of stale.rows) {
    const pid = Number(datname.split('_')[2]);
    if (!alive(pid)) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
  }
  await client.end();
  pgUp = true;
} catch {
  pgUp = false;
}
const chromium = (() => {
  try {
    return statSync('/usr/bin/chromium').isFile();
  } catch {
    return false;
  }
})();

const banner = (text) => console.log(`\n${'!'.repeat(78)}\n${text}\n${'!'.repeat(78)}\n`);
if (!pgUp) {
  banner(
    `PostgreSQL is not reachable at ${pgUrl.replace(/\/\/[^@]*@/, '//')}:\nonly the PGlite half of the integration suite runs; the PostgreSQL half is SKIPPED.\n(.ci/run starts PostgreSQL and fails when either half did not run.)`,
  );
  if (process.env.TAXSTATION_REQUIRE_POSTGRES === '1') {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
if (!chromium) {
  banner('Chromium is not installed at /usr/bin/chromium: browser tests are SKIPPED (apt-get install chromium).');
  if (process.env.TAXSTATION_REQUIRE_BROWSER === '1') {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const countsFile = join(tmpdir(), `taxstation-test-counts-${process.pid}.json`);
const concurrency = process.env.TAXSTATION_TEST_CONCURRENCY ?? '3';
const args = [
  '--import', 'tsx',
  '--test',
  `--test-concurrency=${concurrency}`,
  // A backstop against a hang: a test (or suite) still running after 45 minutes
  // fails, and the run goes on, rather than holding CI until it is killed.
  // Tests that may take long say so with their own timeout.
  '--test-timeout=2700000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts', 'count-reporter.mjs')}`, `--test-reporter-destination=${countsFile}`,
  ...files,
];
const child = spawn(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test', TAXSTATION_LOG_LEVEL: process.env.TAXSTATION_LOG_LEVEL ?? 'silent' },
});
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
let counts = { passed: 0, failed: 0, skipped: 0 };
try {
  counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  rmSync(countsFile);
} catch {
  counts.failed += 1;
}
if (code !== 0 && counts.failed === 0) counts.failed = 1;
console.log(`\nengines: pglite ran; postgres ${pgUp ? 'ran' : 'SKIPPED'}; browser tests ${chromium ? 'ran' : 'SKIPPED'}`);
console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(counts.failed > 0 ? 1 : 0);
