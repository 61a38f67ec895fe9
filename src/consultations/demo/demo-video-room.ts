import type { SeedDeps } from '../../platform/demo/seed.ts';
import { contactValueHash } from '../../platform/one-time-codes.ts';
import { bookingByReference, insertBooking, insertEvent, placeDemoVideoBooking } from '../booking/booking.repository.ts';
import { linkTokenHash, newLinkToken } from '../booking/booking.notify.ts';
import { listExperts } from '../schedule/schedule.repository.ts';
import { DEMO_DISTRICT } from './demo-consultations.ts';

// The demo's video consultation (`npm start`): one booking of Seocho-gu's
// demo expert (seocho.expert) whose room is open whenever the demo starts,
// at any hour, so the call can be shown from two browsers: the resident's
// link and the expert's console page are printed at start. Each start puts
// it back to "began five minutes ago, an hour long" (to the second, off the
// slot grid, so it never takes a bookable slot). It sends no messages.

export const DEMO_ROOM_REFERENCE = 'DEMO-ROOM';
const DEMO_EXPERT = 'seocho.expert';
const LENGTH_MS = 60 * 60_000;

export async function seedDemoVideoRoom(deps: SeedDeps): Promise<void> {
  const { db, cipher } = deps;
  const { rows } = await db.query<{ id: number }>('SELECT id FROM staff_accounts WHERE username = $1', [DEMO_EXPERT]);
  const mine = rows[0] ? (await listExperts(db, DEMO_DISTRICT)).find((e) => e.staffId === Number(rows[0]!.id)) : undefined;
  if (!mine) return; // the consultations step did not run (no Seocho-gu)
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const slotStart = new Date(now.getTime() - 5 * 60_000 + 7_000);
  const slotEnd = new Date(slotStart.getTime() + LENGTH_MS);
  const existing = await bookingByReference(db, DEMO_DISTRICT, DEMO_ROOM_REFERENCE);
  if (existing) {
    await placeDemoVideoBooking(db, { id: existing.id, slotStart, slotEnd, now });
    return;
  }
  const mobile = '+821070009999';
  const token = newLinkToken();
  await db.transaction(async (tx) => {
    const row = await insertBooking(tx, {
      districtCode: DEMO_DISTRICT, reference: DEMO_ROOM_REFERENCE, fieldCode: mine.fields.includes('capital_gains_tax') ? 'capital_gains_tax' : mine.fields[0]!, expertId: mine.id,
      slotStart, slotEnd, state: 'booked', channel: 'web', contactField: 'mobile', contactEnc: cipher.encrypt(mobile),
      contactHash: contactValueHash(cipher, 'mobile', mobile), contactVerified: true, nameEnc: cipher.encrypt('김데모'),
      questionnaireEnc: cipher.encrypt(JSON.stringify({ topic: '화상 상담 둘러보기 (데모)', hasDocuments: false })),
      linkTokenHash: linkTokenHash({ cipher }, token), linkTokenEnc: cipher.encrypt(token), holdExpiresAt: null, bookedBy: null, mode: 'video',
    });
    await insertEvent(tx, { bookingId: row.id, at: now, event: 'booked', actor: { type: 'system' }, detail: { demo: true } });
  });
}

/** Where the demo's open video room is, for the lines `serve --demo` prints; null before it is seeded. */
export async function demoVideoRoom(deps: SeedDeps): Promise<{ bookingId: number; token: string } | null> {
  const row = await bookingByReference(deps.db, DEMO_DISTRICT, DEMO_ROOM_REFERENCE);
  return row ? { bookingId: row.id, token: deps.cipher.decrypt(row.linkTokenEnc) } : null;
}
