import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { csrfField, textareaField, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { deskConsolePage, seoulTime } from '../desk-console.layout.ts';
import { cannedAnswerMessages, type CannedAnswerMessageKey } from './canned-answers.messages.ts';
import type { CannedAnswer } from './canned-answers.schema.ts';

// /console/desk/canned-answers: the district's canned answers in a table;
// administrators add one below it, change one on its own page and remove one
// after a confirmation page. Agents see the table only.

export interface CannedForm {
  title?: string;
  bodyKo?: string;
  bodyEn?: string;
}

/** Ids of the form's inputs, which the error summary links to. */
export const CANNED_FIELDS = { title: 'canned-title', bodyKo: 'canned-body-ko', bodyEn: 'canned-body-en' } as const;

const tr = (locale: Locale) => (key: CannedAnswerMessageKey, vars?: Record<string, string | number>) => cannedAnswerMessages.t(locale, key, vars);

function cannedFields(locale: Locale, form: CannedForm, errors: readonly FieldError[]): Html {
  const t = tr(locale);
  const err = (id: string) => errors.find((e) => e.field === id)?.message;
  return html`${textField({ locale, id: CANNED_FIELDS.title, name: 'title', label: t('field_title'), hint: t('field_title_hint'), value: form.title ?? '', error: err(CANNED_FIELDS.title), maxlength: 100 })}
${textareaField({ extraClass: 'desk-textarea', locale, id: CANNED_FIELDS.bodyKo, name: 'bodyKo', label: t('field_body_ko'), hint: t('field_body_hint'), value: form.bodyKo ?? '', error: err(CANNED_FIELDS.bodyKo), lang: 'ko', rows: 4, maxlength: 2000 })}
${textareaField({ extraClass: 'desk-textarea', locale, id: CANNED_FIELDS.bodyEn, name: 'bodyEn', label: t('field_body_en'), hint: t('field_body_hint'), value: form.bodyEn ?? '', error: err(CANNED_FIELDS.bodyEn), lang: 'en', rows: 4, maxlength: 2000 })}`;
}

function answersTable(locale: Locale, answers: readonly CannedAnswer[], canEdit: boolean): Html {
  const t = tr(locale);
  if (answers.length === 0) return html`<p id="canned-none">${t('canned_none')}</p>`;
  return html`<div class="table-wrap"><table id="canned-list">
  <caption class="visually-hidden">${t('canned_title')}</caption>
  <thead><tr><th scope="col">${t('col_title')}</th><th scope="col">${t('col_body_ko')}</th><th scope="col">${t('col_body_en')}</th><th scope="col">${t('col_updated')}</th>${canEdit ? html`<th scope="col">${t('col_actions')}</th>` : ''}</tr></thead>
  <tbody>${answers.map(
    (a) => html`<tr data-id="${a.id}">
    <th scope="row">${a.title}</th>
    <td lang="ko" class="desk-pre">${a.bodyKo}</td>
    <td lang="en" class="desk-pre">${a.bodyEn}</td>
    <td>${seoulTime(locale, a.updatedAt)}</td>
    ${canEdit
      ? html`<td><ul class="desk-row-actions">
      <li><a href="/console/desk/canned-answers/${a.id}?lang=${locale}" id="canned-change-${a.id}">${t('canned_change')}<span class="visually-hidden">: ${a.title}</span></a></li>
      <li><a href="/console/desk/canned-answers/${a.id}/remove?lang=${locale}" id="canned-remove-${a.id}">${t('canned_remove')}<span class="visually-hidden">: ${a.title}</span></a></li>
    </ul></td>`
      : ''}
  </tr>`,
  )}</tbody>
</table></div>`;
}

export function cannedAnswersPage(
  request: FastifyRequest,
  o: { answers: readonly CannedAnswer[]; canEdit: boolean; form?: CannedForm; errors?: readonly FieldError[]; flash?: string },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = o.errors ?? [];
  const body = html`<h1>${t('canned_title')}</h1>
<p class="lead">${t('canned_lead')}</p>
${o.canEdit ? '' : html`<p>${t('canned_read_only')}</p>`}
${answersTable(locale, o.answers, o.canEdit)}
${o.canEdit
  ? html`<h2 id="canned-add-heading">${t('canned_add_title')}</h2>
<form method="post" action="/console/desk/canned-answers?lang=${locale}" novalidate aria-labelledby="canned-add-heading">
  ${csrfField(request.staffSession?.csrfToken)}
  ${cannedFields(locale, o.form ?? {}, errors)}
  <button type="submit" class="button" id="canned-add">${t('canned_add')}</button>
</form>`
  : ''}`;
  return deskConsolePage(request, { title: t('canned_title'), current: 'canned', body, errors, flash: o.flash });
}

export function cannedAnswerEditPage(request: FastifyRequest, o: { answer: CannedAnswer; form: CannedForm; errors?: readonly FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const title = t('canned_edit_title', { title: o.answer.title });
  const body = html`<h1>${title}</h1>
<form method="post" action="/console/desk/canned-answers/${o.answer.id}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${cannedFields(locale, o.form, o.errors ?? [])}
  <button type="submit" class="button" id="canned-save">${t('canned_save')}</button>
</form>
<p><a href="/console/desk/canned-answers?lang=${locale}">${t('canned_cancel')}</a></p>`;
  return deskConsolePage(request, { title, current: 'canned', body, errors: o.errors });
}

export function cannedAnswerRemovePage(request: FastifyRequest, answer: CannedAnswer): string {
  const locale = request.locale;
  const t = tr(locale);
  const title = t('canned_remove_title', { title: answer.title });
  const body = html`<h1>${title}</h1>
<dl class="summary-list">
  <dt>${t('col_body_ko')}</dt><dd lang="ko" class="desk-pre">${answer.bodyKo}</dd>
  <dt>${t('col_body_en')}</dt><dd lang="en" class="desk-pre">${answer.bodyEn}</dd>
</dl>
<p class="dc-warning"><strong>${t('canned_remove_warning')}</strong></p>
<form method="post" action="/console/desk/canned-answers/${answer.id}/remove?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  <button type="submit" class="button button-warning" id="canned-remove-confirm">${t('canned_remove_confirm')}</button>
</form>
<p><a href="/console/desk/canned-answers?lang=${locale}">${t('canned_cancel')}</a></p>`;
  return deskConsolePage(request, { title, current: 'canned', body });
}
