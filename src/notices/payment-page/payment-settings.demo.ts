import { DEMO_DISTRICTS, type SeedDeps } from '../../platform/demo/seed.ts';
import { districtExists } from '../../platform/districts/districts.repository.ts';
import { setPaymentBankIfUnset } from './payment-settings.repository.ts';

// The demo's districts name the bank of their virtual accounts (`npm start`),
// so the payment page says where an account is, as a real district's would:
// Seoul's districts collect local tax through the city's treasury bank
// (Shinhan Bank since 2019). A district that has set its own is left alone.

export const DEMO_PAYMENT_BANK = { ko: '신한은행', en: 'Shinhan Bank' };

export async function seedDemoPaymentBanks(deps: SeedDeps): Promise<void> {
  for (const { code } of DEMO_DISTRICTS) {
    if (await districtExists(deps.db, code)) await setPaymentBankIfUnset(deps.db, code, DEMO_PAYMENT_BANK);
  }
}
