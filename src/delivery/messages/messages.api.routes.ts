import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { isoOrNull as iso, rowIdSchema, sessionSecurity as security, staffApiErrors as errors } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { messageTimeline, resendMessages } from '../queue/queue.ts';
import { DELIVERY_WRITE_ROLES, TIMELINE_READ_ROLES } from '../delivery.roles.ts';
import { seasonOr404 } from '../seasons/seasons.service.ts';
import { listMessages, PAGE_SIZE } from './messages.repository.ts';
import { messageListQuery, messageListSchema, resendBody, resendResultSchema, timelineSchema } from './messages.schema.ts';
import { messageOr404 } from './messages.service.ts';

// The messages API (tag 'delivery'): the district's messages, filtered and
// paged, one message's legal dates and history, and resending. The district
// always comes from the session.

export const messageApiRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const read = guard(DELIVERY_WRITE_ROLES);
  const write = guard(DELIVERY_WRITE_ROLES);
  const readTimeline = guard(TIMELINE_READ_ROLES);

  app.get(
    '/api/messages',
    {
      preValidation: read,
      schema: {
        tags: ['delivery'],
        summary: 'Messages of the district, filtered; no contact data',
        security,
        querystring: messageListQuery,
        response: { 200: messageListSchema, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.season !== undefined) await seasonOr404(deps, request.staff!, q.season);
      const { total, rows } = await listMessages(db, request.staff!.districtCode, { seasonId: q.season, state: q.state, cause: q.cause, search: q.q, page: q.page });
      return {
        total,
        page: q.page,
        pageSize: PAGE_SIZE,
        messages: rows.map((m) => ({ ...m, deliveredAt: iso(m.deliveredAt), returnedAt: iso(m.returnedAt) })),
      };
    },
  );

  app.get(
    '/api/messages/:id/timeline',
    {
      preValidation: readTimeline,
      schema: {
        tags: ['delivery'],
        summary: 'A message’s legal dates, its delivery attempts and its whole history',
        security,
        params: z.object({ id: rowIdSchema }),
        response: { 200: timelineSchema, ...errors },
      },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      const m = await messageOr404(db, district, request.params.id);
      const events = await messageTimeline(db, district, m.id);
      return {
        message: {
          id: m.id,
          kind: m.kind,
          seasonId: m.seasonId,
          state: m.state,
          plan: m.plan,
          noticeNo: m.noticeNo,
          taxYear: m.taxYear,
          dueDate: m.dueDate,
          effectiveDueDate: m.effectiveDueDate,
          deliveredChannel: m.deliveredChannel,
          deliveredAt: iso(m.deliveredAt),
          returnedAt: iso(m.returnedAt),
          paperBatchId: m.paperBatchId,
          publicNoticeAt: iso(m.publicNoticeAt),
          deemedServedOn: m.deemedServedOn,
        },
        attempts: m.attempts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString(), acceptedAt: iso(a.acceptedAt), finalAt: iso(a.finalAt) })),
        events: events.map((e) => ({ at: new Date(e.at).toISOString(), event: e.event, channel: e.channel, provider: e.provider, detail: e.detail })),
      };
    },
  );

  app.post(
    '/api/messages/resend',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Resend messages not yet final, from their first channel with the taxpayer’s current contacts',
        security,
        body: resendBody,
        response: { 200: resendResultSchema, ...errors },
      },
    },
    async (request) => {
      const staff = request.staff!;
      return resendMessages(db, { districtCode: staff.districtCode, messageIds: [...new Set(request.body.ids)], actor: staff.username, reason: request.body.reason });
    },
  );
};
