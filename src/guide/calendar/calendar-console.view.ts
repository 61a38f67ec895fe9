import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { csrfField, errorSummary, textareaField, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { calendarMessages, type CalendarMessageKey } from './calendar.messages.ts';
import type { CalendarItem } from './calendar.schedule.ts';
import type { ItemForm } from './calendar-console.service.ts';

// The console page of the district's schedule: the items in a table with
// an edit link and a delete button each, and the form to add or edit one.

export const CALENDAR_CONSOLE_PATH = '/console/guide/calendar';

export const FIELD_IDS: Record<keyof ItemForm, string> = {
  code: 'item-code', month: 'item-month', opensDay: 'item-opens', dueDay: 'item-due', titleKo: 'item-title-ko', titleEn: 'item-title-en', detailKo: 'item-detail-ko', detailEn: 'item-detail-en',
};

export const formOf = (i: CalendarItem): ItemForm => ({
  code: i.code, month: i.month === null ? '' : String(i.month), opensDay: i.opensDay === null ? '' : String(i.opensDay), dueDay: String(i.dueDay),
  titleKo: i.title.ko, titleEn: i.title.en, detailKo: i.detail.ko, detailEn: i.detail.en,
});

export const EMPTY_FORM: ItemForm = { code: '', month: '', opensDay: '', dueDay: '', titleKo: '', titleEn: '', detailKo: '', detailEn: '' };

export function calendarConsolePage(
  request: FastifyRequest,
  o: { items: readonly CalendarItem[]; own: boolean; form: ItemForm; editing: string | null; errors: FieldError[]; flash: 'saved' | 'deleted' | null },
): string {
  const locale: Locale = request.locale;
  const t = (key: CalendarMessageKey, vars?: Record<string, string | number>) => calendarMessages.t(locale, key, vars);
  const csrf = csrfField(request.staffSession?.csrfToken);
  const monthName = (m: number | null) => (m === null ? t('every_month') : t('month_names').split(',')[m - 1]!);
  const err = (f: keyof ItemForm) => o.errors.find((e) => e.field === FIELD_IDS[f])?.message;
  // The limits calendar-console.service checks: a code of 40, a month or day of two digits, titles of 80 (ko) and 120 (en), details of 400 and 600.
  const limits: Record<keyof ItemForm, number> = { code: 40, month: 2, opensDay: 2, dueDay: 2, titleKo: 80, titleEn: 120, detailKo: 400, detailEn: 600 };
  const numeric = new Set<keyof ItemForm>(['month', 'opensDay', 'dueDay']);
  const field = (f: keyof ItemForm, label: CalendarMessageKey, extra: { hint?: string } = {}): Html =>
    textField({
      locale, id: FIELD_IDS[f], name: f, label: t(label), value: o.form[f], error: err(f), maxlength: limits[f],
      ...(numeric.has(f) ? { inputmode: 'numeric' as const, extraClass: 'input-narrow' } : {}), ...(f === 'code' ? { spellcheck: false } : {}), ...extra,
    });
  const area = (f: 'detailKo' | 'detailEn', label: CalendarMessageKey): Html =>
    textareaField({ locale, id: FIELD_IDS[f], name: f, label: t(label), value: o.form[f], error: err(f), rows: 2, lang: f === 'detailKo' ? 'ko' : 'en', maxlength: limits[f] });
  const body = html`${errorSummary(locale, o.errors)}
${o.flash ? html`<div class="notification notification-success" role="status" id="flash"><p>${t(o.flash)}</p></div>` : ''}
<h1>${t('console_title')}</h1>
<p>${t('console_lead')}</p>
<p id="schedule-kind">${t(o.own ? 'console_own' : 'console_national')}</p>
<div class="table-wrap"><table id="items">
  <caption class="visually-hidden">${t('console_title')}</caption>
  <thead><tr><th scope="col">${t('col_month')}</th><th scope="col">${t('col_period')}</th><th scope="col">${t('col_title')}</th><th scope="col">${t('col_actions')}</th></tr></thead>
  <tbody>${o.items.map((i) => html`<tr>
    <td>${monthName(i.month)}</td>
    <td>${i.opensDay ? `${i.opensDay}–${i.dueDay}` : i.dueDay}</td>
    <td><span lang="ko">${i.title.ko}</span><br><span lang="en">${i.title.en}</span></td>
    <td><a href="${CALENDAR_CONSOLE_PATH}?edit=${i.code}&amp;lang=${locale}#item-form" aria-label="${t('edit_named', { title: i.title[locale] })}">${t('edit')}</a>
      <form method="post" action="${CALENDAR_CONSOLE_PATH}/${i.code}/delete?lang=${locale}" class="inline-form">${csrf}<button type="submit" class="button button-secondary button-small" aria-label="${t('delete_named', { title: i.title[locale] })}">${t('delete')}</button></form></td>
  </tr>`)}</tbody>
</table></div>
<h2 id="item-form">${t(o.editing ? 'edit_title' : 'add_title')}</h2>
<form method="post" action="${CALENDAR_CONSOLE_PATH}${o.editing ? `/${o.editing}` : ''}?lang=${locale}" novalidate>
  ${csrf}
  ${o.editing ? html`<p>${t('f_code')}: <strong translate="no">${o.editing}</strong></p>` : field('code', 'f_code', { hint: t('f_code_hint') })}
  ${field('month', 'f_month')}
  ${field('opensDay', 'f_opens')}
  ${field('dueDay', 'f_due')}
  ${field('titleKo', 'f_title_ko')}
  ${field('titleEn', 'f_title_en')}
  ${area('detailKo', 'f_detail_ko')}
  ${area('detailEn', 'f_detail_en')}
  <button type="submit" class="button" id="save-item">${t('save')}</button>
</form>`;
  return renderPage(request, { title: t('console_title'), body, hasErrors: o.errors.length > 0 });
}
