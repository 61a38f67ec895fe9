import { z } from 'zod';

// The desk's figures of one district over a period.

export const dashboardSchema = z.object({
  days: z.number().int(),
  conversations: z.number().int(),
  waitingSeconds: z.object({ average: z.number().nullable(), p90: z.number().nullable() }),
  handlingSeconds: z.object({ average: z.number().nullable(), p90: z.number().nullable() }),
  satisfaction: z.object({ answers: z.number().int(), average: z.number().nullable(), byRating: z.array(z.number().int()).length(5) }),
  perHour: z.array(z.object({ hour: z.number().int(), conversations: z.number().int() })).length(24),
});
export type DeskDashboard = z.infer<typeof dashboardSchema>;
