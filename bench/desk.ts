// npm run bench -- desk [--residents N] [--agents N] [--rate R] [--seconds S] [--warmup S] [--agent-share F] [--nodes 1|2|both]
//
// The live desk under load: N residents on the web door's WebSocket and the
// district's agents on the console's, every resident in a conversation with
// an agent, exchanging R messages a second for S seconds (a quarter of them
// from agents by default: an agent's socket may send 3 a second, a resident's
// 1). First on one `serve` process, then split over two on one PostgreSQL,
// where half the conversations cross nodes through LISTEN/NOTIFY. Each
// message is timed from its send to its receipt at the other side, after a
// warm-up at the same rate that is not counted (5 s by default). In the
// same run, a bare `ws` echo server gets as many sockets and the same
// messages at the same rate: the baseline. Target: p99 under 100 ms at 200/s.

import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createStaffAccount } from '../src/platform/auth/staff.repository.ts';
import { startServeProcess, type ServeProcess } from '../test-support/serve-process.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';
import { runDesk, type BenchAgent, type DeskRunResult } from './desk/desk-run.ts';
import { runEcho } from './desk/echo-run.ts';
import type { LatencySummary } from './desk/traffic.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const DISTRICT = 'seocho';
const PASSWORD = 'bench-desk-agent-password';

/** utime + stime of a process from /proc (Linux), in seconds; undefined elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const line = (s: LatencySummary) =>
  `${fmt(s.perSecond)} msg/s delivered, p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms, max ${fmt(s.max, 1)} ms; ${fmt(s.received)} of ${fmt(s.sent)} arrived, ${fmt(s.duplicates)} twice`;

async function deskOnNodes(nodeCount: number, o: { residents: number; agents: number; total: number; rate: number; agentShare: number; warmup: number }): Promise<DeskRunResult> {
  const benchDb = await createBenchDatabase(`ts_bench_desk_${nodeCount}n`);
  const db = openPostgres({ connectionString: benchDb.url.toString(), max: 4 });
  const nodes: ServeProcess[] = [];
  try {
    await migrate(db);
    await db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '서초구', 'Seocho-gu')`, [DISTRICT]);
    const agents: BenchAgent[] = await Promise.all(
      Array.from({ length: o.agents }, async (_, i) => {
        const username = `bench.agent-${String(i + 1).padStart(2, '0')}`;
        const staffId = await createStaffAccount(db, { districtCode: DISTRICT, username, displayName: `상담원 ${i + 1}`, role: 'desk_agent', password: PASSWORD });
        return { staffId, username, password: PASSWORD };
      }),
    );
    // As in production: info logs (a line per message), trusted proxy headers.
    const env = { DATABASE_URL: benchDb.url.toString(), TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_TRUST_PROXY: '127.0.0.1', NODE_ENV: 'production', TAXSTATION_LOG_LEVEL: 'info' };
    nodes.push(...(await Promise.all(Array.from({ length: nodeCount }, () => startServeProcess(env)))));
    const nodesCpuSeconds = () => {
      const each = nodes.map((n) => cpuSecondsOf(n.child.pid));
      return each.every((c) => c !== undefined) ? each.reduce((a, b) => a! + b!, 0) : undefined;
    };
    return await runDesk({ db, nodes: nodes.map((n) => n.base), district: DISTRICT, agents, residents: o.residents, total: o.total, perSecond: o.rate, warmup: o.warmup, agentShare: o.agentShare, nodesCpuSeconds });
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await db.close();
    await benchDb.drop();
  }
}

export async function run(args: string[]): Promise<void> {
  const residents = Number(option(args, '--residents') ?? 1000);
  const agentCount = Number(option(args, '--agents') ?? 20);
  const rate = Number(option(args, '--rate') ?? 200);
  const seconds = Number(option(args, '--seconds') ?? 30);
  const agentShare = Number(option(args, '--agent-share') ?? 0.25);
  const warmup = Math.round(rate * Number(option(args, '--warmup') ?? 5));
  const which = option(args, '--nodes') ?? 'both';
  const total = Math.round(rate * seconds);
  const o = { residents, agents: agentCount, total, rate, agentShare, warmup };

  console.log(`desk benchmark on ${process.platform} ${process.arch}, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${fmt(residents)} residents + ${agentCount} agents; ${fmt(total)} messages timed at ${fmt(rate)}/s after ${fmt(warmup)} not timed, ${Math.round(agentShare * 100)}% from agents\n`);

  const echo = await runEcho(residents + agentCount, total, rate, warmup);
  console.log(`bare ws echo server, ${fmt(residents + agentCount)} sockets: ${line(echo)}`);
  const results: Record<string, unknown> = { echo };

  for (const nodeCount of which === 'both' ? [1, 2] : [Number(which)]) {
    const r = await deskOnNodes(nodeCount, o);
    const label = nodeCount === 1 ? 'desk, one serve node' : `desk, ${nodeCount} serve nodes`;
    console.log(`${label}: ${line(r.latency)}`);
    console.log(
      `  ratio to echo: rate ${(r.latency.perSecond / echo.perSecond).toFixed(2)}, p50 ${(r.latency.p50 / echo.p50).toFixed(1)}×, p99 ${(r.latency.p99 / echo.p99).toFixed(1)}×; ` +
        `set-up ${fmt(r.setupSeconds, 1)} s; conversations across nodes ${fmt(r.crossNode)}; error frames ${JSON.stringify(r.errors)}` +
        (r.cpuMsPerMessage !== undefined ? `; serve CPU ${fmt(r.cpuMsPerMessage, 2)} ms per message` : ''),
    );
    const verdict = r.latency.p99 < 100 && r.latency.received === r.latency.sent && r.latency.duplicates === 0 ? 'met' : 'NOT met';
    console.log(`  target p99 < 100 ms at 200 msg/s, every message arriving once: ${rate === 200 ? verdict : `${verdict} (but this run was at ${fmt(rate)}/s)`}`);
    results[`nodes${nodeCount}`] = r;
  }
  console.log(`RESULT ${JSON.stringify({ residents, agents: agentCount, rate, total, warmup, agentShare, loadavg: loadavg(), ...results })}`);
}
