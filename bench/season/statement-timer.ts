import type { PgliteDatabase } from '../../src/platform/db/pglite.ts';
import { fmt } from '../support/bench-support.ts';

// Where PGlite's time goes, statement by statement: the WASM PostgreSQL runs
// inside execProtocolRawSync, on this thread, so timing that call is timing
// the database.

export interface StatementStats {
  calls: number;
  ms: number;
  /** CPU time of this process during the calls: on a loaded machine, less noisy than the wall clock. */
  cpuMs: number;
  /** CPU time by the protocol message that took it: Parse (parse, analyse), Bind (planning, for an unnamed statement), Execute */
  byMessage: Record<string, number>;
}

/** Times every protocol round of PGlite, filed under the statement its last Parse message named. */
export function instrument(db: PgliteDatabase): { byStatement: Map<string, StatementStats>; busyMs: () => number; busyCpuMs: () => number } {
  const byStatement = new Map<string, StatementStats>();
  const pg = db.pg as unknown as { execProtocolRawSync(message: Uint8Array): Uint8Array };
  const original = pg.execProtocolRawSync.bind(pg);
  let current = '(none)';
  let busy = 0;
  let busyCpu = 0;
  pg.execProtocolRawSync = (message: Uint8Array) => {
    let parsed = false;
    if (message[0] === 0x50 /* Parse */) {
      // 'P', int32 length, statement name (cstring), query text (cstring)
      let i = 5;
      while (message[i] !== 0) i++;
      const start = i + 1;
      let end = start;
      while (message[end] !== 0) end++;
      current = Buffer.from(message.subarray(start, end)).toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 110);
      parsed = true;
    } else if (message[0] === 0x51 /* simple Query */) {
      current = Buffer.from(message.subarray(5, Math.min(message.length - 1, 120))).toString('utf8').replace(/\s+/g, ' ').trim();
      parsed = true;
    }
    const t = performance.now();
    const c = process.cpuUsage();
    const out = original(message);
    const cpu = process.cpuUsage(c);
    const ms = performance.now() - t;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    busy += ms;
    busyCpu += cpuMs;
    const s = byStatement.get(current) ?? { calls: 0, ms: 0, cpuMs: 0, byMessage: {} };
    if (parsed) s.calls++;
    s.ms += ms;
    s.cpuMs += cpuMs;
    const kind = String.fromCharCode(message[0] ?? 63);
    s.byMessage[kind] = (s.byMessage[kind] ?? 0) + cpuMs;
    byStatement.set(current, s);
    return out;
  };
  return { byStatement, busyMs: () => busy, busyCpuMs: () => busyCpu };
}

export function printStatements(byStatement: Map<string, StatementStats>, notices: number, top = 30): void {
  const statements = [...byStatement.entries()].sort((a, b) => b[1].cpuMs - a[1].cpuMs);
  const total = statements.reduce((a, [, s]) => a + s.calls, 0);
  console.log(`  ${fmt(total)} statements = ${fmt(total / notices, 1)} per notice; by PGlite CPU time (wall time beside it):`);
  for (const [sql, s] of statements.slice(0, top)) {
    console.log(
      `  ${fmt(s.cpuMs / 1000, 2).padStart(6)} s cpu ${fmt(s.ms / 1000, 2).padStart(6)} s wall ${fmt(s.calls).padStart(6)}× ${fmt(s.cpuMs / Math.max(1, s.calls), 2).padStart(7)} ms cpu  [${Object.entries(s.byMessage).map(([k, v]) => `${k} ${fmt(v / 1000, 2)}`).join(' ')}]  ${sql}`,
    );
  }
}
