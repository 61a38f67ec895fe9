// node --import tsx bench/season/profile.ts [--notices N] [--drop-roll] [--cpu-profile FILE.cpuprofile]
//
// Where a PGlite season spends its time: the season bench's PGlite part, with
// the time PostgreSQL (WASM) spends on each statement, how often each runs and
// how many rows it touches, the event loop's lag (PGlite runs on this thread,
// so its time is lag for the HTTP and SMTP clients) and the share of the wall
// time the database was busy. The imported roll is kept as a dump between
// runs (the import is not what is measured; --drop-roll removes it).
// --cpu-profile writes a CPU profile of the season alone (open it in Chrome's DevTools).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPgliteSameThread, type PgliteDatabase } from '../../src/platform/db/pglite.ts';
import { fmt, option } from '../support/bench-support.ts';
import { deliverSeason, seedRoll } from '../season.ts';
import { instrument, printStatements } from './statement-timer.ts';

async function main(args: string[]): Promise<void> {
  const notices = Number(option(args, '--notices') ?? 16_000);
  const dumpFile = join(tmpdir(), `ts-season-profile-roll-${notices}.tar`);
  const dir = mkdtempSync(join(tmpdir(), 'ts-season-profile-'));
  let db: PgliteDatabase;
  if (existsSync(dumpFile)) {
    db = await openPgliteSameThread({ dataDir: dir, loadDataDir: new Blob([readFileSync(dumpFile)]) });
  } else {
    db = await openPgliteSameThread({ dataDir: dir });
    await migrate(db);
    const s = await seedRoll(db, 'gangnam', notices, 1);
    console.log(`roll of ${fmt(notices)} imported in ${fmt(s, 1)} s; kept as ${dumpFile}`);
    writeFileSync(dumpFile, Buffer.from(await (await db.dump()).arrayBuffer()));
  }
  try {
    const { byStatement, busyMs, busyCpuMs } = instrument(db);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const busyBefore = busyMs();
    const busyCpuBefore = busyCpuMs();
    const cpuBefore = process.cpuUsage();
    const profileTo = option(args, '--cpu-profile');
    const session = new Session();
    if (profileTo) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const r = await deliverSeason(db, 'gangnam', 1);
    if (profileTo) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
      session.disconnect();
    }
    lag.disable();
    const busy = busyMs() - busyBefore;
    const busyCpu = busyCpuMs() - busyCpuBefore;
    const cpu = process.cpuUsage(cpuBefore);
    console.log(`${fmt(r.notices)} notices in ${fmt(r.seconds, 1)} s = ${fmt(r.noticesPerSecond)} notices/s`);
    console.log(`  delivered ${JSON.stringify(r.summary.delivered)}, returned ${r.summary.returned}`);
    console.log(`  this process used ${fmt((cpu.user + cpu.system) / 1e6, 1)} s of CPU; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`  PGlite busy ${fmt(busy / 1000, 1)} s wall, ${fmt(busyCpu / 1000, 1)} s CPU (${((busy / 1000 / r.seconds) * 100).toFixed(0)}% of wall); event loop lag p50 ${fmt(lag.percentile(50) / 1e6, 1)} ms, p99 ${fmt(lag.percentile(99) / 1e6, 1)} ms, max ${fmt(lag.max / 1e6, 0)} ms`);
    printStatements(byStatement, r.notices);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    if (args.includes('--drop-roll')) rmSync(dumpFile, { force: true });
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
