import type { SeedDeps } from '../../platform/demo/seed.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import { newLinkToken, newReference } from '../booking/booking.notify.ts';
import { contactHash, normaliseContact } from '../booking/contact.ts';
import { configureInPersonDay } from '../in-person/in-person.service.ts';
import { loadSettings } from '../schedule/schedule.repository.ts';
import { seoulInstant } from '../schedule/slot-grid.ts';
import { insertRegistration, insertSession, takeSeats } from '../sessions/sessions.repository.ts';
import { registrationTokenHash } from '../sessions/sessions.service.ts';
import { DEMO_DISTRICT } from './demo-consultations.ts';

// The demo's in-person day and explanation session (`npm start`, after
// seedDemoConsultations): Seocho-gu holds its monthly "Tax Concern
// Resolution Day" at the district office, 10:00-12:00 and 13:00-15:00,
// served by seocho.expert and seocho.expert3 (their slots show in the
// booking pages with mode in_person); and one capital gains tax session in
// three weeks, 40 seats, with a few registrations (seeded without
// confirmation messages: nobody is there to receive them). Idempotent: a
// district with an in-person day is left as it is.

const PLACE = {
  placeNameKo: '서초구청 본관 1층 세무상담실',
  placeNameEn: 'Seocho-gu Office, main building 1F, tax consultation room',
  addressKo: '서울특별시 서초구 남부순환로 2584',
  addressEn: '2584 Nambusunhwan-ro, Seocho-gu, Seoul',
};

const REGISTRANTS = [
  { name: '김하늘', mobile: '010-7100-0001', party: 1 },
  { name: '이준서', mobile: '010-7100-0002', party: 2 },
  { name: '박지안', mobile: '010-7100-0003', party: 1 },
  { name: '최유나', mobile: '010-7100-0004', party: 3 },
];

export async function seedDemoInPersonAndSessions(deps: SeedDeps): Promise<void> {
  const { db, cipher } = deps;
  const settings = await loadSettings(db, DEMO_DISTRICT);
  if (!settings || settings.inPerson) return;
  const { rows: staff } = await db.query<{ id: number; username: string }>(
    `SELECT id, username FROM staff_accounts WHERE district_code = $1 AND role IN ('tax_official', 'admin') ORDER BY role DESC, id LIMIT 1`,
    [DEMO_DISTRICT],
  );
  if (!staff[0]) return;
  const { rows: byUsername } = await db.query<{ id: number; username: string }>(
    `SELECT e.id, a.username FROM consultation_experts e JOIN staff_accounts a ON a.id = e.staff_id WHERE e.district_code = $1`, [DEMO_DISTRICT]);
  const named = byUsername.filter((r) => r.username === 'seocho.expert' || r.username === 'seocho.expert3').map((r) => Number(r.id));
  if (named.length === 0) return;
  const now = new Date();
  await configureInPersonDay({ db, clock: () => now }, DEMO_DISTRICT, {
    ...PLACE,
    windows: [{ start: '10:00', end: '12:00' }, { start: '13:00', end: '15:00' }],
    expertIds: named,
  });

  const day = addDays(seoulDay(now), 21);
  await db.transaction(async (tx) => {
    const session = await insertSession(tx, {
      districtCode: DEMO_DISTRICT,
      title: { ko: '1세대 1주택 양도소득세 설명회', en: 'Capital gains tax on a sole home: explanation session' },
      place: { name: { ko: '반포1동 주민센터 3층 강당', en: 'Banpo 1-dong Community Centre, 3F hall' }, address: { ko: '서울특별시 서초구 사평대로 273', en: '273 Sapyeong-daero, Seocho-gu, Seoul' } },
      startsAt: seoulInstant(day, 14 * 60), endsAt: seoulInstant(day, 16 * 60), capacity: 40, createdBy: Number(staff[0]!.id),
    });
    for (const r of REGISTRANTS) {
      if (!(await takeSeats(tx, { districtCode: DEMO_DISTRICT, sessionId: session.id, seats: r.party, now }))) break;
      const contact = normaliseContact({ field: 'mobile', value: r.mobile });
      const token = newLinkToken();
      await insertRegistration(tx, {
        sessionId: session.id, districtCode: DEMO_DISTRICT, reference: newReference(), partySize: r.party, nameEnc: cipher.encrypt(r.name),
        contactField: 'mobile', contactEnc: cipher.encrypt(contact.value), contactHash: contactHash(cipher, contact),
        linkTokenHash: registrationTokenHash({ cipher }, token), linkTokenEnc: cipher.encrypt(token), now,
      });
    }
  });
  deps.log?.info({ district: DEMO_DISTRICT, inPersonExperts: named.length, sessionRegistrations: REGISTRANTS.length }, 'demo in-person day and session seeded');
}
