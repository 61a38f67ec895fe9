import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { CODE_MINUTES } from '../../platform/one-time-codes.ts';
import { addDays, seoulDay, seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import { book, listFreeSlots, type SlotsResult } from '../booking/booking.service.ts';
import { maskContact, normaliseContact, type Contact } from '../booking/contact.ts';
import { confirmCode, requestCode } from '../booking/resident-codes.ts';
import { listExperts, listFields, type Expert, type Field, type ScheduleSettings } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { bookableDays, minuteLabel } from '../schedule/slot-grid.ts';
import { BOOKING_ROLES, CONSOLE_PATH, consoleFormat, sendHtml } from './consultations-console.layout.ts';
import { BOOK_PATH, EMPTY_PHONE_FORM, phoneBookingPage, phoneCheckPage, phoneCodePage, type PhoneForm, type PhoneSummary } from './phone-booking.view.ts';
import { parseSlotValue } from './slot-picker.view.ts';
import { engineErrorField } from './console-errors.ts';
import { staffActor } from '../consultations.http.ts';

// Booking by phone in the console: the same engine path as the web (a
// one-time code to the caller's contact, read out by the caller, then book()
// with the official as the actor), the minimum notice overridable with a
// reason (the engine audits it). Plain forms: each step is a POST that
// answers the next page, and a booking ends in a 303 to the booking's page.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (max: number) => z.string().max(max).optional();
const langQuery = z.object({ lang: z.enum(['ko', 'en']).optional() });

const bookQuery = z.object({
  lang: z.enum(['ko', 'en']).optional(),
  field: text(40),
  expert: text(20),
  day: text(20),
  insideNotice: text(5),
});

const phoneBody = z.object({
  _csrf: text(200),
  step: text(20),
  field: text(40),
  expert: text(20),
  day: text(20),
  insideNotice: text(5),
  slot: text(80),
  name: text(2000),
  contactField: text(10),
  contactValue: text(2000),
  topic: text(5000),
  hasDocuments: text(5),
  residency: text(5),
  overrideReason: text(5000),
  verificationId: text(64),
  verified: text(5),
  code: text(40),
});
type PhoneBody = z.infer<typeof phoneBody>;

function formOf(b: Partial<PhoneBody>): PhoneForm {
  return {
    field: b.field ?? '',
    expert: b.expert ?? '',
    day: (b.day ?? '').trim(),
    insideNotice: b.insideNotice === '1',
    slot: b.slot ?? '',
    name: b.name ?? '',
    contactField: b.contactField ?? EMPTY_PHONE_FORM.contactField,
    contactValue: b.contactValue ?? '',
    topic: b.topic ?? '',
    hasDocuments: b.hasDocuments ?? '',
    residency: b.residency === '1',
    overrideReason: b.overrideReason ?? '',
    verificationId: b.verificationId ?? '',
    verified: b.verified === '1',
  };
}

interface Checked {
  fieldCode: string;
  expertId: number;
  slotStart: string;
  contact: Contact;
  insideNotice: boolean;
  summary: PhoneSummary;
}

export const phoneBookingRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);
  const read = guard(BOOKING_ROLES);

  async function context(districtCode: string, fieldCode: string): Promise<{ settings: ScheduleSettings; fields: Field[]; experts: Expert[]; first: string; last: string }> {
    const settings = await requireSettings(deps.db, districtCode);
    const fields = await listFields(deps.db, districtCode, { activeOnly: true });
    const all = await listExperts(deps.db, districtCode, { activeOnly: true });
    const experts = fieldCode ? all.filter((e) => e.fields.includes(fieldCode)) : all;
    const { first, last } = bookableDays(deps.clock(), settings);
    return { settings, fields, experts, first, last };
  }

  /** The form page, with the free times of the chosen day when a field is chosen. */
  async function renderForm(request: FastifyRequest, reply: FastifyReply, form: PhoneForm, errors: FieldError[] = [], status = 200): Promise<FastifyReply> {
    const staff = request.staff!;
    const t = consoleFormat(request.locale).t;
    const ctx = await context(staff.districtCode, form.field);
    const slotDay = parseSlotValue(form.slot);
    let day = form.day || (slotDay ? seoulDay(new Date(slotDay.slotStart)) : form.insideNotice ? seoulDay(deps.clock()) : ctx.first);
    if (!DAY.test(day) || Number.isNaN(Date.parse(day))) {
      if (!errors.some((e) => e.field === 'day')) errors = [...errors, { field: 'day', message: t('err_day') }];
      day = ctx.first;
    }
    let slots: SlotsResult | null = null;
    const field = ctx.fields.find((x) => x.code === form.field);
    if (field) {
      const expert = ctx.experts.find((e) => String(e.id) === form.expert);
      if (form.expert && !expert && !errors.some((e) => e.field === 'expert')) errors = [...errors, { field: 'expert', message: t('err_expert') }];
      slots = await listFreeSlots(deps, {
        districtCode: staff.districtCode, fieldCode: field.code, from: day, to: addDays(day, 13), expertId: expert?.id, ignoreMinimumNotice: form.insideNotice,
      });
    }
    const page = phoneBookingPage(request, {
      form: { ...form, day }, fields: ctx.fields, experts: ctx.experts, slots, day,
      firstBookableDay: ctx.first, lastBookableDay: ctx.last, minNoticeDays: ctx.settings.minNoticeDays, errors,
    });
    return sendHtml(reply, page, status);
  }

  /** The form checked as the check-answers step needs it; errors name the controls. */
  async function checkForm(request: FastifyRequest, form: PhoneForm): Promise<{ ok: Checked } | { errors: FieldError[] }> {
    const staff = request.staff!;
    const t = consoleFormat(request.locale).t;
    const ctx = await context(staff.districtCode, form.field);
    const errors: FieldError[] = [];
    const field = ctx.fields.find((x) => x.code === form.field);
    if (!field) errors.push({ field: 'field', message: t('err_field') });
    const slot = parseSlotValue(form.slot);
    const expert = slot ? ctx.experts.find((e) => e.id === slot.expertId) : undefined;
    let insideNotice = false;
    let modeText = '';
    if (!slot || !expert) errors.push({ field: 'slot', message: t('err_slot') });
    else if (field) {
      const day = seoulDay(new Date(slot.slotStart));
      insideNotice = day < ctx.first;
      const free = await listFreeSlots(deps, { districtCode: staff.districtCode, fieldCode: field.code, from: day, to: day, expertId: expert.id, ignoreMinimumNotice: insideNotice });
      const found = free.days.flatMap((d) => d.slots).find((s) => s.start.toISOString() === slot.slotStart);
      if (!found) errors.push({ field: 'slot', message: t('err_slot_gone') });
      else modeText = consoleFormat(request.locale).mode({ mode: found.mode ?? 'video', place: free.inPersonPlace });
      if (insideNotice && !form.overrideReason.trim()) errors.push({ field: 'override-reason', message: t('err_override') });
    }
    if (form.overrideReason.trim().length > 500) errors.push({ field: 'override-reason', message: t('err_override') });
    const name = form.name.trim();
    if (!name || name.length > 100) errors.push({ field: 'name', message: t('err_name') });
    let contact: Contact | null = null;
    if (form.contactField !== 'mobile' && form.contactField !== 'email') errors.push({ field: 'contact-field', message: t('err_contact_kind') });
    else {
      try {
        contact = normaliseContact({ field: form.contactField, value: form.contactValue.trim() });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ field: 'contact-value', message: t(form.contactField === 'email' ? 'err_email' : 'err_mobile') });
      }
    }
    const topic = form.topic.trim();
    if (!topic || topic.length > 500) errors.push({ field: 'topic', message: t('err_topic') });
    if (form.hasDocuments !== 'yes' && form.hasDocuments !== 'no') errors.push({ field: 'has-documents', message: t('err_documents') });
    if (!form.residency) errors.push({ field: 'residency', message: t('err_residency') });
    if (errors.length || !slot || !expert || !field || !contact) return { errors };
    return {
      ok: {
        fieldCode: field.code, expertId: expert.id, slotStart: slot.slotStart, contact, insideNotice,
        summary: {
          fieldName: field.name[request.locale], expertName: expert.name, day: seoulDay(new Date(slot.slotStart)),
          time: minuteLabel(seoulMinuteOfDay(new Date(slot.slotStart))), insideNotice, maskedContact: maskContact(contact), modeText,
        },
      },
    };
  }

  app.get(BOOK_PATH, { preValidation: read, schema: { hide: true, querystring: bookQuery } }, async (request, reply) => {
    const q = request.query;
    return renderForm(request, reply, formOf({ field: q.field, expert: q.expert, day: q.day, insideNotice: q.insideNotice }));
  });

  app.post(BOOK_PATH, { preValidation: read, schema: { hide: true, querystring: langQuery, body: phoneBody } }, async (request, reply) => {
    const body = request.body;
    const form = formOf(body);
    const step = body.step ?? 'slots';
    const locale = request.locale;
    if (step.startsWith('day:')) return renderForm(request, reply, { ...form, day: step.slice(4) });
    if (step !== 'check' && step !== 'send_code' && step !== 'book') return renderForm(request, reply, form);

    const checked = await checkForm(request, form);
    if ('errors' in checked) return renderForm(request, reply, form, checked.errors, 400);
    const c = checked.ok;
    if (step === 'check') return sendHtml(reply, phoneCheckPage(request, { form, summary: c.summary }));

    if (step === 'send_code') {
      try {
        const sent = await requestCode(deps, { districtCode: request.staff!.districtCode, contact: c.contact });
        return sendHtml(reply, phoneCodePage(request, { form: { ...form, verificationId: sent.verificationId }, summary: c.summary, sentTo: sent.sentTo, minutes: sent.expiresInMinutes }));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendHtml(reply, phoneCheckPage(request, { form: { ...form, verified: false }, summary: c.summary, errors: [{ field: 'send-code', message: error.localized(locale) }] }), error.status);
      }
    }

    // step === 'book': the code the caller read out (unless the contact was confirmed already), then the booking.
    let verified = form.verified && !!form.verificationId;
    if (body.code !== undefined) {
      const code = body.code.replace(/\s+/g, '');
      const codePage = (message: string, status: number) =>
        sendHtml(reply, phoneCodePage(request, { form, summary: c.summary, sentTo: c.summary.maskedContact, minutes: CODE_MINUTES, code: body.code, errors: [{ field: 'code', message }] }), status);
      if (!/^\d{6}$/.test(code)) return codePage(consoleFormat(locale).t('err_code'), 400);
      try {
        await confirmCode(deps, { verificationId: form.verificationId, field: c.contact.field, code });
        verified = true;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return codePage(error.localized(locale), error.status);
      }
    }
    try {
      const result = await book(deps, {
        districtCode: request.staff!.districtCode, fieldCode: c.fieldCode, expertId: c.expertId, slotStart: c.slotStart,
        contact: { field: c.contact.field, value: form.contactValue.trim() }, name: form.name.trim(),
        questionnaire: { topic: form.topic.trim(), hasDocuments: form.hasDocuments === 'yes' }, residencyDeclared: true,
        verificationId: form.verificationId || undefined,
        overrideNotice: c.insideNotice ? { reason: form.overrideReason.trim() } : undefined,
      }, staffActor(request));
      return reply.redirect(`${CONSOLE_PATH}/bookings/${result.booking.id}?lang=${locale}&booked=1`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const message = error.localized(locale);
      if (error.code === 'contact_not_verified') {
        return sendHtml(reply, phoneCheckPage(request, { form: { ...form, verified: false, verificationId: '' }, summary: c.summary, errors: [{ field: 'send-code', message }] }), error.status);
      }
      const field = engineErrorField(error.code);
      if (!field) throw error;
      return renderForm(request, reply, { ...form, verified }, [{ field, message }], error.status);
    }
  });
};

