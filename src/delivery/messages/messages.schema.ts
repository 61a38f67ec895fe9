import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { messageMessages } from './messages.messages.ts';
import { rowIdSchema } from '../../platform/http/api-schemas.ts';
import { MESSAGE_STATES } from './messages.repository.ts';

// The messages API's request and answer shapes (they validate and generate
// /api/openapi.json). No contact data in any of them.

/** The longest search text (a name or a notice number) the season's messages are filtered by. */
export const SEARCH_MAX = 100;

const l = (key: Parameters<typeof messageMessages.both>[0]) => messageMessages.both(key);

export const messageListQuery = withLabels(z.object({
  season: rowIdSchema.optional(),
  q: z.string().trim().min(1).max(SEARCH_MAX).optional().describe('a taxpayer’s name (or part of it) or the start of a notice number'),
  state: z.enum(MESSAGE_STATES).optional(),
  cause: z.string().min(1).max(60).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
}), { season: l('label_season'), q: l('label_search'), state: l('label_state'), cause: l('label_cause'), page: l('label_page') });

const messageRowSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  seasonId: z.number().int().nullable(),
  noticeNo: z.string().nullable(),
  taxYear: z.number().int().nullable(),
  taxpayerId: z.number().int().nullable().describe('the taxpayer’s record: /api/taxpayers/{id}'),
  taxpayerName: z.string().nullable(),
  state: z.string(),
  plan: z.array(z.string()),
  deliveredChannel: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  lastFailureCause: z.string().nullable(),
  returnedAt: z.string().nullable(),
  effectiveDueDate: z.string().nullable(),
  paperBatchId: z.number().int().nullable(),
});

export const messageListSchema = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), messages: z.array(messageRowSchema) });

export const timelineSchema = z
  .object({
    message: z.object({
      id: z.number().int(),
      kind: z.string(),
      seasonId: z.number().int().nullable(),
      state: z.string(),
      plan: z.array(z.string()),
      noticeNo: z.string().nullable(),
      taxYear: z.number().int().nullable(),
      dueDate: z.string().nullable(),
      effectiveDueDate: z.string().nullable().describe('§31 extended due date, when set'),
      deliveredChannel: z.string().nullable(),
      deliveredAt: z.string().nullable().describe('§32 the legal moment of electronic service'),
      returnedAt: z.string().nullable(),
      paperBatchId: z.number().int().nullable(),
      publicNoticeAt: z.string().nullable().describe('§33 public notice'),
      deemedServedOn: z.string().nullable(),
    }),
    attempts: z.array(
      z.object({
        id: z.number().int(),
        channel: z.string(),
        provider: z.string().nullable(),
        state: z.string(),
        tries: z.number().int(),
        createdAt: z.string(),
        acceptedAt: z.string().nullable(),
        finalAt: z.string().nullable(),
        failureCause: z.string().nullable(),
        failureDetail: z.string().nullable(),
      }),
    ),
    events: z.array(
      z.object({ at: z.string(), event: z.string(), channel: z.string().nullable(), provider: z.string().nullable(), detail: z.record(z.string(), z.unknown()) }),
    ),
  })
  .meta({ id: 'MessageTimeline' });

export const resendBody = withLabels(z.object({ ids: z.array(rowIdSchema).min(1).max(1000), reason: z.string().trim().min(1).max(500) }), { ids: l('label_messages'), reason: l('label_reason') });

export const resendResultSchema = z.object({
  resent: z.array(z.number().int()),
  refused: z.array(z.object({ messageId: z.number().int(), reason: z.enum(['final', 'no_electronic_channel', 'in_flight', 'not_found']) })),
});
