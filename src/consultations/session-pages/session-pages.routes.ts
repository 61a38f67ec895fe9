import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CODE_MINUTES } from '../../platform/one-time-codes.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationMessages } from '../consultations.messages.ts';
import { normaliseContact } from '../booking/contact.ts';
import { confirmCode, requestCode } from '../booking/resident-codes.ts';
import { MAX_PARTY_SIZE } from '../sessions/sessions.schema.ts';
import { cancelRegistration, getRegistration, getSession, listSessions, register, REGISTRATION_PAGE_PATH } from '../sessions/sessions.service.ts';
import { districtParams, lang, pageKit, refusal, sendHtml, text } from '../booking-pages/booking-pages.http.ts';
import { notFoundPage, withLang } from '../booking-pages/booking-pages.view.ts';
import { sessionPageMessages } from './session-pages.messages.ts';
import { codePage, donePage, linkGonePage, listPage, registerPage, registrationPage, sessionsPath, type RegisterForm } from './session-pages.view.ts';

// The resident's explanation-session pages, server-rendered, working without
// script, calling the sessions engine through the same functions as the
// JSON API (sessions.routes.ts) under its request budgets:
//   GET       /r/consultations/:district/sessions              upcoming sessions
//   GET, POST /r/consultations/:district/sessions/:id/register  name, contact, party → a code is sent
//   GET, POST /r/consultations/:district/sessions/:id/code      the code → registered
//   GET       /r/consultations/:district/sessions/:id/done      the confirmation
//   GET       /r/consultations/sessions/r/:token                the personal page (the messages' link)
//   POST      /r/consultations/sessions/r/:token/cancel
// The answers between the steps live in a sealed cookie (the platform
// cipher) scoped to the district's session pages, with its own CSRF token.
// A refusal re-renders the form (400) with the error summary; nothing changes.

const COOKIE = 'ts_session_reg';
const COOKIE_MINUTES = 60;

const pendingSchema = z.object({
  district: z.string(),
  sessionId: z.number().int(),
  expires: z.number(),
  csrf: z.string(),
  name: z.string().optional(),
  contact: z.object({ field: z.enum(['mobile', 'email']), value: z.string() }).optional(),
  partySize: z.number().int().optional(),
  verificationId: z.string().optional(),
  sentTo: z.string().optional(),
  done: z.object({ token: z.string() }).optional(),
});
type Pending = z.infer<typeof pendingSchema>;

function openPending(cipher: PersonalDataCipher, value: string | undefined, district: string, sessionId: number, now: Date): Pending | null {
  if (!value || value.length > 4096) return null;
  try {
    const p = pendingSchema.safeParse(JSON.parse(cipher.decrypt(Buffer.from(value, 'base64url'))));
    if (!p.success || p.data.district !== district || p.data.sessionId !== sessionId || p.data.expires <= now.getTime()) return null;
    return p.data;
  } catch {
    return null;
  }
}

const csrfOk = (p: Pending, sent: string | undefined) => {
  if (!sent) return false;
  const a = Buffer.from(p.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
};

const idOf = (value: string): number | null => (/^[1-9]\d{0,15}$/.test(value) ? Number(value) : null);
const sessionParams = districtParams.extend({ id: z.string().max(20) });
const tokenParams = z.object({ token: z.string().min(1).max(100) });
const emptyForm: RegisterForm = { name: '', contactField: '', mobile: '', email: '', partySize: '1' };

export const sessionPageRoutes: RoutePlugin = async (app, appDeps) => {
  const kit = pageKit(appDeps);
  const { deps } = kit;
  const t = (request: FastifyRequest, key: Parameters<typeof sessionPageMessages.t>[1], vars?: Record<string, string | number>) => sessionPageMessages.t(request.locale, key, vars);

  const writePending = (request: FastifyRequest, reply: FastifyReply, p: Pending) =>
    reply.setCookie(COOKIE, deps.cipher.encrypt(JSON.stringify({ ...p, expires: deps.clock().getTime() + COOKIE_MINUTES * 60_000 })).toString('base64url'), {
      path: sessionsPath(p.district), httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: COOKIE_MINUTES * 60,
    });
  const readPending = (request: FastifyRequest, district: string, id: number) => openPending(deps.cipher, request.cookies[COOKIE], district, id, deps.clock());
  const notOffered = (request: FastifyRequest, reply: FastifyReply) => sendHtml(reply, notFoundPage(request, consultationMessages.t(request.locale, 'consultations_not_offered')), 404);
  const noSession = (request: FastifyRequest, reply: FastifyReply) => sendHtml(reply, notFoundPage(request, consultationMessages.t(request.locale, 'session_not_found')), 404);

  /** The district and the session, or the 404 page already sent. */
  async function sessionOf(request: FastifyRequest, reply: FastifyReply, district: string, rawId: string) {
    const ctx = await kit.districtOf(district);
    if (!ctx) return void (await notOffered(request, reply));
    const id = idOf(rawId);
    if (id === null) return void (await noSession(request, reply));
    try {
      return { ctx, session: await getSession(deps, district, id) };
    } catch (error) {
      if (refusal(error)?.status === 404) return void (await noSession(request, reply));
      throw error;
    }
  }

  app.get('/r/consultations/:district/sessions', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const ctx = await kit.districtOf(request.params.district);
    if (!ctx) return notOffered(request, reply);
    const sessions = (await listSessions(deps, { districtCode: ctx.district.code })).filter((s) => s.state === 'open' && new Date(s.start) > deps.clock());
    return sendHtml(reply, listPage(request, { district: ctx.district.code, districtName: ctx.district.name[request.locale], sessions }));
  });

  app.get('/r/consultations/:district/sessions/:id/register', { preHandler: kit.reads, schema: { hide: true, params: sessionParams, querystring: z.object(lang) } }, async (request, reply) => {
    const s = await sessionOf(request, reply, request.params.district, request.params.id);
    if (!s) return reply;
    const old = readPending(request, s.ctx.district.code, s.session.id);
    const p: Pending = old && !old.done ? old : { district: s.ctx.district.code, sessionId: s.session.id, expires: 0, csrf: randomBytes(18).toString('base64url') };
    writePending(request, reply, p);
    const form: RegisterForm = p.contact
      ? { name: p.name ?? '', contactField: p.contact.field, mobile: p.contact.field === 'mobile' ? p.contact.value : '', email: p.contact.field === 'email' ? p.contact.value : '', partySize: String(p.partySize ?? 1) }
      : emptyForm;
    const errors: FieldError[] = s.session.open ? [] : [{ field: 'name', message: consultationMessages.t(request.locale, s.session.seatsLeft <= 0 ? 'session_full' : 'session_closed', { left: s.session.seatsLeft }) }];
    return sendHtml(reply, registerPage(request, { district: s.ctx.district.code, session: s.session, csrf: p.csrf, form, errors }), errors.length ? 409 : 200);
  });

  app.post('/r/consultations/:district/sessions/:id/register', {
    preHandler: kit.writes,
    schema: { hide: true, params: sessionParams, querystring: z.object(lang), body: z.object({ _csrf: text(), name: text(400), contactField: text(), mobile: text(300), email: text(300), partySize: text(10) }) },
  }, async (request, reply) => {
    const s = await sessionOf(request, reply, request.params.district, request.params.id);
    if (!s) return reply;
    const p = readPending(request, s.ctx.district.code, s.session.id);
    const b = request.body;
    const form: RegisterForm = { name: b.name ?? '', contactField: b.contactField ?? '', mobile: b.mobile ?? '', email: b.email ?? '', partySize: b.partySize ?? '' };
    const again = (errors: FieldError[], status = 400, csrf = p?.csrf ?? '') => sendHtml(reply, registerPage(request, { district: s.ctx.district.code, session: s.session, csrf, form, errors }), status);
    if (!p || !csrfOk(p, b._csrf)) {
      const fresh: Pending = { district: s.ctx.district.code, sessionId: s.session.id, expires: 0, csrf: randomBytes(18).toString('base64url') };
      writePending(request, reply, fresh);
      return again([{ field: 'name', message: t(request, 'err_expired') }], 400, fresh.csrf);
    }
    const errors: FieldError[] = [];
    const name = form.name.trim();
    if (!name || name.length > 100) errors.push({ field: 'name', message: t(request, 'err_name') });
    const kind = form.contactField === 'mobile' || form.contactField === 'email' ? form.contactField : null;
    let contactValue = '';
    if (!kind) errors.push({ field: 'contactField', message: t(request, 'err_contact_kind') });
    else {
      contactValue = (kind === 'mobile' ? form.mobile : form.email).trim();
      try {
        normaliseContact({ field: kind, value: contactValue });
      } catch {
        errors.push({ field: kind, message: t(request, kind === 'mobile' ? 'err_mobile' : 'err_email') });
      }
    }
    const party = /^\d$/.test(form.partySize) ? Number(form.partySize) : NaN;
    if (!(party >= 1 && party <= MAX_PARTY_SIZE)) errors.push({ field: 'partySize', message: t(request, 'err_party', { max: MAX_PARTY_SIZE }) });
    else if (party > s.session.seatsLeft) errors.push({ field: 'partySize', message: s.session.seatsLeft > 0 ? t(request, 'err_party_seats', { n: s.session.seatsLeft }) : consultationMessages.t(request.locale, 'session_full', { left: 0 }) });
    if (errors.length) return again(errors);
    try {
      const sent = await requestCode(deps, { districtCode: s.ctx.district.code, contact: { field: kind!, value: contactValue } });
      Object.assign(p, { name, contact: { field: kind!, value: contactValue }, partySize: party, verificationId: sent.verificationId, sentTo: sent.sentTo });
      delete p.done;
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      return again([{ field: kind!, message: r.localized(request.locale) }], r.status);
    }
    writePending(request, reply, p);
    return reply.redirect(withLang(sessionsPath(s.ctx.district.code, `${s.session.id}/code`), request.locale), 303);
  });

  app.get('/r/consultations/:district/sessions/:id/code', { preHandler: kit.reads, schema: { hide: true, params: sessionParams, querystring: z.object(lang) } }, async (request, reply) => {
    const s = await sessionOf(request, reply, request.params.district, request.params.id);
    if (!s) return reply;
    const p = readPending(request, s.ctx.district.code, s.session.id);
    if (!p?.verificationId) return reply.redirect(withLang(sessionsPath(s.ctx.district.code, `${s.session.id}/register`), request.locale), 303);
    return sendHtml(reply, codePage(request, { district: s.ctx.district.code, sessionId: s.session.id, csrf: p.csrf, sentTo: p.sentTo ?? '', minutes: CODE_MINUTES, errors: [] }));
  });

  app.post('/r/consultations/:district/sessions/:id/code', {
    preHandler: kit.writes, schema: { hide: true, params: sessionParams, querystring: z.object(lang), body: z.object({ _csrf: text(), code: text(40) }) },
  }, async (request, reply) => {
    const s = await sessionOf(request, reply, request.params.district, request.params.id);
    if (!s) return reply;
    const district = s.ctx.district.code;
    const p = readPending(request, district, s.session.id);
    if (!p?.verificationId || !p.contact || !csrfOk(p, request.body._csrf)) return reply.redirect(withLang(sessionsPath(district, `${s.session.id}/register`), request.locale), 303);
    const codePageWith = (errors: FieldError[], status: number) =>
      sendHtml(reply, codePage(request, { district, sessionId: s.session.id, csrf: p.csrf, sentTo: p.sentTo ?? '', minutes: CODE_MINUTES, errors }), status);
    const code = (request.body.code ?? '').replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) return codePageWith([{ field: 'code', message: t(request, 'err_code') }], 400);
    try {
      await confirmCode(deps, { verificationId: p.verificationId, field: p.contact.field, code });
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      return codePageWith([{ field: 'code', message: r.localized(request.locale) }], r.status);
    }
    try {
      const done = await register(deps, { districtCode: district, sessionId: s.session.id, input: { contact: p.contact, name: p.name!, partySize: p.partySize ?? 1, verificationId: p.verificationId } });
      const next: Pending = { district, sessionId: s.session.id, expires: 0, csrf: p.csrf, done: { token: done.token } };
      writePending(request, reply, next);
      return reply.redirect(withLang(sessionsPath(district, `${s.session.id}/done`), request.locale), 303);
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      // The session filled or closed meanwhile, or this contact is registered already: back to the form, the reason shown.
      delete p.verificationId;
      writePending(request, reply, p);
      const session = await getSession(deps, district, s.session.id);
      const field = r.code === 'already_registered' || r.code.startsWith('contact') ? p.contact.field : r.code === 'session_full' ? 'partySize' : 'name';
      const form: RegisterForm = { name: p.name ?? '', contactField: p.contact.field, mobile: p.contact.field === 'mobile' ? p.contact.value : '', email: p.contact.field === 'email' ? p.contact.value : '', partySize: String(p.partySize ?? 1) };
      return sendHtml(reply, registerPage(request, { district, session, csrf: p.csrf, form, errors: [{ field, message: r.localized(request.locale) }] }), r.status);
    }
  });

  app.get('/r/consultations/:district/sessions/:id/done', { preHandler: kit.reads, schema: { hide: true, params: sessionParams, querystring: z.object(lang) } }, async (request, reply) => {
    const s = await sessionOf(request, reply, request.params.district, request.params.id);
    if (!s) return reply;
    const p = readPending(request, s.ctx.district.code, s.session.id);
    if (!p?.done) return reply.redirect(withLang(sessionsPath(s.ctx.district.code), request.locale), 303);
    const registration = await getRegistration(deps, p.done.token);
    return sendHtml(reply, donePage(request, { district: s.ctx.district.code, registration, token: p.done.token }));
  });

  // ---------------------------------------------------------------- the personal page
  const byToken = async (token: string) => {
    try {
      return await getRegistration(deps, token);
    } catch (error) {
      if (refusal(error)?.status === 404 || refusal(error)?.status === 400) return null;
      throw error;
    }
  };

  app.get(`${REGISTRATION_PAGE_PATH}/:token`, { preHandler: kit.reads, schema: { hide: true, params: tokenParams, querystring: z.object({ ...lang, cancelled: z.literal('1').optional() }) } }, async (request, reply) => {
    const registration = await byToken(request.params.token);
    if (!registration) return sendHtml(reply, linkGonePage(request), 404);
    return sendHtml(reply, registrationPage(request, { registration, token: request.params.token, flash: request.query.cancelled ? t(request, 'cancelled_flash') : null }));
  });

  app.post(`${REGISTRATION_PAGE_PATH}/:token/cancel`, { preHandler: kit.linkWrites, schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    const registration = await byToken(request.params.token);
    if (!registration) return sendHtml(reply, linkGonePage(request), 404);
    try {
      await cancelRegistration(deps, request.params.token);
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      return sendHtml(reply, registrationPage(request, { registration, token: request.params.token, errors: [{ field: 'state', message: r.localized(request.locale) }] }), r.status);
    }
    return reply.redirect(withLang(`${REGISTRATION_PAGE_PATH}/${request.params.token}`, request.locale, { cancelled: '1' }), 303);
  });
};

