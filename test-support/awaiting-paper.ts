import { randomBytes } from 'node:crypto';
import { createCipher, type PersonalDataCipher } from '../src/platform/crypto.ts';
import type { Queryable, Transaction, Database } from '../src/platform/db/database.ts';

// Test data for paper batches, inserted with plain SQL: a district, its
// taxpayers (personal data encrypted as the registry stores it), a roll
// import, notices and their messages waiting for paper.

export const testCipher: PersonalDataCipher = createCipher(randomBytes(32));

export async function insertDistrict(db: Queryable, code: string, names: { ko: string; en: string }, postagePerPageKrw?: number): Promise<void> {
  await db.query('INSERT INTO districts (code, name_ko, name_en) VALUES ($1, $2, $3)', [code, names.ko, names.en]);
  if (postagePerPageKrw !== undefined) {
    await db.query('INSERT INTO delivery_settings (district_code, postage_per_page_krw) VALUES ($1, $2)', [code, postagePerPageKrw]);
  }
}

export interface PaperNoticeSpec {
  name?: string;
  postalCode?: string;
  address?: string;
  taxItem?: string;
  period?: number | null;
  amount?: number;
  dueDate?: string;
  effectiveDueDate?: string | null;
  paymentAccount?: string | null;
  kind?: 'notice' | 'reminder' | 'arrears';
  paid?: boolean;
  /** Message state; 'awaiting_paper' unless told. */
  state?: 'awaiting_paper' | 'pending';
}

export interface InsertedNotice {
  noticeId: number;
  noticeNo: string;
  messageId: number;
  taxpayerId: number;
}

let serial = 0;

/** Inserts one taxpayer, notice and message per spec; returns them in order. */
export async function insertAwaitingPaper(
  db: Database,
  districtCode: string,
  specs: PaperNoticeSpec[],
  cipher: PersonalDataCipher = testCipher,
): Promise<InsertedNotice[]> {
  return db.transaction(async (tx: Transaction) => {
    const run = ++serial;
    const roll = await tx.query<{ id: number }>(
      `INSERT INTO roll_imports (district_code, file_name, file_sha256, encoding, rows_total, rows_inserted, rows_updated,
                                 rows_unchanged, rows_rejected, conflicts, imported_by, started_at)
       VALUES ($1, $2, $3, 'utf-8', $4, $4, 0, 0, 0, 0, 'test', now()) RETURNING id`,
      [districtCode, `roll-${run}.csv`, randomBytes(32).toString('hex'), specs.length],
    );
    const rollId = roll.rows[0]!.id;
    const out: InsertedNotice[] = [];
    for (const [i, spec] of specs.entries()) {
      const no = `${run}-${String(i + 1).padStart(6, '0')}`;
      const birth = '1970-01-01';
      const taxpayer = await tx.query<{ id: number }>(
        `INSERT INTO taxpayers (district_code, taxpayer_no, name, birth_date_enc, birth_date_hash, postal_code, address)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          districtCode,
          `TP-${no}`,
          spec.name ?? `홍길동${i + 1}`,
          cipher.encrypt(birth),
          cipher.lookupHash('birth_date', birth),
          spec.postalCode ?? '06236',
          spec.address ?? `서울특별시 강남구 테헤란로 ${100 + i}`,
        ],
      );
      const taxpayerId = taxpayer.rows[0]!.id;
      const notice = await tx.query<{ id: number }>(
        `INSERT INTO notices (district_code, tax_year, notice_no, taxpayer_id, tax_item, period, amount, due_date, payment_account, roll_import_id, paid_at)
         VALUES ($1, 2026, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          districtCode,
          `N-${no}`,
          taxpayerId,
          spec.taxItem ?? 'property_tax',
          spec.period === undefined ? 1 : spec.period,
          spec.amount ?? 1284500,
          spec.dueDate ?? '2026-07-31',
          spec.paymentAccount === undefined ? '우리은행 1234-567-890123' : spec.paymentAccount,
          rollId,
          spec.paid ? new Date() : null,
        ],
      );
      const noticeId = notice.rows[0]!.id;
      const message = await tx.query<{ id: number }>(
        `INSERT INTO messages (district_code, kind, notice_id, taxpayer_id, legal, state, plan, effective_due_date)
         VALUES ($1, $2, $3, $4, true, $5, '{}', $6) RETURNING id`,
        [districtCode, spec.kind ?? 'notice', noticeId, taxpayerId, spec.state ?? 'awaiting_paper', spec.effectiveDueDate ?? null],
      );
      out.push({ noticeId, noticeNo: `N-${no}`, messageId: message.rows[0]!.id, taxpayerId });
    }
    return out;
  });
}
