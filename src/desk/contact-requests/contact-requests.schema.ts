import { z } from 'zod';

// A resident's contact-update form in a conversation: who they are (name,
// date of birth), the new mobile and e-mail, and the channels they want
// notices by; and what the desk answers about it.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a date');

export const contactFormSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    birthDate: isoDate,
    mobile: z.string().trim().max(32).optional(),
    email: z.string().trim().max(254).optional(),
    channels: z.array(z.enum(['kakao', 'sms', 'email'])).max(3).default([]),
  })
  .refine((f) => Boolean(f.mobile) || Boolean(f.email) || f.channels.length > 0, { message: 'give a new mobile, a new e-mail or channels', path: ['mobile'] });
export type ContactForm = z.infer<typeof contactFormSchema>;

export const contactFormInput = z.object({ resumeToken: z.string().min(1).max(100) }).and(contactFormSchema);
const codeText = z.string().trim().max(20).optional();
export const contactFormConfirmInput = z.object({
  resumeToken: z.string().min(1).max(100),
  formId: z.number().int().positive(),
  codes: z.object({ mobile: codeText, email: codeText }).default({}),
});
export type ContactFormConfirmInput = z.infer<typeof contactFormConfirmInput>;
export const contactFormResendInput = z.object({ resumeToken: z.string().min(1).max(100), formId: z.number().int().positive() });
export type ContactFormResendInput = z.infer<typeof contactFormResendInput>;

export const awaitingSchema = z.array(z.object({ field: z.enum(['mobile', 'email']), to: z.string().describe('masked') }));

export const formAnswerSchema = z.object({
  formId: z.number().int(),
  messageId: z.number().int().nullable().describe('the form in the conversation; null while codes are awaited'),
  awaiting: awaitingSchema.describe('new contacts a code was sent to, still to be confirmed (masked)'),
});

export const applyAnswerSchema = z.object({ taxpayerId: z.number().int(), changedFields: z.array(z.string()), resentMessageIds: z.array(z.number().int()) });
