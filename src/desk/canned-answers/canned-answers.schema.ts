import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { cannedAnswerMessages } from './canned-answers.messages.ts';

// A canned answer: a title agents pick it by and its text in both languages.

export const cannedAnswerInput = withLabels(z.object({
  title: z.string().trim().min(1).max(100),
  bodyKo: z.string().trim().min(1).max(2000),
  bodyEn: z.string().trim().min(1).max(2000),
}), { title: cannedAnswerMessages.both('label_title'), bodyKo: cannedAnswerMessages.both('label_body_ko'), bodyEn: cannedAnswerMessages.both('label_body_en') });
export type CannedAnswerInput = z.infer<typeof cannedAnswerInput>;

export const cannedAnswerSchema = cannedAnswerInput.extend({ id: z.number().int(), updatedAt: z.string() });
export type CannedAnswer = z.infer<typeof cannedAnswerSchema>;
