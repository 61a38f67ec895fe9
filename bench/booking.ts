// npm run bench -- booking [--residents N] [--connections C] [--month-residents M] [--month-connections C] [--keep]
//
// The consultation engine under load, on PostgreSQL (a fresh database from
// DATABASE_URL or postgres://postgres@127.0.0.1:5432/test), over HTTP on
// loopback into the real server (rate limits, codes, locks, the unique
// index, the confirmation message enqueued in the booking's transaction),
// with the load generated in a process of its own:
//   1. the race: N residents (default 2,000), each with a confirmed code,
//      all at once (C sockets, default 200) for one day's 12 slots of one
//      expert. Expected: exactly 12 bookings, no slot twice, every other
//      answer 409 slot_taken.
//   2. a realistic month: M residents (default 700), C at a time (default
//      32), each reading the free slots of their field over the month
//      (three experts) and booking one, again on a 409.
// Each part is compared with a bare route of the same server, in the same
// run, at the same concurrency: requests/s, p50 and p99.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/platform/config.ts';
import { createCipher } from '../src/platform/crypto.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createStaffAccount } from '../src/platform/auth/staff.repository.ts';
import type { RoutePlugin } from '../src/platform/http/routes.ts';
import { buildAppServer } from '../src/app/server.ts';
import type { ConsultationDeps } from '../src/consultations/consultations.deps.ts';
import { saveConsultationExpert, setUpConsultations } from '../src/consultations/schedule/schedule.service.ts';
import { confirmCode, requestCode } from '../src/consultations/booking/resident-codes.ts';
import { seoulInstant, slotStartsOfDay, DEFAULT_RULES } from '../src/consultations/schedule/slot-grid.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';

const DISTRICT = 'bench';
/** Tuesday 2 March 2027, 09:00 in Seoul: bookable from Tuesday 9 March. */
const NOW = new Date('2027-03-02T00:00:00Z');
const RACE_DAY = '2027-03-10';
const MONTH = { from: '2027-03-09', to: '2027-04-08' };
const FIELDS = ['acquisition_tax', 'capital_gains_tax', 'inheritance_tax', 'gift_tax', 'national_taxes'];
const QUESTIONNAIRE = { topic: '양도소득세 비과세 요건', hasDocuments: true };

interface Stats { requests: number; seconds: number; perSecond: number; p50: number; p99: number }

function stats(ms: number[], seconds: number): Stats {
  const sorted = [...ms].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  return { requests: ms.length, seconds, perSecond: ms.length / seconds, p50: pct(0.5), p99: pct(0.99) };
}

function generate<T>(job: unknown): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ts-bench-booking-'));
  const file = join(dir, 'job.json');
  writeFileSync(file, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'booking', 'load.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as T) : reject(new Error(`load generator exit ${code}`))));
  });
}

const line = (label: string, s: Stats) => `  ${label.padEnd(34)} ${fmt(s.perSecond).padStart(7)} req/s   p50 ${fmt(s.p50, 1).padStart(7)} ms   p99 ${fmt(s.p99, 1).padStart(7)} ms   (${fmt(s.requests)} requests, ${fmt(s.seconds, 2)} s)`;

/** Residents with a confirmed code each (set-up, not measured); bench/load.ts books with them too. */
export async function verifiedResidents(deps: ConsultationDeps, db: Database, from: number, count: number, district = DISTRICT): Promise<{ ip: string; contact: { field: 'mobile'; value: string }; verificationId: string }[]> {
  const out: { ip: string; contact: { field: 'mobile'; value: string }; verificationId: string }[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < count) {
      const i = next++;
      const n = from + i;
      const contact = { field: 'mobile' as const, value: `010-6${String(Math.floor(n / 10000)).padStart(3, '0')}-${String(n % 10000).padStart(4, '0')}` };
      const sent = await requestCode(deps, { districtCode: district, contact });
      const { rows } = await db.query<{ variables_enc: Buffer }>('SELECT variables_enc FROM messages WHERE id = $1', [sent.messageId]);
      const code = (JSON.parse(deps.cipher.decrypt(rows[0]!.variables_enc)) as { code: string }).code;
      await confirmCode(deps, { verificationId: sent.verificationId, field: 'mobile', code });
      out[i] = { ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, contact, verificationId: sent.verificationId };
    }
  }));
  return out;
}

export async function run(args: string[]): Promise<void> {
  const residents = Number(option(args, '--residents') ?? 2000);
  const connections = Number(option(args, '--connections') ?? 200);
  const monthResidents = Number(option(args, '--month-residents') ?? 700);
  const monthConnections = Number(option(args, '--month-connections') ?? 32);
  const keep = args.includes('--keep');
  const benchDb = await createBenchDatabase('ts_bench_booking');
  const db = openPostgres({ connectionString: benchDb.url.toString(), max: 20 });
  const key = Buffer.alloc(32, 5);
  const cipher = createCipher(key);
  const clock = () => NOW;
  try {
    await migrate(db);
    const { rows: version } = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    console.log(`booking benchmark, ${new Date().toISOString()}, node ${process.version}, PostgreSQL ${version[0]!.v}, ${cpus().length} × ${cpus()[0]?.model}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    await db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '벤치구', 'Bench-gu')`, [DISTRICT]);
    await setUpConsultations(db, DISTRICT);
    const experts: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const staffId = await createStaffAccount(db, { districtCode: DISTRICT, username: `bench.expert${i}`, displayName: `세무사${i}`, role: 'expert', password: 'bench-password-0123' });
      experts.push(await saveConsultationExpert(db, DISTRICT, staffId, { fields: i === 1 ? FIELDS : FIELDS.filter((_, f) => f % 3 !== i - 2), weekdays: [1, 2, 3, 4, 5] }));
    }
    const config = loadConfig({
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-bench-b-')), TAXSTATION_ENCRYPTION_KEY: key.toString('base64'), TAXSTATION_LOG_LEVEL: 'silent',
      TAXSTATION_TRUST_PROXY: '127.0.0.1',
    });
    const bare: RoutePlugin = async (scope) => {
      scope.post('/bench/bare', async () => ({ ok: true }));
    };
    const app = await buildAppServer({ config, db, log: createLogger({ level: 'silent' }), cipher, clock }, { extraRoutes: [bare] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const deps: ConsultationDeps = { db, cipher, clock, publicUrl: base };
    try {
      // ------------------------------------------------------------ the race
      let t = performance.now();
      const racers = await verifiedResidents(deps, db, 0, residents);
      console.log(`  ${fmt(residents)} residents confirmed their codes in ${fmt((performance.now() - t) / 1000, 1)} s (set-up, not measured)`);
      const slots = slotStartsOfDay(RACE_DAY, DEFAULT_RULES).map((d) => d.toISOString());
      const requests = racers
        .map((r, i) => ({
          ip: r.ip,
          path: `/r/api/consultations/${DISTRICT}/bookings`,
          body: { fieldCode: FIELDS[i % FIELDS.length], expertId: experts[0], slotStart: slots[i % slots.length], contact: r.contact, name: `주민${i}`, questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId: r.verificationId },
        }))
        .sort(() => Math.random() - 0.5);
      await generate({ mode: 'bare', base, connections, requests: requests.slice(0, 500) }); // warm-up
      const bareRace = await generate<{ seconds: number; results: { status: number; ms: number }[] }>({ mode: 'bare', base, connections, requests });
      const race = await generate<{ seconds: number; results: { status: number; ms: number; code: string | null }[] }>({ mode: 'race', base, connections, requests });
      const byOutcome = new Map<string, number>();
      for (const r of race.results) byOutcome.set(`${r.status} ${r.code ?? ''}`.trim(), (byOutcome.get(`${r.status} ${r.code ?? ''}`.trim()) ?? 0) + 1);
      const { rows: booked } = await db.query<{ n: number; doubles: number }>(
        `SELECT count(*)::int AS n, (SELECT count(*)::int FROM (SELECT 1 FROM consultation_bookings WHERE state IN ('held', 'booked', 'moved', 'attended', 'no_show')
                                       GROUP BY expert_id, slot_start HAVING count(*) > 1) d) AS doubles
           FROM consultation_bookings WHERE expert_id = $1 AND slot_start >= $2 AND slot_start < $3 AND state = 'booked'`,
        [experts[0], seoulInstant(RACE_DAY, 0), seoulInstant(RACE_DAY, 1440)],
      );
      const raceStats = stats(race.results.map((r) => r.ms), race.seconds);
      const bareRaceStats = stats(bareRace.results.map((r) => r.ms), bareRace.seconds);
      console.log(`\n1. ${fmt(residents)} residents racing for the 12 slots of ${RACE_DAY} (one expert), ${connections} connections`);
      console.log(`  answers: ${[...byOutcome].map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}`);
      console.log(`  bookings in the database: ${booked[0]!.n} (expected 12), slots booked twice: ${booked[0]!.doubles} (expected 0)`);
      console.log(line('booking (POST …/bookings)', raceStats));
      console.log(line('bare route, same server', bareRaceStats));
      console.log(`  ratio booking/bare: ${(raceStats.perSecond / bareRaceStats.perSecond).toFixed(3)} (throughput), p99 ${(raceStats.p99 / bareRaceStats.p99).toFixed(1)}×`);
      if (booked[0]!.n !== 12 || booked[0]!.doubles !== 0 || (byOutcome.get('201') ?? 0) !== 12) throw new Error('the race did not end with exactly 12 bookings and no doubles');

      // ----------------------------------------------------------- the month
      t = performance.now();
      const month = await verifiedResidents(deps, db, residents, monthResidents);
      console.log(`\n  ${fmt(monthResidents)} more residents confirmed their codes in ${fmt((performance.now() - t) / 1000, 1)} s (set-up)`);
      const monthJob = month.map((r, i) => ({
        ip: r.ip, district: DISTRICT, field: FIELDS[i % FIELDS.length]!,
        body: { fieldCode: FIELDS[i % FIELDS.length], contact: r.contact, name: `주민${residents + i}`, questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId: r.verificationId },
      }));
      const result = await generate<{ seconds: number; reads: number[]; books: { status: number; ms: number; code: string | null }[]; booked: number; gaveUp: number }>({
        mode: 'month', base, connections: monthConnections, residents: monthJob, slotsQuery: `&from=${MONTH.from}&to=${MONTH.to}`,
      });
      const total = result.reads.length + result.books.length;
      const bareMonth = await generate<{ seconds: number; results: { status: number; ms: number }[] }>({
        mode: 'bare', base, connections: monthConnections, requests: Array.from({ length: total }, (_, i) => requests[i % requests.length]!),
      });
      const { rows: monthRows } = await db.query<{ n: number; doubles: number; slots: number }>(
        `SELECT count(*)::int AS n,
                (SELECT count(*)::int FROM (SELECT 1 FROM consultation_bookings WHERE state IN ('held', 'booked', 'moved', 'attended', 'no_show') GROUP BY expert_id, slot_start HAVING count(*) > 1) d) AS doubles
           FROM consultation_bookings WHERE district_code = $1 AND state = 'booked'`,
        [DISTRICT],
      );
      const conflicts = result.books.filter((b) => b.status === 409).length;
      const mixed = stats([...result.reads, ...result.books.map((b) => b.ms)], result.seconds);
      const bareStats = stats(bareMonth.results.map((r) => r.ms), bareMonth.seconds);
      console.log(`2. a month (${MONTH.from} … ${MONTH.to}, 3 experts): ${fmt(monthResidents)} residents, ${monthConnections} at a time, read the free slots of their field and book one`);
      console.log(`  booked ${fmt(result.booked)}, gave up ${fmt(result.gaveUp)} (no free slot), 409 on the way ${fmt(conflicts)}; bookings in the database ${fmt(monthRows[0]!.n - 12)} + 12 of the race; slots booked twice: ${monthRows[0]!.doubles}`);
      console.log(line('reads + bookings', mixed));
      console.log(line('  of which reads (GET …/slots)', stats(result.reads, result.seconds)));
      console.log(line('  of which bookings (POST)', stats(result.books.map((b) => b.ms), result.seconds)));
      console.log(line('bare route, same server', bareStats));
      console.log(`  ratio (reads + bookings)/bare: ${(mixed.perSecond / bareStats.perSecond).toFixed(3)} (throughput), p99 ${(mixed.p99 / bareStats.p99).toFixed(1)}×`);
      console.log(`RESULT ${JSON.stringify({ race: { outcomes: Object.fromEntries(byOutcome), booked: booked[0]!.n, doubles: booked[0]!.doubles, booking: raceStats, bare: bareRaceStats }, month: { booked: result.booked, gaveUp: result.gaveUp, conflicts, doubles: monthRows[0]!.doubles, mixed, bare: bareStats } })}`);
      if (monthRows[0]!.doubles !== 0) throw new Error('a slot was booked twice');
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    await benchDb.drop({ keep });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run(process.argv.slice(2)).then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
}
