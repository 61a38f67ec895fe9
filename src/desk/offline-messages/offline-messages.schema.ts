import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { offlineMessageMessages } from './offline-messages.messages.ts';

// A question a resident leaves through the offline form while the desk is
// closed, and the answer staff send back (by e-mail or one LMS).

const l = (key: Parameters<typeof offlineMessageMessages.both>[0]) => offlineMessageMessages.both(key);

export const offlineInput = withLabels(z.object({
  district: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(100),
  replyChannel: z.enum(['email', 'sms']),
  contact: z.string().trim().min(1).max(254),
  question: z.string().trim().min(1).max(2000),
  locale: z.enum(['ko', 'en']),
}), {
  district: l('label_district'), name: l('label_name'), replyChannel: l('label_reply_channel'),
  contact: l('label_contact'), question: l('label_question'), locale: l('label_locale'),
});
export type OfflineInput = z.infer<typeof offlineInput>;

export const offlineMessageSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  name: z.string(),
  replyChannel: z.enum(['email', 'sms']),
  question: z.string(),
  createdAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type OfflineMessage = z.infer<typeof offlineMessageSchema>;

/** What staff may send back: it goes out by e-mail or as one LMS. */
export const offlineAnswer = z.string().trim().min(1).max(1500);
