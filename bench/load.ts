// npm run bench -- load [--seconds S] [--baseline-seconds S] [--season-rate N] [--page-clients N]
//                       [--self-service-clients N] [--chat-rate N] [--chat-residents N] [--booking-rate N] [--help]
//
// A peak week in five minutes: two `taxstation serve` and two `taxstation work`
// processes on one PostgreSQL (a fresh database of its own, dropped after)
// under a mixed load for a bounded time (default 300 s):
//   season   notices released at a steady rate (--season-rate, default 100/s),
//            dispatched by the workers through the gateway simulator, whose
//            receipts arrive at the serve processes' webhooks (kakao at one,
//            SMS at the other);
//   pages    residents reading resident pages (guide, FAQ, calendar, desk,
//            consultations), --page-clients at a time, back to back;
//   self     the self-service start (GET /r/update), --self-service-clients at a time;
//   chat     residents and agents on the desk's WebSockets (bench/desk/desk-run.ts),
//            --chat-rate messages a second, half the residents on each serve;
//   booking  residents reading the free slots of a field and booking one
//            (--booking-rate a second), each with a confirmed code.
// Reported per kind: throughput and p99, errors (5xx and refused connections:
// target zero), and each process's resident memory sampled every second
// (first, last, max, and whether it grew). The baseline, in the same run: the
// same mix against one serve and one work process, for --baseline-seconds
// (default 60), printed as ratios.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createCipher } from '../src/platform/crypto.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createStaffAccount } from '../src/platform/auth/staff.repository.ts';
import { issueSeason } from '../src/delivery/queue/queue.ts';
import { startSimulator } from '../src/delivery/simulator/simulator.ts';
import { saveConsultationExpert, setUpConsultations } from '../src/consultations/schedule/schedule.service.ts';
import { createNotices, createTaxpayers, type TaxpayerSpec } from '../test-support/factories.ts';
import { startServeProcess } from '../test-support/serve-process.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';
import { runDesk, type BenchAgent } from './desk/desk-run.ts';
import { verifiedResidents } from './booking.ts';
import { stopProcess } from './season.ts';

/** What `npm run bench -- load --help` prints (bench.command.ts). */
export const usage = `npm run bench -- load [options]
  --seconds S               length of the measured run on 2 serve + 2 work (default 300)
  --baseline-seconds S      length of the baseline run on 1 serve + 1 work (default 60)
  --season-rate N           notices released a second (default 100)
  --page-clients N          residents reading pages at a time (default 4)
  --self-service-clients N  residents opening self-service at a time (default 2)
  --chat-rate N             desk messages a second (default 20)
  --chat-residents N        residents chatting (default 40, with 4 agents)
  --booking-rate N          consultation bookings attempted a second (default 1)
  --help                    this text`;

/** The factories seal personal data with this key; the processes must open it with the same. */
const KEY = Buffer.alloc(32, 7);
const DISTRICT = 'bench';
const BIN = join(import.meta.dirname, '..', 'bin', 'taxstation.mjs');
const FIELDS = ['acquisition_tax', 'capital_gains_tax', 'inheritance_tax', 'gift_tax', 'national_taxes'];
const PAGES = [`/r/guide/${DISTRICT}`, `/r/guide/${DISTRICT}/faq`, `/r/guide/${DISTRICT}/calendar`, `/r/desk`, `/r/consultations/${DISTRICT}`];
const KINDS = ['season', 'pages', 'self', 'chat', 'booking'] as const;
type Kind = (typeof KINDS)[number];

interface KindFigures { count: number; perSecond: number; p99: number; errors: number; note?: string }
interface MemoryFigures { name: string; firstMB: number; lastMB: number; maxMB: number; grew: boolean }
interface PhaseResult { label: string; seconds: number; kinds: Record<Kind, KindFigures>; memory: MemoryFigures[] }

interface Options {
  seasonRate: number; pageClients: number; selfClients: number; chatRate: number; chatResidents: number; bookingRate: number;
}

const p99 = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? NaN;
};

function rssOf(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** `taxstation work`; resolves once it says it runs. */
function startWorkProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'work'], { env: { ...(process.env as Record<string, string>), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (out.length > 10_000) return;
      out += chunk.toString();
      if (/taxstation work/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`work exited with ${code}: ${out}`)));
  });
}

/** Taxpayers reachable by Kakao and SMS, by SMS only, or on paper, as in a district's roll. */
function taxpayers(n: number, offset: number): TaxpayerSpec[] {
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    const phone = `+8210${String(20000000 + i).padStart(8, '0')}`;
    return i % 4 === 3 ? { mobile: phone, enrol: [] } : { mobile: phone, enrol: i % 4 === 2 ? ['sms'] : ['kakao', 'sms'] };
  });
}

/** Runs worker() back to back on `clients` lanes until stopAt (performance.now()). */
async function lanes(clients: number, stopAt: number, worker: (lane: number, n: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: clients }, async (_, lane) => {
    for (let n = 0; performance.now() < stopAt; n++) await worker(lane, n);
  }));
}

/** Calls fire() rate times a second until stopAt, without waiting for the previous call. */
async function pacedUntil(rate: number, stopAt: number, fire: (n: number) => Promise<void>): Promise<void> {
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  let n = 0;
  while (performance.now() < stopAt) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (n < due) pending.push(fire(n++).catch((error: unknown) => console.error(error)));
    await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.all(pending);
}

async function phase(label: string, nodes: number, workers: number, seconds: number, o: Options): Promise<PhaseResult> {
  const benchDb = await createBenchDatabase(`ts_bench_load_${nodes}n`);
  const db = openPostgres({ connectionString: benchDb.url.toString(), max: 8 });
  const cipher = createCipher(KEY);
  const sim = await startSimulator({ port: 0, profile: 'gangnam', overrides: { latencyMs: 0 } });
  const children: { name: string; child: ChildProcess; stop: () => Promise<void> }[] = [];
  const samples = new Map<string, number[]>();
  let sampler: NodeJS.Timeout | undefined;
  try {
    await migrate(db);
    await db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '벤치구', 'Bench-gu')`, [DISTRICT]);
    const setupStart = performance.now();
    // The season: as many notices as the run releases, issued for later and released step by step.
    const notices = Math.max(1, Math.round(o.seasonRate * seconds));
    for (let done = 0; done < notices; done += 2000) {
      const ids = await createTaxpayers(db, DISTRICT, taxpayers(Math.min(2000, notices - done), done), cipher);
      await createNotices(db, DISTRICT, ids, { dueDate: '2099-07-31' });
    }
    // Desk agents and consultation experts, residents with confirmed codes.
    const agents: BenchAgent[] = await Promise.all(Array.from({ length: 4 }, async (_, i) => {
      const username = `bench.agent-${i + 1}`;
      const password = 'bench-load-agent-password';
      return { staffId: await createStaffAccount(db, { districtCode: DISTRICT, username, displayName: `상담원 ${i + 1}`, role: 'desk_agent', password }), username, password };
    }));
    await setUpConsultations(db, DISTRICT);
    for (let i = 1; i <= 3; i++) {
      const staffId = await createStaffAccount(db, { districtCode: DISTRICT, username: `bench.expert${i}`, displayName: `세무사${i}`, role: 'expert', password: 'bench-password-0123' });
      await saveConsultationExpert(db, DISTRICT, staffId, { fields: FIELDS, weekdays: [1, 2, 3, 4, 5] });
    }

    const providers = JSON.stringify([
      { type: 'kakao-gateway', name: 'kakao-sim', baseUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret, ratePerSecond: 100000 },
      { type: 'sms-gateway', name: 'sms-sim', baseUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret, ratePerSecond: 100000 },
    ]);
    // As in production: info logs, trusted proxy headers (each resident from an address of its own).
    const env = {
      DATABASE_URL: benchDb.url.toString(), TAXSTATION_ENCRYPTION_KEY: KEY.toString('base64'), TAXSTATION_PROVIDERS: providers,
      TAXSTATION_QUIET_HOURS: 'off', TAXSTATION_TRUST_PROXY: '127.0.0.1', NODE_ENV: 'production', TAXSTATION_LOG_LEVEL: 'info',
    };
    const serves = await Promise.all(Array.from({ length: nodes }, () => startServeProcess(env)));
    serves.forEach((s, i) => children.push({ name: `serve-${i + 1}`, child: s.child, stop: s.stop }));
    for (let i = 0; i < workers; i++) {
      const child = await startWorkProcess(env);
      children.push({ name: `work-${i + 1}`, child, stop: () => stopProcess(child, 15_000) });
    }
    const receipts = (name: string, node: number) => `${serves[node % serves.length]!.base}/api/webhooks/receipts/${name}`;
    sim.setWebhooks({ kakao: receipts('kakao-sim', 0), sms: receipts('sms-sim', 1) });
    const base = (i: number) => serves[i % serves.length]!.base;
    const bookingDeps = { db, cipher, clock: () => new Date(), publicUrl: base(0) };
    const bookers = await verifiedResidents(bookingDeps, db, 0, Math.ceil(o.bookingRate * seconds) + 1, DISTRICT);
    console.log(`  ${label}: set-up ${fmt((performance.now() - setupStart) / 1000, 1)} s (${fmt(notices)} notices, ${fmt(bookers.length)} residents with codes), not measured`);

    for (const c of children) samples.set(c.name, []);
    const sample = () => { for (const c of children) { const r = rssOf(c.child.pid); if (r !== undefined) samples.get(c.name)!.push(r); } };
    sample();
    sampler = setInterval(sample, 1000);

    const { seasonId } = await issueSeason(db, { districtCode: DISTRICT, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'bench', sendAfter: new Date(Date.now() + 3600_000) });
    await db.query(
      `WITH o AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM messages WHERE season_id = $1)
       UPDATE messages m SET send_after = now() + make_interval(secs => o.k / $2::float8) FROM o WHERE m.id = o.id`,
      [seasonId, o.seasonRate],
    );
    await db.query(`UPDATE delivery_attempts a SET available_at = m.send_after FROM messages m WHERE m.id = a.message_id AND m.season_id = $1`, [seasonId]);
    const t0 = performance.now();
    const wallStart = new Date();
    const stopAt = t0 + seconds * 1000;

    const latencies: Record<Kind, number[]> = { season: [], pages: [], self: [], chat: [], booking: [] };
    const errors: Record<Kind, number> = { season: 0, pages: 0, self: 0, chat: 0, booking: 0 };
    const statuses = new Map<string, number>();
    const get = async (kind: Kind, url: string, ip: string, init: RequestInit = {}): Promise<{ status: number; text: string } | undefined> => {
      const started = performance.now();
      try {
        const response = await fetch(url, { ...init, headers: { 'x-forwarded-for': ip, accept: 'text/html,application/json', ...(init.headers as Record<string, string>) } });
        const text = await response.text().catch(() => '');
        latencies[kind].push(performance.now() - started);
        statuses.set(`${kind} ${response.status}`, (statuses.get(`${kind} ${response.status}`) ?? 0) + 1);
        if (response.status >= 500) errors[kind]++;
        return { status: response.status, text };
      } catch {
        errors[kind]++;
        statuses.set(`${kind} refused`, (statuses.get(`${kind} refused`) ?? 0) + 1);
        return undefined;
      }
    };
    const progress = setInterval(() => {
      const at = (performance.now() - t0) / 1000;
      const rss = children.map((c) => `${c.name} ${fmt((samples.get(c.name)!.at(-1) ?? 0) / 1048576)} MB`).join(', ');
      console.log(`    ${fmt(at)} s: pages ${fmt(latencies.pages.length)}, self ${fmt(latencies.self.length)}, booking ${fmt(latencies.booking.length)}, 5xx/refused ${fmt(Object.values(errors).reduce((a, b) => a + b, 0))}; ${rss}`);
    }, 15_000);

    const pages = lanes(o.pageClients, stopAt, async (lane, n) => {
      await get('pages', `${base(lane + n)}${PAGES[n % PAGES.length]}?lang=${n % 2 ? 'en' : 'ko'}`, `10.3.${lane}.${(n % 250) + 1}`);
    });
    const self = lanes(o.selfClients, stopAt, async (lane, n) => {
      await get('self', `${base(lane + n)}/r/update?lang=${n % 2 ? 'en' : 'ko'}`, `10.4.${lane}.${(n % 250) + 1}`);
    });
    let booked = 0;
    const booking = pacedUntil(o.bookingRate, stopAt, async (n) => {
      const r = bookers[n % bookers.length]!;
      const field = FIELDS[n % FIELDS.length]!;
      const read = await get('booking', `${base(n)}/r/api/consultations/${DISTRICT}/slots?field=${field}`, r.ip, { headers: { accept: 'application/json' } });
      const days = read?.status === 200 ? ((JSON.parse(read.text) as { days?: { slots: { expertId: number; start: string }[] }[] }).days ?? []).filter((d) => d.slots.length) : [];
      if (!days.length) return;
      const day = days[Math.floor(Math.random() ** 2 * days.length)]!;
      const slot = day.slots[Math.floor(Math.random() * day.slots.length)]!;
      const body = { fieldCode: field, expertId: slot.expertId, slotStart: slot.start, contact: r.contact, name: `주민${n}`, questionnaire: { topic: '양도소득세 비과세 요건', hasDocuments: true }, residencyDeclared: true, verificationId: r.verificationId };
      const made = await get('booking', `${base(n)}/r/api/consultations/${DISTRICT}/bookings`, r.ip, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: 'application/json' } });
      if (made?.status === 201) booked++;
    });
    const chatWarmup = Math.round(o.chatRate * 2);
    const chatTotal = Math.max(1, Math.round(o.chatRate * seconds) - chatWarmup);
    const chat = runDesk({ db, nodes: serves.map((s) => s.base), district: DISTRICT, agents, residents: o.chatResidents, total: chatTotal, perSecond: o.chatRate, warmup: chatWarmup, agentShare: 0.25 });
    const [, , , desk] = await Promise.all([pages, self, booking, chat]);
    clearInterval(progress);
    const elapsed = (performance.now() - t0) / 1000;

    // The season over the same window: notices released in it, their hand-over to the first provider, receipts.
    const { rows } = await db.query<{ released: number; handed: number; p99: number | null; receipts: number }>(
      `WITH w AS (SELECT m.id, m.send_after,
                         (SELECT min(a.accepted_at) FROM delivery_attempts a WHERE a.message_id = m.id) AS handed
                    FROM messages m WHERE m.season_id = $1 AND m.send_after <= $2)
       SELECT count(*)::int AS released, count(handed)::int AS handed,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM handed - send_after) * 1000) AS p99,
              (SELECT count(*)::int FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
                WHERE m.season_id = $1 AND a.state IN ('delivered', 'failed') AND a.accepted_at IS NOT NULL) AS receipts
         FROM w`,
      [seasonId, new Date(wallStart.getTime() + seconds * 1000)],
    );
    const s = rows[0]!;
    // Pages, self-service and bookings run until stopAt; the desk also sets up and drains around it.
    const figures = (kind: Kind, note?: string): KindFigures => ({ count: latencies[kind].length, perSecond: latencies[kind].length / seconds, p99: p99(latencies[kind]), errors: errors[kind], note });
    const deskErrors = Object.entries(desk.errors).filter(([code]) => code !== 'rate_limited').reduce((a, [, n]) => a + n, 0);
    const kinds: Record<Kind, KindFigures> = {
      season: { count: s.handed, perSecond: s.handed / seconds, p99: Number(s.p99 ?? NaN), errors: 0, note: `${fmt(s.released)} released, ${fmt(s.handed)} handed over, ${fmt(s.receipts)} receipts applied` },
      pages: figures('pages'),
      self: figures('self'),
      chat: { count: desk.latency.received, perSecond: desk.latency.perSecond, p99: desk.latency.p99, errors: deskErrors + (desk.latency.sent - desk.latency.received) + desk.latency.duplicates, note: `${fmt(desk.latency.sent)} sent, ${fmt(desk.latency.received)} arrived, ${fmt(desk.latency.duplicates)} twice, error frames ${JSON.stringify(desk.errors)}` },
      booking: figures('booking', `${fmt(booked)} booked`),
    };
    console.log(`    answers: ${[...statuses].sort().map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}`);
    clearInterval(sampler);
    sampler = undefined;
    const memory = children.map(({ name }) => {
      const rss = samples.get(name)!;
      const first = rss[Math.min(rss.length - 1, 5)] ?? NaN; // after the first seconds of warm-up
      const last = rss.at(-1) ?? NaN;
      return { name, firstMB: first / 1048576, lastMB: last / 1048576, maxMB: Math.max(...rss) / 1048576, grew: last > first * 1.25 };
    });
    return { label, seconds: elapsed, kinds, memory };
  } finally {
    if (sampler) clearInterval(sampler);
    await Promise.all(children.map((c) => c.stop().catch(() => {})));
    await sim.close().catch(() => {});
    await db.close();
    await benchDb.drop();
  }
}

const unit: Record<Kind, string> = { season: 'notices/s', pages: 'req/s', self: 'req/s', chat: 'msg/s', booking: 'req/s' };
const p99Of: Record<Kind, string> = { season: 'release → first provider', pages: 'GET', self: 'GET /r/update', chat: 'send → other side', booking: 'slots read + booking' };

function print(r: PhaseResult): void {
  console.log(`\n${r.label} (${fmt(r.seconds, 1)} s)`);
  for (const k of KINDS) {
    const f = r.kinds[k];
    console.log(`  ${k.padEnd(8)} ${fmt(f.perSecond, 1).padStart(8)} ${unit[k].padEnd(9)} p99 ${fmt(f.p99, 1).padStart(8)} ms (${p99Of[k]})   errors ${fmt(f.errors)}${f.note ? `   ${f.note}` : ''}`);
  }
  for (const m of r.memory) console.log(`  memory ${m.name.padEnd(8)} RSS first ${fmt(m.firstMB)} MB, last ${fmt(m.lastMB)} MB, max ${fmt(m.maxMB)} MB: ${m.grew ? 'GREW (> 25%)' : 'no growth'}`);
}

export async function run(args: string[]): Promise<void> {
  const seconds = Number(option(args, '--seconds') ?? 300);
  const baselineSeconds = Number(option(args, '--baseline-seconds') ?? Math.min(60, seconds));
  const o: Options = {
    seasonRate: Number(option(args, '--season-rate') ?? 100),
    pageClients: Number(option(args, '--page-clients') ?? 4),
    selfClients: Number(option(args, '--self-service-clients') ?? 2),
    chatRate: Number(option(args, '--chat-rate') ?? 20),
    chatResidents: Number(option(args, '--chat-residents') ?? 40),
    bookingRate: Number(option(args, '--booking-rate') ?? 1),
  };
  console.log(`load benchmark on ${process.platform} ${process.arch}, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`mix: ${JSON.stringify(o)}`);
  const baseline = await phase('baseline: 1 serve + 1 work', 1, 1, baselineSeconds, o);
  print(baseline);
  const load = await phase('load: 2 serve + 2 work', 2, 2, seconds, o);
  print(load);
  console.log('\nratio 2+2 ÷ 1+1 (same mix):');
  for (const k of KINDS) {
    console.log(`  ${k.padEnd(8)} throughput ${(load.kinds[k].perSecond / baseline.kinds[k].perSecond).toFixed(2)}, p99 ${(load.kinds[k].p99 / baseline.kinds[k].p99).toFixed(2)}×`);
  }
  const errors = KINDS.reduce((a, k) => a + load.kinds[k].errors, 0);
  console.log(`errors (5xx, refused, chat lost/doubled) in the 2+2 run: ${errors} (target 0); memory growth: ${load.memory.filter((m) => m.grew).map((m) => m.name).join(', ') || 'none'}`);
  console.log(`RESULT ${JSON.stringify({ options: o, seconds, baselineSeconds, baseline, load })}`);
}
