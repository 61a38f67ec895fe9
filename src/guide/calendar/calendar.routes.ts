import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { loadLawRules } from '../../delivery/law/law-rules.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { HOLIDAY_YEARS } from '../../platform/time/public-holidays.repository.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { guideDepsFrom, type GuideDeps } from '../guide.deps.ts';
import { pageBudget, sendHtml } from '../guide.http.ts';
import { buildCalendarFeed } from './calendar.ics.ts';
import { calendarMessages } from './calendar.messages.ts';
import { calendarItems } from './calendar.repository.ts';
import { monthSchedule, yearSchedule } from './calendar.schedule.ts';
import {
  calendarFeedPath, calendarListPage, calendarMonthPage, calendarPath, districtUnknownPage, movedNote, remindCodePage, remindFormPage,
  subscribedPage, unsubscribePage, type CalendarContext, type RemindForm,
} from './calendar.view.ts';
import { checkChoices, requestReminderCode, runCalendarReminders, subscribe, subscriptionForLink, unsubscribe, UNSUBSCRIBE_PATH } from './reminders.service.ts';

// The local-tax calendar's resident pages (/r/guide/:district/calendar…):
// the month and the year, the iCalendar feed, the reminder sign-up with its
// one-time code, and the unsubscribe link's page. Plain HTML forms; the
// platform refuses cross-site posts by their Origin. Every serve process
// sweeps for reminders due every few minutes (the sweep sends each once).

export const REMINDER_SWEEP_MS = 5 * 60_000;

const lang = { lang: z.enum(['ko', 'en']).optional() };
const year = z.coerce.number().int().min(HOLIDAY_YEARS.from).max(HOLIDAY_YEARS.to);
const districtParams = z.object({ district: z.string().min(1).max(40) });
const many = z.union([z.string().max(40), z.array(z.string().max(40)).max(40)]).optional();
const remindBody = z.object({ field: z.string().max(10).optional(), value: z.string().max(200).optional(), items: many, days: z.string().max(3).optional() });
const confirmBody = remindBody.extend({ verificationId: z.string().max(64).optional(), code: z.string().max(20).optional() });

const formFrom = (b: z.infer<typeof remindBody>): RemindForm => ({
  field: b.field === 'email' ? 'email' : 'mobile',
  value: (b.value ?? '').trim(),
  items: b.items === undefined ? [] : Array.isArray(b.items) ? b.items : [b.items],
  days: Number(b.days ?? 3),
});

/** An engine refusal as the page's error summary entries. */
function fieldErrors(request: FastifyRequest, error: unknown): FieldError[] {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  const field = error.problems[0]?.field ?? 'contact';
  return [{ field, message: error.localized(request.locale) }];
}

export const calendarRoutes: RoutePlugin = async (app, appDeps) => {
  const deps: GuideDeps = guideDepsFrom(appDeps);

  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = runCalendarReminders(deps)
      .catch((error: unknown) => deps.log.warn({ err: error }, 'calendar reminder sweep failed'))
      .finally(() => (running = null));
  }, REMINDER_SWEEP_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });

  const limited = pageBudget(deps, 'guide-calendar', (locale, minutes) => ({ title: calendarMessages.t(locale, 'title'), text: calendarMessages.t(locale, 'too_many', { minutes }) }));

  /** The district's calendar context, or null (the page says the district is unknown). */
  const contextOf = async (code: string): Promise<CalendarContext | null> => {
    const district = await findDistrict(deps.db, code);
    if (!district) return null;
    const rules = await loadLawRules(deps.db);
    return { district, article: rules.deadlineOnDayOff.article, today: seoulDay(deps.clock()) };
  };
  const feedUrl = (district: string, locale: string) => `${deps.publicUrl}${calendarFeedPath(district)}?lang=${locale}`;

  app.get('/r/guide/:district/calendar', {
    schema: { hide: true, params: districtParams, querystring: z.object({ ...lang, year: year.optional(), month: z.coerce.number().int().min(1).max(12).optional() }) },
  }, async (request, reply) => {
    if (await limited(request, reply, 600)) return reply;
    const c = await contextOf(request.params.district);
    if (!c) return sendHtml(reply, districtUnknownPage(request), 404);
    const y = request.query.year ?? Number(c.today.slice(0, 4));
    const m = request.query.month ?? (request.query.year ? 1 : Number(c.today.slice(5, 7)));
    const entries = monthSchedule(await loadLawRules(deps.db), await calendarItems(deps.db, c.district.code), y, m);
    return sendHtml(reply, calendarMonthPage(request, c, { year: y, month: m, entries, feedUrl: feedUrl(c.district.code, request.locale) }));
  });

  app.get('/r/guide/:district/calendar/list', { schema: { hide: true, params: districtParams, querystring: z.object({ ...lang, year: year.optional() }) } }, async (request, reply) => {
    if (await limited(request, reply, 600)) return reply;
    const c = await contextOf(request.params.district);
    if (!c) return sendHtml(reply, districtUnknownPage(request), 404);
    const y = request.query.year ?? Number(c.today.slice(0, 4));
    const entries = yearSchedule(await loadLawRules(deps.db), await calendarItems(deps.db, c.district.code), y);
    return sendHtml(reply, calendarListPage(request, c, { year: y, entries, feedUrl: feedUrl(c.district.code, request.locale) }));
  });

  // This year and the next: what a subscribed calendar app shows ahead.
  app.get('/r/guide/:district/calendar.ics', { schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    if (await limited(request, reply, 600)) return reply;
    const c = await contextOf(request.params.district);
    if (!c) return sendHtml(reply, districtUnknownPage(request), 404);
    const locale = request.query.lang ?? 'ko';
    const rules = await loadLawRules(deps.db);
    const items = await calendarItems(deps.db, c.district.code);
    const thisYear = Number(c.today.slice(0, 4));
    const entries = [thisYear, thisYear + 1].filter((y) => y <= HOLIDAY_YEARS.to).flatMap((y) => yearSchedule(rules, items, y));
    const body = buildCalendarFeed({
      districtCode: c.district.code,
      calendarName: `${c.district.name[locale]} ${calendarMessages.t(locale, 'title')}`,
      locale,
      entries,
      stamp: deps.clock(),
      pageUrl: (e) => `${deps.publicUrl}${calendarPath(c.district.code)}?year=${e.due.slice(0, 4)}&month=${Number(e.due.slice(5, 7))}&lang=${locale}`,
      movedNote: (e) => movedNote(locale, e),
    });
    reply.header('cache-control', 'public, max-age=3600');
    reply.header('content-disposition', `inline; filename="${c.district.code}-local-tax.ics"`);
    return reply.type('text/calendar; charset=utf-8').send(body);
  });

  // ------------------------------------------------------------ reminders
  const remindParams = { params: districtParams };
  app.get('/r/guide/:district/calendar/remind', { schema: { hide: true, ...remindParams, querystring: z.object(lang) } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    const c = await contextOf(request.params.district);
    if (!c) return sendHtml(reply, districtUnknownPage(request), 404);
    const items = await calendarItems(deps.db, c.district.code);
    return sendHtml(reply, remindFormPage(request, c, { items, form: { field: 'mobile', value: '', items: items.map((i) => i.code), days: 3 }, errors: [] }));
  });

  app.post('/r/guide/:district/calendar/remind', { schema: { hide: true, ...remindParams, querystring: z.object(lang), body: remindBody } }, async (request, reply) => {
    if (await limited(request, reply, 20)) return reply;
    const c = await contextOf(request.params.district);
    if (!c) return sendHtml(reply, districtUnknownPage(request), 404);
    const form = formFrom(request.body);
    try {
      await checkChoices(deps, c.district.code, form.items, form.days);
      const sent = await requestReminderCode(deps, { districtCode: c.district.code, contact: { field: form.field, value: form.value } });
      return sendHtml(reply, remindCodePage(request, c, { form, verificationId: sent.verificationId, sentTo: sent.sentTo, minutes: sent.minutes, errors: [] }));
    } catch (error) {
      const errors = fieldErrors(request, error);
      const items = await calendarItems(deps.db, c.district.code);
      return sendHtml(reply, remindFormPage(request, c, { items, form, errors }), (error as AppError).status);
    }
  });

  app.post('/r/guide/:district/calendar/remind/confirm', { schema: { hide: true, ...remindParams, querystring: z.object(lang), body: confirmBody } }, async (request, reply) => {
    if (await limited(request, reply, 30)) return reply;
    const c = await contextOf(request.params.district);
    if (!c) return sendHtml(reply, districtUnknownPage(request), 404);
    const form = formFrom(request.body);
    const verificationId = request.body.verificationId ?? '';
    try {
      const done = await subscribe(deps, {
        districtCode: c.district.code, verificationId, contact: { field: form.field, value: form.value }, code: request.body.code ?? '',
        itemCodes: form.items, daysBefore: form.days, locale: request.locale,
      });
      return sendHtml(reply, subscribedPage(request, c, { sentTo: done.sentTo, days: form.days }));
    } catch (error) {
      const errors = fieldErrors(request, error);
      if (errors[0]!.field !== 'code') {
        const items = await calendarItems(deps.db, c.district.code);
        return sendHtml(reply, remindFormPage(request, c, { items, form, errors }), (error as AppError).status);
      }
      return sendHtml(reply, remindCodePage(request, c, { form, verificationId, sentTo: '', minutes: 5, errors }), 400);
    }
  });

  const tokenParams = z.object({ token: z.string().min(1).max(100) });
  app.get(`${UNSUBSCRIBE_PATH}/:token`, { schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    if (await limited(request, reply, 120)) return reply;
    const found = await subscriptionForLink(deps, request.params.token);
    if (!found) return sendHtml(reply, unsubscribePage(request, { state: 'unknown' }), 404);
    if (found.row.endedAt) return sendHtml(reply, unsubscribePage(request, { state: 'done' }));
    return sendHtml(reply, unsubscribePage(request, { state: 'ask', sentTo: found.sentTo, action: `${UNSUBSCRIBE_PATH}/${request.params.token}` }));
  });

  app.post(`${UNSUBSCRIBE_PATH}/:token`, { schema: { hide: true, params: tokenParams, querystring: z.object(lang) } }, async (request, reply) => {
    if (await limited(request, reply, 30)) return reply;
    const ended = await unsubscribe(deps, request.params.token);
    return sendHtml(reply, unsubscribePage(request, { state: ended ? 'done' : 'unknown' }), ended ? 200 : 404);
  });
};
