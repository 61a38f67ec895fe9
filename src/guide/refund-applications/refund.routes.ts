import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { guideDepsFrom } from '../guide.deps.ts';
import { pageBudget, sendHtml } from '../guide.http.ts';
import { refundMessages } from './refund.messages.ts';
import { applicationByReference, eventsOf, listApplications, type RefundState } from './refund.repository.ts';
import { FormProblems, applicableNotice, applicationView, fileApplication, maskedContactOf, normaliseReference, requestRefundCode, takeStep, type StepAction } from './refund.service.ts';
import {
  applyPage, applyPath, consoleApplicationPage, consoleListPage, contactChoicePage, detailsPage, statusPage, statusPath, CONSOLE_PATH,
  type DetailsValues, type NoticeFormValues,
} from './refund.view.ts';

// Refund applications: the resident's pages under /r/guide/:district/refund
// (plain HTML forms, cross-site posts refused by the platform's Origin
// check, request budgets per address) and the officials' console under
// /console/guide/refunds (tax officials and administrators of the district).

const OFFICIALS = ['tax_official', 'admin'] as const;
const lang = { lang: z.enum(['ko', 'en']).optional() };
const districtParams = z.object({ district: z.string().min(1).max(40) });
const text = (max: number) => z.string().max(max).optional().default('');
const noticeBody = z.object({ taxYear: text(10), noticeNo: text(60) });
const codeBody = noticeBody.extend({ field: text(10) });
const detailsBody = codeBody.extend({
  verificationId: text(64), code: text(20), bankCode: text(5), account: text(40), holder: text(80), reason: text(20), reasonDetail: text(600),
});
const stepBody = z.object({ action: z.enum(['review', 'approve', 'reject', 'pay']), amount: text(30), reason: text(600), paidOn: text(20) }).passthrough();
const STATES = ['received', 'reviewing', 'approved', 'rejected', 'paid'] as const;

/** An engine refusal as error-summary entries; anything else is not the page's to show. */
function fieldErrors(request: FastifyRequest, error: unknown): { status: number; errors: FieldError[] } {
  if (error instanceof FormProblems) return { status: 400, errors: error.problems.map((p) => ({ field: p.problems[0]?.field ?? 'code', message: p.localized(request.locale) })) };
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  return { status: error.status, errors: [{ field: error.problems[0]?.field ?? 'notice-no', message: error.localized(request.locale) }] };
}

export const refundApplicationRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = guideDepsFrom(appDeps);

  const limited = pageBudget(deps, 'guide-refund', (locale, minutes) => ({ title: refundMessages.t(locale, 'apply_title'), text: refundMessages.t(locale, 'too_many', { minutes }) }));
  const district = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await findDistrict(deps.db, (request.params as { district: string }).district);
    if (!found) await sendHtml(reply, renderPage(request, { title: refundMessages.t(request.locale, 'apply_title'), body: html`<h1>${refundMessages.t(request.locale, 'apply_title')}</h1><p>${refundMessages.t(request.locale, 'not_found')}</p>` }), 404);
    return found;
  };
  const noticeValues = (b: z.infer<typeof noticeBody>): NoticeFormValues => ({ taxYear: b.taxYear, noticeNo: b.noticeNo });

  app.get('/r/guide/:district/refund/apply', { schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    const d = await district(request, reply);
    if (!d) return reply;
    return sendHtml(reply, applyPage(request, d.code, { taxYear: String(deps.clock().getUTCFullYear()), noticeNo: '' }));
  });

  app.post('/r/guide/:district/refund/apply', { schema: { hide: true, params: districtParams, querystring: z.object(lang), body: noticeBody } }, async (request, reply) => {
    if (await limited(request, reply, 30)) return reply;
    const d = await district(request, reply);
    if (!d) return reply;
    const values = noticeValues(request.body);
    try {
      const found = await applicableNotice(deps, { districtCode: d.code, ...values });
      return sendHtml(reply, contactChoicePage(request, d.code, { values, notice: found.notice, contacts: found.contacts, officePhone: d.officePhone }));
    } catch (error) {
      const { status, errors } = fieldErrors(request, error);
      return sendHtml(reply, applyPage(request, d.code, values, errors), status);
    }
  });

  app.post('/r/guide/:district/refund/apply/code', { schema: { hide: true, params: districtParams, querystring: z.object(lang), body: codeBody } }, async (request, reply) => {
    if (await limited(request, reply, 20)) return reply;
    const d = await district(request, reply);
    if (!d) return reply;
    const values = noticeValues(request.body);
    try {
      const sent = await requestRefundCode(deps, { districtCode: d.code, ...values, field: request.body.field });
      const details: DetailsValues = { ...values, field: request.body.field, verificationId: sent.verificationId, bankCode: '', account: '', holder: '', reason: '', reasonDetail: '' };
      return sendHtml(reply, detailsPage(request, d.code, { values: details, sentTo: sent.sentTo, minutes: sent.minutes }));
    } catch (error) {
      const { status, errors } = fieldErrors(request, error);
      if (errors[0]?.field === 'contact') {
        const found = await applicableNotice(deps, { districtCode: d.code, ...values }).catch(() => null);
        if (found) return sendHtml(reply, contactChoicePage(request, d.code, { values, notice: found.notice, contacts: found.contacts, officePhone: d.officePhone, errors }), status);
      }
      return sendHtml(reply, applyPage(request, d.code, values, errors), status);
    }
  });

  app.post('/r/guide/:district/refund/apply/submit', { schema: { hide: true, params: districtParams, querystring: z.object(lang), body: detailsBody } }, async (request, reply) => {
    if (await limited(request, reply, 30)) return reply;
    const d = await district(request, reply);
    if (!d) return reply;
    const b = request.body;
    try {
      const filed = await fileApplication(deps, { districtCode: d.code, ...b });
      return reply.redirect(`${statusPath(d.code)}?ref=${filed.reference}&new=1&lang=${request.locale}`, 303);
    } catch (error) {
      const { status, errors } = fieldErrors(request, error);
      if (errors.some((e) => e.field === 'notice-no' || e.field === 'tax-year')) return sendHtml(reply, applyPage(request, d.code, noticeValues(b), errors), status);
      return sendHtml(reply, detailsPage(request, d.code, { values: { ...b }, sentTo: null, minutes: 5, errors }), status);
    }
  });

  app.get('/r/guide/:district/refund/status', {
    schema: { hide: true, params: districtParams, querystring: z.object({ ...lang, ref: z.string().max(40).optional(), new: z.literal('1').optional() }) },
  }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    const d = await district(request, reply);
    if (!d) return reply;
    const typed = request.query.ref ?? '';
    if (!typed) return sendHtml(reply, statusPage(request, d.code, { reference: '', errors: [] }));
    const reference = normaliseReference(typed);
    const found = reference ? await applicationByReference(deps.db, reference, d.code) : null;
    if (!found) return sendHtml(reply, statusPage(request, d.code, { reference: typed, errors: [{ field: 'ref', message: refundMessages.t(request.locale, 'reference_unknown') }] }), 404);
    const view = await applicationView(deps, found);
    const submittedTo = request.query.new === '1' ? maskedContactOf(deps, found) : undefined;
    return sendHtml(reply, statusPage(request, d.code, { reference: found.reference, found: { ...view, events: await eventsOf(deps.db, found.id) }, ...(submittedTo ? { submittedTo } : {}), errors: [] }));
  });

  // ------------------------------------------------------------- console
  app.get(CONSOLE_PATH, { schema: { hide: true, querystring: z.object({ ...lang, state: z.enum(STATES).or(z.literal('')).optional() }) }, preValidation: guard(OFFICIALS) }, async (request, reply) => {
    const state = (request.query.state || null) as RefundState | null;
    const rows = await Promise.all((await listApplications(deps.db, request.staff!.districtCode, state)).map((a) => applicationView(deps, a)));
    return sendHtml(reply, consoleListPage(request, { state, rows }));
  });

  const referenceParams = z.object({ reference: z.string().max(40) });
  const consoleView = async (reference: string, districtCode: string) => {
    const found = await applicationByReference(deps.db, reference, districtCode);
    if (!found) return null;
    return { ...(await applicationView(deps, found)), events: await eventsOf(deps.db, found.id), today: deps.clock() };
  };

  app.get(`${CONSOLE_PATH}/:reference`, { schema: { hide: true, params: referenceParams, querystring: z.object(lang) }, preValidation: guard(OFFICIALS) }, async (request, reply) => {
    const view = await consoleView(request.params.reference, request.staff!.districtCode);
    if (!view) throw new AppError('not_found', 404, refundMessages.both('not_found'));
    return sendHtml(reply, consoleApplicationPage(request, view));
  });

  app.post(`${CONSOLE_PATH}/:reference`, { schema: { hide: true, params: referenceParams, querystring: z.object(lang), body: stepBody }, preValidation: guard(OFFICIALS) }, async (request, reply) => {
    const b = request.body;
    try {
      await takeStep(deps, request.staff!, request.params.reference, { action: b.action as StepAction, amount: b.amount, reason: b.reason, paidOn: b.paidOn });
      return reply.redirect(`${CONSOLE_PATH}/${request.params.reference}?lang=${request.locale}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      const view = await consoleView(request.params.reference, request.staff!.districtCode);
      if (!view) throw error;
      const errors = [{ field: error.problems[0]?.field ?? `step-${b.action}`, message: error.localized(request.locale) }];
      return sendHtml(reply, consoleApplicationPage(request, { ...view, errors, values: { amount: b.amount, reason: b.reason, paidOn: b.paidOn } }), error.status);
    }
  });
};
