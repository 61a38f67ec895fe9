import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { rowIdSchema } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { parseSeoulDateTime, seoulDateTime } from '../../platform/time/seoul.ts';
import { isTaxItem } from '../../notices/render/format.ts';
import type { TaxItem } from '../../notices/tax-items.ts';
import { countUntrustedReports } from '../receipts/refused-reports.repository.ts';
import { resendMessages } from '../queue/queue.ts';
import { DELIVERY_WRITE_ROLES } from '../delivery.roles.ts';
import { listMessages, MESSAGE_STATES, seasonCauses } from '../messages/messages.repository.ts';
import { messageMessages } from '../messages/messages.messages.ts';
import { SEARCH_MAX } from '../messages/messages.schema.ts';
import { resendRefusedText } from '../messages/messages.view.ts';
import { countAwaitingPaper } from '../paper/paper-batch.service.ts';
import { listPaperBatches } from '../paper/paper-batches.repository.ts';
import { findPaperJob, latestPaperJob, type PaperJob } from '../paper/paper-batch-jobs.repository.ts';
import { requestPaperBatch } from '../paper/paper-batch-jobs.service.ts';
import { paperJobActive, type PaperState } from '../paper/paper-batches.view.ts';
import { countIssuable, listSeasons, readyRolls, seasonStats } from './seasons.repository.ts';
import { senderSideRefusals } from './sender-side.repository.ts';
import { seasonMessages, type SeasonMessageKey } from './seasons.messages.ts';
import { issueFromConsole, seasonOr404 } from './seasons.service.ts';
import { checkPage, paperBatchRequestPath, seasonLiveFragment, seasonPage, seasonsPage, type IssueForm } from './seasons.view.ts';
import { heldInSeason, heldOnIssue } from '../quiet-hours/quiet-hours.repository.ts';
import { quietNow } from '../quiet-hours/quiet-hours.service.ts';
import { quietHoursMessages } from '../quiet-hours/quiet-hours.messages.ts';
import { heldInSeasonNote, heldOnIssueNote, liftedFlash } from '../quiet-hours/quiet-hours.view.ts';
import { TAXPAYER_READ_ROLES, TAXPAYER_WRITE_ROLES } from '../../taxpayers/taxpayer-console.ts';

// The season pages: plain HTML forms (POST, then 303 to a GET page), so
// everything works without script; delivery-console.js only adds polling.
// The list with the issue form and its check-answers step, and one season
// with its figures, messages (resend) and paper batches (make one).

const page = { hide: true, response: { 200: z.string().describe('HTML page') } } as const;
const idParam = z.object({ id: rowIdSchema });
const langQuery = { lang: z.enum(['ko', 'en']).optional() };

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

interface CheckedIssue {
  taxItem: TaxItem;
  taxYear: number;
  period: number;
  sendAt: Date | null;
  sendAtText: string;
}

function checkIssueForm(locale: Locale, form: IssueForm): { ok: CheckedIssue } | { errors: FieldError[] } {
  const t = (key: SeasonMessageKey) => seasonMessages.t(locale, key);
  const errors: FieldError[] = [];
  const taxItem = form.taxItem ?? '';
  if (!isTaxItem(taxItem)) errors.push({ field: 'tax-item', message: t('err_tax_item') });
  const year = Number((form.taxYear ?? '').trim());
  if (!/^\d{4}$/.test((form.taxYear ?? '').trim()) || year < 1990 || year > 2200) errors.push({ field: 'tax-year', message: t('err_year') });
  const periodText = (form.period ?? '').trim() || '0';
  const period = Number(periodText);
  if (!/^\d{1,2}$/.test(periodText) || period > 12) errors.push({ field: 'period', message: t('err_period') });
  let sendAt: Date | null = null;
  const sendAtText = (form.sendAt ?? '').trim();
  if (form.when !== 'now' && form.when !== 'later') errors.push({ field: 'when-now', message: t('err_when') });
  else if (form.when === 'later') {
    sendAt = parseSeoulDateTime(sendAtText);
    if (!sendAt) errors.push({ field: 'send-at', message: t('err_send_at') });
    else if (sendAt.getTime() < Date.now() - 60_000) errors.push({ field: 'send-at', message: t('err_send_at_past') });
  }
  if (errors.length) return { errors };
  return { ok: { taxItem: taxItem as TaxItem, taxYear: year, period, sendAt, sendAtText: form.when === 'later' ? sendAtText : '' } };
}

const issueFormSchema = z.object({
  _csrf: z.string().optional(),
  taxItem: z.string().max(60).optional(),
  taxYear: z.string().max(10).optional(),
  period: z.string().max(10).optional(),
  when: z.string().max(10).optional(),
  sendAt: z.string().max(40).optional(),
});

const idsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0));

export const seasonPageRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const read = guard(DELIVERY_WRITE_ROLES);
  const write = guard(DELIVERY_WRITE_ROLES);

  /** What the list page shows again beside a refused form: the seasons and the rolls ready to send. */
  async function listPage(districtCode: string) {
    const [seasons, ready] = await Promise.all([listSeasons(db, districtCode), readyRolls(db, districtCode)]);
    return { seasons, ready, canIssue: true };
  }

  app.get(
    '/console/seasons',
    { preValidation: read, schema: { ...page, querystring: z.object({ ...langQuery, taxItem: z.string().max(60).optional(), taxYear: z.string().max(10).optional(), period: z.string().max(10).optional(), when: z.string().max(10).optional(), sendAt: z.string().max(40).optional() }) } },
    async (request, reply) => {
      const district = request.staff!.districtCode;
      const [seasons, ready, untrustedReports, senderSide] = await Promise.all([
        listSeasons(db, district), readyRolls(db, district), countUntrustedReports(db, district), senderSideRefusals(db, district),
      ]);
      const { lang: _lang, ...form } = request.query;
      return sendHtml(reply, seasonsPage(request, { seasons, ready, canIssue: true, form, untrustedReports, senderSide }));
    },
  );

  app.post(
    '/console/seasons/check',
    { preValidation: write, schema: { ...page, querystring: z.object(langQuery), body: issueFormSchema } },
    async (request, reply) => {
      const staff = request.staff!;
      const { _csrf, ...form } = request.body;
      const checked = checkIssueForm(request.locale, form);
      let errors = 'errors' in checked ? checked.errors : [];
      if ('ok' in checked) {
        const c = checked.ok;
        const issuable = await countIssuable(db, staff.districtCode, c.taxItem, c.taxYear, c.period);
        if (issuable > 0) {
          // Quiet hours matter only to a season sent now (a set time is the official's own choice).
          const quiet = c.sendAt ? null : await quietNow(deps, staff.districtCode);
          const held = quiet ? { quiet, note: heldOnIssueNote(request.locale, quiet, await heldOnIssue(db, staff.districtCode, c.taxItem, c.taxYear, c.period)) } : undefined;
          return sendHtml(reply, checkPage(request, { ...c, issuable, held }));
        }
        errors = [{ field: 'tax-item', message: seasonMessages.t(request.locale, 'err_no_notices') }];
      }
      return sendHtml(reply, seasonsPage(request, { ...(await listPage(staff.districtCode)), form, errors }), 400);
    },
  );

  app.post(
    '/console/seasons',
    { preValidation: write, schema: { hide: true, querystring: z.object(langQuery), body: issueFormSchema } },
    async (request, reply) => {
      const staff = request.staff!;
      const { _csrf, ...body } = request.body;
      // The confirm page's quiet-hours choices: everything at the end of the
      // quiet hours, or (the demo only) everything now.
      const quiet = await quietNow(deps, staff.districtCode);
      const demoNow = body.when === 'demo-now';
      if (demoNow && !quiet?.demo) throw new AppError('not_demo', 404, quietHoursMessages.both('not_demo'));
      const form = body.when === 'morning' && quiet ? { ...body, when: 'later', sendAt: seoulDateTime(quiet.until) } : demoNow || body.when === 'morning' ? { ...body, when: 'now' } : body;
      const checked = checkIssueForm(request.locale, form);
      if ('errors' in checked) {
        return sendHtml(reply, seasonsPage(request, { ...(await listPage(staff.districtCode)), form, errors: checked.errors }), 400);
      }
      const c = checked.ok;
      try {
        const result = await issueFromConsole(deps, staff, { taxItem: c.taxItem, taxYear: c.taxYear, period: c.period, sendAfter: c.sendAt ?? undefined });
        if (demoNow && quiet) deps.delivery!.demo!.liftQuietHours!(quiet.until);
        return reply.redirect(`/console/seasons/${result.seasonId}?lang=${request.locale}&issued=1${demoNow ? '&lifted=1' : ''}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'no_notices_to_issue' && error.code !== 'send_after_past')) throw error;
        const errors = [{ field: error.code === 'send_after_past' ? 'send-at' : 'tax-item', message: error.localized(request.locale) }];
        return sendHtml(reply, seasonsPage(request, { ...(await listPage(staff.districtCode)), form, errors }), 400);
      }
    },
  );

  const seasonQuery = z.object({
    ...langQuery,
    state: z.union([z.enum(MESSAGE_STATES), z.literal('')]).optional(),
    cause: z.string().max(60).optional(),
    q: z.string().trim().max(SEARCH_MAX).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    issued: z.literal('1').optional(),
    resent: z.coerce.number().int().min(0).optional(),
    refused: z.string().max(2000).optional(),
    paperJob: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    lifted: z.literal('1').optional(),
  });

  /** The batch the page follows: the one named (just asked for), or one under way; none when the district's last one is over. */
  async function followedPaperJob(districtCode: string, jobId: number | undefined): Promise<PaperJob | null> {
    const named = jobId ? await findPaperJob(db, districtCode, jobId) : null;
    if (named) return named;
    const latest = await latestPaperJob(db, districtCode);
    return paperJobActive(latest) ? latest : null;
  }

  async function paperState(districtCode: string, jobId: number | undefined): Promise<Omit<PaperState, 'makeBatchUrl' | 'canAct'>> {
    const [batches, awaitingPaper, job] = await Promise.all([listPaperBatches(db, districtCode), countAwaitingPaper(db, districtCode), followedPaperJob(districtCode, jobId)]);
    return { batches, awaitingPaper, job };
  }

  async function renderSeason(
    request: Parameters<typeof seasonPage>[0],
    seasonId: number,
    q: z.infer<typeof seasonQuery>,
    errors?: FieldError[],
    resend?: { ids: readonly number[]; reason: string },
  ): Promise<string> {
    const staff = request.staff!;
    const season = await seasonOr404(deps, staff, seasonId);
    const filter = { state: q.state || undefined, cause: q.cause || undefined, search: q.q || undefined, page: q.page };
    const quiet = await quietNow(deps, staff.districtCode);
    const [stats, messages, causes, paper, held] = await Promise.all([
      seasonStats(db, season, staff.districtCode),
      listMessages(db, staff.districtCode, { seasonId: season.id, ...filter }),
      seasonCauses(db, staff.districtCode, season.id),
      paperState(staff.districtCode, q.paperJob),
      quiet ? heldInSeason(db, staff.districtCode, season.id, quiet.until) : 0,
    ]);
    return seasonPage(request, {
      stats,
      messages,
      filter,
      causes,
      paper,
      canAct: DELIVERY_WRITE_ROLES.includes(staff.role),
      taxpayerLinks: { canRead: TAXPAYER_READ_ROLES.includes(staff.role), canEdit: TAXPAYER_WRITE_ROLES.includes(staff.role) },
      quiet: quiet ? heldInSeasonNote(request, quiet, held, season.id) : '',
      demoPhone: deps.delivery?.demo !== undefined,
      flash: {
        issued: q.issued === '1',
        resent: q.resent,
        refused: q.refused,
        lifted: q.lifted === '1' ? liftedFlash(request.locale, deps.clock?.() ?? new Date(), deps.delivery?.demo?.quietHoursLiftedUntil() ?? null) : undefined,
      },
      errors,
      resend,
    });
  }

  app.get('/console/seasons/:id', { preValidation: read, schema: { ...page, params: idParam, querystring: seasonQuery } }, async (request, reply) =>
    sendHtml(reply, await renderSeason(request, request.params.id, request.query)),
  );

  // What the season page's script fetches every few seconds while the
  // season is sent: its progress, figures and charts from one reading, so
  // that they agree with each other without a reload.
  app.get(
    '/console/seasons/:id/live',
    { preValidation: read, schema: { ...page, params: idParam, querystring: z.object({ ...langQuery, paperJob: seasonQuery.shape.paperJob }) } },
    async (request, reply) => {
      const staff = request.staff!;
      const season = await seasonOr404(deps, staff, request.params.id);
      const [stats, paper] = await Promise.all([seasonStats(db, season, staff.districtCode), paperState(staff.districtCode, request.query.paperJob)]);
      reply.header('cache-control', 'no-store');
      const makeBatchUrl = `${paperBatchRequestPath(season.id)}?lang=${request.locale}`;
      return sendHtml(reply, seasonLiveFragment(request, stats, { ...paper, canAct: DELIVERY_WRITE_ROLES.includes(staff.role), makeBatchUrl }));
    },
  );

  app.post(
    '/console/seasons/:id/resend',
    {
      preValidation: write,
      schema: { hide: true, params: idParam, querystring: z.object(langQuery), body: z.object({ _csrf: z.string().optional(), ids: idsField, reason: z.string().max(500).optional() }) },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const season = await seasonOr404(deps, staff, request.params.id);
      const ids = request.body.ids;
      const reason = (request.body.reason ?? '').trim();
      const errors: FieldError[] = [];
      if (ids.length === 0) errors.push({ field: 'resend-submit', message: messageMessages.t(request.locale, 'err_resend_none') });
      if (!reason) errors.push({ field: 'resend-reason', message: messageMessages.t(request.locale, 'err_resend_reason') });
      if (errors.length) {
        return sendHtml(reply, await renderSeason(request, season.id, { page: 1 }, errors, { ids, reason: request.body.reason ?? '' }), 400);
      }
      const result = await resendMessages(db, { districtCode: staff.districtCode, messageIds: ids, actor: staff.username, reason });
      const p = new URLSearchParams({ lang: request.locale, resent: String(result.resent.length) });
      const refused = resendRefusedText(request.locale, result);
      if (refused) p.set('refused', refused.slice(0, 2000));
      return reply.redirect(`/console/seasons/${season.id}?${p.toString()}`, 303);
    },
  );

  // The demo only (the in-process simulator delivers here): the season's
  // messages held by quiet hours go now. 404 on any other server.
  app.post(
    '/console/seasons/:id/send-held-now',
    { preValidation: write, schema: { hide: true, params: idParam, querystring: z.object(langQuery), body: z.object({ _csrf: z.string().optional() }) } },
    async (request, reply) => {
      const season = await seasonOr404(deps, request.staff!, request.params.id);
      const quiet = await quietNow(deps, request.staff!.districtCode);
      if (!quiet?.demo) throw new AppError('not_demo', 404, quietHoursMessages.both('not_demo'));
      deps.delivery!.demo!.liftQuietHours!(quiet.until);
      return reply.redirect(`/console/seasons/${season.id}?lang=${request.locale}&lifted=1`, 303);
    },
  );

  app.post(
    '/console/seasons/:id/paper-batches',
    { preValidation: write, schema: { hide: true, params: idParam, querystring: z.object(langQuery), body: z.object({ _csrf: z.string().optional() }) } },
    async (request, reply) => {
      const staff = request.staff!;
      const season = await seasonOr404(deps, staff, request.params.id);
      // Queued and answered at once: a worker makes the batch (paper-batch-jobs.service.ts), the page follows it.
      const { job } = await requestPaperBatch(db, staff);
      return reply.redirect(`/console/seasons/${season.id}?lang=${request.locale}&paperJob=${job.id}#paper-heading`, 303);
    },
  );
};
