import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';

// The district's payment settings (notice_payment_settings): the bank that
// holds its virtual accounts, named on the payment page.

export async function paymentBankOf(q: Queryable, districtCode: string): Promise<Bilingual | null> {
  const { rows } = await q.query<{ bank_ko: string; bank_en: string }>('SELECT bank_ko, bank_en FROM notice_payment_settings WHERE district_code = $1', [districtCode]);
  return rows[0] ? { ko: rows[0].bank_ko, en: rows[0].bank_en } : null;
}

/** Sets (or, with null, removes) the district's virtual-account bank. */
export async function setPaymentBank(q: Queryable, districtCode: string, bank: Bilingual | null): Promise<void> {
  if (!bank) {
    await q.query('DELETE FROM notice_payment_settings WHERE district_code = $1', [districtCode]);
    return;
  }
  await q.query(
    `INSERT INTO notice_payment_settings (district_code, bank_ko, bank_en) VALUES ($1, $2, $3)
     ON CONFLICT (district_code) DO UPDATE SET bank_ko = EXCLUDED.bank_ko, bank_en = EXCLUDED.bank_en, updated_at = now()`,
    [districtCode, bank.ko, bank.en],
  );
}

/** The demo's districts: their bank, unless they have said already. */
export async function setPaymentBankIfUnset(q: Queryable, districtCode: string, bank: Bilingual): Promise<void> {
  await q.query(
    'INSERT INTO notice_payment_settings (district_code, bank_ko, bank_en) VALUES ($1, $2, $3) ON CONFLICT (district_code) DO NOTHING',
    [districtCode, bank.ko, bank.en],
  );
}
