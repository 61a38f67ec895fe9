import { randomBytes, randomInt } from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { seoulDay, seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import { formatDay, formatDayWithWeekday } from '../../platform/web/format.ts';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import type { TopicCode } from '../../delivery/topics.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { loadSettings } from '../schedule/schedule.repository.ts';
import { minuteLabel } from '../schedule/slot-grid.ts';
import type { BookingRow } from './booking.repository.ts';
import { channelPlan, recipientOf, type Contact } from './contact.ts';

// What a booking tells its resident and how they find it again: the
// reference number, the personal link's token, and the messages through the
// delivery engine (enqueued in the caller's transaction, so a change never
// exists without its message).

export interface Questionnaire {
  topic: string;
  hasDocuments: boolean;
}

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReference(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

export const newLinkToken = () => randomBytes(24).toString('base64url');
export const linkTokenHash = (deps: Pick<ConsultationDeps, 'cipher'>, token: string) => deps.cipher.lookupHash('consultation_link', token);

/** The resident's personal page (served by the pages; its JSON is GET /r/api/consultations/bookings/:token). */
export const PERSONAL_PAGE_PATH = '/r/consultations/b';
export const personalLink = (deps: Pick<ConsultationDeps, 'publicUrl'>, token: string) => `${deps.publicUrl}${PERSONAL_PAGE_PATH}/${token}`;

/** '2026. 6. 8.(월) 10:20', as residents' messages write a slot (in Korean: the engine renders messages in Korean), as every page writes a day. */
export function whenText(start: Date): string {
  return `${formatDayWithWeekday('ko', seoulDay(start))} ${minuteLabel(seoulMinuteOfDay(start))}`;
}

/** The slot's day and time in each language, for messages built in both at once: '2026. 6. 8.(월) 10:20', 'Monday 8 June 2026, 10:20'. */
export function whenTextBoth(start: Date): { ko: string; en: string } {
  return { ko: whenText(start), en: `${formatDayWithWeekday('en', seoulDay(start))}, ${minuteLabel(seoulMinuteOfDay(start))}` };
}

/** A day ('YYYY-MM-DD') in the words of each language, for a message built in both: '2027. 5. 5.', '5 May 2027'. */
export const dayInWords = (day: string): Bilingual => ({ ko: formatDay('ko', day), en: formatDay('en', day) });

export interface Sealed {
  contact: Contact;
  name: string;
  questionnaire: Questionnaire;
  token: string;
}

export function unseal(deps: ConsultationDeps, row: BookingRow): Sealed {
  return {
    contact: { field: row.contactField, value: deps.cipher.decrypt(row.contactEnc) },
    name: deps.cipher.decrypt(row.nameEnc),
    questionnaire: JSON.parse(deps.cipher.decrypt(row.questionnaireEnc)) as Questionnaire,
    token: deps.cipher.decrypt(row.linkTokenEnc),
  };
}

type ConsultationTopic = Extract<TopicCode, `consultation_${string}`>;

/** An in-person booking's messages name its place instead of the video room (topics of migration 0019's day). */
const IN_PERSON_TOPICS: Partial<Record<ConsultationTopic, ConsultationTopic>> = {
  consultation_booked: 'consultation_in_person_booked',
  consultation_moved: 'consultation_in_person_moved',
  consultation_reminder: 'consultation_in_person_reminder',
  consultation_slot_offered: 'consultation_in_person_slot_offered',
};

/** '서초구청 1층 민원실 (서울특별시 서초구 남부순환로 2584)', as messages write a place (in Korean, as every message). */
export const placeText = (place: { name: Bilingual; address: Bilingual }) => `${place.name.ko} (${place.address.ko})`;

/**
 * Enqueues one message about a booking to the resident's contact, in the
 * caller's transaction; for an in-person booking, the topic's in-person
 * variant with the place.
 */
export async function messageResident(
  tx: Queryable,
  deps: ConsultationDeps,
  row: BookingRow,
  topic: ConsultationTopic,
  fieldName: Bilingual,
  extra: Record<string, string> = {},
): Promise<number> {
  const sealed = unseal(deps, row);
  if (row.mode === 'in_person' && IN_PERSON_TOPICS[topic]) {
    const place = (await loadSettings(tx, row.districtCode))?.inPerson?.place;
    if (place) {
      topic = IN_PERSON_TOPICS[topic]!;
      extra = { ...extra, place: placeText(place) };
    }
  }
  const [id] = await enqueueMessages(tx, deps.cipher, [{
    districtCode: row.districtCode,
    kind: 'guidance',
    topic,
    plan: channelPlan(sealed.contact),
    recipient: recipientOf(sealed.contact),
    variables: { field: fieldName.ko, when: whenText(row.slotStart), reference: row.reference, link: personalLink(deps, sealed.token), ...extra },
  }]);
  return id!;
}

