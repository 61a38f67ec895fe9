import { DEMO_PASSWORD, type SeedDeps } from '../../platform/demo/seed.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { insertStaffAccount } from '../../platform/auth/staff.repository.ts';
import { contactValueHash } from '../../platform/one-time-codes.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import { listExperts, loadSettings, saveExpert } from '../schedule/schedule.repository.ts';
import { setUpConsultations } from '../schedule/schedule.service.ts';
import { freeSlots, takenKey } from '../schedule/slot-grid.ts';
import { insertBooking, insertEvent, scheduleReminders, setOutcome } from '../booking/booking.repository.ts';
import { linkTokenHash, newLinkToken, newReference } from '../booking/booking.notify.ts';

// The demo's consultations (`npm start`): Seocho-gu (seocho) takes bookings
// with the five fields, three experts — seocho.expert (the demo's expert
// account), seocho.expert2 and seocho.expert3, password taxstation-demo —
// and the coming month of slots about a third booked (web and phone), plus
// last week's consultations marked attended or no-show, so a newcomer can
// book, sign in as an expert and see the day. The seeded bookings send no
// confirmations (nobody is there to receive them); their reminders are
// scheduled like any other's and go to the in-process gateway simulator.

export const DEMO_DISTRICT = 'seocho';

const EXPERTS = [
  { username: 'seocho.expert', displayName: '임세무사', fields: ['acquisition_tax', 'capital_gains_tax', 'national_taxes'], weekdays: [1, 3, 5] },
  { username: 'seocho.expert2', displayName: '강세무사', fields: ['capital_gains_tax', 'inheritance_tax', 'gift_tax'], weekdays: [2, 4] },
  { username: 'seocho.expert3', displayName: '조세무사', fields: ['acquisition_tax', 'capital_gains_tax', 'inheritance_tax', 'gift_tax', 'national_taxes'], weekdays: [1, 2, 3, 4, 5] },
] as const;

/** A small seeded generator (mulberry32): the same demo on every start. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['김민준', '이서연', '박도윤', '최하은', '정시우', '강지유', '조하준', '윤서아', '장예준', '임지호', '한수아', '오은우'];
const TOPICS = [
  '1세대 1주택 비과세 요건 확인', '부모님 주택 증여 시 세액', '상속 주택 취득세 감면', '분양권 양도 시기', '종합소득세 신고 방법',
  '다주택자 취득세 중과', '증여 후 5년 내 양도', '상속재산 평가 방법',
];

/** The experts the platform's demo accounts do not include, for the list `serve --demo` prints. */
export const demoExpertLogins = EXPERTS.filter((e) => e.username !== 'seocho.expert').map((e) => ({
  district: DEMO_DISTRICT,
  username: e.username,
  role: 'expert' as const,
  displayName: e.displayName,
}));

export async function seedDemoConsultations(deps: SeedDeps): Promise<void> {
  const { db, cipher } = deps;
  const { rows: district } = await db.query('SELECT 1 FROM districts WHERE code = $1', [DEMO_DISTRICT]);
  if (district.length === 0) return;
  const { rows: seeded } = await db.query('SELECT 1 FROM consultation_bookings WHERE district_code = $1 LIMIT 1', [DEMO_DISTRICT]);
  if (seeded.length > 0) return;

  if (!(await loadSettings(db, DEMO_DISTRICT))) await setUpConsultations(db, DEMO_DISTRICT);
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (const e of EXPERTS) {
      const { rows } = await tx.query<{ id: number }>('SELECT id FROM staff_accounts WHERE username = $1', [e.username]);
      const staffId = rows[0]
        ? Number(rows[0].id)
        : await insertStaffAccount(tx, { districtCode: DEMO_DISTRICT, username: e.username, displayName: e.displayName, role: 'expert', passwordHash: hash });
      await saveExpert(tx, DEMO_DISTRICT, { staffId, active: true, fields: [...e.fields], weekdays: [...e.weekdays] });
    }
  });

  const settings = (await loadSettings(db, DEMO_DISTRICT))!;
  const experts = await listExperts(db, DEMO_DISTRICT, { activeOnly: true });
  const now = new Date();
  const today = seoulDay(now);
  const rnd = seededRandom(20260612);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  // Last week (to be marked) and the coming month, whatever the notice: the demo's residents booked earlier.
  const past = freeSlots({
    from: addDays(today, -7), to: addDays(today, -1), now: new Date(now.getTime() - 8 * 86_400_000),
    rules: { ...settings, minNoticeDays: 0, horizonDays: 30 }, blocks: [], taken: new Set(),
    experts: experts.map((e) => ({ id: e.id, weekdays: new Set(e.weekdays) })),
  });
  const coming = freeSlots({
    from: addDays(today, 1), to: addDays(today, 30), now, rules: { ...settings, minNoticeDays: 1, horizonDays: 30 }, blocks: [], taken: new Set(),
    experts: experts.map((e) => ({ id: e.id, weekdays: new Set(e.weekdays) })),
  });
  let n = 0;
  const used = new Set<string>();
  await db.transaction(async (tx) => {
    for (const slot of [...past, ...coming]) {
      const share = slot.start < now ? 0.5 : 0.35;
      if (rnd() >= share || used.has(takenKey(slot.expertId, slot.start))) continue;
      used.add(takenKey(slot.expertId, slot.start));
      const expert = experts.find((e) => e.id === slot.expertId)!;
      n++;
      const mobile = `+8210${70000000 + n}`; // 010-7000-0001 …
      const token = newLinkToken();
      const row = await insertBooking(tx, {
        districtCode: DEMO_DISTRICT, reference: newReference(), fieldCode: pick(expert.fields), expertId: expert.id, slotStart: slot.start, slotEnd: slot.end,
        state: 'booked', channel: rnd() < 0.25 ? 'phone' : 'web', contactField: 'mobile', contactEnc: cipher.encrypt(mobile),
        contactHash: contactValueHash(cipher, 'mobile', mobile), contactVerified: true, nameEnc: cipher.encrypt(pick(NAMES)),
        questionnaireEnc: cipher.encrypt(JSON.stringify({ topic: pick(TOPICS), hasDocuments: rnd() < 0.7 })),
        linkTokenHash: linkTokenHash({ cipher }, token), linkTokenEnc: cipher.encrypt(token), holdExpiresAt: null, bookedBy: null,
      });
      await insertEvent(tx, { bookingId: row.id, at: now, event: 'booked', actor: { type: 'system' }, detail: { demo: true } });
      if (slot.start < now) {
        const outcome = rnd() < 0.15 ? 'no_show' : 'attended';
        await setOutcome(tx, { id: row.id, version: row.version, outcome, noteEnc: outcome === 'attended' && rnd() < 0.4 ? cipher.encrypt('서류 보완 후 재상담 권유') : undefined, now });
      } else {
        await scheduleReminders(tx, { bookingId: row.id, slotStart: row.slotStart, offsetsMinutes: settings.reminderOffsetsMinutes, now });
      }
    }
  });
  deps.log?.info({ district: DEMO_DISTRICT, experts: experts.length, bookings: n }, 'demo consultations seeded');
}
