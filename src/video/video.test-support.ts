// Test support (not a test): a video consultation booked by a resident, with
// its expert's sign-in, on a server's database and cipher (the server must
// read what the booking sealed), and a clock the server can be given.
import type { PersonalDataCipher } from '../platform/crypto.ts';
import type { Database } from '../platform/db/database.ts';
import { book } from '../consultations/booking/booking.service.ts';
import { consultationDistrict, QUESTIONNAIRE, slotAt, testClock, testDeps, verifiedContact, type TestClock } from '../consultations/consultations.test-support.ts';

export const EXPERT_PASSWORD = 'correct horse battery staple';

export interface VideoBooking {
  district: string;
  bookingId: number;
  reference: string;
  /** the resident's personal link token (the room is /r/video/<token>) */
  token: string;
  slotStart: Date;
  slotEnd: Date;
  expert: { staffId: number; username: string; password: string };
  /** a second expert of the same district (not this booking's) */
  otherExpert: { staffId: number; username: string; password: string };
  official: { staffId: number; username: string; password: string };
  expertId: number;
  /** set to the booking time's morning; give it to the server (deps.clock) and move it */
  clock: TestClock;
}

/** Tuesday 9 March 2027, 10:20 in Seoul, booked on 2 March; `at` names another slot of that day (HH:MM). */
export async function bookVideoConsultation(db: Database, cipher: PersonalDataCipher, options: { at?: string; district?: string } = {}): Promise<VideoBooking> {
  const clock = testClock();
  const deps = testDeps(db, cipher, clock);
  const c = await consultationDistrict(db, [{}, {}], { district: options.district });
  const result = await bookAs(deps, c.district, c.experts[0]!, options.at ?? '10:20');
  const password = EXPERT_PASSWORD;
  return {
    district: c.district,
    bookingId: result.booking.id,
    reference: result.booking.reference,
    token: result.token,
    slotStart: new Date(result.booking.start),
    slotEnd: new Date(result.booking.end),
    expert: { staffId: c.staffIds[0]!, username: `${c.district}.expert1`, password },
    otherExpert: { staffId: c.staffIds[1]!, username: `${c.district}.expert2`, password },
    official: { staffId: c.officialId, username: `${c.district}.official`, password },
    clock,
    expertId: c.experts[0]!,
  };
}

async function bookAs(deps: ReturnType<typeof testDeps>, district: string, expertId: number, at: string) {
  const mobile = `010-5${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}-${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
  const verificationId = await verifiedContact(deps, district, { field: 'mobile', value: mobile });
  return book(
    deps,
    {
      districtCode: district, fieldCode: 'capital_gains_tax', expertId, slotStart: slotAt('2027-03-09', at),
      contact: { field: 'mobile', value: mobile }, name: '김민지', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId,
    },
    { kind: 'resident' },
  );
}

/** Another resident's booking with the same expert, the same day at HH:MM (booked on 2 March). */
export async function bookSameExpert(db: Database, cipher: PersonalDataCipher, b: VideoBooking, at: string): Promise<{ bookingId: number; token: string }> {
  const result = await bookAs(testDeps(db, cipher, testClock()), b.district, b.expertId, at);
  return { bookingId: result.booking.id, token: result.token };
}
