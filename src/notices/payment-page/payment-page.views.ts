import type { FastifyRequest } from 'fastify';
import type { Locale, Vars } from '../../platform/i18n/i18n.ts';
import { resolveParticles } from '../../platform/i18n/korean-particles.ts';
import { errorSummary, selectField, textField, type FieldError } from '../../platform/web/components.ts';
import type { District } from '../../platform/districts/districts.repository.ts';
import { PAY_START_PATH } from './payment-page.nav.ts';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { formatDate, formatKrw, formatPeriod, formatYearPeriod, isTaxItem, taxItemName } from '../render/format.ts';
import { paymentPageMessages, type PaymentPageMessageKey } from './payment-page.messages.ts';
import type { PayView } from './payment-page.repository.ts';

// The payment page's views: the notice's figures; the question for the code
// printed on the notice (GOV.UK: one question, error summary that takes
// focus); too many requests; a notice that no longer exists.

/** The national sites where any local tax can be paid with the notice's electronic payment number. */
export const WETAX_URL = 'https://www.wetax.go.kr';
export const GIRO_URL = 'https://www.giro.or.kr';

export function payPage(request: FastifyRequest, v: PayView): string {
  const locale: Locale = request.locale;
  // Korean particles agree with the amount, account or number before them (을/를, (으)로)
  const t = (key: PaymentPageMessageKey, vars?: Vars) => resolveParticles(paymentPageMessages.t(locale, key, vars));
  const item = isTaxItem(v.taxItem) ? taxItemName(v.taxItem, locale) : v.taxItem;
  const yearPeriod = formatYearPeriod(v.taxYear, formatPeriod(v.period, locale), locale);
  const amount = formatKrw(v.amount, locale);
  const bank = v.paymentBank ? v.paymentBank[locale] : t('pay_bank_on_notice');
  const due = formatDate(v.effectiveDueDate ?? v.dueDate, locale);
  const body = html`<h1>${t('pay_title')}</h1>
<p class="lead">${t('pay_lead', { district: v.districtName[locale] })}</p>
<dl class="summary-list">
  <dt>${t('pay_notice_no')}</dt><dd translate="no">${v.noticeNo}</dd>
  <dt>${t('pay_tax_item')}</dt><dd>${item}</dd>
  <dt>${t('pay_year_period')}</dt><dd>${yearPeriod}</dd>
  <dt>${t('pay_amount')}</dt><dd><strong>${amount}</strong></dd>
  ${v.effectiveDueDate
    ? html`<dt>${t('pay_original_due')}</dt><dd>${formatDate(v.dueDate, locale)}</dd>
  <dt>${t('pay_extended_due')}</dt><dd><strong>${formatDate(v.effectiveDueDate, locale)}</strong></dd>`
    : html`<dt>${t('pay_due')}</dt><dd><strong>${due}</strong></dd>`}
  ${v.paymentAccount
    ? html`<dt>${t('pay_bank')}</dt><dd id="pay-bank">${bank}</dd>
  <dt>${t('pay_account')}</dt><dd id="pay-account" translate="no">${v.paymentAccount}</dd>`
    : html`<dt>${t('pay_account')}</dt><dd id="pay-account">${t('pay_account_none')}</dd>`}
</dl>
${v.effectiveDueDate ? html`<div class="notification"><p>${t('pay_extended_note', { article: v.article })}</p></div>` : ''}
<h2 id="how-to-pay">${t('how_title')}</h2>
<p>${t('how_lead')}</p>
<ol class="list list-number pay-steps">
  ${v.paymentAccount
    ? html`<li><h3>${t('how_account_title')}</h3><p>${t('how_account', { bank, account: v.paymentAccount, amount })}</p></li>`
    : ''}
  <li><h3>${t('how_online_title')}</h3><p>${t('how_online', { no: v.noticeNo })}</p>
    <ul class="list">
      <li><a href="${WETAX_URL}" id="pay-wetax">${t('how_wetax')}</a> <span translate="no">www.wetax.go.kr</span></li>
      <li><a href="${GIRO_URL}" id="pay-giro">${t('how_giro')}</a> <span translate="no">www.giro.or.kr</span></li>
    </ul></li>
  <li><h3>${t('how_bank_title')}</h3><p>${t('how_bank', { no: v.noticeNo })}</p></li>
</ol>
<h2>${t('how_after_title')}</h2>
<p>${t('how_after')}</p>
<h2>${t('help_title')}</h2>
<ul class="list">
  ${v.officePhone ? html`<li>${t('help_phone', { district: v.districtName[locale], phone: v.officePhone })}</li>` : ''}
  <li><a href="/r/desk?lang=${locale}">${t('help_chat')}</a></li>
</ul>`;
  return renderPage(request, { title: t('pay_title'), body });
}

export function notFoundPage(request: FastifyRequest): string {
  const locale = request.locale;
  const t = (key: PaymentPageMessageKey) => paymentPageMessages.t(locale, key);
  const body = html`<h1>${t('pay_not_found_title')}</h1><p>${t('pay_not_found')}</p><p><a href="/?lang=${locale}">${t('start_page')}</a></p>`;
  return renderPage(request, { title: t('pay_not_found_title'), body });
}

/** The question for the code printed on the notice; says nothing about whether the notice exists. */
export function codePage(request: FastifyRequest, o: { noticeNo: string; value?: string; error?: string }): string {
  const locale = request.locale;
  const t = (key: PaymentPageMessageKey, vars?: Vars) => paymentPageMessages.t(locale, key, vars);
  const errors: FieldError[] = o.error ? [{ field: 'pay-code', message: o.error }] : [];
  const url = new URL(request.url, 'http://local');
  const body = html`${errorSummary(locale, errors)}
<h1>${t('code_title')}</h1>
<p class="lead">${t('code_lead', { no: o.noticeNo })}</p>
<form method="get" action="${url.pathname}" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  ${textField({ locale, id: 'pay-code', name: 'code', label: t('code_label'), hint: t('code_hint'), value: o.value ?? '', error: o.error, autocomplete: 'off', spellcheck: false, maxlength: 20 })}
  <button type="submit" class="button" id="pay-code-submit">${t('code_submit')}</button>
</form>`;
  return renderPage(request, { title: t('code_title'), body, hasErrors: errors.length > 0 });
}

export function rateLimitedPage(request: FastifyRequest, retryAfterSeconds: number): string {
  const locale = request.locale;
  const t = (key: PaymentPageMessageKey, vars?: Vars) => paymentPageMessages.t(locale, key, vars);
  const body = html`<h1>${t('rate_limited_title')}</h1>
<p class="lead">${t('rate_limited', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) })}</p>`;
  return renderPage(request, { title: t('rate_limited_title'), body });
}

export interface PayStartForm {
  district?: string;
  noticeNo?: string;
}

/** /r/pay: the district and the notice number of a paper notice (GOV.UK: an error summary that takes focus, the input kept). */
export function payStartPage(request: FastifyRequest, o: { districts: readonly District[]; form: PayStartForm; errors: FieldError[] }): string {
  const locale = request.locale;
  const t = (key: PaymentPageMessageKey) => paymentPageMessages.t(locale, key);
  const err = (field: string) => o.errors.find((e) => e.field === field)?.message;
  const body = html`${errorSummary(locale, o.errors)}
<h1>${t('service_title')}</h1>
<p class="lead">${t('start_lead')}</p>
<form method="get" action="${PAY_START_PATH}" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  ${selectField({
    locale, id: 'pay-district', name: 'district', label: t('start_district'), value: o.form.district ?? '', error: err('pay-district'),
    options: [['', t('start_district_choose')], ...o.districts.map((d) => [d.code, d.name[locale]] as const)],
  })}
  ${textField({
    locale, id: 'pay-notice-no', name: 'noticeNo', label: t('start_notice_no'), hint: t('start_notice_no_hint'), value: o.form.noticeNo ?? '',
    error: err('pay-notice-no'), autocomplete: 'off', spellcheck: false, maxlength: 40,
  })}
  <button type="submit" class="button" id="pay-start-submit">${t('start_submit')}</button>
</form>`;
  return renderPage(request, { title: t('service_title'), body, hasErrors: o.errors.length > 0 });
}
