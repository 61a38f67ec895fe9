import { Readable } from 'node:stream';
import type { Database } from '../../platform/db/database.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Logger } from '../../platform/logger.ts';
import { importRoll } from '../roll/roll-import.service.ts';

// The demo's taxpayer registry and season: a synthetic roll in the format of
// shared/formats/tax-roll.md, shaped like Gangnam-gu's (about 20% e-notice
// applicants; a few percent of phones still on dead 01X prefixes; some
// identification keys for KakaoTalk without a phone number). Deterministic.

export interface DemoRollSpec {
  districtCode: string;
  districtKo: string;
  taxItem: string;
  taxYear: number;
  period: number;
  dueDate: string;
  notices: number;
  /** Share of taxpayers who applied for electronic notices. */
  applicantShare: number;
  /** Notice numbers start here, so several rolls never collide. */
  prefix: string;
}

const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오'];
const GIVEN = ['민준', '서연', '지훈', '예린', '도윤', '하은', '시우', '지아', '주원', '수아', '현우', '지민'];
const STREETS = ['테헤란로', '강남대로', '영동대로', '도산대로', '언주로', '논현로', '봉은사로', '반포대로', '서초대로'];

/** A small deterministic generator (mulberry32), so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* demoRollLines(spec: DemoRollSpec): Generator<string> {
  yield 'notice_no,taxpayer_no,name,birth_date,identity_key,mobile,email,e_notice,postal_code,address,tax_item,tax_year,period,amount,due_date,payment_account\n';
  const rnd = seededRandom([...spec.districtCode].reduce((h, c) => h * 31 + c.charCodeAt(0), 7));
  for (let i = 0; i < spec.notices; i++) {
    const name = SURNAMES[Math.floor(rnd() * SURNAMES.length)]! + GIVEN[Math.floor(rnd() * GIVEN.length)]!;
    const birth = `${1940 + Math.floor(rnd() * 65)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const subscriber = String(20_000_000 + i * 37 + Math.floor(rnd() * 30)).slice(-8);
    const dead = rnd() < 0.03;
    const mobile = rnd() < 0.08 ? '' : dead ? `016-${subscriber.slice(0, 3)}-${subscriber.slice(4)}` : `010-${subscriber.slice(0, 4)}-${subscriber.slice(4)}`;
    const email = rnd() < 0.45 ? `${spec.districtCode}.taxpayer${i}@example.kr` : '';
    const applicant = rnd() < spec.applicantShare;
    let channels: string[] = [];
    let identityKey = '';
    if (applicant) {
      const r = rnd();
      channels = r < 0.5 ? ['kakao'] : r < 0.75 ? ['sms'] : r < 0.9 ? ['email'] : ['kakao', 'email'];
      if (channels.includes('kakao') && rnd() < 0.6) identityKey = Buffer.from(`${spec.districtCode}-ci-${i}`.padEnd(64, '*')).toString('base64');
      if (channels.includes('email') && !email) channels = channels.filter((c) => c !== 'email').concat(mobile ? ['sms'] : []);
    }
    const amount = 30_000 + Math.floor(rnd() * 3_000) * 1_000;
    const street = STREETS[Math.floor(rnd() * STREETS.length)]!;
    const address = `"서울특별시 ${spec.districtKo} ${street} ${1 + Math.floor(rnd() * 500)}, ${101 + Math.floor(rnd() * 20)}동 ${1 + Math.floor(rnd() * 25)}0${1 + Math.floor(rnd() * 4)}호"`;
    const postal = `06${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
    yield [
      `${spec.prefix}-${String(i + 1).padStart(6, '0')}`, `${spec.districtCode.slice(0, 2).toUpperCase()}${String(100000 + i)}`, name, birth,
      identityKey, mobile, email, channels.join('|'), postal, address, spec.taxItem, spec.taxYear, spec.period,
      `"${amount.toLocaleString('en-US')}"`, spec.dueDate, `2600${String(i).padStart(10, '0')}`,
    ].join(',') + '\n';
  }
}

export function demoRollStream(spec: DemoRollSpec): Readable {
  const lines = demoRollLines(spec);
  return Readable.from(
    (function* () {
      let chunk: string[] = [];
      for (const line of lines) {
        chunk.push(line);
        if (chunk.length === 2000) {
          yield Buffer.from(chunk.join(''));
          chunk = [];
        }
      }
      if (chunk.length) yield Buffer.from(chunk.join(''));
    })(),
  );
}

export const DEMO_ROLLS: DemoRollSpec[] = [
  // Vehicle tax, second half: due at the end of December, ahead of today's demo.
  { districtCode: 'gangnam', districtKo: '강남구', taxItem: 'vehicle_tax', taxYear: 2026, period: 2, dueDate: '2026-12-31', notices: 3000, applicantShare: 0.201, prefix: '2026-1200' },
  { districtCode: 'seocho', districtKo: '서초구', taxItem: 'vehicle_tax', taxYear: 2026, period: 2, dueDate: '2026-12-31', notices: 1500, applicantShare: 0.25, prefix: '2026-1200' },
];

/** Demo seed step: imports each district's roll once; the season is left for an official to send. */
export async function seedDemoRolls(deps: { db: Database; cipher: PersonalDataCipher; log?: Logger }): Promise<void> {
  for (const spec of DEMO_ROLLS) {
    const { rows } = await deps.db.query('SELECT 1 FROM roll_imports WHERE district_code = $1 LIMIT 1', [spec.districtCode]);
    if (rows.length > 0) continue;
    const report = await importRoll(deps, {
      districtCode: spec.districtCode,
      input: demoRollStream(spec),
      fileName: `demo-${spec.districtCode}-${spec.taxItem}-${spec.taxYear}-${spec.period}.csv`,
      actor: { type: 'import', id: 'demo-seed' },
    });
    if (report.status !== 'imported') throw new Error(`demo roll for ${spec.districtCode} was rejected: ${JSON.stringify(report.errors.slice(0, 3))}`);
    deps.log?.info({ district: spec.districtCode, notices: report.inserted }, 'demo roll imported');
  }
}
