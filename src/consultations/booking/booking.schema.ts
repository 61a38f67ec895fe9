import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { consultationMessages } from '../consultations.messages.ts';

// The shapes of the booking API, shared by the service (which parses its
// input with them, so a caller that skips HTTP gets the same checks) and the
// routes (which hand them to fastify for validation and /api/openapi.json).
// Each request's fields carry the names the pages give them (withLabels), so
// a refusal names the field in the caller's words.

const l = (key: Parameters<typeof consultationMessages.both>[0]) => consultationMessages.both(key);

export const contactInput = withLabels(z.object({
  field: z.enum(['mobile', 'email']),
  value: z.string().trim().min(3).max(254).describe('a Korean mobile number (010-1234-5678, +82…) or an e-mail address'),
}), { field: l('label_contact_field'), value: l('label_contact_value') });

export const questionnaireInput = withLabels(z.object({
  topic: z.string().trim().min(1).max(500).describe('what the resident wants to ask about'),
  hasDocuments: z.boolean().describe('whether they hold the relevant documents (contract, notice, …)'),
}), { topic: l('label_topic'), hasDocuments: l('label_has_documents') });

const isoInstant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset, e.g. 2026-06-08T10:20:00+09:00');
export const dayString = z.iso.date().describe('a Seoul calendar day, YYYY-MM-DD');
const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const slotChoice = withLabels(z.object({
  expertId: positiveId,
  slotStart: isoInstant,
}), { expertId: l('label_expert'), slotStart: l('label_slot_start') });

export const overrideInput = withLabels(z.object({ reason: z.string().trim().min(1).max(500) }), { reason: l('label_reason') }).describe('officials only: book inside the minimum notice, with a reason (audited)');

export const bookInput = withLabels(z.object({
  districtCode: z.string().min(1).max(40),
  fieldCode: z.string().min(1).max(40),
  expertId: positiveId,
  slotStart: isoInstant,
  contact: contactInput,
  name: z.string().trim().min(1).max(100),
  questionnaire: questionnaireInput,
  residencyDeclared: z.literal(true, { message: 'the resident must declare that they live in the district' }),
  verificationId: z.string().min(16).max(64).optional().describe('from POST …/codes, once the code was confirmed; required for residents'),
  overrideNotice: overrideInput.optional(),
}), {
  districtCode: l('label_district'), fieldCode: l('label_field'), expertId: l('label_expert'), slotStart: l('label_slot_start'),
  name: l('label_name'), residencyDeclared: l('label_residency'), verificationId: l('label_verification'),
});
export type BookInput = z.input<typeof bookInput>;

export const moveInput = withLabels(slotChoice.extend({
  version: z.number().int().positive().optional().describe('the version last read: refused (409 booking_changed) if the booking changed since'),
  overrideNotice: overrideInput.optional(),
}), { version: l('label_version') });
export type MoveInput = z.input<typeof moveInput>;

export const waitlistInput = withLabels(z.object({
  districtCode: z.string().min(1).max(40),
  fieldCode: z.string().min(1).max(40),
  day: dayString,
  contact: contactInput,
  name: z.string().trim().min(1).max(100),
  questionnaire: questionnaireInput,
  residencyDeclared: z.literal(true),
  verificationId: z.string().min(16).max(64),
}), {
  districtCode: l('label_district'), fieldCode: l('label_field'), day: l('label_day'), name: l('label_name'),
  residencyDeclared: l('label_residency'), verificationId: l('label_verification'),
});
export type WaitlistInput = z.input<typeof waitlistInput>;

export const slotsQuery = withLabels(z.object({
  field: z.string().min(1).max(40),
  from: dayString.optional().describe('default: the first bookable day'),
  to: dayString.optional().describe('default: from + 13 days'),
  expert: z.coerce.number().int().positive().optional(),
}), { field: l('label_field'), from: l('label_from'), to: l('label_to'), expert: l('label_expert') });

const bilingualText = z.object({ ko: z.string(), en: z.string() });
export const placeView = z.object({ name: bilingualText, address: bilingualText }).describe('where an in-person consultation or a session takes place');
export const modeView = z.enum(['video', 'in_person']).describe("'in_person' on the monthly in-person day, at its place; else a video room");

export const freeSlotView = z.object({
  expertId: z.number().int(),
  expertName: z.string(),
  start: z.string().describe('ISO instant'),
  end: z.string(),
  time: z.string().describe('HH:MM, Seoul'),
  mode: modeView,
});

export const slotsView = z.object({
  field: z.object({ code: z.string(), name: z.object({ ko: z.string(), en: z.string() }) }),
  from: z.string(),
  to: z.string(),
  firstBookableDay: z.string(),
  lastBookableDay: z.string(),
  days: z.array(z.object({ day: z.string(), weekday: z.number().int(), holiday: z.string().nullable(), slots: z.array(freeSlotView) })),
  inPersonPlace: placeView.nullable().describe("the in-person day's place (for slots of mode in_person); null when the district has none"),
});

export const bookingView = z.object({
  id: z.number().int(),
  reference: z.string(),
  districtCode: z.string(),
  field: z.object({ code: z.string(), name: z.object({ ko: z.string(), en: z.string() }) }),
  expert: z.object({ id: z.number().int(), name: z.string() }),
  start: z.string(),
  end: z.string(),
  day: z.string(),
  time: z.string().describe('HH:MM, Seoul'),
  mode: modeView,
  place: placeView.nullable().describe('the place of an in-person consultation; null for a video one'),
  state: z.enum(['held', 'booked', 'moved', 'cancelled', 'attended', 'no_show', 'hold_released']),
  channel: z.enum(['web', 'phone', 'waitlist']),
  cancelReason: z.enum(['resident', 'official', 'blocked']).nullable(),
  name: z.string(),
  contact: z.object({ field: z.enum(['mobile', 'email']), masked: z.string(), verified: z.boolean() }),
  questionnaire: z.object({ topic: z.string(), hasDocuments: z.boolean() }),
  residencyCheck: z.enum(['unchecked', 'confirmed', 'not_confirmed']),
  holdExpiresAt: z.string().nullable(),
  changeableUntil: z.string().nullable().describe('residents may move or cancel until then (null once not possible)'),
  rebookedAs: z.string().nullable().describe('reference of the booking that replaced one cancelled by a block'),
  extendedMinutes: z.number().int().describe('minutes the expert added at the end of the video call (0-10)'),
  switchedToPhoneAt: z.string().nullable().describe('when the expert switched the video consultation to a phone call'),
  version: z.number().int(),
});
export type BookingView = z.infer<typeof bookingView>;

export const bookingWithNoteView = bookingView.extend({ note: z.string().nullable().describe("the expert's private note") });
