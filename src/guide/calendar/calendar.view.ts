import type { FastifyRequest } from 'fastify';
import type { DistrictDetails } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { errorMessage, errorSummary, stepIndicator, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { formatDayWithWeekday } from '../../platform/web/format.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { addDays, publicHoliday, weekdayOf } from '../../platform/time/seoul.ts';
import { citeArticle } from '../../delivery/law/law-rules.ts';
import { calendarMessages, type CalendarMessageKey } from './calendar.messages.ts';
import type { CalendarEntry, CalendarItem } from './calendar.schedule.ts';
import { REMINDER_DAYS } from './reminders.service.ts';

// The calendar's pages: a month (grid and list of its deadlines), a year as
// a list, the reminder sign-up and its code, and the unsubscribe page. Each
// page's content is a function of its own (…Content), so the station can
// show it in a panel; the page functions wrap it in the site's layout.

export const calendarPath = (district: string) => `/r/guide/${district}/calendar`;
export const calendarListPath = (district: string) => `/r/guide/${district}/calendar/list`;
export const calendarFeedPath = (district: string) => `/r/guide/${district}/calendar.ics`;
export const remindPath = (district: string) => `/r/guide/${district}/calendar/remind`;

type T = (key: CalendarMessageKey, vars?: Record<string, string | number>) => string;
const translator = (locale: Locale): T => (key, vars) => calendarMessages.t(locale, key, vars);
const styles = () => html`<link rel="stylesheet" href="${assetUrl('guide-calendar.css')}">`;

const monthName = (locale: Locale, month: number) => calendarMessages.t(locale, 'month_names').split(',')[month - 1]!;

/** '2027. 3. 9.(화)' / 'Tuesday 9 March 2027': every page's day (platform/web/browser/dates.ts) with its weekday. */
export function dayText(locale: Locale, day: string): string {
  return formatDayWithWeekday(locale, day);
}

function whyText(t: T, locale: Locale, entry: CalendarEntry): string {
  switch (entry.movedBecause) {
    case 'saturday': return t('why_saturday');
    case 'sunday': return t('why_sunday');
    case 'holiday': return t('why_holiday', { name: publicHoliday(entry.statutoryDue, locale) ?? '' });
    default: return t('why_also_closed');
  }
}

/** The sentence that says a deadline moved, from which day and why ('' when it did not). */
export function movedNote(locale: Locale, entry: CalendarEntry): string {
  if (!entry.movedBecause) return '';
  const t = translator(locale);
  return t('moved', { statutory: dayText(locale, entry.statutoryDue), why: whyText(t, locale, entry), due: dayText(locale, entry.due) });
}

/** One deadline: its title, period, the deadline that applies and why it moved. */
function deadline(locale: Locale, entry: CalendarEntry): Html {
  const t = translator(locale);
  const title = entry.item.title[locale];
  return html`<li id="deadline-${entry.item.code}-${entry.due}">
  <h3 class="heading-s">${title}</h3>
  <p class="due">${t('due_on', { due: dayText(locale, entry.due) })}</p>
  ${entry.opensOn ? html`<p>${t('period', { from: dayText(locale, entry.opensOn), to: dayText(locale, entry.statutoryDue) })}</p>` : ''}
  ${entry.movedBecause ? html`<p class="moved">${movedNote(locale, entry)}</p>` : ''}
  ${entry.item.detail[locale] ? html`<p>${entry.item.detail[locale]}</p>` : ''}
</li>`;
}

const deadlineList = (locale: Locale, entries: readonly CalendarEntry[]) =>
  html`<ul class="deadline-list">${entries.map((e) => deadline(locale, e))}</ul>`;

export interface CalendarContext {
  district: DistrictDetails;
  article: string;
  today: string;
}

function lead(locale: Locale, c: CalendarContext): Html {
  const t = translator(locale);
  return html`<p class="lead">${t('lead', { district: c.district.name[locale], article: citeArticle(c.article, locale) })}</p>`;
}

function subscribeBox(locale: Locale, c: CalendarContext, feedUrl: string): Html {
  const t = translator(locale);
  return html`<section aria-labelledby="subscribe-heading">
  <h2 id="subscribe-heading">${t('subscribe_heading')}</h2>
  <p>${t('subscribe_lead')}</p>
  <p><a id="feed-link" href="${feedUrl}">${t('feed_link')}</a></p>
  <p><a id="remind-link" href="${remindPath(c.district.code)}?lang=${locale}">${t('remind_link')}</a></p>
</section>`;
}

/** The weeks of a month, Sunday first, as days ('' outside the month). */
function weeksOf(year: number, month: number): string[][] {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const start = addDays(first, -weekdayOf(first));
  const weeks: string[][] = [];
  for (let d = start; weeks.length === 0 || d.slice(0, 7) <= first.slice(0, 7); ) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++, d = addDays(d, 1)) week.push(d);
    weeks.push(week);
  }
  return weeks;
}

export function monthContent(locale: Locale, c: CalendarContext, o: { year: number; month: number; entries: readonly CalendarEntry[]; feedUrl: string }): Html {
  const t = translator(locale);
  const district = c.district.code;
  const prev = o.month === 1 ? { year: o.year - 1, month: 12 } : { year: o.year, month: o.month - 1 };
  const next = o.month === 12 ? { year: o.year + 1, month: 1 } : { year: o.year, month: o.month + 1 };
  const monthKey = `${o.year}-${String(o.month).padStart(2, '0')}`;
  const weekdays = t('weekday_names').split(',');
  const dueOn = (day: string) => o.entries.filter((e) => e.due === day);
  return html`<h1>${t('title')}</h1>
${lead(locale, c)}
<ul class="calendar-nav">
  <li><a href="${calendarListPath(district)}?year=${o.year}&amp;lang=${locale}">${t('list_view')}</a></li>
  <li><a id="previous-month" href="${calendarPath(district)}?year=${prev.year}&amp;month=${prev.month}&amp;lang=${locale}">${t('previous_month')}</a></li>
  <li><a id="next-month" href="${calendarPath(district)}?year=${next.year}&amp;month=${next.month}&amp;lang=${locale}">${t('next_month')}</a></li>
</ul>
<h2 id="month-heading">${t('month_heading', { year: o.year, month: o.month, monthName: monthName(locale, o.month) })}</h2>
<div class="table-wrap calendar-grid-wrap">
<table class="calendar-grid">
  <caption class="visually-hidden">${t('calendar_caption', { year: o.year, month: o.month, monthName: monthName(locale, o.month) })}</caption>
  <thead><tr>${weekdays.map((w) => html`<th scope="col">${w}</th>`)}</tr></thead>
  <tbody>${weeksOf(o.year, o.month).map((week) => html`<tr>${week.map((day) => {
    const inMonth = day.startsWith(monthKey);
    const holiday = inMonth ? publicHoliday(day, locale) : null;
    const off = weekdayOf(day) === 0 || weekdayOf(day) === 6 || holiday !== null;
    const classes = [inMonth ? '' : 'outside', off ? 'off' : '', day === c.today ? 'today' : ''].filter(Boolean).join(' ');
    return html`<td${classes ? html` class="${classes}"` : ''}>${inMonth ? html`<span class="day-number">${Number(day.slice(8))}${day === c.today ? html` <span class="visually-hidden">${t('today')}</span>` : ''}</span>
      ${holiday ? html`<span class="holiday-name">${holiday}</span>` : ''}
      ${dueOn(day).length ? html`<ul>${dueOn(day).map((e) => html`<li><a href="#deadline-${e.item.code}-${e.due}">${e.item.title[locale]}</a></li>`)}</ul>` : ''}` : ''}</td>`;
  })}</tr>`)}</tbody>
</table>
</div>
<h2>${t('month_deadlines')}</h2>
${o.entries.length ? deadlineList(locale, o.entries) : html`<p id="no-deadlines">${t('none_this_month')}</p>`}
${subscribeBox(locale, c, o.feedUrl)}`;
}

export function calendarMonthPage(request: FastifyRequest, c: CalendarContext, o: Parameters<typeof monthContent>[2]): string {
  const t = translator(request.locale);
  return renderPage(request, { title: `${t('title')}: ${t('month_heading', { year: o.year, month: o.month, monthName: monthName(request.locale, o.month) })}`, body: html`${styles()}${monthContent(request.locale, c, o)}` });
}

export function yearContent(locale: Locale, c: CalendarContext, o: { year: number; entries: readonly CalendarEntry[]; feedUrl: string }): Html {
  const t = translator(locale);
  const district = c.district.code;
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  return html`<h1>${t('year_heading', { year: o.year })}</h1>
${lead(locale, c)}
<ul class="calendar-nav">
  <li><a href="${calendarPath(district)}?year=${o.year}&amp;month=1&amp;lang=${locale}">${t('month_view')}</a></li>
  <li><a id="previous-year" href="${calendarListPath(district)}?year=${o.year - 1}&amp;lang=${locale}">${t('previous_year')}</a></li>
  <li><a id="next-year" href="${calendarListPath(district)}?year=${o.year + 1}&amp;lang=${locale}">${t('next_year')}</a></li>
</ul>
${months.map((m) => {
  const inMonth = o.entries.filter((e) => Number(e.statutoryDue.slice(5, 7)) === m);
  return html`<section aria-labelledby="month-${m}"><h2 id="month-${m}">${monthName(locale, m)}</h2>
${inMonth.length ? deadlineList(locale, inMonth) : html`<p>${t('none_this_month')}</p>`}</section>`;
})}
${subscribeBox(locale, c, o.feedUrl)}`;
}

export function calendarListPage(request: FastifyRequest, c: CalendarContext, o: Parameters<typeof yearContent>[2]): string {
  const t = translator(request.locale);
  return renderPage(request, { title: t('year_heading', { year: o.year }), body: html`${styles()}${yearContent(request.locale, c, o)}` });
}

// ------------------------------------------------------------- reminders

export interface RemindForm {
  field: 'mobile' | 'email';
  value: string;
  items: string[];
  days: number;
}

const radio = (name: string, id: string, value: string, label: string, checked: boolean) =>
  html`<div class="radio"><input type="radio" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}><label for="${id}">${label}</label></div>`;

const errorOf = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

export function remindFormContent(locale: Locale, c: CalendarContext, o: { items: readonly CalendarItem[]; form: RemindForm; errors: readonly FieldError[] }): Html {
  const t = translator(locale);
  const f = o.form;
  const itemsError = errorOf(o.errors, 'items');
  return html`${reminderSteps(locale, 'step_choose')}${errorSummary(locale, o.errors)}
<h1>${t('remind_title')}</h1>
<p class="lead">${t('remind_lead')}</p>
<form method="post" action="${remindPath(c.district.code)}?lang=${locale}" novalidate>
  <fieldset class="fieldset">
    <legend class="label">${t('contact_kind')}</legend>
    ${radio('field', 'field-mobile', 'mobile', t('contact_mobile'), f.field === 'mobile')}
    ${radio('field', 'field-email', 'email', t('contact_email'), f.field === 'email')}
  </fieldset>
  ${textField({ locale, id: 'contact', name: 'value', label: t('contact_value'), hint: t('contact_hint'), value: f.value, autocomplete: 'on', spellcheck: false, maxlength: 200, error: errorOf(o.errors, 'contact') })}
  <fieldset class="fieldset${itemsError ? ' field-error' : ''}" id="items"${itemsError ? html` aria-describedby="items-error"` : ''}>
    <legend class="label">${t('items_legend')}</legend>
    ${errorMessage(locale, 'items', itemsError)}
    ${o.items.map((i) => html`<div class="checkbox"><input type="checkbox" id="item-${i.code}" name="items" value="${i.code}"${f.items.includes(i.code) ? html` checked` : ''}><label for="item-${i.code}">${i.title[locale]} (${i.month === null ? t('every_month') : monthName(locale, i.month)})</label></div>`)}
  </fieldset>
  <fieldset class="fieldset" id="days">
    <legend class="label">${t('days_label')}</legend>
    ${errorMessage(locale, 'days', errorOf(o.errors, 'days'))}
    ${REMINDER_DAYS.map((n) => radio('days', `days-${n}`, String(n), t('days_option', { n }), f.days === n))}
  </fieldset>
  <button type="submit" class="button" id="send-code">${t('send_code')}</button>
</form>
<p><a href="${calendarPath(c.district.code)}?lang=${locale}">${t('back_to_calendar')}</a></p>`;
}

/** The reminder sign-up's steps, named in the step indicator (KRDS) above each of its pages' title. */
const REMINDER_STEPS = ['step_choose', 'step_code', 'step_done'] as const;
const reminderSteps = (locale: Locale, current: (typeof REMINDER_STEPS)[number]): Html =>
  stepIndicator(locale, REMINDER_STEPS.map((key) => ({ label: translator(locale)(key) })), REMINDER_STEPS.indexOf(current));

export function remindFormPage(request: FastifyRequest, c: CalendarContext, o: Parameters<typeof remindFormContent>[2]): string {
  return renderPage(request, { title: translator(request.locale)('remind_title'), body: html`${styles()}${remindFormContent(request.locale, c, o)}`, hasErrors: o.errors.length > 0 });
}

export function remindCodePage(request: FastifyRequest, c: CalendarContext, o: { form: RemindForm; verificationId: string; sentTo: string; minutes: number; errors: readonly FieldError[] }): string {
  const locale = request.locale;
  const t = translator(locale);
  const body = html`${reminderSteps(locale, 'step_code')}${errorSummary(locale, o.errors)}
<h1>${t('code_title')}</h1>
<p class="lead" id="code-sent">${t('code_sent', { to: o.sentTo, minutes: o.minutes })}</p>
<form method="post" action="${remindPath(c.district.code)}/confirm?lang=${locale}" novalidate>
  <input type="hidden" name="verificationId" value="${o.verificationId}">
  <input type="hidden" name="field" value="${o.form.field}">
  <input type="hidden" name="value" value="${o.form.value}">
  ${o.form.items.map((i) => html`<input type="hidden" name="items" value="${i}">`)}
  <input type="hidden" name="days" value="${o.form.days}">
  ${textField({ locale, id: 'code', name: 'code', label: t('code_label'), autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 20, extraClass: 'input-narrow', error: errorOf(o.errors, 'code') })}
  <button type="submit" class="button" id="confirm">${t('confirm')}</button>
</form>`;
  return renderPage(request, { title: t('code_title'), body, hasErrors: o.errors.length > 0 });
}

export function subscribedPage(request: FastifyRequest, c: CalendarContext, o: { sentTo: string; days: number }): string {
  const locale = request.locale;
  const t = translator(locale);
  return renderPage(request, {
    title: t('subscribed_title'),
    body: html`${reminderSteps(locale, 'step_done')}<div class="notification notification-success" role="status"><h1 id="subscribed">${t('subscribed_title')}</h1>
<p>${t('subscribed_body', { to: o.sentTo, days: o.days })}</p></div>
<p><a href="${calendarPath(c.district.code)}?lang=${locale}">${t('back_to_calendar')}</a></p>`,
  });
}

export function unsubscribePage(request: FastifyRequest, o: { state: 'ask' | 'done' | 'unknown'; sentTo?: string; action?: string }): string {
  const locale = request.locale;
  const t = translator(locale);
  const body =
    o.state === 'unknown'
      ? html`<h1>${t('unsubscribe_title')}</h1><p id="unsubscribe-unknown">${t('unsubscribe_unknown')}</p>`
      : o.state === 'done'
        ? html`<h1>${t('unsubscribe_title')}</h1><div class="notification notification-success" role="status"><p id="unsubscribed">${t('unsubscribed')}</p></div>`
        : html`<h1>${t('unsubscribe_title')}</h1><p>${t('unsubscribe_lead', { to: o.sentTo ?? '' })}</p>
<form method="post" action="${o.action}?lang=${locale}"><button type="submit" class="button" id="unsubscribe">${t('unsubscribe_button')}</button></form>`;
  return renderPage(request, { title: t('unsubscribe_title'), body });
}

export function districtUnknownPage(request: FastifyRequest): string {
  const t = translator(request.locale);
  return renderPage(request, { title: t('title'), body: html`<h1>${t('title')}</h1><p id="district-unknown">${t('district_unknown')}</p>` });
}
