import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listDistricts } from '../../platform/districts/districts.repository.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { offlineFormMessages } from './offline-form.messages.ts';
import { offlineCheckPage, offlineDonePage, offlineFormPage, offlineTooManyPage, OFFLINE_FORM_PATH, type OfflineForm } from './offline-form.view.ts';
import { offlineContact, saveOfflineMessage } from './offline-messages.service.ts';

// The offline message form, /r/desk/offline: a plain HTML form (no script
// needed), an error summary, a check-answers step and a confirmation with a
// reference (GOV.UK patterns). Staff answer it from the desk; the answer goes
// out through the delivery engine.

const text = z.string().max(4000).optional();
const formBody = z.object({ district: text, name: text, replyChannel: text, contact: text, question: text });

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

interface Checked {
  errors: FieldError[];
  contact?: string;
}

function check(locale: Locale, form: OfflineForm, districts: { code: string }[]): Checked {
  const t = (key: 'err_district' | 'err_name' | 'err_channel' | 'err_question') => offlineFormMessages.t(locale, key);
  const errors: FieldError[] = [];
  if (!districts.some((d) => d.code === form.district)) errors.push({ field: 'district', message: t('err_district') });
  if (!form.name?.trim() || form.name.trim().length > 100) errors.push({ field: 'name', message: t('err_name') });
  let contact: string | undefined;
  if (form.replyChannel !== 'email' && form.replyChannel !== 'sms') errors.push({ field: 'replyChannel', message: t('err_channel') });
  else {
    const c = offlineContact(form.replyChannel, form.contact ?? '');
    if (c.ok) contact = c.value;
    else errors.push({ field: 'contact', message: c.reason[locale] });
  }
  if (!form.question?.trim() || form.question.trim().length > 2000) errors.push({ field: 'question', message: t('err_question') });
  return { errors, ...(contact ? { contact } : {}) };
}

export const offlineFormRoutes: RoutePlugin = async (app, deps) => {
  const districts = () => listDistricts(deps.db, 'korean_name');
  const limited = async (request: FastifyRequest, reply: FastifyReply, max: number): Promise<boolean> => {
    const decision = await hitRateLimits(deps.db, [{ key: `desk-offline:${request.ip}:${max}`, windowSeconds: 600, max }]);
    if (decision.allowed) return false;
    reply.header('retry-after', String(decision.retryAfter));
    await sendHtml(reply, offlineTooManyPage(request), 429);
    return true;
  };
  const formPage = async (request: FastifyRequest, form: OfflineForm, errors: FieldError[]) => offlineFormPage(request, await districts(), form, errors);

  const lang = z.object({ lang: z.enum(['ko', 'en']).optional() });

  // ?district= (the chat widget's link when the desk is closed) chooses that district already.
  const formQuery = lang.extend({ district: z.string().max(40).optional() });
  app.get(OFFLINE_FORM_PATH, { schema: { hide: true, querystring: formQuery } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    const district = request.query.district;
    return sendHtml(reply, await formPage(request, district ? { district } : {}, []));
  });

  app.post(OFFLINE_FORM_PATH, { schema: { hide: true, querystring: lang, body: formBody } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    const form = request.body;
    const list = await districts();
    const checked = check(request.locale, form, list);
    if (checked.errors.length) return sendHtml(reply, offlineFormPage(request, list, form, checked.errors), 400);
    const district = list.find((d) => d.code === form.district)!;
    return sendHtml(reply, offlineCheckPage(request, district, form));
  });

  // "Change" returns to the form with the answers kept (no re-entering data).
  app.post(`${OFFLINE_FORM_PATH}/change`, { schema: { hide: true, querystring: lang, body: formBody } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    return sendHtml(reply, await formPage(request, request.body, []));
  });

  app.post(`${OFFLINE_FORM_PATH}/send`, { schema: { hide: true, querystring: lang, body: formBody } }, async (request, reply) => {
    if (await limited(request, reply, 10)) return reply;
    const locale = request.locale;
    const form = request.body;
    const checked = check(locale, form, await districts());
    if (checked.errors.length) return sendHtml(reply, await formPage(request, form, checked.errors), 400);
    const saved = await saveOfflineMessage(deps, {
      district: form.district!, name: form.name!.trim(), replyChannel: form.replyChannel as 'email' | 'sms', contact: checked.contact!, question: form.question!.trim(), locale,
    }, checked.contact!);
    return reply.redirect(`${OFFLINE_FORM_PATH}/done?ref=${saved.reference}&lang=${locale}`, 303);
  });

  app.get(`${OFFLINE_FORM_PATH}/done`, { schema: { hide: true, querystring: lang.extend({ ref: z.string().regex(/^DQ-[A-Z2-9]{8}$/) }) } }, async (request, reply) =>
    sendHtml(reply, offlineDonePage(request, request.query.ref)));
};
