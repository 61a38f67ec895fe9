// Test support (not a test): a district that takes consultations, with
// experts (staff accounts of role expert), a controllable clock, and
// residents who confirm their contact as on the web (the code is read back
// from the message the delivery engine would send).
import { randomBytes } from 'node:crypto';
import type { PersonalDataCipher } from '../platform/crypto.ts';
import type { Database, Queryable } from '../platform/db/database.ts';
import { createStaffAccount } from '../platform/auth/staff.repository.ts';
import type { ConsultationDeps } from './consultations.deps.ts';
import { saveConsultationExpert, setUpConsultations, type SettingsInput } from './schedule/schedule.service.ts';
import { confirmCode, requestCode } from './booking/resident-codes.ts';
import type { ContactField } from './booking/booking.repository.ts';
import { seoulInstant } from './schedule/slot-grid.ts';

/** Tuesday 2 March 2027, 09:00 in Seoul: the first bookable day is Tuesday 9 March (Monday 1 March is a holiday). */
export const T0 = new Date('2027-03-02T00:00:00Z');

export interface TestClock {
  now: Date;
  (): Date;
  set(at: Date): void;
  advance(ms: number): void;
}

export function testClock(start = T0): TestClock {
  const clock = (() => clock.now) as TestClock;
  clock.now = new Date(start);
  clock.set = (at) => (clock.now = new Date(at));
  clock.advance = (ms) => (clock.now = new Date(clock.now.getTime() + ms));
  return clock;
}

export function testDeps(db: Database, cipher: PersonalDataCipher, clock: () => Date = testClock()): ConsultationDeps {
  return { db, cipher, clock, publicUrl: 'https://tax.example.kr' };
}

export interface ConsultationDistrict {
  district: string;
  /** expert ids in the order of the specs */
  experts: number[];
  /** their staff ids (and usernames `${district}.expert${i + 1}`) */
  staffIds: number[];
  officialId: number;
}

export interface ExpertSpec {
  fields?: string[];
  weekdays?: number[];
}

const ALL_FIELDS = ['acquisition_tax', 'capital_gains_tax', 'inheritance_tax', 'gift_tax', 'national_taxes'];

/** A new district with the default settings, the five fields, an official and experts (all fields, Monday to Friday by default). */
export async function consultationDistrict(
  db: Database,
  specs: ExpertSpec[] = [{}],
  options: { settings?: SettingsInput; password?: string; district?: string } = {},
): Promise<ConsultationDistrict> {
  const district = options.district ?? `c${randomBytes(3).toString('hex')}`;
  await db.query('INSERT INTO districts (code, name_ko, name_en, office_phone) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [district, `${district}구`, `${district}-gu`, '02-2155-6114']);
  await setUpConsultations(db, district, options.settings);
  const password = options.password ?? 'correct horse battery staple';
  const officialId = await createStaffAccount(db, { districtCode: district, username: `${district}.official`, displayName: '윤세무', role: 'tax_official', password });
  const experts: number[] = [];
  const staffIds: number[] = [];
  for (const [i, spec] of specs.entries()) {
    const staffId = await createStaffAccount(db, { districtCode: district, username: `${district}.expert${i + 1}`, displayName: `세무사${i + 1}`, role: 'expert', password });
    staffIds.push(staffId);
    experts.push(await saveConsultationExpert(db, district, staffId, { fields: spec.fields ?? ALL_FIELDS, weekdays: spec.weekdays ?? [1, 2, 3, 4, 5] }));
  }
  return { district, experts, staffIds, officialId };
}

/** The code in a one-time-code message, read back as the resident reads it. */
export async function codeOfMessage(q: Queryable, cipher: PersonalDataCipher, messageId: number): Promise<string> {
  const { rows } = await q.query<{ variables_enc: Uint8Array }>('SELECT variables_enc FROM messages WHERE id = $1', [messageId]);
  return (JSON.parse(cipher.decrypt(Buffer.from(rows[0]!.variables_enc))) as { code: string }).code;
}

/** A contact confirmed as on the web: code requested, read from its message, typed back. Returns the verification id. */
export async function verifiedContact(deps: ConsultationDeps, district: string, contact: { field: ContactField; value: string }): Promise<string> {
  const sent = await requestCode(deps, { districtCode: district, contact });
  await confirmCode(deps, { verificationId: sent.verificationId, field: contact.field, code: await codeOfMessage(deps.db, deps.cipher, sent.messageId!) });
  return sent.verificationId;
}

/** A slot on a Seoul day at HH:MM, as the API takes it (ISO with the Seoul offset). */
export function slotAt(day: string, hhmm: string): string {
  const d = seoulInstant(day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));
  return d.toISOString();
}

/** A mobile number of its own for resident i (010-7xxx-xxxx). */
export const mobileOf = (i: number) => `010-7${String(Math.floor(i / 10000) % 1000).padStart(3, '0')}-${String(i % 10000).padStart(4, '0')}`;

export const QUESTIONNAIRE = { topic: '아파트 매도 시 양도세 비과세 요건', hasDocuments: true };
