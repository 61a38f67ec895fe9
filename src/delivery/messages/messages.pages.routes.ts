import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { rowIdSchema } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { FieldError } from '../../platform/web/components.ts';
import type { Html } from '../../platform/web/html.ts';
import { loadLawRules } from '../law/law-rules.ts';
import { messageTimeline, resendMessages } from '../queue/queue.ts';
import { DELIVERY_WRITE_ROLES, TIMELINE_READ_ROLES } from '../delivery.roles.ts';
import { messageMessages } from './messages.messages.ts';
import { messageNotFound, messageOr404 } from './messages.service.ts';
import { messagePage, resendFlash, resendRefusedText } from './messages.view.ts';
import { MESSAGE_STATES, messageReportRows, renderRowOf } from './messages.repository.ts';
import { reportHeader, reportLine } from './messages.report.ts';
import { SEARCH_MAX } from './messages.schema.ts';
import { seasonOr404 } from '../seasons/seasons.service.ts';
import { createNoticeRenderer } from '../dispatch/notice-renderer.ts';
import type { RenderedContent } from '../dispatch/outbound.ts';
import { publicBaseUrl } from '../../platform/config.ts';
import { TAXPAYER_READ_ROLES, TAXPAYER_WRITE_ROLES } from '../../taxpayers/taxpayer-console.ts';

// The message page: a plain HTML page with a resend form (POST, then 303 back
// to it). Desk agents read it; officials may resend.

const page = { hide: true, response: { 200: z.string().describe('HTML page') } } as const;
const idParam = z.object({ id: rowIdSchema });
const langQuery = { lang: z.enum(['ko', 'en']).optional() };

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

export const messagePageRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const write = guard(DELIVERY_WRITE_ROLES);
  const readTimeline = guard(TIMELINE_READ_ROLES);

  /** The message as its latest attempt's channel shows it (null: no attempt, or it does not render). */
  async function rendered(districtCode: string, id: number): Promise<RenderedContent | null> {
    const row = await renderRowOf(db, districtCode, id);
    if (!row) return null;
    try {
      const renderer = createNoticeRenderer(publicBaseUrl(deps.config), deps.cipher, 0);
      await renderer.prepare(db, [row]);
      return renderer.render(row, row.channel);
    } catch {
      return null;
    }
  }

  async function renderMessage(request: Parameters<typeof messagePage>[0], id: number, extra: { flash?: Html; errors?: FieldError[] } = {}) {
    const staff = request.staff!;
    const message = await messageOr404(db, staff.districtCode, id);
    // A message whose contents the retention purge removed is not rendered
    // again from its notice: the page says when they were removed instead.
    const [timeline, rules, content] = await Promise.all([
      messageTimeline(db, staff.districtCode, id),
      loadLawRules(db),
      message.contentsPurgedAt ? null : rendered(staff.districtCode, id),
    ]);
    return messagePage(request, {
      message,
      timeline,
      content,
      canAct: DELIVERY_WRITE_ROLES.includes(staff.role),
      taxpayerLinks: { canRead: TAXPAYER_READ_ROLES.includes(staff.role), canEdit: TAXPAYER_WRITE_ROLES.includes(staff.role) },
      article31: rules.dueDateExtension.article,
      article33: rules.publicNotice.article,
      ...extra,
    });
  }

  app.get(
    '/console/messages/:id',
    { preValidation: readTimeline, schema: { ...page, params: idParam, querystring: z.object({ ...langQuery, resent: z.coerce.number().int().min(0).optional(), refused: z.string().max(500).optional() }) } },
    async (request, reply) => {
      const q = request.query;
      const flash = q.resent !== undefined ? resendFlash(request.locale, q.resent, q.refused) : undefined;
      return sendHtml(reply, await renderMessage(request, request.params.id, { flash }));
    },
  );

  app.post(
    '/console/messages/:id/resend',
    { preValidation: write, schema: { hide: true, params: idParam, querystring: z.object(langQuery), body: z.object({ _csrf: z.string().optional(), reason: z.string().max(500).optional() }) } },
    async (request, reply) => {
      const staff = request.staff!;
      const id = request.params.id;
      const reason = (request.body.reason ?? '').trim();
      if (!reason) {
        return sendHtml(reply, await renderMessage(request, id, { errors: [{ field: 'resend-reason', message: messageMessages.t(request.locale, 'err_resend_reason') }] }), 400);
      }
      const result = await resendMessages(db, { districtCode: staff.districtCode, messageIds: [id], actor: staff.username, reason });
      if (result.refused.some((r) => r.reason === 'not_found')) throw messageNotFound(id);
      const p = new URLSearchParams({ lang: request.locale, resent: String(result.resent.length) });
      const refused = resendRefusedText(request.locale, result);
      if (refused) p.set('refused', refused);
      return reply.redirect(`/console/messages/${id}?${p.toString()}`, 303);
    },
  );

  // A season's report, as GOV.UK Notify's "download report": the messages
  // the page's filter finds (all of them without one), as CSV, streamed.
  app.get(
    '/console/seasons/:id/report.csv',
    {
      preValidation: write,
      schema: {
        hide: true,
        params: idParam,
        querystring: z.object({
          ...langQuery,
          q: z.string().trim().max(SEARCH_MAX).optional(),
          state: z.union([z.enum(MESSAGE_STATES), z.literal('')]).optional(),
          cause: z.string().max(60).optional(),
        }),
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const season = await seasonOr404(deps, staff, request.params.id);
      const locale = request.locale;
      const q = request.query;
      const filter = { seasonId: season.id, search: q.q || undefined, state: q.state || undefined, cause: q.cause || undefined };
      async function* lines() {
        yield reportHeader(locale);
        for await (const row of messageReportRows(db, staff.districtCode, filter)) yield reportLine(locale, row);
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="season-${season.id}-messages.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines()));
    },
  );
};
