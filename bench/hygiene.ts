// npm run bench -- hygiene [--taxpayers N] [--batch N] [--keep]
//   or: node --import tsx bench/hygiene.ts --taxpayers 100000
//
// Contact hygiene at district scale on PostgreSQL (a fresh database from
// DATABASE_URL or postgres://postgres@127.0.0.1:5432/test, created and
// dropped): N taxpayers (default 1,000,000) sealed as the registry keeps them
// (AES-256-GCM + HMAC) and loaded with COPY, with a Gangnam-like share of bad
// contacts and a past season's failures for 2% of them. Then, in a child
// process of its own (so that its peak memory is its own), classifyDistrict
// over all of them and the whole risk list built as the CSV export streams
// it. Prints taxpayers/s for each step and the child's peak RSS.

import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createCipher, type PersonalDataCipher } from '../src/platform/crypto.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { classifyDistrict } from '../src/hygiene/rules/classify.service.ts';
import { csvHeader, csvRow } from '../src/hygiene/risk/risk.csv.ts';
import { riskCounts, riskRows } from '../src/hygiene/risk/risk.repository.ts';
import { createBenchDatabase, fmt, option } from './support/bench-support.ts';
import { seededRandom } from '../src/notices/demo/demo-roll.ts';

const KEY = Buffer.alloc(32, 9);
const DISTRICT = 'gangnam';



const GOOD_DOMAINS = ['naver.com', 'hanmail.net', 'daum.net', 'gmail.com', 'nate.com', 'kakao.com'];
const BAD_DOMAINS = ['hanmail.com', 'navr.com', 'gmial.com', 'daum.com', 'nate.co.kr', 'paran.com'];

interface Shares {
  deadPrefix: number;
  landline: number;
  malformedMobile: number;
  badDomain: number;
  malformedEmail: number;
}
const SHARES: Shares = { deadPrefix: 0.03, landline: 0.004, malformedMobile: 0.002, badDomain: 0.012, malformedEmail: 0.002 };

function sealedRow(cipher: PersonalDataCipher, birthCache: Map<string, [Buffer, Buffer]>, i: number, rnd: () => number): unknown[] {
  const y = 1940 + Math.floor(rnd() * 65);
  const birth = `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  let b = birthCache.get(birth);
  if (!b) birthCache.set(birth, (b = [cipher.encrypt(birth), cipher.lookupHash('birth_date', birth)]));
  let r = rnd();
  let mobile: string | null;
  if (r < 0.08) mobile = null;
  else if ((r -= 0.08) < SHARES.deadPrefix) mobile = `+82${['11', '16', '17', '18', '19'][i % 5]}${2000000 + (i % 7999999)}`;
  else if ((r -= SHARES.deadPrefix) < SHARES.landline) mobile = `+822${2000000 + (i % 7999999)}`;
  else if ((r -= SHARES.landline) < SHARES.malformedMobile) mobile = `010-${i % 1000}`;
  else mobile = `+8210${String(20000000 + ((i * 7919) % 79999999)).padStart(8, '0')}`;
  r = rnd();
  let email: string | null;
  if (r < 0.45) email = null;
  else if ((r -= 0.45) < SHARES.badDomain) email = `tp${i}@${BAD_DOMAINS[i % BAD_DOMAINS.length]}`;
  else if ((r -= SHARES.badDomain) < SHARES.malformedEmail) email = `tp${i}.at.example`;
  else email = `tp${i}@${GOOD_DOMAINS[i % GOOD_DOMAINS.length]}`;
  const hasKey = rnd() < 0.3;
  const key = hasKey ? Buffer.alloc(64, i % 251).toString('base64') : null;
  // about one in five applied for electronic notices (Gangnam 2023: 20.1%)
  const enrolled = rnd() < 0.2;
  const c = rnd();
  const seal = (purpose: 'mobile' | 'email' | 'identity_key', v: string | null) => (v === null ? [null, null] : [cipher.encrypt(v), cipher.lookupHash(purpose, v)]);
  return [
    DISTRICT, `T${String(i).padStart(9, '0')}`, `납세자${i}`, b[0], b[1],
    ...seal('identity_key', key), ...seal('mobile', mobile), ...seal('email', email),
    '06236', '서울특별시 강남구 테헤란로 152',
    enrolled && (hasKey || mobile !== null) && c < 0.5,
    enrolled && mobile !== null && c >= 0.3,
    enrolled && (email !== null ? c >= 0.6 : c >= 0.95),
  ];
}

const COLUMNS = [
  'district_code', 'taxpayer_no', 'name', 'birth_date_enc', 'birth_date_hash', 'identity_key_enc', 'identity_key_hash',
  'mobile_enc', 'mobile_hash', 'email_enc', 'email_hash', 'postal_code', 'address', 'enrol_kakao', 'enrol_sms', 'enrol_email',
];

async function generate(url: string, taxpayers: number): Promise<number> {
  const db = openPostgres({ connectionString: url, max: 2 });
  const t0 = performance.now();
  try {
    await migrate(db);
    await db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ($1, '강남구', 'Gangnam-gu')`, [DISTRICT]);
    const cipher = createCipher(KEY);
    const rnd = seededRandom(20230620);
    const birthCache = new Map<string, [Buffer, Buffer]>();
    const chunk = 10_000;
    for (let start = 0; start < taxpayers; start += chunk) {
      const rows: unknown[][] = [];
      for (let i = start; i < Math.min(taxpayers, start + chunk); i++) rows.push(sealedRow(cipher, birthCache, i, rnd));
      await db.transaction((tx) => tx.copyRows('taxpayers', COLUMNS, rows));
      if ((start / chunk) % 20 === 0) process.stderr.write(`\r  loaded ${fmt(start + rows.length)} taxpayers`);
    }
    // A past season: 2% of the taxpayers got a message that failed for a contact reason.
    await db.exec(`
      INSERT INTO messages (district_code, kind, taxpayer_id, legal, state, plan, plan_position, final_at, last_failure_cause)
      SELECT district_code, 'guidance', id, false, 'failed',
             CASE id % 3 WHEN 0 THEN '{sms}'::text[] WHEN 1 THEN '{email}'::text[] ELSE '{kakao}'::text[] END, 1, now(),
             CASE id % 3 WHEN 0 THEN 'number_changed' WHEN 1 THEN 'hard_bounce' ELSE 'not_kakao_user' END
        FROM taxpayers WHERE id % 50 = 7;
      INSERT INTO delivery_attempts (message_id, district_code, channel, state, idempotency_key, final_at, failure_cause, failure_detail)
      SELECT id, district_code, plan[1], 'failed', 'bench-' || id, now(), last_failure_cause, 'bench' FROM messages;
      ANALYZE;`);
    process.stderr.write('\n');
  } finally {
    await db.close();
  }
  return (performance.now() - t0) / 1000;
}

interface ChildResult {
  taxpayers: number;
  flagged: number;
  findings: number;
  byRule: Record<string, number>;
  classifySeconds: number;
  riskRows: number;
  riskBytes: number;
  riskSeconds: number;
  peakRssMB: number;
}

/** The measured part, in a process of its own. */
async function child(url: string, batchSize: number): Promise<ChildResult> {
  const db = openPostgres({ connectionString: url, max: 4 });
  try {
    const cipher = createCipher(KEY);
    const t0 = performance.now();
    const result = await classifyDistrict({ db, cipher }, DISTRICT, { batchSize, runBy: 'bench' });
    const classifySeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const counts = await riskCounts(db, DISTRICT);
    let bytes = Buffer.byteLength(csvHeader('ko'));
    let rows = 0;
    for await (const row of riskRows(db, cipher, DISTRICT)) {
      bytes += Buffer.byteLength(csvRow('ko', row));
      rows++;
    }
    if (rows !== counts.flagged) throw new Error(`the risk list has ${rows} rows but ${counts.flagged} taxpayers are flagged`);
    const riskSeconds = (performance.now() - t1) / 1000;
    return {
      taxpayers: result.taxpayers,
      flagged: result.flagged,
      findings: result.findings,
      byRule: result.byRule,
      classifySeconds,
      riskRows: rows,
      riskBytes: bytes,
      riskSeconds,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await db.close();
  }
}

function measure(url: string, batchSize: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', url, String(batchSize)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TAXSTATION_LOG_LEVEL: 'silent' },
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult) : reject(new Error(`the measured child failed (exit ${code})`))));
  });
}

export async function run(args: string[]): Promise<void> {
  const taxpayers = Number(option(args, '--taxpayers') ?? 1_000_000);
  const batchSize = Number(option(args, '--batch') ?? 5000);
  if (!Number.isInteger(taxpayers) || taxpayers < 1) throw new Error('--taxpayers takes a positive whole number');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch takes a positive whole number');
  const benchDb = await createBenchDatabase('ts_bench_hygiene');
  const url = benchDb.url;
  try {
    console.log(`hygiene benchmark: ${fmt(taxpayers)} taxpayers on PostgreSQL, batches of ${fmt(batchSize)}`);
    const genSeconds = await generate(url.toString(), taxpayers);
    console.log(`  generated and sealed ${fmt(taxpayers)} taxpayers (COPY) in ${fmt(genSeconds, 1)} s`);
    const r = await measure(url.toString(), batchSize);
    console.log(`  classify   ${fmt(r.taxpayers)} taxpayers in ${fmt(r.classifySeconds, 1)} s = ${fmt(r.taxpayers / r.classifySeconds)} taxpayers/s` +
      ` (${fmt(r.flagged)} at risk, ${fmt(r.findings)} findings)`);
    console.log(`  risk list  ${fmt(r.riskRows)} rows, ${fmt(r.riskBytes / 1024 / 1024, 1)} MB of CSV in ${fmt(r.riskSeconds, 1)} s = ${fmt(r.riskRows / r.riskSeconds)} rows/s`);
    console.log(`  total      ${fmt(r.taxpayers / (r.classifySeconds + r.riskSeconds))} taxpayers/s, peak RSS ${fmt(r.peakRssMB)} MB`);
    console.log(`  by reason  ${Object.entries(r.byRule).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
    console.log(`\n${JSON.stringify({ bench: 'hygiene', engine: 'postgres', requested: taxpayers, batchSize, generateSeconds: genSeconds, ...r })}`);
  } finally {
    await benchDb.drop({ keep: args.includes('--keep') });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') console.log(JSON.stringify(await child(args[1]!, Number(args[2]))));
  else await run(args);
}
