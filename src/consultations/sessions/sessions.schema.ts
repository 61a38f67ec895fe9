import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { contactInput, placeView } from '../booking/booking.schema.ts';
import { consultationMessages } from '../consultations.messages.ts';

const l = (key: Parameters<typeof consultationMessages.both>[0]) => consultationMessages.both(key);

// The shapes of the sessions API, shared by the service (which parses its
// input with them) and the routes (validation and /api/openapi.json).

const isoInstant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset, e.g. 2027-04-14T14:00:00+09:00');

export const sessionInput = withLabels(z.object({
  titleKo: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().min(1).max(200),
  placeNameKo: z.string().trim().min(1).max(200),
  placeNameEn: z.string().trim().min(1).max(200),
  addressKo: z.string().trim().min(1).max(300),
  addressEn: z.string().trim().min(1).max(300),
  start: isoInstant,
  end: isoInstant,
  capacity: z.number().int().min(1).max(10000),
}), {
  titleKo: l('label_title_ko'), titleEn: l('label_title_en'), placeNameKo: l('label_place_ko'), placeNameEn: l('label_place_en'),
  addressKo: l('label_address_ko'), addressEn: l('label_address_en'), start: l('label_start'), end: l('label_end'), capacity: l('label_capacity'),
});
export type SessionInput = z.input<typeof sessionInput>;

/** A resident may bring up to this many people on one registration (the seats they take). */
export const MAX_PARTY_SIZE = 4;

export const registrationInput = withLabels(z.object({
  contact: contactInput,
  name: z.string().trim().min(1).max(100),
  partySize: z.number().int().min(1).max(MAX_PARTY_SIZE).default(1).describe(`seats taken, the resident included (1–${MAX_PARTY_SIZE})`),
  verificationId: z.string().min(16).max(64).describe('from POST /r/api/consultations/:district/codes, once the code was confirmed'),
}), { name: l('label_name'), partySize: l('label_party_size'), verificationId: l('label_verification') });
export type RegistrationInput = z.input<typeof registrationInput>;

const bilingual = z.object({ ko: z.string(), en: z.string() });

export const sessionView = z.object({
  id: z.number().int(),
  districtCode: z.string(),
  title: bilingual,
  place: placeView,
  start: z.string(),
  end: z.string(),
  day: z.string().describe('Seoul, YYYY-MM-DD'),
  time: z.string().describe('HH:MM–HH:MM, Seoul'),
  capacity: z.number().int(),
  seatsTaken: z.number().int(),
  seatsLeft: z.number().int(),
  state: z.enum(['open', 'cancelled']),
  open: z.boolean().describe('taking registrations now: open, not begun, seats left'),
});
export type SessionView = z.infer<typeof sessionView>;

export const registrationView = z.object({
  reference: z.string(),
  session: sessionView,
  name: z.string(),
  contact: z.object({ field: z.enum(['mobile', 'email']), masked: z.string() }),
  partySize: z.number().int(),
  state: z.enum(['registered', 'cancelled']),
  registeredAt: z.string(),
  cancellable: z.boolean().describe('the resident may still cancel (until the session begins)'),
});
export type RegistrationView = z.infer<typeof registrationView>;

export const registrationListView = z.object({
  session: sessionView,
  registrations: z.array(z.object({
    id: z.number().int(),
    reference: z.string(),
    name: z.string(),
    contact: z.object({ field: z.enum(['mobile', 'email']), masked: z.string() }),
    partySize: z.number().int(),
    state: z.enum(['registered', 'cancelled']),
    registeredAt: z.string(),
    cancelledAt: z.string().nullable(),
  })),
});
export type RegistrationListView = z.infer<typeof registrationListView>;
