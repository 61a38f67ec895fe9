import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { PersonalDataCipher } from '../../platform/crypto.ts';

// The answers of a booking in progress, between the pages of the journey:
// kept in the resident's browser as one cookie, sealed with the platform
// cipher (AES-GCM: nobody can read or alter it), scoped to the district's
// pages and living an hour. Nothing is stored on the server until the
// resident asks for a code and books, both through the engine. The draft
// carries its own CSRF token, which every form echoes.

export const DRAFT_COOKIE = 'ts_consult';
export const DRAFT_MINUTES = 60;

const bilingual = z.object({ ko: z.string(), en: z.string() });

const draftSchema = z.object({
  district: z.string(),
  expires: z.number(),
  csrf: z.string(),
  field: z.string().optional(),
  slot: z.object({ expertId: z.number().int(), start: z.string() }).optional(),
  waitDay: z.string().optional(),
  topic: z.string().optional(),
  hasDocuments: z.boolean().optional(),
  residency: z.boolean().optional(),
  name: z.string().optional(),
  contact: z.object({ field: z.enum(['mobile', 'email']), value: z.string() }).optional(),
  verificationId: z.string().optional(),
  sentTo: z.string().optional(),
  verified: z.boolean().optional(),
  /** A refusal to show once on the page the resident is sent back to (PRG). */
  flash: z.object({ step: z.string(), field: z.string(), text: bilingual }).optional(),
  /** Set once booked (or on the waiting list): what the confirmation page shows. */
  done: z.object({ kind: z.enum(['booking', 'waitlist']), token: z.string(), sentTo: z.string() }).optional(),
});

export type Draft = z.infer<typeof draftSchema>;

export function newDraft(district: string, now: Date): Draft {
  return { district, expires: now.getTime() + DRAFT_MINUTES * 60_000, csrf: randomBytes(18).toString('base64url') };
}

export function sealDraft(cipher: PersonalDataCipher, draft: Draft, now: Date): string {
  return cipher.encrypt(JSON.stringify({ ...draft, expires: now.getTime() + DRAFT_MINUTES * 60_000 })).toString('base64url');
}

/** The draft of this district from the cookie; null when absent, unreadable, of another district or expired. */
export function openDraft(cipher: PersonalDataCipher, value: string | undefined, district: string, now: Date): Draft | null {
  if (!value || value.length > 4096) return null;
  try {
    const parsed = draftSchema.safeParse(JSON.parse(cipher.decrypt(Buffer.from(value, 'base64url'))));
    if (!parsed.success || parsed.data.district !== district || parsed.data.expires <= now.getTime()) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

export function csrfMatches(draft: Draft, sent: string | undefined): boolean {
  if (!sent) return false;
  const a = Buffer.from(draft.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The steps of the journey, in order; a page further on than the first unanswered one sends the resident back to it. */
export const STEPS = ['field', 'slots', 'questions', 'contact', 'code', 'check'] as const;
export type Step = (typeof STEPS)[number];

export function firstMissing(d: Draft): Step {
  if (!d.field) return 'field';
  if (!d.slot && !d.waitDay) return 'slots';
  if (!d.topic || d.hasDocuments === undefined || !d.residency) return 'questions';
  if (!d.name || !d.contact || !d.verificationId) return 'contact';
  if (!d.verified) return 'code';
  return 'check';
}

export const stepIndex = (step: Step) => STEPS.indexOf(step);
