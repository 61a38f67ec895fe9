import { randomBytes } from 'node:crypto';
import type { Queryable } from '../src/platform/db/database.ts';
import { createCipher, type PersonalDataCipher } from '../src/platform/crypto.ts';
import { sealPersonalFields } from '../src/taxpayers/taxpayers.repository.ts';

// Factories for integration tests: each test makes the rows it needs.

export const testCipher: PersonalDataCipher = createCipher(Buffer.alloc(32, 7));

export async function createDistrict(q: Queryable, code = `d${randomBytes(3).toString('hex')}`): Promise<string> {
  await q.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [code, `${code}구`, `${code}-gu`]);
  return code;
}

export interface TaxpayerSpec {
  mobile?: string | null;
  email?: string | null;
  identityKey?: string | null;
  enrol?: ('kakao' | 'sms' | 'email')[];
}

export async function createTaxpayers(q: Queryable, district: string, specs: TaxpayerSpec[], cipher = testCipher): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, spec] of specs.entries()) {
    const sealed = sealPersonalFields(cipher, {
      birthDate: '1980-01-01',
      identityKey: spec.identityKey ?? null,
      mobileE164: spec.mobile ?? null,
      email: spec.email ?? null,
    });
    const { rows } = await q.query<{ id: number }>(
      `INSERT INTO taxpayers (district_code, taxpayer_no, name, birth_date_enc, birth_date_hash, identity_key_enc, identity_key_hash,
                              mobile_enc, mobile_hash, email_enc, email_hash, postal_code, address, enrol_kakao, enrol_sms, enrol_email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '06236', '서울특별시 강남구 테헤란로 152', $12, $13, $14)
       RETURNING id`,
      [
        district, `T${randomBytes(4).toString('hex')}${i}`, `납세자${i}`, sealed.birth_date_enc, sealed.birth_date_hash,
        sealed.identity_key_enc, sealed.identity_key_hash, sealed.mobile_enc, sealed.mobile_hash, sealed.email_enc, sealed.email_hash,
        spec.enrol?.includes('kakao') ?? false, spec.enrol?.includes('sms') ?? false, spec.enrol?.includes('email') ?? false,
      ],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

export async function createNotices(
  q: Queryable,
  district: string,
  taxpayerIds: number[],
  opts: { taxItem?: string; taxYear?: number; period?: number; dueDate?: string; amount?: number } = {},
): Promise<number[]> {
  const { rows: imp } = await q.query<{ id: number }>(
    `INSERT INTO roll_imports (district_code, file_name, file_sha256, encoding, rows_total, rows_inserted, rows_updated, rows_unchanged,
                               rows_rejected, conflicts, imported_by, started_at)
     VALUES ($1, 'factory.csv', 'x', 'utf-8', $2, $2, 0, 0, 0, 0, 'test', now()) RETURNING id`,
    [district, taxpayerIds.length],
  );
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO notices (district_code, tax_year, notice_no, taxpayer_id, tax_item, period, amount, due_date, payment_account, roll_import_id)
     SELECT $1, $2, $3 || '-' || lpad(i::text, 6, '0'), tp, $4, $5, $6, $7::date, '26012345678901', $8
       FROM unnest($9::bigint[]) WITH ORDINALITY AS x(tp, i)
     RETURNING id`,
    [
      district, opts.taxYear ?? 2026, `N${randomBytes(3).toString('hex')}`, opts.taxItem ?? 'property_tax', opts.period ?? 1,
      opts.amount ?? 356000, opts.dueDate ?? '2026-07-31', imp[0]!.id, taxpayerIds,
    ],
  );
  return rows.map((r) => r.id);
}
