// npm run bench -- station [--steps 100,200,...] [--seconds S] [--warmup S] [--observers K] [--nodes 1|2|both] [--skip-baseline]
//
// The station's presence server under load: simulated visitors in one
// district's station (the default map, 40 × 30 tiles), each moving 5 times a
// second by a few pixels, joined on `serve` processes on one PostgreSQL.
// Step by step the number of visitors grows; at each step, after a warm-up,
// every move is timed from its send to its receipt (in an 'update' frame) by
// each of K observing visitors that has the mover in its interest. The
// largest number held is the last step whose p99 stayed under 100 ms. Also:
// the server processes' CPU (% of one core) and the bytes each visitor
// receives (and sends) per second. In the same run, the same clients on a
// bare `ws` server that broadcasts every changed position to every socket
// each 50 ms (bench/station/broadcast-server.ts): the baseline. The clients
// run in this process, on the same machine as the servers. A step whose p99
// is over the limit is measured once more (the machine is shared: a burst of
// other work should not end the ramp); the ramp ends when both are over.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, cpus, loadavg } from 'node:os';
import WebSocket from 'ws';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { DEFAULT_STATION_BOUNDS } from '../src/station/presence/presence.bounds.ts';
import type { MoveEntry } from '../src/station/presence/presence.frames.ts';
import { startServeProcess, type ServeProcess } from '../test-support/serve-process.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';

const KEY = Buffer.alloc(32, 5).toString('base64');
const DISTRICT = 'seocho';
const MOVES_PER_SECOND = 5;
const LIMIT_P99_MS = 100;

function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** One simulated visitor: moves on a timer; an observer also reads its frames and times the moves it receives. */
class Sim {
  id = '';
  x: number;
  y: number;
  bytesIn = 0;
  bytesOut = 0;
  nextAt = 0;
  /** the last positions sent, with when */
  readonly sent: [number, number, number][] = [];
  constructor(
    readonly ws: WebSocket,
    readonly observer: boolean,
  ) {
    this.x = 20 + Math.random() * (DEFAULT_STATION_BOUNDS.width - 40);
    this.y = 20 + Math.random() * (DEFAULT_STATION_BOUNDS.height - 40);
    this.x = Math.round(this.x);
    this.y = Math.round(this.y);
  }
  move(now: number): void {
    const step = () => Math.round((Math.random() - 0.5) * 16) || 1;
    this.x = Math.min(DEFAULT_STATION_BOUNDS.width, Math.max(0, this.x + step()));
    this.y = Math.min(DEFAULT_STATION_BOUNDS.height, Math.max(0, this.y + step()));
    const text = `{"type":"move","x":${this.x},"y":${this.y}}`;
    this.bytesOut += text.length;
    this.sent.push([this.x, this.y, now]);
    if (this.sent.length > 12) this.sent.shift();
    this.ws.send(text);
  }
  sentAt(x: number, y: number): number | undefined {
    for (let i = this.sent.length - 1; i >= 0; i--) {
      const s = this.sent[i]!;
      if (s[0] === x && s[1] === y) return s[2];
    }
    return undefined;
  }
}

interface StepResult {
  visitors: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  cpuPercent: number | undefined;
  /** this process (every simulated visitor): when it nears 100%, the clients, not the server, are the limit */
  clientCpuPercent: number;
  bytesInPerVisitorSecond: number;
  bytesOutPerVisitorSecond: number;
  held: boolean;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : NaN);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Grows the visitors step by step on the given servers until p99 exceeds the limit. */
async function rampUp(urls: string[], cpuSeconds: () => number | undefined, o: { steps: number[]; seconds: number; warmup: number; observers: number; label: string }): Promise<StepResult[]> {
  const sims: Sim[] = [];
  const byId = new Map<string, Sim>();
  let measuring = false;
  let samples: number[] = [];
  const results: StepResult[] = [];

  const connect = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(urls[index % urls.length]!);
      const sim = new Sim(ws, index < o.observers);
      ws.once('error', reject);
      ws.on('message', (data: Buffer) => {
        sim.bytesIn += data.length;
        if (!sim.id) {
          const frame = JSON.parse(data.toString()) as { type: string; you?: { id: string } };
          if (frame.type === 'welcome') {
            sim.id = frame.you!.id;
            byId.set(sim.id, sim);
            resolve();
          } else if (frame.type === 'error') reject(new Error(data.toString()));
          return;
        }
        if (!sim.observer || !measuring) return;
        const now = performance.now();
        const frame = JSON.parse(data.toString()) as { type: string; moves?: MoveEntry[] };
        for (const [id, x, y] of frame.moves ?? []) {
          if (id === sim.id) continue;
          const at = byId.get(id)?.sentAt(x, y);
          if (at !== undefined) samples.push(now - at);
        }
      });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'join', district: DISTRICT, nickname: `bot ${index}`, look: 'blue', x: sim.x, y: sim.y })));
      sims.push(sim);
    });

  // every visitor moves 5 times a second, each at its own phase
  const period = 1000 / MOVES_PER_SECOND;
  const timer = setInterval(() => {
    const now = performance.now();
    for (const sim of sims) {
      if (!sim.id || now < sim.nextAt) continue;
      sim.nextAt = (sim.nextAt || now) + period;
      if (sim.nextAt < now) sim.nextAt = now + period; // fell behind: no burst
      sim.move(now);
    }
  }, 5);

  try {
    for (const target of o.steps) {
      for (let start = sims.length; start < target; start += 50) await Promise.all(Array.from({ length: Math.min(50, target - start) }, (_, i) => connect(start + i)));
      for (const s of sims) if (!s.nextAt) s.nextAt = performance.now() + Math.random() * period;
      await sleep(o.warmup * 1000);
      for (let attempt = 1; attempt <= 2; attempt++) {
        samples = [];
        for (const s of sims) (s.bytesIn = 0), (s.bytesOut = 0);
        const cpu0 = cpuSeconds();
        const clientCpu0 = process.cpuUsage();
        const t0 = performance.now();
        measuring = true;
        await sleep(o.seconds * 1000);
        measuring = false;
        const elapsed = (performance.now() - t0) / 1000;
        const cpu1 = cpuSeconds();
        const clientCpu = process.cpuUsage(clientCpu0);
        const sorted = samples.sort((a, b) => a - b);
        const bytesIn = sims.reduce((n, s) => n + s.bytesIn, 0);
        const bytesOut = sims.reduce((n, s) => n + s.bytesOut, 0);
        const r: StepResult = {
          visitors: sims.length,
          samples: sorted.length,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          max: sorted[sorted.length - 1] ?? NaN,
          cpuPercent: cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) / elapsed) * 100 : undefined,
          clientCpuPercent: ((clientCpu.user + clientCpu.system) / 1e6 / elapsed) * 100,
          bytesInPerVisitorSecond: bytesIn / sims.length / elapsed,
          bytesOutPerVisitorSecond: bytesOut / sims.length / elapsed,
          held: sorted.length > 0 && percentile(sorted, 99) <= LIMIT_P99_MS,
        };
        results.push(r);
        console.log(
          `${o.label}: ${fmt(r.visitors)} visitors${attempt > 1 ? ' (again)' : ''}: p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, max ${fmt(r.max, 1)} ms (${fmt(r.samples)} receipts timed); server CPU ${r.cpuPercent === undefined ? '?' : fmt(r.cpuPercent)}% of a core (clients ${fmt(r.clientCpuPercent)}%); ${fmt(r.bytesInPerVisitorSecond)} B/s in and ${fmt(r.bytesOutPerVisitorSecond)} B/s out per visitor${r.held ? '' : ' — over the limit'}`,
        );
        if (r.held) break;
      }
      if (!results.at(-1)!.held) break;
    }
  } finally {
    clearInterval(timer);
    for (const s of sims) s.ws.terminate();
  }
  return results;
}

async function startBroadcastServer(): Promise<{ url: string; pid: number | undefined; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'station', 'broadcast-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`broadcast server exited with ${code}`)));
  });
  return { url: `ws://127.0.0.1:${port}/`, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

async function stationOnNodes(nodeCount: number, o: Parameters<typeof rampUp>[2]): Promise<StepResult[]> {
  const benchDb = await createBenchDatabase(`ts_bench_station_${nodeCount}n`);
  const db = openPostgres({ connectionString: benchDb.url.toString(), max: 2 });
  const nodes: ServeProcess[] = [];
  try {
    await migrate(db);
    await db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '서초구', 'Seocho-gu')`, [DISTRICT]);
    // every simulated visitor comes from 127.0.0.1: lift the per-address limit
    const env = { DATABASE_URL: benchDb.url.toString(), TAXSTATION_ENCRYPTION_KEY: KEY, TAXSTATION_TRUST_PROXY: '127.0.0.1', NODE_ENV: 'production', TAXSTATION_LOG_LEVEL: 'info', TAXSTATION_STATION_SOCKETS_PER_ADDRESS: '100000' };
    nodes.push(...(await Promise.all(Array.from({ length: nodeCount }, () => startServeProcess(env)))));
    const cpu = () => {
      const each = nodes.map((n) => cpuSecondsOf(n.child.pid));
      return each.every((c) => c !== undefined) ? each.reduce((a, b) => a! + b!, 0) : undefined;
    };
    return await rampUp(
      nodes.map((n) => `${n.base.replace('http', 'ws')}/r/station/socket`),
      cpu,
      o,
    );
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await db.close();
    await benchDb.drop();
  }
}

const largestHeld = (results: StepResult[]) => results.filter((r) => r.held).at(-1);

export async function run(args: string[]): Promise<void> {
  const steps = (option(args, '--steps') ?? '100,200,300,400,500,600,800,1000,1200,1500').split(',').map(Number);
  const seconds = Number(option(args, '--seconds') ?? 6);
  const warmup = Number(option(args, '--warmup') ?? 3);
  const observers = Number(option(args, '--observers') ?? 40);
  const nodesOption = option(args, '--nodes') ?? 'both';
  const o = { steps, seconds, warmup, observers };
  console.log(`machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`visitors move ${MOVES_PER_SECOND}×/s on the default map (${DEFAULT_STATION_BOUNDS.width}×${DEFAULT_STATION_BOUNDS.height} px); steps ${steps.join(', ')}; ${warmup} s warm-up + ${seconds} s measured each; ${observers} observers time every move they receive`);

  const summary: Record<string, StepResult | undefined> = {};
  if (!args.includes('--skip-baseline')) {
    const baseline = await startBroadcastServer();
    try {
      summary.baseline = largestHeld(await rampUp([baseline.url], () => cpuSecondsOf(baseline.pid), { ...o, label: 'bare ws broadcast' }));
    } finally {
      baseline.stop();
    }
  }
  if (nodesOption === '1' || nodesOption === 'both') summary.oneNode = largestHeld(await stationOnNodes(1, { ...o, label: 'station, 1 node' }));
  if (nodesOption === '2' || nodesOption === 'both') summary.twoNodes = largestHeld(await stationOnNodes(2, { ...o, label: 'station, 2 nodes' }));

  console.log('\nlargest number of visitors held with p99 ≤ 100 ms:');
  for (const [name, r] of Object.entries(summary)) {
    console.log(`  ${name}: ${r ? `${fmt(r.visitors)} (p99 ${fmt(r.p99, 1)} ms, CPU ${r.cpuPercent === undefined ? '?' : fmt(r.cpuPercent)}%, ${fmt(r.bytesInPerVisitorSecond)} B/s per visitor in)` : 'none of the steps'}`);
  }
  console.log(`RESULT ${JSON.stringify({ steps, seconds, warmup, observers, loadavg: loadavg(), ...summary })}`);
}
