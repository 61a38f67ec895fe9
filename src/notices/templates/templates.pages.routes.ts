import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { FieldError } from '../../platform/web/components.ts';
import type { MessageTemplate } from './templates.defaults.ts';
import type { TemplateChannel, TemplateKind } from './templates.engine.ts';
import { districtLinkPolicy, loadAllTemplates, loadTemplates, previewTemplate, resetTemplate, saveTemplate, type PreviewResult } from './templates.repository.ts';
import { TemplateRefusal, templateFieldLabel, templateMessages } from './templates.messages.ts';
import { TEMPLATE_EDITOR_ROLES } from './templates.nav.ts';
import { templateKey } from './templates.schema.ts';
import { buttonsText, templateEditPage, templatesListPage, type TemplateForm } from './templates.view.ts';

// The templates console: plain HTML forms (POST, then 303 to a GET page), so
// everything works without script. The list, the editor with a preview, and
// resetting to the built-in template; a refusal names each thing in the
// GOV.UK error summary, next to its field.

const page = { hide: true, response: { 200: z.string().describe('HTML page') } } as const;
const langQuery = { lang: z.enum(['ko', 'en']).optional() };

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
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
      message: unknown ? templateMessages.t(locale, 'err_template_variable', { name: unknown[1]! }) : `${(p.label ?? templateFieldLabel(p.field))[locale]}: ${p.reasons?.[locale] ?? p.reason}`,
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
    if (!name || !url) return { errors: [{ field: 'tpl-buttons', message: templateMessages.t(locale, 'err_buttons_line', { n: i + 1 }) }] };
    buttons.push({ name, url });
  }
  return { buttons };
}

function formOf(t: MessageTemplate): TemplateForm {
  return { kakaoTemplateCode: t.kakaoTemplateCode, subject: t.subject, body: t.body, htmlBody: t.htmlBody, buttons: buttonsText(t.buttons) };
}

export const templatePageRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const read = guard(TEMPLATE_EDITOR_ROLES);
  const write = guard(TEMPLATE_EDITOR_ROLES);
  /** The service's address: its host is one links in templates may go to. */
  const templatePublicUrl = (request: FastifyRequest) => deps.config.TAXSTATION_PUBLIC_URL ?? `${request.protocol}://${request.host}`;
  app.get('/console/templates', { preValidation: read, schema: { ...page, querystring: z.object({ ...langQuery, done: z.enum(['saved', 'reset']).optional() }) } }, async (request, reply) => {
    const rows = await loadAllTemplates(db, request.staff!.districtCode);
    const flash = request.query.done ? templateMessages.t(request.locale, request.query.done === 'saved' ? 'template_saved' : 'template_reset') : undefined;
    return sendHtml(reply, templatesListPage(request, rows, flash));
  });

  app.get(
    '/console/templates/:kind/:channel/:locale',
    { preValidation: read, schema: { ...page, params: templateKey, querystring: z.object({ ...langQuery, done: z.enum(['saved']).optional() }) } },
    async (request, reply) => {
      const p = request.params;
      const set = await loadTemplates(db, request.staff!.districtCode, p.kind, p.locale);
      const tpl = set[p.channel];
      const flash = request.query.done === 'saved' ? templateMessages.t(request.locale, 'template_saved') : undefined;
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
