import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { seasonMessages } from './seasons.messages.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import { staffApiErrors } from '../../platform/http/api-schemas.ts';
import { TAX_ITEMS } from '../../notices/tax-items.ts';

// The seasons API's request and answer shapes (they validate and generate
// /api/openapi.json).

export const seasonSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    taxItem: z.string(),
    taxYear: z.number().int(),
    period: z.number().int(),
    sendAfter: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    notices: z.number().int(),
    final: z.number().int(),
    delivered: z.number().int(),
  })
  .meta({ id: 'Season' });

export const summarySchema = z
  .object({
    season_id: z.number().int(),
    notices: z.number().int(),
    applicants: z.number().int(),
    final: z.number().int(),
    pending: z.number().int(),
    awaiting_paper: z.number().int(),
    delivered: z.record(z.string(), z.number().int()).describe('delivered notices by channel'),
    failed: z.record(z.string(), z.number().int()).describe('failed attempts by cause'),
    returned: z.number().int(),
    paper: z.number().int(),
    paper_cost_krw: z.number().int(),
    withdrawn: z.number().int(),
    electronic_delivery_rate: z.number(),
  })
  .meta({ id: 'SeasonSummary' });

const channelRateSchema = z.object({ channel: z.string(), attempted: z.number().int(), delivered: z.number().int(), rate: z.number() });

export const statsSchema = z
  .object({
    season: seasonSchema,
    summary: summarySchema,
    channels: z.array(channelRateSchema).describe('delivery rate per channel: messages delivered on it ÷ messages tried on it'),
    deliveredPerDay: z.array(z.object({ day: z.string().describe('YYYY-MM-DD, Asia/Seoul'), delivered: z.number().int() })),
    failureCauses: z.array(z.object({ cause: z.string(), count: z.number().int() })),
    paperCostKrw: z.number().int(),
    previous: z
      .object({ season: seasonSchema, summary: summarySchema, channels: z.array(channelRateSchema) })
      .nullable()
      .describe('the last earlier season of the same tax item, for comparison'),
  })
  .meta({ id: 'SeasonStats' });

export const issueSeasonBody = withLabels(z.object({
  taxItem: z.enum(TAX_ITEMS),
  taxYear: z.number().int().min(1990).max(2200),
  period: z.number().int().min(0).max(12).default(0),
  sendAfter: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 time; omitted: now (quiet hours still apply)'),
}), {
  taxItem: seasonMessages.both('label_tax_item'), taxYear: seasonMessages.both('label_tax_year'),
  period: seasonMessages.both('label_period'), sendAfter: seasonMessages.both('label_send_after'),
});

export const issueSeasonResponses = {
  201: z.object({
    seasonId: z.number().int(),
    issued: z.number().int(),
    electronic: z.number().int(),
    paperOnly: z.number().int(),
    withdrawnPaid: z.number().int(),
    summaryUrl: z.string(),
  }),
  ...staffApiErrors,
  422: problemSchema,
};
