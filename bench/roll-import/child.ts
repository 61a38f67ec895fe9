import { createReadStream, createWriteStream, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { createCipher } from '../../src/platform/crypto.ts';
import { openDatabase } from '../../src/platform/db/open.ts';
import { openPgliteSameThread } from '../../src/platform/db/pglite.ts';
import { importRoll } from '../../src/notices/roll/roll-import.service.ts';

// One measurement in a process of its own, so that its peak RSS is its own:
//   child.ts import  <postgres-url | pglite-dir> <file>
//   child.ts copy    <postgres-url | pglite-dir> <file>
//   child.ts store   <postgres-url> <postgres-url the import wrote>
// store: the floor under any import. The rows the import wrote (taxpayers,
// notices, their audit rows) are exported to files first, then timed: COPY
// of those files into the same, freshly migrated tables (same indexes,
// constraints, foreign keys and triggers), with nothing decoded, checked,
// sealed or merged on the way.
// Prints one JSON line.

const [mode, target, file] = process.argv.slice(2) as [string, string, string];

// CPU seconds used so far by the local PostgreSQL backends serving this
// database (Linux /proc; undefined when the server is elsewhere). On a
// shared machine wall time depends on everyone's load; CPU time much less.
function backendCpuSeconds(database: string): number | undefined {
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let cmd: string;
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${database} `)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      found = true;
    }
  } catch {
    return undefined;
  }
  return found ? ticks / 100 : undefined; // USER_HZ is 100 on Linux
}
const database = target.startsWith('postgres') ? new URL(target).pathname.slice(1) : '';
const cpu0 = process.cpuUsage();
let copyServerCpuSeconds: number | undefined;

const isUrl = target.startsWith('postgres');
// The bare COPY on PGlite reaches into the engine (a blob COPY), so it runs it on this thread.
const sameThreadPglite = mode === 'copy' && !isUrl ? await openPgliteSameThread({ dataDir: join(target, 'pglite') }) : null;
const db = sameThreadPglite ?? (await openDatabase({ DATABASE_URL: isUrl ? target : undefined, dataDir: isUrl ? '/tmp' : target }));
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
let rows = 0;
let t0 = performance.now();
const phases: Record<string, number> = {};
if (mode === 'import') {
  await db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ('gangnam', '강남구', 'Gangnam-gu') ON CONFLICT DO NOTHING");
  const phaseStarts: [string, number][] = [];
  const report = await importRoll(
    { db, cipher: createCipher(randomBytes(32)) },
    {
      districtCode: 'gangnam', fileName: 'bench.csv', input: createReadStream(file, { highWaterMark: 1 << 20 }), sizeBytes: statSync(file).size,
      actor: { type: 'import', id: 'bench' },
      onProgress: (n) => (rows = n),
      onPhase: (phase) => phaseStarts.push([phase, performance.now()]),
    },
  );
  if (report.status !== 'imported') throw new Error(`bench import rejected: ${JSON.stringify(report.errors.slice(0, 5))}`);
  rows = report.rowsTotal;
  const end = performance.now();
  // seconds per phase of importRoll: read (decode, check, seal, stage), check, merge, analyze
  for (const [i, [phase, at]] of phaseStarts.entries()) phases[`${phase}Seconds`] = ((phaseStarts[i + 1]?.[1] ?? end) - at) / 1000;
} else if (mode === 'store') {
  const source = new pg.Client({ connectionString: file });
  const sink = new pg.Client({ connectionString: target });
  await Promise.all([source.connect(), sink.connect()]);
  const exported: [table: string, path: string][] = [];
  for (const [table, select] of [
    ['roll_imports', 'SELECT * FROM roll_imports'],
    ['taxpayers', 'SELECT * FROM taxpayers'],
    ['notices', 'SELECT * FROM notices'],
    ['audit_log', "SELECT * FROM audit_log WHERE entity_type = 'taxpayer'"],
  ] as const) {
    const path = join(tmpdir(), `ts-bench-store-${process.pid}-${table}.copy`);
    await pipeline(source.query(copyStreams.to(`COPY (${select}) TO STDOUT`)), createWriteStream(path));
    exported.push([table, path]);
  }
  await source.end();
  await sink.query("INSERT INTO districts (code, name_ko, name_en) VALUES ('gangnam', '강남구', 'Gangnam-gu') ON CONFLICT DO NOTHING");
  t0 = performance.now();
  await sink.query('BEGIN');
  for (const [table, path] of exported) {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), sink.query(copyStreams.from(`COPY ${table} FROM STDIN`)));
  }
  await sink.query('COMMIT');
  copyServerCpuSeconds = backendCpuSeconds(database);
  rows = (await sink.query<{ n: number }>('SELECT count(*)::integer AS n FROM notices')).rows[0]!.n;
  await sink.end();
  for (const [, path] of exported) rmSync(path, { force: true });
} else {
  const columns = Array.from({ length: 16 }, (_, i) => `c${i} text`).join(', ');
  await db.exec(`DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (${columns})`);
  if (isUrl) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyStreams.from('COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)')));
    copyServerCpuSeconds = backendCpuSeconds(database); // before its backend exits
    await client.end();
  } else {
    await sameThreadPglite!.pg.query("COPY bench_copy FROM '/dev/blob' (FORMAT csv, HEADER true)", [], { blob: new Blob([readFileSync(file)]) });
  }
  const { rows: count } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM bench_copy');
  rows = count[0]!.n;
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
const serverCpuSeconds = mode !== 'import' ? copyServerCpuSeconds : database ? backendCpuSeconds(database) : undefined;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await db.close();
console.log(JSON.stringify({ mode, rows, seconds, rowsPerSecond: rows / seconds, peakRssMB: peak / 1024 / 1024, nodeCpuSeconds, serverCpuSeconds, ...phases }));
