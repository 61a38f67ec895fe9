import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { LOCALES } from '../../platform/i18n/i18n.ts';
import { recordPayments } from '../../notices/payments/payments.service.ts';
import { TAX_ITEMS } from '../../notices/tax-items.ts';
import { paymentCode } from '../../notices/payment-page/payment-code.ts';
import { TEMPLATE_CHANNELS, TEMPLATE_KINDS } from '../../notices/templates/templates.engine.ts';
import { districtLinkPolicy, loadTemplates, previewTemplate, resetTemplate, saveTemplate } from '../../notices/templates/templates.repository.ts';
import { loadLinkDomains, replaceLinkDomains } from '../../notices/templates/link-domains.repository.ts';
import { lawRuleCitation, loadLawRules } from '../law/law-rules.ts';
import { recordReturnedPost } from '../law/public-notice.ts';
import { messageTimeline, paymentEffects, resendMessages } from '../queue/queue.ts';
import { seasonSummary } from '../season-summary.ts';
import { dm } from './seasons.messages.ts';
import {
  findMessage,
  findNoticeStatus,
  listMessages,
  listPaperBatches,
  listSeasons,
  MESSAGE_STATES,
  PAGE_SIZE,
  seasonStats,
  type ChannelRate,
  type SeasonRow,
} from './seasons.repository.ts';
import {
  batchNotFound,
  DELIVERY_WRITE_ROLES,
  issueFromConsole,
  makePaperBatch,
  messageNotFound,
  seasonOr404,
  TIMELINE_READ_ROLES,
} from './seasons.service.ts';

// The delivery API (tag 'delivery'): seasons, their live figures and charts'
// data, messages and timelines, resend, paper batches and their files,
// payment events, the notice status for the payment system, returned post.
// The district always comes from the session.

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
// State-changing requests also need the CSRF token of the session (x-csrf-token).
const security: { [label: string]: string[] }[] = [{ session: [] }];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

const seasonSchema = z
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

const statsSchema = z
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

const messageRowSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  seasonId: z.number().int().nullable(),
  noticeNo: z.string().nullable(),
  taxYear: z.number().int().nullable(),
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

const timelineSchema = z
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

const batchSchema = z.object({
  id: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  notices: z.number().int(),
  pages: z.number().int(),
  postagePerPageKrw: z.number().int(),
  costKrw: z.number().int(),
  pdfUrl: z.string(),
  manifestUrl: z.string(),
});

const templateSchema = z.object({
  kind: z.string(),
  channel: z.string(),
  locale: z.string(),
  kakaoTemplateCode: z.string().optional(),
  subject: z.string().optional(),
  body: z.string(),
  htmlBody: z.string().optional(),
  buttons: z.array(z.object({ name: z.string(), url: z.string() })),
  source: z.enum(['builtin', 'district']),
  updatedBy: z.string().optional(),
  updatedAt: z.string().optional(),
});

const templateKey = z.object({ kind: z.enum(TEMPLATE_KINDS), channel: z.enum(TEMPLATE_CHANNELS), locale: z.enum(LOCALES) });
const templateBody = z.object({
  kakaoTemplateCode: z.string().max(30).optional(),
  subject: z.string().max(200).optional(),
  body: z.string().max(4000),
  htmlBody: z.string().max(100_000).optional(),
  buttons: z.array(z.object({ name: z.string().max(14), url: z.string().max(500) })).max(5).default([]),
});

function seasonJson(s: SeasonRow) {
  return { ...s, sendAfter: s.sendAfter.toISOString(), createdAt: s.createdAt.toISOString() };
}

function batchJson(b: Awaited<ReturnType<typeof listPaperBatches>>[number]) {
  return {
    id: b.id,
    createdBy: b.createdBy,
    createdAt: b.createdAt.toISOString(),
    notices: b.notices,
    pages: b.pages,
    postagePerPageKrw: b.postagePerPageKrw,
    costKrw: b.costKrw,
    pdfUrl: `/api/paper-batches/${b.id}/pdf`,
    manifestUrl: `/api/paper-batches/${b.id}/manifest`,
  };
}

const channelsJson = (c: ChannelRate[]) => c;

export const deliveryApiRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const write = guard(DELIVERY_WRITE_ROLES);
  const read = guard(DELIVERY_WRITE_ROLES);
  const readTimeline = guard(TIMELINE_READ_ROLES);

  app.get(
    '/api/seasons',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'The district’s seasons, newest first, with progress counts', security, response: { 200: z.object({ seasons: z.array(seasonSchema) }), ...errors } },
    },
    async (request) => ({ seasons: (await listSeasons(db, request.staff!.districtCode)).map(seasonJson) }),
  );

  app.post(
    '/api/seasons',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Issue a season from the imported roll and send it (now, or from sendAfter)',
        description: 'Issuing queues the first delivery attempt of each applicant’s notice; the delivery workers send them. Poll /api/seasons/{id}/summary for progress.',
        security,
        body: z.object({
          taxItem: z.enum(TAX_ITEMS),
          taxYear: z.number().int().min(1990).max(2200),
          period: z.number().int().min(0).max(12).default(0),
          sendAfter: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 time; omitted: now (quiet hours still apply)'),
        }),
        response: {
          201: z.object({
            seasonId: z.number().int(),
            issued: z.number().int(),
            electronic: z.number().int(),
            paperOnly: z.number().int(),
            withdrawnPaid: z.number().int(),
            summaryUrl: z.string(),
          }),
          ...errors,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await issueFromConsole(deps, request.staff!, {
        taxItem: b.taxItem,
        taxYear: b.taxYear,
        period: b.period,
        sendAfter: b.sendAfter ? new Date(b.sendAfter) : undefined,
      });
      return reply.code(201).send({ ...result, summaryUrl: `/api/seasons/${result.seasonId}/summary` });
    },
  );

  app.get(
    '/api/seasons/:id/summary',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'A season’s figures (the same as `taxstation season send --json`)', security, params: z.object({ id }), response: { 200: summarySchema, ...errors } },
    },
    async (request, reply) => {
      const season = await seasonOr404(deps, request.staff!, request.params.id);
      reply.header('cache-control', 'no-store');
      return seasonSummary(db, season.id);
    },
  );

  app.get(
    '/api/seasons/:id/stats',
    {
      preValidation: read,
      schema: {
        tags: ['delivery'],
        summary: 'Chart data of a season: rate per channel, delivered per day (Asia/Seoul), failure causes, paper cost, and the previous season of the same tax item',
        security,
        params: z.object({ id }),
        response: { 200: statsSchema, ...errors },
      },
    },
    async (request) => {
      const staff = request.staff!;
      const season = await seasonOr404(deps, staff, request.params.id);
      const st = await seasonStats(db, season, staff.districtCode);
      return {
        ...st,
        season: seasonJson(st.season),
        channels: channelsJson(st.channels),
        previous: st.previous ? { ...st.previous, season: seasonJson(st.previous.season) } : null,
      };
    },
  );

  app.get(
    '/api/messages',
    {
      preValidation: read,
      schema: {
        tags: ['delivery'],
        summary: 'Messages of the district, filtered; no contact data',
        security,
        querystring: z.object({
          season: id.optional(),
          state: z.enum(MESSAGE_STATES).optional(),
          cause: z.string().min(1).max(60).optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
        }),
        response: {
          200: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), messages: z.array(messageRowSchema) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.season !== undefined) await seasonOr404(deps, request.staff!, q.season);
      const { total, rows } = await listMessages(db, request.staff!.districtCode, { seasonId: q.season, state: q.state, cause: q.cause, page: q.page });
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
        params: z.object({ id }),
        response: { 200: timelineSchema, ...errors },
      },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      const m = await findMessage(db, district, request.params.id);
      if (!m) throw messageNotFound(request.params.id);
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
        body: z.object({ ids: z.array(id).min(1).max(1000), reason: z.string().trim().min(1).max(500) }),
        response: {
          200: z.object({
            resent: z.array(z.number().int()),
            refused: z.array(z.object({ messageId: z.number().int(), reason: z.enum(['final', 'no_electronic_channel', 'in_flight', 'not_found']) })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const staff = request.staff!;
      return resendMessages(db, { districtCode: staff.districtCode, messageIds: [...new Set(request.body.ids)], actor: staff.username, reason: request.body.reason });
    },
  );

  app.get(
    '/api/paper-batches',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'The district’s paper batches, newest first', security, response: { 200: z.object({ batches: z.array(batchSchema) }), ...errors } },
    },
    async (request) => ({ batches: (await listPaperBatches(db, request.staff!.districtCode)).map(batchJson) }),
  );

  app.post(
    '/api/paper-batches',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Print every notice of the district waiting for paper into one batch (PDF and mail-house CSV)',
        security,
        response: {
          201: z.object({ batch: batchSchema, withdrawnPaid: z.number().int() }),
          200: z.object({ batch: z.null(), withdrawnPaid: z.number().int() }).describe('nothing was waiting for paper'),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const result = await makePaperBatch(deps, staff);
      if (result.batchId === null) return reply.code(200).send({ batch: null, withdrawnPaid: result.withdrawnPaid });
      const [batch] = await listPaperBatches(db, staff.districtCode, result.batchId);
      return reply.code(201).send({ batch: batchJson(batch!), withdrawnPaid: result.withdrawnPaid });
    },
  );

  for (const file of ['pdf', 'manifest'] as const) {
    app.get(
      `/api/paper-batches/:id/${file}`,
      {
        preValidation: read,
        schema: {
          tags: ['delivery'],
          summary: file === 'pdf' ? 'Download a batch’s print-ready PDF' : 'Download a batch’s CSV manifest for the mail house',
          security,
          params: z.object({ id }),
        },
      },
      async (request, reply) => {
        const [batch] = await listPaperBatches(db, request.staff!.districtCode, request.params.id);
        if (!batch) throw batchNotFound(request.params.id);
        const path = file === 'pdf' ? batch.pdfFile : batch.manifestFile;
        const size = await stat(path).then((s) => s.size).catch(() => null);
        if (size === null) throw new AppError('paper_batch_file_missing', 404, dm.both('batch_file_missing', { id: batch.id }));
        const name = `paper-batch-${batch.id}.${file === 'pdf' ? 'pdf' : 'csv'}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
        reply.header('content-length', String(size));
        reply.type(file === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8');
        return reply.send(createReadStream(path));
      },
    );
  }

  app.post(
    '/api/payments',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Payment events from the payment system: each paid notice’s pending messages and paper reissue are withdrawn',
        security,
        body: z.object({
          payments: z
            .array(
              z.object({
                noticeNo: z.string().min(1).max(40),
                taxYear: z.number().int().min(1990).max(2200),
                paidAt: z.iso.datetime({ offset: true }),
                amount: z.number().int().min(0),
              }),
            )
            .min(1)
            .max(10_000),
        }),
        response: { 200: z.object({ recorded: z.number().int(), unknownNotices: z.array(z.string()), withdrawnMessages: z.number().int() }), ...errors },
      },
    },
    async (request) =>
      recordPayments(
        db,
        paymentEffects,
        request.staff!.districtCode,
        request.body.payments.map((p) => ({ ...p, source: 'payment_system' })),
      ),
  );

  app.get(
    '/api/notices/:year/:noticeNo',
    {
      preValidation: readTimeline,
      schema: {
        tags: ['delivery'],
        summary: 'A notice’s amount and dates for the payment system: the due date, the §31 effective due date (article cited), delivery time and state',
        security,
        params: z.object({ year: z.coerce.number().int().min(1990).max(2200), noticeNo: z.string().min(1).max(40) }),
        response: {
          200: z
            .object({
              noticeNo: z.string(),
              taxYear: z.number().int(),
              taxItem: z.string(),
              period: z.number().int().nullable(),
              amount: z.number().int(),
              dueDate: z.string(),
              effectiveDueDate: z.string().nullable().describe('set when §31 extended the due date'),
              payBy: z.string().describe('the date the taxpayer must pay by: effectiveDueDate when set, else dueDate'),
              effectiveDueDateRule: z.object({ article: z.string(), summary: z.string() }).nullable(),
              deliveredAt: z.string().nullable(),
              deliveredChannel: z.string().nullable(),
              state: z.string().nullable().describe('state of the notice message; null when not issued yet'),
              paidAt: z.string().nullable(),
              publicNoticeAt: z.string().nullable(),
              deemedServedOn: z.string().nullable(),
              paymentPage: z.string().describe('the resident payment page, with the notice’s code (?code=) that opens it'),
            })
            .meta({ id: 'NoticeStatus' }),
          ...errors,
        },
      },
    },
    async (request) => {
      const staff = request.staff!;
      const { year, noticeNo } = request.params;
      const n = await findNoticeStatus(db, staff.districtCode, year, noticeNo);
      if (!n) throw new AppError('notice_not_found', 404, dm.both('notice_not_found', { year, no: noticeNo }));
      const effective = n.message?.effectiveDueDate ?? null;
      let rule: { article: string; summary: string } | null = null;
      if (effective) {
        const citation = await lawRuleCitation(db, 'due_date_extended_on_late_arrival');
        if (citation) rule = { article: citation.article, summary: citation.summary[request.locale] };
      }
      return {
        noticeNo: n.noticeNo,
        taxYear: n.taxYear,
        taxItem: n.taxItem,
        period: n.period,
        amount: n.amount,
        dueDate: n.dueDate,
        effectiveDueDate: effective,
        payBy: effective ?? n.dueDate,
        effectiveDueDateRule: rule,
        deliveredAt: iso(n.message?.deliveredAt),
        deliveredChannel: n.message?.deliveredChannel ?? null,
        state: n.message?.state ?? null,
        paidAt: iso(n.paidAt),
        publicNoticeAt: iso(n.message?.publicNoticeAt),
        deemedServedOn: n.message?.deemedServedOn ?? null,
        paymentPage: `/pay/${encodeURIComponent(staff.districtCode)}/${encodeURIComponent(n.noticeNo)}?code=${paymentCode(deps.cipher, staff.districtCode, n.noticeNo)}`,
      };
    },
  );

  app.post(
    '/api/notices/returned-post',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Record paper notices returned as undeliverable: they go to public notice (§33), deemed served after the days the law sets',
        security,
        body: z.object({ taxYear: z.number().int().min(1990).max(2200), noticeNos: z.array(z.string().min(1).max(40)).min(1).max(10_000) }),
        response: { 200: z.object({ recorded: z.number().int(), unknown: z.array(z.string()).describe('not found, not on paper, or already on public notice') }), ...errors },
      },
    },
    async (request) => {
      const staff = request.staff!;
      return recordReturnedPost(db, await loadLawRules(db), {
        districtCode: staff.districtCode,
        taxYear: request.body.taxYear,
        noticeNos: [...new Set(request.body.noticeNos)],
        actor: staff.username,
      });
    },
  );

  // Templates: per kind × channel × language; the district's saved one or the built-in.
  /** The service's address: its host is one links in templates may go to. */
  const templatePublicUrl = (request: FastifyRequest) => deps.config.TAXSTATION_PUBLIC_URL ?? `${request.protocol}://${request.host}`;
  const linkDomains = z.object({
    domains: z.array(z.string()).describe('the domains the district’s templates may link to besides the service’s own; each allows its subdomains'),
    allowedHosts: z.array(z.string()).describe('every host links may go to now: the service’s own and the domains'),
  });
  app.get(
    '/api/templates/link-domains',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'The domains the district’s templates may link to (buttons, e-mail links and images, addresses in text)', security, response: { 200: linkDomains, ...errors } },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      return { domains: await loadLinkDomains(db, district), allowedHosts: [...(await districtLinkPolicy(db, district, templatePublicUrl(request))).hosts] };
    },
  );

  app.put(
    '/api/templates/link-domains',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Replace the domains the district’s templates may link to; anything that is not a domain name is refused (422), naming it',
        security,
        body: z.object({ domains: z.array(z.string().max(300)).max(50) }),
        response: { 200: linkDomains, ...errors, 422: problemSchema },
      },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      const domains = await replaceLinkDomains(db, { districtCode: district, domains: request.body.domains, actor: request.staff!.username });
      return { domains, allowedHosts: [...(await districtLinkPolicy(db, district, templatePublicUrl(request))).hosts] };
    },
  );

  app.get(
    '/api/templates',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'Every template of the district (saved or built-in)', security, response: { 200: z.object({ templates: z.array(templateSchema) }), ...errors } },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      const templates = [];
      for (const kind of TEMPLATE_KINDS) {
        for (const locale of LOCALES) {
          const set = await loadTemplates(db, district, kind, locale);
          for (const channel of TEMPLATE_CHANNELS) templates.push(set[channel]);
        }
      }
      return { templates };
    },
  );

  app.get(
    '/api/templates/:kind/:channel/:locale',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'One template', security, params: templateKey, response: { 200: templateSchema, ...errors } },
    },
    async (request) => {
      const p = request.params;
      return (await loadTemplates(db, request.staff!.districtCode, p.kind, p.locale))[p.channel];
    },
  );

  app.put(
    '/api/templates/:kind/:channel/:locale',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary:
          'Save the district’s template; an unknown {{variable}}, a link outside the allowed domains, or script, event handlers and forms in the e-mail HTML are refused (422), each named',
        security,
        params: templateKey,
        body: templateBody,
        response: { 200: templateSchema, ...errors, 422: problemSchema },
      },
    },
    async (request) => {
      const p = request.params;
      return saveTemplate(db, { ...request.body, ...p, districtCode: request.staff!.districtCode, updatedBy: request.staff!.username }, { publicUrl: templatePublicUrl(request) });
    },
  );

  app.post(
    '/api/templates/:kind/:channel/:locale/preview',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Render a draft (or, with no body, the current template) with sample values',
        security,
        params: templateKey,
        body: templateBody.optional(),
        response: { 200: z.object({ channel: z.string(), content: z.record(z.string(), z.unknown()) }), ...errors, 422: problemSchema },
      },
    },
    async (request) => {
      const p = request.params;
      const preview = await previewTemplate(db, { ...p, districtCode: request.staff!.districtCode, draft: request.body ?? undefined, publicUrl: templatePublicUrl(request) });
      return { channel: preview.channel, content: preview.content as unknown as Record<string, unknown> };
    },
  );

  app.delete(
    '/api/templates/:kind/:channel/:locale',
    {
      preValidation: write,
      schema: { tags: ['delivery'], summary: 'Reset to the built-in template', security, params: templateKey, response: { 200: z.object({ reset: z.boolean() }), ...errors } },
    },
    async (request) => {
      const p = request.params;
      return { reset: await resetTemplate(db, { ...p, districtCode: request.staff!.districtCode }) };
    },
  );
};
