import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { createCipher } from '../src/platform/crypto.ts';
import type { Database, Queryable } from '../src/platform/db/database.ts';
import { importRoll, type RollImportOptions } from '../src/notices/roll/roll-import.service.ts';

// Factories for the roll tests: the format document's sample, districts and
// a quick way to import a string or bytes.

export const SAMPLE_HEADER =
  'notice_no,taxpayer_no,name,birth_date,identity_key,mobile,email,e_notice,postal_code,address,tax_item,tax_year,period,amount,due_date,payment_account';
export const SAMPLE_ROWS = [
  '2026-0700-000001,T00012345,김민준,1975-03-14,,010-2345-6789,minjun.kim@example.kr,kakao|email,06236,서울특별시 강남구 테헤란로 152,property_tax,2026,1,"1,284,500",2026-07-31,26012345678901',
  '2026-0700-000002,T00012346,이서연,19820911,,016-234-5678,,sms,06035,서울특별시 강남구 가로수길 5,property_tax,2026,1,356000,2026-07-31,26012345678902',
  '2026-0700-000003,T00012347,박지훈,1990-12-01,,+82 10-9876-5432,jihoon@example.com,email,06164,"서울특별시 강남구 영동대로 513, 101동 1204호",property_tax,2026,1,"2,045,000",2026-07-31,',
];
export const SAMPLE = [SAMPLE_HEADER, ...SAMPLE_ROWS].join('\n') + '\n';
export const KOREAN_HEADER = '고지번호,납세자번호,성명,생년월일,CI,휴대전화,이메일,전자고지,우편번호,주소,세목,과세연도,기분,고지금액,납기,가상계좌';

export const testCipher = createCipher(randomBytes(32));

export async function ensureDistricts(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO districts (code, name_ko, name_en) VALUES ('gangnam', '강남구', 'Gangnam-gu'), ('seocho', '서초구', 'Seocho-gu')
     ON CONFLICT (code) DO NOTHING`,
  );
}

export function importText(
  db: Database,
  content: string | Buffer,
  options: Partial<Omit<RollImportOptions, 'input'>> = {},
) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  // small chunks so that every chunk boundary case is exercised
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7919) chunks.push(bytes.subarray(i, i + 7919));
  return importRoll(
    { db, cipher: testCipher },
    {
      districtCode: 'gangnam',
      fileName: 'roll.csv',
      actor: { type: 'staff', id: 'tester' },
      ...options,
      input: Readable.from(chunks),
    },
  );
}

export async function tableCounts(db: Queryable): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['taxpayers', 'notices', 'roll_imports', 'audit_log', 'contact_conflicts']) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${table}`);
    out[table] = rows[0]!.n;
  }
  return out;
}
