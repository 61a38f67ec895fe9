import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { transcriptMessages } from './transcripts.messages.ts';

// A resident's request for the transcript of an ended conversation by e-mail,
// and the two answers: queued, or a code sent to confirm the address first.

export const transcriptInput = withLabels(z.object({
  resumeToken: z.string().min(1).max(100),
  email: z.string().trim().min(3).max(254),
  code: z.string().trim().max(20).optional().describe('the code sent to the address by an earlier request, when it was not confirmed yet'),
}), { email: transcriptMessages.both('label_email'), code: transcriptMessages.both('label_code') });
export type TranscriptInput = z.infer<typeof transcriptInput>;

export const transcriptQueuedSchema = z.object({ queued: z.literal(true) });
export const transcriptConfirmSchema = z.object({ queued: z.literal(false), confirm: z.object({ field: z.literal('email'), to: z.string().describe('masked') }) });

export type TranscriptAnswer = { queued: true; messageId: number } | { queued: false; confirm: { field: 'email'; to: string } };
