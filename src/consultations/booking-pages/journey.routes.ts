import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CODE_MINUTES } from '../../platform/one-time-codes.ts';
import type { ZodApp } from '../../platform/http/routes.ts';
import { publicHoliday, seoulDay } from '../../platform/time/seoul.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationError, consultationMessages } from '../consultations.messages.ts';
import { bookingPageMessages } from './booking-pages.messages.ts';
import { listExperts } from '../schedule/schedule.repository.ts';
import { bookableDays, slotMode } from '../schedule/slot-grid.ts';
import { book, getBooking } from '../booking/booking.service.ts';
import { confirmCode, requestCode } from '../booking/resident-codes.ts';
import { getWaitlistEntry, joinWaitlist } from '../booking/waitlist.service.ts';
import { personalLink } from '../booking/booking.notify.ts';
import { DRAFT_COOKIE, DRAFT_MINUTES, csrfMatches, firstMissing, newDraft, openDraft, sealDraft, stepIndex, type Draft, type Step } from './booking-draft.ts';
import { districtParams, fieldError, lang, refusal, sendHtml, SLOT_REFUSALS, text, type DistrictContext, type PageKit } from './booking-pages.http.ts';
import {
  checkPage,
  codePage,
  contactPage,
  donePage,
  draftGonePage,
  fieldPage,
  journeyPath,
  notFoundPage,
  questionsPage,
  slotsPage,
  startPage,
  tr,
  waitlistDonePage,
  waitlistPage,
  withLang,
} from './booking-pages.view.ts';
import { icsPath, personalPath, waitlistPath } from './personal-page.view.ts';
import { loadPickerWeek, parseSlotValue, slotIsFree, slotValue } from './slot-picker.ts';

// The booking journey of a district, /r/consultations/:district/…: each
// step a GET page and a POST that checks its answers, keeps them in the
// sealed draft cookie and redirects (303) to the first step still to do —
// so a "change" link on the check page leads back to the check page once
// answered again. A refusal re-renders the page (400) with the error
// summary and changes nothing; a refusal at the end (the slot taken
// meanwhile, the code's confirmation run out) sends the resident back to
// the step to answer again, the engine's message shown there.

const dayParam = z.iso.date().optional();

export function journeyRoutes(app: ZodApp, kit: PageKit): void {
  const { deps } = kit;
  const { cipher } = deps;

  const readDraft = (request: FastifyRequest, district: string) => openDraft(cipher, request.cookies[DRAFT_COOKIE], district, deps.clock());
  const writeDraft = (request: FastifyRequest, reply: FastifyReply, draft: Draft) =>
    reply.setCookie(DRAFT_COOKIE, sealDraft(cipher, draft, deps.clock()), {
      path: journeyPath(draft.district), httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: DRAFT_MINUTES * 60,
    });
  const go = (request: FastifyRequest, reply: FastifyReply, district: string, step: Step | 'done', query: Record<string, string> = {}) =>
    reply.redirect(withLang(journeyPath(district, step), request.locale, query), 303);

  const notOffered = (request: FastifyRequest, reply: FastifyReply) =>
    sendHtml(reply, notFoundPage(request, consultationMessages.t(request.locale, 'consultations_not_offered')), 404);

  /**
   * The district and the draft for a step's page: the district must take
   * consultations, the draft must exist (the first step starts one) and have
   * the earlier steps answered (else the resident is sent to the first one
   * missing). Answers the page itself when it cannot go on.
   */
  async function stepContext(request: FastifyRequest, reply: FastifyReply, district: string, step: Step): Promise<{ ctx: DistrictContext; draft: Draft } | null> {
    const ctx = await kit.districtOf(district);
    if (!ctx) {
      await notOffered(request, reply);
      return null;
    }
    let draft = readDraft(request, district);
    if (!draft || (step === 'field' && draft.done)) {
      if (step !== 'field') {
        await sendHtml(reply, draftGonePage(request, district), 400);
        return null;
      }
      draft = newDraft(district, deps.clock());
      writeDraft(request, reply, draft);
    }
    const missing = firstMissing(draft);
    if (stepIndex(step) > stepIndex(missing)) {
      await go(request, reply, district, missing);
      return null;
    }
    return { ctx, draft };
  }

  /** The same for a form post, which must also carry the draft's CSRF token. */
  async function postContext(request: FastifyRequest, reply: FastifyReply, district: string, step: Step, csrf: string | undefined) {
    const ctx = await kit.districtOf(district);
    if (!ctx) {
      await notOffered(request, reply);
      return null;
    }
    const draft = readDraft(request, district);
    if (!draft || draft.done || !csrfMatches(draft, csrf)) {
      await sendHtml(reply, draftGonePage(request, district), 400);
      return null;
    }
    const missing = firstMissing(draft);
    if (stepIndex(step) > stepIndex(missing)) {
      await go(request, reply, district, missing);
      return null;
    }
    return { ctx, draft };
  }

  /** The refusal left for this step's page by the step that sent the resident back (shown once). */
  function takeFlash(request: FastifyRequest, reply: FastifyReply, draft: Draft, step: Step): FieldError[] {
    if (draft.flash?.step !== step) return [];
    const errors = [{ field: draft.flash.field, message: draft.flash.text[request.locale] }];
    delete draft.flash;
    writeDraft(request, reply, draft);
    return errors;
  }

  /** Back to a step with the engine's message (PRG), the answers it invalidates dropped. */
  function sendBack(request: FastifyRequest, reply: FastifyReply, draft: Draft, step: Step, field: string, error: { messages: { ko: string; en: string } }) {
    draft.flash = { step, field, text: error.messages };
    writeDraft(request, reply, draft);
    return go(request, reply, draft.district, step);
  }

  /** A step answered: on to the first step still to do (a refusal left for another page no longer applies). */
  function advance(request: FastifyRequest, reply: FastifyReply, draft: Draft, step?: Step, query: Record<string, string> = {}) {
    delete draft.flash;
    writeDraft(request, reply, draft);
    return go(request, reply, draft.district, step ?? firstMissing(draft), query);
  }

  const fieldOf = (ctx: DistrictContext, code: string | undefined) => ctx.fields.find((f) => f.code === code);

  // ---------------------------------------------------------------- start
  app.get('/r/consultations/:district', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const ctx = await kit.districtOf(request.params.district);
    if (!ctx) return notOffered(request, reply);
    return sendHtml(reply, startPage(request, ctx));
  });

  // ---------------------------------------------------------------- field
  app.get('/r/consultations/:district/field', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const c = await stepContext(request, reply, request.params.district, 'field');
    if (!c) return reply;
    const errors = takeFlash(request, reply, c.draft, 'field');
    return sendHtml(reply, fieldPage(request, { district: c.ctx.district.code, csrf: c.draft.csrf, fields: c.ctx.fields, selected: c.draft.field, errors }));
  });

  app.post('/r/consultations/:district/field', {
    preHandler: kit.writes, schema: { hide: true, params: districtParams, querystring: z.object(lang), body: z.object({ _csrf: text(), field: text() }) },
  }, async (request, reply) => {
    const c = await postContext(request, reply, request.params.district, 'field', request.body._csrf);
    if (!c) return reply;
    const field = fieldOf(c.ctx, request.body.field);
    if (!field) {
      const errors = [{ field: 'field', message: tr(request.locale)('err_field') }];
      return sendHtml(reply, fieldPage(request, { district: c.ctx.district.code, csrf: c.draft.csrf, fields: c.ctx.fields, errors }), 400);
    }
    if (c.draft.field !== field.code) {
      delete c.draft.slot;
      delete c.draft.waitDay;
    }
    c.draft.field = field.code;
    return advance(request, reply, c.draft);
  });

  // ---------------------------------------------------------------- day and time
  const slotsQuery = z.object({ ...lang, from: dayParam, expert: z.string().regex(/^\d{1,9}$/).optional().or(z.literal('')) });

  async function renderSlots(request: FastifyRequest, reply: FastifyReply, c: { ctx: DistrictContext; draft: Draft }, q: { from?: string; expert?: string }, errors: FieldError[], status = 200) {
    const field = fieldOf(c.ctx, c.draft.field)!;
    const week = await loadPickerWeek(deps, {
      districtCode: c.ctx.district.code, fieldCode: field.code, from: q.from, expertId: q.expert ? Number(q.expert) : undefined,
      around: c.draft.slot ? seoulDay(new Date(c.draft.slot.start)) : c.draft.waitDay,
    });
    const selected = c.draft.slot ? slotValue(c.draft.slot.expertId, new Date(c.draft.slot.start)) : undefined;
    return sendHtml(reply, slotsPage(request, { district: c.ctx.district.code, csrf: c.draft.csrf, field, week, selected, errors }), status);
  }

  /** A draft whose field was withdrawn meanwhile goes back to the field step. */
  async function fieldGone(request: FastifyRequest, reply: FastifyReply, c: { ctx: DistrictContext; draft: Draft }): Promise<boolean> {
    if (fieldOf(c.ctx, c.draft.field)) return false;
    delete c.draft.field;
    delete c.draft.slot;
    delete c.draft.waitDay;
    await sendBack(request, reply, c.draft, 'field', 'field', consultationError(404, 'field_not_found'));
    return true;
  }

  app.get('/r/consultations/:district/slots', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: slotsQuery } }, async (request, reply) => {
    const c = await stepContext(request, reply, request.params.district, 'slots');
    if (!c || (await fieldGone(request, reply, c))) return reply;
    return renderSlots(request, reply, c, request.query, takeFlash(request, reply, c.draft, 'slots'));
  });

  app.post('/r/consultations/:district/slots', {
    preHandler: kit.writes,
    schema: { hide: true, params: districtParams, querystring: z.object(lang), body: z.object({ _csrf: text(), slot: text(), from: text(), expert: text() }) },
  }, async (request, reply) => {
    const c = await postContext(request, reply, request.params.district, 'slots', request.body._csrf);
    if (!c || (await fieldGone(request, reply, c))) return reply;
    const week = { from: dayParam.safeParse(request.body.from).data, expert: /^\d{1,9}$/.test(request.body.expert ?? '') ? request.body.expert : undefined };
    const chosen = parseSlotValue(request.body.slot);
    if (!chosen) return renderSlots(request, reply, c, week, [{ field: 'slot', message: tr(request.locale)('err_slot') }], 400);
    const free = await slotIsFree(deps, { districtCode: c.ctx.district.code, fieldCode: c.draft.field!, expertId: chosen.expertId, start: chosen.start });
    if (!free) return renderSlots(request, reply, c, week, [{ field: 'slot', message: consultationMessages.t(request.locale, 'slot_taken') }], 409);
    c.draft.slot = { expertId: chosen.expertId, start: chosen.start.toISOString() };
    delete c.draft.waitDay;
    return advance(request, reply, c.draft);
  });

  // ---------------------------------------------------------------- waiting list for a full day
  /** A day the waiting list can be joined for: bookable, not a holiday (the engine checks again when joining). */
  const waitableDay = (c: { ctx: DistrictContext }, day: string | undefined): day is string => {
    if (!day || !dayParam.safeParse(day).success) return false;
    const { first, last } = bookableDays(deps.clock(), c.ctx.settings);
    return day >= first && day <= last && publicHoliday(day) === null;
  };
  const noWaitlist = (request: FastifyRequest, reply: FastifyReply, draft: Draft) =>
    sendBack(request, reply, draft, 'slots', 'slot', { messages: bookingPageMessages.both('err_waitlist_day') });

  app.get('/r/consultations/:district/waitlist', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object({ ...lang, day: text(20) }) } }, async (request, reply) => {
    const c = await stepContext(request, reply, request.params.district, 'slots');
    if (!c || (await fieldGone(request, reply, c))) return reply;
    if (!waitableDay(c, request.query.day)) return noWaitlist(request, reply, c.draft);
    return sendHtml(reply, waitlistPage(request, { district: c.ctx.district.code, csrf: c.draft.csrf, field: fieldOf(c.ctx, c.draft.field)!, day: request.query.day, holdMinutes: c.ctx.settings.holdMinutes }));
  });

  app.post('/r/consultations/:district/waitlist', {
    preHandler: kit.writes, schema: { hide: true, params: districtParams, querystring: z.object(lang), body: z.object({ _csrf: text(), day: text(20) }) },
  }, async (request, reply) => {
    const c = await postContext(request, reply, request.params.district, 'slots', request.body._csrf);
    if (!c || (await fieldGone(request, reply, c))) return reply;
    if (!waitableDay(c, request.body.day)) return noWaitlist(request, reply, c.draft);
    c.draft.waitDay = request.body.day;
    delete c.draft.slot;
    return advance(request, reply, c.draft);
  });

  // ---------------------------------------------------------------- questionnaire and residency
  app.get('/r/consultations/:district/questions', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const c = await stepContext(request, reply, request.params.district, 'questions');
    if (!c) return reply;
    const d = c.draft;
    const form = { topic: d.topic, hasDocuments: d.hasDocuments === undefined ? undefined : d.hasDocuments ? 'yes' : 'no', residency: d.residency ? 'yes' : undefined };
    return sendHtml(reply, questionsPage(request, { district: c.ctx.district, csrf: d.csrf, form, errors: takeFlash(request, reply, d, 'questions') }));
  });

  app.post('/r/consultations/:district/questions', {
    preHandler: kit.writes,
    schema: { hide: true, params: districtParams, querystring: z.object(lang), body: z.object({ _csrf: text(), topic: text(4000), hasDocuments: text(), residency: text() }) },
  }, async (request, reply) => {
    const c = await postContext(request, reply, request.params.district, 'questions', request.body._csrf);
    if (!c) return reply;
    const t = tr(request.locale);
    const topic = request.body.topic?.trim() ?? '';
    const errors: FieldError[] = [];
    if (!topic) errors.push({ field: 'topic', message: t('err_topic') });
    else if (topic.length > 500) errors.push({ field: 'topic', message: t('err_topic_long') });
    if (request.body.hasDocuments !== 'yes' && request.body.hasDocuments !== 'no') errors.push({ field: 'hasDocuments', message: t('err_documents') });
    if (request.body.residency !== 'yes') errors.push({ field: 'residency', message: t('err_residency', { district: c.ctx.district.name[request.locale] }) });
    if (errors.length) return sendHtml(reply, questionsPage(request, { district: c.ctx.district, csrf: c.draft.csrf, form: request.body, errors }), 400);
    Object.assign(c.draft, { topic, hasDocuments: request.body.hasDocuments === 'yes', residency: true });
    return advance(request, reply, c.draft);
  });

  // ---------------------------------------------------------------- contact and code
  app.get('/r/consultations/:district/contact', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const c = await stepContext(request, reply, request.params.district, 'contact');
    if (!c) return reply;
    const d = c.draft;
    const form = { name: d.name, contactField: d.contact?.field, mobile: d.contact?.field === 'mobile' ? d.contact.value : '', email: d.contact?.field === 'email' ? d.contact.value : '' };
    return sendHtml(reply, contactPage(request, { district: c.ctx.district.code, csrf: d.csrf, form, errors: takeFlash(request, reply, d, 'contact') }));
  });

  app.post('/r/consultations/:district/contact', {
    preHandler: kit.writes,
    schema: { hide: true, params: districtParams, querystring: z.object(lang), body: z.object({ _csrf: text(), name: text(400), contactField: text(), mobile: text(300), email: text(300) }) },
  }, async (request, reply) => {
    const c = await postContext(request, reply, request.params.district, 'contact', request.body._csrf);
    if (!c) return reply;
    const t = tr(request.locale);
    const b = request.body;
    const name = b.name?.trim() ?? '';
    const errors: FieldError[] = [];
    if (!name || name.length > 100) errors.push({ field: 'name', message: t('err_name') });
    const kind = b.contactField === 'mobile' || b.contactField === 'email' ? b.contactField : null;
    const value = kind ? (b[kind]?.trim() ?? '') : '';
    if (!kind) errors.push({ field: 'contactField', message: t('err_contact_kind') });
    else if (!value) errors.push({ field: kind, message: t(kind === 'mobile' ? 'err_mobile' : 'err_email') });
    const again = (more: FieldError[], status: number) => sendHtml(reply, contactPage(request, { district: c.ctx.district.code, csrf: c.draft.csrf, form: b, errors: [...errors, ...more] }), status);
    if (errors.length || !kind) return again([], 400);
    const d = c.draft;
    // The same contact, already confirmed: only the name changes, no new code.
    if (d.verified && d.contact?.field === kind && d.contact.value === value) {
      d.name = name;
      return advance(request, reply, d);
    }
    try {
      const sent = await requestCode(deps, { districtCode: d.district, contact: { field: kind, value } });
      Object.assign(d, { name, contact: { field: kind, value }, verificationId: sent.verificationId, sentTo: sent.sentTo, verified: false });
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      return again([fieldError(request, kind, r)], r.status);
    }
    return advance(request, reply, d, 'code');
  });

  app.get('/r/consultations/:district/code', {
    preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object({ ...lang, resent: z.literal('1').optional() }) },
  }, async (request, reply) => {
    const c = await stepContext(request, reply, request.params.district, 'code');
    if (!c) return reply;
    const d = c.draft;
    return sendHtml(reply, codePage(request, { district: d.district, csrf: d.csrf, sentTo: d.sentTo ?? '', minutes: CODE_MINUTES, resent: request.query.resent === '1', errors: takeFlash(request, reply, d, 'code') }));
  });

  app.post('/r/consultations/:district/code', {
    preHandler: kit.writes, schema: { hide: true, params: districtParams, querystring: z.object(lang), body: z.object({ _csrf: text(), code: text(40) }) },
  }, async (request, reply) => {
    const c = await postContext(request, reply, request.params.district, 'code', request.body._csrf);
    if (!c) return reply;
    const d = c.draft;
    if (!d.verified) {
      try {
        await confirmCode(deps, { verificationId: d.verificationId!, field: d.contact!.field, code: request.body.code ?? '' });
      } catch (error) {
        const r = refusal(error);
        if (!r) throw error;
        return sendHtml(reply, codePage(request, { district: d.district, csrf: d.csrf, sentTo: d.sentTo ?? '', minutes: CODE_MINUTES, resent: false, errors: [fieldError(request, 'code', r)] }), r.status);
      }
      d.verified = true;
    }
    return advance(request, reply, d);
  });

  app.post('/r/consultations/:district/code/resend', {
    preHandler: kit.writes, schema: { hide: true, params: districtParams, querystring: z.object(lang), body: z.object({ _csrf: text() }) },
  }, async (request, reply) => {
    const c = await postContext(request, reply, request.params.district, 'code', request.body._csrf);
    if (!c) return reply;
    const d = c.draft;
    try {
      const sent = await requestCode(deps, { districtCode: d.district, contact: d.contact! });
      Object.assign(d, { verificationId: sent.verificationId, sentTo: sent.sentTo, verified: false });
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      return sendHtml(reply, codePage(request, { district: d.district, csrf: d.csrf, sentTo: d.sentTo ?? '', minutes: CODE_MINUTES, resent: false, errors: [fieldError(request, 'code', r)] }), r.status);
    }
    return advance(request, reply, d, 'code', { resent: '1' });
  });

  // ---------------------------------------------------------------- check answers, book
  async function renderCheck(request: FastifyRequest, reply: FastifyReply, c: { ctx: DistrictContext; draft: Draft }, errors: FieldError[], status = 200) {
    const d = c.draft;
    const field = fieldOf(c.ctx, d.field)!;
    const expert = d.slot ? (await listExperts(deps.db, d.district)).find((e) => e.id === d.slot!.expertId) : undefined;
    const start = d.slot ? new Date(d.slot.start) : null;
    const place = d.slot && slotMode(c.ctx.settings, d.slot.expertId, start!) === 'in_person' ? (c.ctx.settings.inPerson?.place ?? null) : null;
    const slot = start ? { start, expertName: expert?.name ?? '', place } : null;
    return sendHtml(reply, checkPage(request, { district: c.ctx.district, csrf: d.csrf, field, slot, waitDay: d.slot ? null : (d.waitDay ?? null), draft: d, errors }), status);
  }

  app.get('/r/consultations/:district/check', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const c = await stepContext(request, reply, request.params.district, 'check');
    if (!c || (await fieldGone(request, reply, c))) return reply;
    return renderCheck(request, reply, c, takeFlash(request, reply, c.draft, 'check'));
  });

  app.post('/r/consultations/:district/check', {
    preHandler: kit.writes, schema: { hide: true, params: districtParams, querystring: z.object(lang), body: z.object({ _csrf: text() }) },
  }, async (request, reply) => {
    const c = await postContext(request, reply, request.params.district, 'check', request.body._csrf);
    if (!c || (await fieldGone(request, reply, c))) return reply;
    const d = c.draft;
    if (firstMissing(d) !== 'check') return go(request, reply, d.district, firstMissing(d));
    const resident = {
      districtCode: d.district, fieldCode: d.field!, contact: d.contact!, name: d.name!, questionnaire: { topic: d.topic!, hasDocuments: d.hasDocuments! },
      residencyDeclared: true as const, verificationId: d.verificationId!,
    };
    let done: NonNullable<Draft['done']>;
    try {
      if (d.slot) {
        const result = await book(deps, { ...resident, expertId: d.slot.expertId, slotStart: d.slot.start }, { kind: 'resident' });
        done = { kind: 'booking', token: result.token, sentTo: d.sentTo ?? '' };
      } else {
        const { token } = await joinWaitlist(deps, { ...resident, day: d.waitDay! });
        done = { kind: 'waitlist', token, sentTo: d.sentTo ?? '' };
      }
    } catch (error) {
      const r = refusal(error);
      if (!r) throw error;
      if (SLOT_REFUSALS.has(r.code)) {
        delete d.slot;
        delete d.waitDay;
        return sendBack(request, reply, d, 'slots', 'slot', r);
      }
      if (r.code === 'contact_not_verified' || r.code === 'contact_invalid') {
        delete d.verificationId;
        delete d.verified;
        return sendBack(request, reply, d, 'contact', d.contact?.field ?? 'name', r);
      }
      // One per field, already waiting, …: said on the check page; nothing was booked.
      return renderCheck(request, reply, c, [fieldError(request, 'book', r)], r.status);
    }
    const next = newDraft(d.district, deps.clock());
    next.done = done;
    writeDraft(request, reply, next);
    return go(request, reply, d.district, 'done');
  });

  // ---------------------------------------------------------------- confirmation
  app.get('/r/consultations/:district/done', { preHandler: kit.reads, schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const ctx = await kit.districtOf(request.params.district);
    if (!ctx) return notOffered(request, reply);
    const done = readDraft(request, ctx.district.code)?.done;
    if (!done) return reply.redirect(withLang(journeyPath(ctx.district.code), request.locale), 303);
    if (done.kind === 'waitlist') {
      const entry = await getWaitlistEntry(deps, done.token);
      const field = ctx.fields.find((f) => f.code === entry.fieldCode);
      const path = waitlistPath(ctx.district.code, done.token);
      return sendHtml(reply, waitlistDonePage(request, {
        field: field?.name ?? { ko: '', en: '' }, day: entry.day, sentTo: done.sentTo, holdMinutes: ctx.settings.holdMinutes, path, link: `${deps.publicUrl}${path}`,
      }));
    }
    const b = await getBooking(deps, { by: 'token', token: done.token });
    return sendHtml(reply, donePage(request, {
      reference: b.reference, field: b.field.name, start: new Date(b.start), expertName: b.expert.name, place: b.place, sentTo: done.sentTo, token: done.token,
      link: personalLink(deps, done.token), cutoffHours: ctx.settings.changeCutoffHours, personalPath: personalPath(done.token), icsPath: icsPath(done.token),
    }));
  });
}
