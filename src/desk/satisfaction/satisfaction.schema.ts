import { z } from 'zod';
import { labelled } from '../../platform/http/field-labels.ts';
import { satisfactionMessages } from './satisfaction.messages.ts';

// The resident's answer to "how did we do?" after the conversation ended.

export const satisfactionInput = z.object({
  resumeToken: z.string().min(1).max(100),
  rating: labelled(z.coerce.number().int().min(1).max(5), satisfactionMessages.both('label_rating')),
  comment: labelled(z.string().trim().max(1000), satisfactionMessages.both('label_comment')).optional(),
});
export type SatisfactionInput = z.infer<typeof satisfactionInput>;
