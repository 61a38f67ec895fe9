import { z } from 'zod';

// A canned answer: a title agents pick it by and its text in both languages.

export const cannedAnswerInput = z.object({
  title: z.string().trim().min(1).max(100),
  bodyKo: z.string().trim().min(1).max(2000),
  bodyEn: z.string().trim().min(1).max(2000),
});
export type CannedAnswerInput = z.infer<typeof cannedAnswerInput>;

export const cannedAnswerSchema = cannedAnswerInput.extend({ id: z.number().int(), updatedAt: z.string() });
export type CannedAnswer = z.infer<typeof cannedAnswerSchema>;
