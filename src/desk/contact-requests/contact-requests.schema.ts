import { z } from 'zod';
import { labelled } from '../../platform/http/field-labels.ts';
import { contactRequestMessages } from './contact-requests.messages.ts';

// A resident's contact-update form in a conversation: who they are (name,
// date of birth), the new mobile and e-mail, and the channels they want
// notices by; and what the desk answers about it.

const label = (key: Parameters<typeof contactRequestMessages.both>[0]) => contactRequestMessages.both(key);
const dateReason = { params: { reasons: label('reason_birth_date') } };
const isoDate = z
  .string()
  .max(10)
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'not a date', ...dateReason });

export const contactFormSchema = z
  .object({
    name: labelled(z.string().trim().min(1).max(100), label('label_name')),
    birthDate: labelled(isoDate, label('label_birth_date')),
    mobile: labelled(z.string().trim().max(32), label('label_mobile')).optional(),
    email: labelled(z.string().trim().max(254), label('label_email')).optional(),
    channels: labelled(z.array(z.enum(['kakao', 'sms', 'email'])).max(3), label('label_channels')).default([]),
  })
  .refine((f) => Boolean(f.mobile) || Boolean(f.email) || f.channels.length > 0, {
    message: 'give a new mobile, a new e-mail or channels',
    path: ['mobile'],
    params: { reasons: label('reason_nothing_new') },
  });
export type ContactForm = z.infer<typeof contactFormSchema>;

export const contactFormInput = z.object({ resumeToken: z.string().min(1).max(100) }).and(contactFormSchema);
const codeText = labelled(z.string().trim().max(20), label('label_code')).optional();
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
