import { findNoticeByNumber } from '../../notices/lookup/notice-lookup.repository.ts';
import { findActiveStaffForLogin } from '../../platform/auth/staff.repository.ts';
import type { SeedDeps } from '../../platform/demo/seed.ts';
import { currentContacts } from '../../taxpayers/taxpayers.repository.ts';
import { insertApplication, insertEvent, listApplications, moveApplication, type RefundState } from './refund.repository.ts';

// The demo's refund applications (`npm start`): three of Seocho-gu's demo
// vehicle-tax notices with an application each, one just received, one
// under review and one paid, so the console's queue has something to
// process at any hour. Written once (a district that has applications is
// left alone); no messages are sent for them.

const DISTRICT = 'seocho';
const OFFICIAL = 'seocho.official';
const DEMO: readonly { noticeNo: string; reference: string; bank: string; account: string; steps: RefundState[] }[] = [
  { noticeNo: '2026-1200-000011', reference: 'RF-DEM0-0001', bank: '088', account: '110234567890', steps: [] },
  { noticeNo: '2026-1200-000012', reference: 'RF-DEM0-0002', bank: '004', account: '94370201234567', steps: ['reviewing'] },
  { noticeNo: '2026-1200-000013', reference: 'RF-DEM0-0003', bank: '090', account: '3333051234567', steps: ['reviewing', 'approved', 'paid'] },
];

export async function seedDemoRefunds(deps: SeedDeps): Promise<void> {
  if ((await listApplications(deps.db, DISTRICT, null, 1)).length > 0) return;
  const official = await findActiveStaffForLogin(deps.db, OFFICIAL);
  for (const d of DEMO) {
    const notice = await findNoticeByNumber(deps.db, DISTRICT, 2026, d.noticeNo);
    if (!notice) continue;
    const contacts = await currentContacts(deps.db, deps.cipher, DISTRICT, notice.taxpayerId);
    const contact = contacts?.mobileE164 ? { field: 'mobile' as const, value: contacts.mobileE164 } : contacts?.email ? { field: 'email' as const, value: contacts.email } : null;
    if (!contact) continue;
    await deps.db.transaction(async (tx) => {
      const id = await insertApplication(tx, {
        districtCode: DISTRICT, reference: d.reference, noticeId: notice.id, contactField: contact.field, contactSealed: deps.cipher.encrypt(contact.value),
        bankCode: d.bank, accountSealed: deps.cipher.encrypt(d.account), accountLast4: d.account.slice(-4), holderSealed: deps.cipher.encrypt('납세자'),
        reason: 'paid_twice', reasonDetail: '같은 고지서를 두 번 냈습니다.',
      });
      if (id === null) return;
      await insertEvent(tx, { applicationId: id, from: null, to: 'received', staffId: null, note: '', messageId: null });
      let state: RefundState = 'received';
      for (const step of d.steps) {
        await moveApplication(tx, id, state, { to: step, approvedAmount: notice.amount, ...(step === 'paid' ? { paidOn: '2026-12-01' } : {}) });
        await insertEvent(tx, { applicationId: id, from: state, to: step, staffId: official?.id ?? null, note: '', messageId: null });
        state = step;
      }
    });
  }
}
