import { z } from 'zod';

// The resident's answer to "how did we do?" after the conversation ended.

export const satisfactionInput = z.object({
  resumeToken: z.string().min(1).max(100),
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
});
export type SatisfactionInput = z.infer<typeof satisfactionInput>;
