import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { LOCALES, type Locale } from '../../platform/i18n/i18n.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import { parseSeoulDateTime } from '../../platform/time/seoul.ts';
import { isTaxItem } from '../../notices/render/format.ts';
import type { TaxItem } from '../../notices/tax-items.ts';
import type { MessageTemplate } from '../../notices/templates/templates.defaults.ts';
import { TEMPLATE_CHANNELS, TEMPLATE_KINDS, type TemplateChannel, type TemplateKind } from '../../notices/templates/templates.engine.ts';
import { districtLinkPolicy, loadTemplates, previewTemplate, resetTemplate, saveTemplate, type PreviewResult } from '../../notices/templates/templates.repository.ts';
import { TemplateRefusal } from '../../notices/templates/templates.messages.ts';
import { loadLawRules } from '../law/law-rules.ts';
import { countUntrustedReports } from '../receipts/refused-reports.repository.ts';
import { messageTimeline, resendMessages, type ResendResult } from '../queue/queue.ts';
import { dm, type DmKey } from './seasons.messages.ts';
import {
  countAwaitingPaperInDistrict,
  countIssuable,
  findMessage,
  listMessages,
  listPaperBatches,
  listSeasons,
  MESSAGE_STATES,
  seasonCauses,
  seasonStats,
  senderSideRefusals,
} from './seasons.repository.ts';
import { DELIVERY_WRITE_ROLES, issueFromConsole, makePaperBatch, messageNotFound, seasonOr404, TIMELINE_READ_ROLES } from './seasons.service.ts';
import { messagePage } from '../messages/messages.view.ts';
import { checkPage, seasonPage, seasonsPage, type IssueForm } from './seasons.view.ts';
import { buttonsText, templateEditPage, templatesListPage, type TemplateForm } from '../../notices/templates/templates.view.ts';

// The console pages: plain HTML forms (POST, then 303 to a GET page), so
// everything works without script; delivery-console.js only adds polling.

const page = { hide: true, response: { 200: z.string().describe('HTML page') } } as const;
const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
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
  const t = (key: DmKey) => dm.t(locale, key);
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

function refusedText(locale: Locale, result: ResendResult): string {
  if (result.refused.length === 0) return '';
  const reasons = result.refused.map((r) => `${r.messageId} (${dm.t(locale, `refused_${r.reason}` as DmKey)})`).join(', ');
  return dm.t(locale, 'resend_refused', { refused: result.refused.length, reasons });
}

function templateFieldId(field: string): string {
  if (field === 'subject') return 'tpl-subject';
  if (field === 'html_body' || field === 'htmlBody') return 'tpl-html-body';
  if (field === 'kakao_template_code' || field === 'kakaoTemplateCode') return 'tpl-kakao-code';
  if (field.startsWith('buttons')) return 'tpl-buttons';
  return 'tpl-body';
}

/** A refused template as GOV.UK field errors: each unknown variable, and each thing a template may not hold, named. */
export function templateErrors(locale: Locale, error: AppError): FieldError[] {
  if (error instanceof TemplateRefusal) return error.findings.map((f, i) => ({ field: templateFieldId(f.field), message: error.describe(locale, i) }));
  const problems = error.problems.length ? error.problems : [{ field: 'body', reason: error.localized(locale) }];
  return problems.map((p) => {
    const unknown = /^unknown variable \{\{(.+)\}\}$/.exec(p.reason);
    return {
      field: templateFieldId(p.field),
      message: unknown ? dm.t(locale, 'err_template_variable', { name: unknown[1]! }) : `${p.field}: ${p.reason}`,
    };
  });
}

function parseButtons(locale: Locale, text: string): { buttons: { name: string; url: string }[] } | { errors: FieldError[] } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const buttons: { name: string; url: string }[] = [];
  for (const [i, line] of lines.entries()) {
    const bar = line.indexOf('|');
    const name = bar > 0 ? line.slice(0, bar).trim() : '';
    const url = bar > 0 ? line.slice(bar + 1).trim() : '';
    if (!name || !url) return { errors: [{ field: 'tpl-buttons', message: dm.t(locale, 'err_buttons_line', { n: i + 1 }) }] };
    buttons.push({ name, url });
  }
  return { buttons };
}

const templateKey = z.object({ kind: z.enum(TEMPLATE_KINDS), channel: z.enum(TEMPLATE_CHANNELS), locale: z.enum(LOCALES) });

function formOf(t: MessageTemplate): TemplateForm {
  return { kakaoTemplateCode: t.kakaoTemplateCode, subject: t.subject, body: t.body, htmlBody: t.htmlBody, buttons: buttonsText(t.buttons) };
}

export const deliveryPageRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const read = guard(DELIVERY_WRITE_ROLES);
  const write = guard(DELIVERY_WRITE_ROLES);
  const readTimeline = guard(TIMELINE_READ_ROLES);

  app.get(
    '/console/seasons',
    { preValidation: read, schema: { ...page, querystring: z.object({ ...langQuery, taxItem: z.string().max(60).optional(), taxYear: z.string().max(10).optional(), period: z.string().max(10).optional(), when: z.string().max(10).optional(), sendAt: z.string().max(40).optional() }) } },
    async (request, reply) => {
      const district = request.staff!.districtCode;
      const [seasons, untrustedReports, senderSide] = await Promise.all([listSeasons(db, district), countUntrustedReports(db, district), senderSideRefusals(db, district)]);
      const { lang: _lang, ...form } = request.query;
      return sendHtml(reply, seasonsPage(request, { seasons, canIssue: true, form, untrustedReports, senderSide }));
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
        if (issuable > 0) return sendHtml(reply, checkPage(request, { ...c, issuable }));
        errors = [{ field: 'tax-item', message: dm.t(request.locale, 'err_no_notices') }];
      }
      const seasons = await listSeasons(db, staff.districtCode);
      return sendHtml(reply, seasonsPage(request, { seasons, canIssue: true, form, errors }), 400);
    },
  );

  app.post(
    '/console/seasons',
    { preValidation: write, schema: { hide: true, querystring: z.object(langQuery), body: issueFormSchema } },
    async (request, reply) => {
      const staff = request.staff!;
      const { _csrf, ...form } = request.body;
      const checked = checkIssueForm(request.locale, form);
      if ('errors' in checked) {
        return sendHtml(reply, seasonsPage(request, { seasons: await listSeasons(db, staff.districtCode), canIssue: true, form, errors: checked.errors }), 400);
      }
      const c = checked.ok;
      try {
        const result = await issueFromConsole(deps, staff, { taxItem: c.taxItem, taxYear: c.taxYear, period: c.period, sendAfter: c.sendAt ?? undefined });
        return reply.redirect(`/console/seasons/${result.seasonId}?lang=${request.locale}&issued=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'no_notices_to_issue' && error.code !== 'send_after_past')) throw error;
        const errors = [{ field: error.code === 'send_after_past' ? 'send-at' : 'tax-item', message: error.localized(request.locale) }];
        return sendHtml(reply, seasonsPage(request, { seasons: await listSeasons(db, staff.districtCode), canIssue: true, form, errors }), 400);
      }
    },
  );

  const seasonQuery = z.object({
    ...langQuery,
    state: z.union([z.enum(MESSAGE_STATES), z.literal('')]).optional(),
    cause: z.string().max(60).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    issued: z.literal('1').optional(),
    resent: z.coerce.number().int().min(0).optional(),
    refused: z.string().max(2000).optional(),
    batch: z.coerce.number().int().min(0).optional(),
  });

  async function renderSeason(
    request: Parameters<typeof seasonPage>[0],
    seasonId: number,
    q: z.infer<typeof seasonQuery>,
    errors?: FieldError[],
  ): Promise<string> {
    const staff = request.staff!;
    const season = await seasonOr404(deps, staff, seasonId);
    const filter = { state: q.state || undefined, cause: q.cause || undefined, page: q.page };
    const [stats, messages, causes, batches, awaitingPaper] = await Promise.all([
      seasonStats(db, season, staff.districtCode),
      listMessages(db, staff.districtCode, { seasonId: season.id, state: filter.state, cause: filter.cause, page: filter.page }),
      seasonCauses(db, staff.districtCode, season.id),
      listPaperBatches(db, staff.districtCode),
      countAwaitingPaperInDistrict(db, staff.districtCode),
    ]);
    return seasonPage(request, {
      stats,
      messages,
      filter,
      causes,
      batches,
      awaitingPaper,
      canAct: DELIVERY_WRITE_ROLES.includes(staff.role),
      flash: {
        issued: q.issued === '1',
        resent: q.resent,
        refused: q.refused,
        batch: q.batch ? batches.find((b) => b.id === q.batch) ?? null : null,
        batchEmpty: q.batch === 0,
      },
      errors,
    });
  }

  app.get('/console/seasons/:id', { preValidation: read, schema: { ...page, params: idParam, querystring: seasonQuery } }, async (request, reply) =>
    sendHtml(reply, await renderSeason(request, request.params.id, request.query)),
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
      if (ids.length === 0) errors.push({ field: 'resend-submit', message: dm.t(request.locale, 'err_resend_none') });
      if (!reason) errors.push({ field: 'resend-reason', message: dm.t(request.locale, 'err_resend_reason') });
      if (errors.length) {
        return sendHtml(reply, await renderSeason(request, season.id, { page: 1 }, errors), 400);
      }
      const result = await resendMessages(db, { districtCode: staff.districtCode, messageIds: ids, actor: staff.username, reason });
      const p = new URLSearchParams({ lang: request.locale, resent: String(result.resent.length) });
      const refused = refusedText(request.locale, result);
      if (refused) p.set('refused', refused.slice(0, 2000));
      return reply.redirect(`/console/seasons/${season.id}?${p.toString()}`, 303);
    },
  );

  app.post(
    '/console/seasons/:id/paper-batches',
    { preValidation: write, schema: { hide: true, params: idParam, querystring: z.object(langQuery), body: z.object({ _csrf: z.string().optional() }) } },
    async (request, reply) => {
      const staff = request.staff!;
      const season = await seasonOr404(deps, staff, request.params.id);
      const result = await makePaperBatch(deps, staff);
      return reply.redirect(`/console/seasons/${season.id}?lang=${request.locale}&batch=${result.batchId ?? 0}#paper-heading`, 303);
    },
  );

  async function renderMessage(request: Parameters<typeof messagePage>[0], id: number, extra: { flash?: ReturnType<typeof html>; errors?: FieldError[] } = {}) {
    const staff = request.staff!;
    const message = await findMessage(db, staff.districtCode, id);
    if (!message) throw messageNotFound(id);
    const [timeline, rules] = await Promise.all([messageTimeline(db, staff.districtCode, id), loadLawRules(db)]);
    return messagePage(request, {
      message,
      timeline,
      canAct: DELIVERY_WRITE_ROLES.includes(staff.role),
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
      const flash =
        q.resent !== undefined
          ? html`<div class="notification" role="status"><p>${dm.t(request.locale, 'resend_done', { resent: q.resent })}</p>${q.refused ? html`<p>${q.refused}</p>` : ''}</div>`
          : undefined;
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
        return sendHtml(reply, await renderMessage(request, id, { errors: [{ field: 'resend-reason', message: dm.t(request.locale, 'err_resend_reason') }] }), 400);
      }
      const result = await resendMessages(db, { districtCode: staff.districtCode, messageIds: [id], actor: staff.username, reason });
      if (result.refused.some((r) => r.reason === 'not_found')) throw messageNotFound(id);
      const p = new URLSearchParams({ lang: request.locale, resent: String(result.resent.length) });
      const refused = refusedText(request.locale, result);
      if (refused) p.set('refused', refused);
      return reply.redirect(`/console/messages/${id}?${p.toString()}`, 303);
    },
  );

  // Templates
  /** The service's address: its host is one links in templates may go to. */
  const templatePublicUrl = (request: FastifyRequest) => deps.config.TAXSTATION_PUBLIC_URL ?? `${request.protocol}://${request.host}`;
  app.get('/console/templates', { preValidation: read, schema: { ...page, querystring: z.object({ ...langQuery, done: z.enum(['saved', 'reset']).optional() }) } }, async (request, reply) => {
    const district = request.staff!.districtCode;
    const rows: MessageTemplate[] = [];
    for (const kind of TEMPLATE_KINDS) {
      for (const locale of LOCALES) {
        const set = await loadTemplates(db, district, kind, locale);
        for (const channel of TEMPLATE_CHANNELS) rows.push(set[channel]);
      }
    }
    const flash = request.query.done ? dm.t(request.locale, request.query.done === 'saved' ? 'template_saved' : 'template_reset') : undefined;
    return sendHtml(reply, templatesListPage(request, rows, flash));
  });

  app.get(
    '/console/templates/:kind/:channel/:locale',
    { preValidation: read, schema: { ...page, params: templateKey, querystring: z.object({ ...langQuery, done: z.enum(['saved']).optional() }) } },
    async (request, reply) => {
      const p = request.params;
      const set = await loadTemplates(db, request.staff!.districtCode, p.kind, p.locale);
      const tpl = set[p.channel];
      const flash = request.query.done === 'saved' ? dm.t(request.locale, 'template_saved') : undefined;
      const linkHosts = (await districtLinkPolicy(db, request.staff!.districtCode, templatePublicUrl(request))).hosts;
      return sendHtml(reply, templateEditPage(request, { kind: p.kind, channel: p.channel, tplLocale: p.locale, form: formOf(tpl), source: tpl.source, flash, linkHosts }));
    },
  );

  app.post(
    '/console/templates/:kind/:channel/:locale',
    {
      preValidation: write,
      schema: {
        hide: true,
        params: templateKey,
        querystring: z.object(langQuery),
        body: z.object({
          _csrf: z.string().optional(),
          action: z.enum(['preview', 'save']).default('preview'),
          kakaoTemplateCode: z.string().max(200).optional(),
          subject: z.string().max(400).optional(),
          body: z.string().max(8000).default(''),
          htmlBody: z.string().max(200_000).optional(),
          buttons: z.string().max(4000).optional(),
        }),
      },
    },
    async (request, reply) => {
      const staff = request.staff!;
      const p = request.params as { kind: TemplateKind; channel: TemplateChannel; locale: Locale };
      const b = request.body;
      const current = (await loadTemplates(db, staff.districtCode, p.kind, p.locale))[p.channel];
      const form: TemplateForm = { kakaoTemplateCode: b.kakaoTemplateCode, subject: b.subject, body: b.body, htmlBody: b.htmlBody, buttons: b.buttons ?? '' };
      const publicUrl = templatePublicUrl(request);
      const linkHosts = (await districtLinkPolicy(db, staff.districtCode, publicUrl)).hosts;
      const view = (extra: { errors?: FieldError[]; preview?: PreviewResult }) =>
        templateEditPage(request, { kind: p.kind, channel: p.channel, tplLocale: p.locale, form, source: current.source, linkHosts, ...extra });
      // Fields the channel does not have keep the current template's values (the form does not show them).
      const parsedButtons = p.channel === 'kakao' ? parseButtons(request.locale, form.buttons) : { buttons: current.buttons };
      if ('errors' in parsedButtons) return sendHtml(reply, view({ errors: parsedButtons.errors }), 422);
      const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
      const draft = {
        kakaoTemplateCode: p.channel === 'kakao' ? blank(form.kakaoTemplateCode) : undefined,
        subject: p.channel === 'kakao' ? current.subject : blank(form.subject),
        body: form.body,
        htmlBody: p.channel === 'email' ? blank(form.htmlBody) : undefined,
        buttons: parsedButtons.buttons,
      };
      try {
        if (b.action === 'save') {
          await saveTemplate(db, { ...draft, ...p, districtCode: staff.districtCode, updatedBy: staff.username }, { publicUrl });
          return reply.redirect(`/console/templates/${p.kind}/${p.channel}/${p.locale}?lang=${request.locale}&done=saved`, 303);
        }
        const preview = await previewTemplate(db, { ...p, districtCode: staff.districtCode, draft, publicUrl });
        return sendHtml(reply, view({ preview }));
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 422) throw error;
        return sendHtml(reply, view({ errors: templateErrors(request.locale, error) }), 422);
      }
    },
  );

  app.post(
    '/console/templates/:kind/:channel/:locale/reset',
    { preValidation: write, schema: { hide: true, params: templateKey, querystring: z.object(langQuery), body: z.object({ _csrf: z.string().optional() }) } },
    async (request, reply) => {
      const p = request.params;
      await resetTemplate(db, { ...p, districtCode: request.staff!.districtCode });
      return reply.redirect(`/console/templates?lang=${request.locale}&done=reset`, 303);
    },
  );

};
