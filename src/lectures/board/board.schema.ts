import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { boardMessages } from './board.messages.ts';
import { PERSONAL_DATA_KINDS } from './personal-data-mask.ts';

// The question board's shapes: the fixed list of fields, a question as the
// pages and the lecture videos read it, and the bounds every form checks
// (the same as the table's CHECKs, migration 0022).

export const BOARD_FIELDS = ['acquisition', 'property', 'vehicle', 'resident', 'local_income', 'other'] as const;
export const boardField = z.enum(BOARD_FIELDS);
export type BoardField = z.infer<typeof boardField>;

export const QUESTION_STATES = ['pending', 'published', 'rejected'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/** A field's name as the question form shows it. */
const label = (key: 'nickname' | 'title' | 'body' | 'field' | 'contact') => boardMessages.both(key);

export const LIMITS = { nickname: 30, title: 100, body: 2000, contact: 254, reason: 500, answer: 4000 } as const;

/** A reference residents quote: LQ- and eight unambiguous letters and digits. */
export const REFERENCE_PATTERN = /^LQ-[A-Z2-9]{8}$/;

/** What a resident typed into the question form, each field as posted (any may be missing); the service says what is wrong. */
export const questionForm = withLabels(z.object({
  nickname: z.string().max(10_000).optional(),
  title: z.string().max(10_000).optional(),
  body: z.string().max(50_000).optional(),
  field: z.string().max(200).optional(),
  contact: z.string().max(1000).optional(),
  _token: z.string().max(200).optional(),
}), { nickname: label('nickname'), title: label('title'), body: label('body'), field: label('field'), contact: label('contact') });
export type QuestionForm = z.infer<typeof questionForm>;

/** The same question, checked: trimmed, within bounds, a known field. */
export const questionInput = withLabels(z.object({
  nickname: z.string().trim().min(1).max(LIMITS.nickname),
  title: z.string().trim().min(1).max(LIMITS.title),
  body: z.string().trim().min(1).max(LIMITS.body),
  field: boardField,
  contact: z.string().trim().max(LIMITS.contact).optional(),
}), { nickname: label('nickname'), title: label('title'), body: label('body'), field: label('field'), contact: label('contact') });

export const rejectionReason = z.string().trim().min(1).max(LIMITS.reason);
export const writtenAnswer = z.string().trim().min(1).max(LIMITS.answer);

export interface Question {
  id: number;
  reference: string;
  nickname: string;
  title: string;
  body: string;
  field: BoardField;
  maskedKinds: (typeof PERSONAL_DATA_KINDS)[number][];
  hasContact: boolean;
  state: QuestionState;
  createdAt: Date;
  publishedAt: Date | null;
  rejectionReason: string | null;
  answer: string | null;
  answeredAt: Date | null;
  answerMessageId: number | null;
  forLecture: boolean;
  upvotes: number;
}

/** A published question as another feature lists it (the lectures that answer it). */
export interface QuestionRef {
  id: number;
  title: string;
  field: BoardField;
}

/** One field's line in the monthly view: questions published that month and their upvotes, with the most wanted questions. */
export interface MonthlyField {
  field: BoardField;
  questions: number;
  upvotes: number;
  forLecture: number;
  top: { id: number; title: string; upvotes: number; forLecture: boolean; answered: boolean }[];
}
