import type { FastifyRequest } from 'fastify';
import { TAX_ITEM_NAMES } from '../../notices/tax-items.ts';
import type { NoticeFound } from '../../notices/lookup/notice-lookup.repository.ts';
import { formatNumber, type Locale } from '../../platform/i18n/i18n.ts';
import { csrfField, errorMessage, errorSummary, stepIndicator, textareaField, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import { formatDateTime, formatDay } from '../../platform/web/format.ts';
import { BANKS, bankByCode, maskedAccount } from './refund.banks.ts';
import { refundMessages, type RefundMessageKey } from './refund.messages.ts';
import type { ApplicationRow, EventRow, RefundState } from './refund.repository.ts';
import { REASONS, stepsFrom, type StepAction } from './refund.service.ts';

// The refund application's pages: the resident's three steps (notice →
// where the code goes → code and account), the status by reference, and the
// console's queue and application page. Each resident page's content is a
// function of its own, so the station can show it in a panel.

export const applyPath = (district: string) => `/r/guide/${district}/refund/apply`;
export const statusPath = (district: string) => `/r/guide/${district}/refund/status`;
export const CONSOLE_PATH = '/console/guide/refunds';

type T = (key: RefundMessageKey, vars?: Record<string, string | number>) => string;
const tr = (locale: Locale): T => (key, vars) => refundMessages.t(locale, key, vars);
const errorOf = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;
const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
const itemName = (locale: Locale, n: NoticeFound) => TAX_ITEM_NAMES[n.taxItem][locale];
const stateWord = (locale: Locale, s: RefundState) => tr(locale)(`state_${s}`);

/** The application's steps, named in the step indicator (KRDS) above each of its pages' title. */
const STEPS = ['step_notice', 'step_contact', 'step_details', 'step_received'] as const;
const steps = (locale: Locale, current: (typeof STEPS)[number]): Html =>
  stepIndicator(locale, STEPS.map((key) => ({ label: tr(locale)(key) })), STEPS.indexOf(current));

export interface NoticeFormValues {
  taxYear: string;
  noticeNo: string;
}

export function applyContent(locale: Locale, district: string, v: NoticeFormValues, errors: readonly FieldError[]): Html {
  const t = tr(locale);
  return html`${steps(locale, 'step_notice')}${errorSummary(locale, errors)}
<h1>${t('apply_title')}</h1>
<p class="lead">${t('apply_lead')}</p>
<form method="post" action="${applyPath(district)}?lang=${locale}" novalidate>
  ${textField({ locale, id: 'tax-year', name: 'taxYear', label: t('tax_year'), hint: t('tax_year_hint'), value: v.taxYear, error: errorOf(errors, 'tax-year'), inputmode: 'numeric', maxlength: 4, extraClass: 'input-narrow' })}
  ${textField({ locale, id: 'notice-no', name: 'noticeNo', label: t('notice_no'), hint: t('notice_no_hint'), value: v.noticeNo, spellcheck: false, error: errorOf(errors, 'notice-no'), maxlength: 60 })}
  <button type="submit" class="button" id="continue">${t('continue')}</button>
</form>
<p><a href="${statusPath(district)}?lang=${locale}">${t('status_title')}</a></p>`;
}

export function applyPage(request: FastifyRequest, district: string, v: NoticeFormValues, errors: readonly FieldError[] = []): string {
  return renderPage(request, { title: tr(request.locale)('apply_title'), body: applyContent(request.locale, district, v, errors), hasErrors: errors.length > 0 });
}

export function contactChoicePage(
  request: FastifyRequest,
  district: string,
  o: { values: NoticeFormValues; notice: NoticeFound; contacts: { field: string; masked: string }[]; officePhone: string | null; errors?: FieldError[] },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = o.errors ?? [];
  const lead = t('contact_lead', { taxYear: o.notice.taxYear, item: itemName(locale, o.notice), noticeNo: o.notice.noticeNo });
  const body = o.contacts.length === 0
    ? html`${steps(locale, 'step_contact')}<h1>${t('apply_title')}</h1><p id="no-contact">${t('no_contact', { phone: o.officePhone ?? t('office_phone_unknown') })}</p>`
    : html`${steps(locale, 'step_contact')}${errorSummary(locale, errors)}
<h1>${t('contact_title')}</h1>
<form method="post" action="${applyPath(district)}/code?lang=${locale}" novalidate>
  ${hidden('taxYear', o.values.taxYear)}${hidden('noticeNo', o.values.noticeNo)}
  <fieldset class="fieldset" id="contact"${errorOf(errors, 'contact') ? html` aria-describedby="contact-error"` : ''}>
    <legend class="label">${lead}</legend>
    ${errorMessage(locale, 'contact', errorOf(errors, 'contact'))}
    ${o.contacts.map((c, i) => html`<div class="radio"><input type="radio" id="contact-${c.field}" name="field" value="${c.field}"${i === 0 ? html` checked` : ''}><label for="contact-${c.field}">${t(c.field === 'mobile' ? 'contact_mobile' : 'contact_email', { masked: c.masked })}</label></div>`)}
  </fieldset>
  <button type="submit" class="button" id="send-code">${t('send_code')}</button>
</form>`;
  return renderPage(request, { title: t('contact_title'), body, hasErrors: errors.length > 0 });
}

export interface DetailsValues extends NoticeFormValues {
  field: string;
  verificationId: string;
  bankCode: string;
  account: string;
  holder: string;
  reason: string;
  reasonDetail: string;
}

export function detailsPage(request: FastifyRequest, district: string, o: { values: DetailsValues; sentTo: string | null; minutes: number; errors?: FieldError[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const v = o.values;
  const errors = o.errors ?? [];
  const body = html`${steps(locale, 'step_details')}${errorSummary(locale, errors)}
<h1>${t('details_title')}</h1>
${o.sentTo ? html`<p class="lead" id="code-sent">${t('code_sent', { to: o.sentTo, minutes: o.minutes })}</p>` : ''}
<form method="post" action="${applyPath(district)}/submit?lang=${locale}" novalidate>
  ${hidden('taxYear', v.taxYear)}${hidden('noticeNo', v.noticeNo)}${hidden('field', v.field)}${hidden('verificationId', v.verificationId)}
  ${textField({ locale, id: 'code', name: 'code', label: t('code'), autocomplete: 'one-time-code', error: errorOf(errors, 'code'), inputmode: 'numeric', maxlength: 20, extraClass: 'input-narrow' })}
  <div class="field${errorOf(errors, 'bank') ? ' field-error' : ''}">
    <label class="label" for="bank">${t('bank')}</label>
    ${errorMessage(locale, 'bank', errorOf(errors, 'bank'))}
    <select class="select" id="bank" name="bankCode"${errorOf(errors, 'bank') ? html` aria-describedby="bank-error" aria-invalid="true"` : ''}>
      <option value="">${t('bank_choose')}</option>
      ${BANKS.map((b) => html`<option value="${b.code}"${b.code === v.bankCode ? html` selected` : ''}>${b[locale]}</option>`)}
    </select>
  </div>
  ${textField({ locale, id: 'account', name: 'account', label: t('account'), hint: t('account_hint'), value: v.account, autocomplete: 'off', spellcheck: false, error: errorOf(errors, 'account'), maxlength: 40 })}
  ${textField({ locale, id: 'holder', name: 'holder', label: t('holder'), hint: t('holder_hint'), value: v.holder, autocomplete: 'name', error: errorOf(errors, 'holder'), maxlength: 80 })}
  <fieldset class="fieldset" id="reason"${errorOf(errors, 'reason') ? html` aria-describedby="reason-error"` : ''}>
    <legend class="label">${t('reason')}</legend>
    ${errorMessage(locale, 'reason', errorOf(errors, 'reason'))}
    ${REASONS.map((r) => html`<div class="radio"><input type="radio" id="reason-${r}" name="reason" value="${r}"${r === v.reason ? html` checked` : ''}><label for="reason-${r}">${t(`reason_${r}`)}</label></div>`)}
  </fieldset>
  ${textareaField({ locale, id: 'reason-detail', name: 'reasonDetail', label: t('reason_detail'), value: v.reasonDetail, maxlength: 500, error: errorOf(errors, 'reason-detail') })}
  <button type="submit" class="button" id="submit">${t('submit')}</button>
</form>`;
  return renderPage(request, { title: t('details_title'), body, hasErrors: errors.length > 0 });
}

function timeline(locale: Locale, events: readonly EventRow[], staffNames: boolean): Html {
  const t = tr(locale);
  return html`<h2>${t('history')}</h2>
<ol class="timeline" id="history">${events.map((e) => html`<li><strong>${stateWord(locale, e.to)}</strong> · ${formatDateTime(locale, e.at)}${staffNames ? html` · ${e.byStaff ?? t('by_resident')}` : ''}${e.note ? html`<br>${e.note}` : ''}</li>`)}</ol>`;
}

function summary(locale: Locale, app: ApplicationRow, notice: NoticeFound | null, extra: Html = html``): Html {
  const t = tr(locale);
  const bank = bankByCode(app.bankCode);
  return html`<dl class="summary-list">
  <div><dt>${t('reference')}</dt><dd id="reference">${app.reference}</dd></div>
  <div><dt>${t('state_label')}</dt><dd id="state">${stateWord(locale, app.state)}</dd></div>
  ${notice ? html`<div><dt>${t('notice_label')}</dt><dd>${notice.taxYear} ${itemName(locale, notice)} · ${notice.noticeNo}</dd></div>` : ''}
  <div><dt>${t('account_label')}</dt><dd id="account">${maskedAccount(bank ? bank[locale] : app.bankCode, app.accountLast4)}</dd></div>
  ${app.approvedAmount ? html`<div><dt>${t('amount_label')}</dt><dd id="amount">${t('won', { amount: formatNumber(locale, app.approvedAmount) })}</dd></div>` : ''}
  ${extra}
</dl>
${app.rejectionReason ? html`<p id="rejection">${t('rejected_because', { reason: app.rejectionReason })}</p>` : ''}
${app.paidOn ? html`<p id="paid-on">${t('paid_on', { day: formatDay(locale, app.paidOn) })}</p>` : ''}`;
}

export function statusContent(locale: Locale, district: string, o: { reference: string; found?: { app: ApplicationRow; notice: NoticeFound | null; events: EventRow[] }; submittedTo?: string; errors: readonly FieldError[] }): Html {
  const t = tr(locale);
  return html`${o.submittedTo && o.found ? steps(locale, 'step_received') : ''}${errorSummary(locale, o.errors)}
<h1>${t('status_title')}</h1>
${o.submittedTo && o.found ? html`<div class="notification notification-success" role="status"><p id="submitted">${t('submitted', { reference: o.found.app.reference, to: o.submittedTo })}</p></div>` : ''}
${o.found ? html`${summary(locale, o.found.app, o.found.notice)}${timeline(locale, o.found.events, false)}` : ''}
<form method="get" action="${statusPath(district)}" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  <p>${t('status_lookup_lead')}</p>
  ${textField({ locale, id: 'ref', name: 'ref', label: t('reference'), value: o.reference, spellcheck: false, error: errorOf(o.errors, 'ref'), maxlength: 40 })}
  <button type="submit" class="button button-secondary" id="look-up">${t('look_up')}</button>
</form>`;
}

export function statusPage(request: FastifyRequest, district: string, o: Parameters<typeof statusContent>[2]): string {
  return renderPage(request, { title: tr(request.locale)('status_title'), body: statusContent(request.locale, district, o), hasErrors: o.errors.length > 0 });
}

// ------------------------------------------------------------- console

const STATES: readonly RefundState[] = ['received', 'reviewing', 'approved', 'rejected', 'paid'];

export function consoleListPage(request: FastifyRequest, o: { state: RefundState | null; rows: { app: ApplicationRow; notice: NoticeFound | null }[] }): string {
  const locale = request.locale;
  const t = tr(locale);
  const body = html`<h1>${t('console_title')}</h1>
<p>${t('console_lead')}</p>
<form method="get" action="${CONSOLE_PATH}" class="filter-form">
  <input type="hidden" name="lang" value="${locale}">
  <div class="field"><label class="label" for="filter-state">${t('filter_state')}</label>
  <select class="select" id="filter-state" name="state"><option value="">${t('all_states')}</option>${STATES.map((s) => html`<option value="${s}"${s === o.state ? html` selected` : ''}>${stateWord(locale, s)}</option>`)}</select></div>
  <button type="submit" class="button button-secondary">${t('show')}</button>
</form>
${o.rows.length === 0 ? html`<p id="no-applications">${t('none')}</p>` : html`<div class="table-wrap"><table id="applications">
  <caption class="visually-hidden">${t('console_title')}</caption>
  <thead><tr><th scope="col">${t('col_reference')}</th><th scope="col">${t('col_received')}</th><th scope="col">${t('col_notice')}</th><th scope="col">${t('col_state')}</th></tr></thead>
  <tbody>${o.rows.map(({ app, notice }) => html`<tr><td><a href="${CONSOLE_PATH}/${app.reference}?lang=${locale}">${app.reference}</a></td><td class="date">${formatDateTime(locale, app.createdAt)}</td><td>${notice ? html`${notice.taxYear} ${itemName(locale, notice)} · ${notice.noticeNo}` : ''}</td><td>${stateWord(locale, app.state)}</td></tr>`)}</tbody>
</table></div>`}`;
  return renderPage(request, { title: t('console_title'), body });
}

export function consoleApplicationPage(
  request: FastifyRequest,
  o: { app: ApplicationRow; notice: NoticeFound | null; events: EventRow[]; today: Date; errors?: FieldError[]; values?: Record<string, string> },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = o.errors ?? [];
  const v = o.values ?? {};
  const csrf = csrfField(request.staffSession?.csrfToken);
  const action = `${CONSOLE_PATH}/${o.app.reference}?lang=${locale}`;
  const form = (step: StepAction, label: string, fields: Html = html``) =>
    html`<form method="post" action="${action}" class="step-form">${csrf}<input type="hidden" name="action" value="${step}">${fields}<button type="submit" class="button${step === 'reject' ? ' button-warning' : ''}" id="step-${step}">${label}</button></form>`;
  const forms: Record<StepAction, () => Html> = {
    review: () => form('review', t('start_review')),
    approve: () => form('approve', t('approve'), textField({ locale, id: 'amount', name: 'amount', label: t('approve_amount'), value: v.amount ?? (o.notice ? String(o.notice.amount) : ''), error: errorOf(errors, 'amount'), inputmode: 'numeric', maxlength: 30 })),
    reject: () => form('reject', t('reject'), textareaField({ locale, id: 'reason', name: 'reason', label: t('reject_reason'), value: v.reason ?? '', maxlength: 500, error: errorOf(errors, 'reason') })),
    pay: () => form('pay', t('mark_paid'), textField({ locale, id: 'paid-on', name: 'paidOn', label: t('paid_day'), value: v.paidOn ?? seoulDay(o.today), error: errorOf(errors, 'paid-on'), maxlength: 20, spellcheck: false })),
  };
  const notice = o.notice;
  const extra = html`${notice ? html`<div><dt>${t('notice_amount')}</dt><dd>${t('won', { amount: formatNumber(locale, notice.amount) })}</dd></div>
  <div><dt>${t('notice_paid')}</dt><dd>${notice.paidAt ? t('paid_yes', { day: formatDay(locale, notice.paidAt) }) : t('paid_no')}</dd></div>` : ''}
  <div><dt>${t('applicant_reason')}</dt><dd>${t(`reason_${o.app.reason}`)}${o.app.reasonDetail ? html`<br>${o.app.reasonDetail}` : ''}</dd></div>`;
  const body = html`${errorSummary(locale, errors)}
<p><a href="${CONSOLE_PATH}?lang=${locale}">${t('back_to_list')}</a></p>
<h1>${t('console_title')}: ${o.app.reference}</h1>
${summary(locale, o.app, notice, extra)}
${stepsFrom(o.app.state).map((s) => forms[s]())}
${timeline(locale, o.events, true)}`;
  return renderPage(request, { title: `${t('console_title')}: ${o.app.reference}`, body, hasErrors: errors.length > 0 });
}
