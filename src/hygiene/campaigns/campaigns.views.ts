import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { formatDateTime, formatNumber, formatPercent } from '../../platform/web/format.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { csrfField, errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { CAMPAIGN_TARGETS } from './campaign-targets.ts';
import { campaignMessages, type CampaignMessageKey } from './campaigns.messages.ts';
import type { CampaignFigures, CampaignPreview, CampaignRow } from './campaigns.service.ts';

// The campaign console: list and create form, the check-answers step with
// the count and a rendered sample, and one campaign's figures and effect.

function f(locale: Locale) {
  return {
    t: (key: CampaignMessageKey, vars?: Record<string, string | number>) => campaignMessages.t(locale, key, vars),
    n: (v: number) => formatNumber(locale, v),
    time: (d: Date) => `${formatDateTime(locale, d)} KST`,
    pct: (share: number) => formatPercent(locale, share),
  };
}

const assets = (): Html => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;

export interface CampaignForm {
  name?: string;
  target?: string;
  when?: string;
  sendAt?: string;
  linkDays?: string;
}

function errorLine(locale: Locale, id: string, message: string | undefined): Html {
  return message ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${message}</p>` : html``;
}

function formFields(locale: Locale, form: CampaignForm, errors: readonly FieldError[]): Html {
  const { t } = f(locale);
  const err = (id: string) => errors.find((e) => e.field === id)?.message;
  const targetError = err('target-last_notice_failed');
  const whenError = err('when-now');
  return html`${textField({ locale, id: 'campaign-name', name: 'name', label: t('field_name'), hint: t('field_name_hint'), value: form.name ?? '', error: err('campaign-name'), maxlength: 200 })}
<div class="field${targetError ? ' field-error' : ''}">
  <fieldset class="fieldset"${targetError ? html` aria-describedby="target-error"` : ''}>
    <legend class="label">${t('field_target')}</legend>
    ${errorLine(locale, 'target', targetError)}
    ${CAMPAIGN_TARGETS.map((c) => html`<div class="radio"><input type="radio" id="target-${c}" name="target" value="${c}"${form.target === c ? html` checked` : ''}><label for="target-${c}">${t(`target_${c}`)}</label></div>`)}
  </fieldset>
</div>
<div class="field${whenError || err('send-at') ? ' field-error' : ''}">
  <fieldset class="fieldset"${whenError ? html` aria-describedby="when-error"` : ''}>
    <legend class="label">${t('field_when')}</legend>
    ${errorLine(locale, 'when', whenError)}
    <div class="radio"><input type="radio" id="when-now" name="when" value="now"${form.when !== 'later' ? html` checked` : ''}><label for="when-now">${t('when_now')}</label></div>
    <div class="radio"><input type="radio" id="when-later" name="when" value="later"${form.when === 'later' ? html` checked` : ''}><label for="when-later">${t('when_later')}</label></div>
    <div class="dc-conditional">
      ${textField({ locale, id: 'send-at', name: 'sendAt', label: t('field_send_at'), hint: t('field_send_at_hint'), value: form.sendAt ?? '', error: err('send-at'), maxlength: 16, spellcheck: false })}
    </div>
  </fieldset>
</div>
${textField({ locale, id: 'link-days', name: 'linkDays', label: t('field_link_days'), hint: t('field_link_days_hint'), value: form.linkDays ?? '14', error: err('link-days'), inputmode: 'numeric', maxlength: 2, extraClass: 'input-narrow' })}`;
}

export function campaignsPage(request: FastifyRequest, o: { campaigns: (CampaignRow & { delivered: number; updated: number })[]; form: CampaignForm; errors: FieldError[] }): string {
  const locale = request.locale;
  const { t, n, time } = f(locale);
  const table = o.campaigns.length
    ? html`<div class="table-wrap"><table>
  <caption class="visually-hidden">${t('list_title')}</caption>
  <thead><tr><th scope="col">${t('col_name')}</th><th scope="col">${t('col_target')}</th><th scope="col">${t('col_send_at')}</th>
    <th scope="col" class="num">${t('col_recipients')}</th><th scope="col" class="num">${t('col_delivered')}</th><th scope="col" class="num">${t('col_updated')}</th></tr></thead>
  <tbody>${o.campaigns.map((c) => html`<tr><td><a href="/console/campaigns/${c.id}?lang=${locale}">${c.name}</a></td><td>${t(`target_${c.target}`)}</td><td class="date">${time(c.sendAt)}</td>
    <td class="num">${n(c.recipients)}</td><td class="num">${n(c.delivered)}</td><td class="num">${n(c.updated)}</td></tr>`)}</tbody>
</table></div>`
    : html`<p>${t('no_campaigns')}</p>`;
  const body = html`${assets()}${errorSummary(locale, o.errors)}
<h1>${t('list_title')}</h1>
<p class="lead">${t('list_lead')}</p>
${table}
<h2 id="new">${t('new_campaign')}</h2>
<form method="post" action="/console/campaigns/check?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${formFields(locale, o.form, o.errors)}
  <button type="submit" class="button" id="campaign-continue">${t('continue')}</button>
</form>`;
  return renderPage(request, { title: t('list_title'), body, hasErrors: o.errors.length > 0 });
}

export function campaignCheckPage(request: FastifyRequest, o: { form: Required<CampaignForm>; sendAt: Date | null; preview: CampaignPreview }): string {
  const locale = request.locale;
  const { t, n, time } = f(locale);
  const q = new URLSearchParams({ lang: locale, ...o.form });
  const change = (field: string, what: string) => html`<a href="/console/campaigns?${q.toString()}#${field}">${t('check_change')}<span class="visually-hidden"> ${what}</span></a>`;
  const p = o.preview;
  const first = (['kakao', 'sms', 'email'] as const).filter((c) => p.firstChannel[c] > 0).map((c) => `${t(`channel_${c}`)} ${n(p.firstChannel[c])}`).join(', ');
  const body = html`${assets()}
<h1>${t('check_title')}</h1>
<dl class="dc-check">
  <div><dt>${t('field_name')}</dt><dd>${o.form.name}</dd><dd class="dc-check-action">${change('campaign-name', t('field_name'))}</dd></div>
  <div><dt>${t('field_target')}</dt><dd>${t(`target_${p.target}`)}</dd><dd class="dc-check-action">${change(`target-${p.target}`, t('field_target'))}</dd></div>
  <div><dt>${t('field_when')}</dt><dd>${o.sendAt ? time(o.sendAt) : t('when_now')}</dd><dd class="dc-check-action">${change('when-now', t('field_when'))}</dd></div>
  <div><dt>${t('field_link_days')}</dt><dd>${t('link_days_value', { days: o.form.linkDays })}</dd><dd class="dc-check-action">${change('link-days', t('field_link_days'))}</dd></div>
  <div><dt>${t('check_recipients')}</dt><dd id="preview-count">${n(p.recipients)}</dd><dd class="dc-check-action"></dd></div>
  <div><dt>${t('check_unreachable')}</dt><dd>${n(p.unreachable)}</dd><dd class="dc-check-action"></dd></div>
  <div><dt>${t('check_first_channel')}</dt><dd>${first || '-'}</dd><dd class="dc-check-action"></dd></div>
</dl>
<h2>${t('check_sample')}</h2>
<div class="dc-preview" id="preview-sample"><p lang="ko" class="dc-pre">${p.sample.ko}</p><p lang="en" class="dc-pre">${p.sample.en}</p></div>
<p class="hint">${t('check_sample_note')}</p>
<form method="post" action="/console/campaigns?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  ${(['name', 'target', 'when', 'sendAt', 'linkDays'] as const).map((k) => html`<input type="hidden" name="${k}" value="${o.form[k]}">`)}
  <button type="submit" class="button" id="campaign-send">${o.sendAt ? t('schedule') : t('send_now')}</button>
</form>
<p><a href="/console/campaigns?lang=${locale}">${t('back_to_list')}</a></p>`;
  return renderPage(request, { title: t('check_title'), body });
}

export function campaignPage(request: FastifyRequest, o: { figures: CampaignFigures; created?: boolean }): string {
  const locale = request.locale;
  const { t, n, time, pct } = f(locale);
  const x = o.figures;
  const c = x.campaign;
  const item = (key: CampaignMessageKey, field: string, value: number) => html`<li><span class="count-value" data-field="${field}">${n(value)}</span> ${t(key)}</li>`;
  const e = x.effect;
  const body = html`${assets()}
${o.created ? html`<div class="notification notification-success" role="status"><p>${t('created', { count: n(x.recipients) })}</p></div>` : ''}
<h1>${c.name}</h1>
<h2>${t('details')}</h2>
<dl class="summary-list">
  <dt>${t('field_target')}</dt><dd>${t(`target_${c.target}`)}</dd>
  <dt>${t('col_send_at')}</dt><dd>${time(c.sendAt)}</dd>
  <dt>${t('field_link_days')}</dt><dd>${t('link_days_value', { days: c.linkDays })}</dd>
</dl>
<h2>${t('figures')}</h2>
<ul class="counts dc-figures" id="campaign-figures">
  ${item('fig_recipients', 'recipients', x.recipients)}
  ${item('fig_sent', 'sent', x.sent)}
  ${item('fig_delivered', 'delivered', x.delivered)}
  ${item('fig_failed', 'failed', x.failed)}
  ${item('fig_opened', 'opened', x.opened)}
  ${item('fig_verified', 'verified', x.verified)}
  ${item('fig_updated', 'updated', x.updated)}
</ul>
<h2>${t('effect')}</h2>
<div class="table-wrap"><table id="campaign-effect">
  <caption>${t('effect_caption')}</caption>
  <thead><tr><th scope="col">${t('effect_when')}</th><th scope="col" class="num">${t('effect_notices')}</th><th scope="col" class="num">${t('effect_delivered')}</th><th scope="col" class="num">${t('effect_rate')}</th></tr></thead>
  <tbody>
    <tr><th scope="row">${t('effect_before')}</th><td class="num">${n(e.before.notices)}</td><td class="num">${n(e.before.delivered)}</td><td class="num" data-field="rate-before">${pct(e.before.rate)}</td></tr>
    <tr><th scope="row">${t('effect_after')}</th><td class="num">${n(e.after.final)}</td><td class="num">${n(e.after.delivered)}</td><td class="num" data-field="rate-after">${e.after.final ? pct(e.after.rate) : '-'}</td></tr>
  </tbody>
</table></div>
${e.after.notices === 0 ? html`<p>${t('effect_none_yet')}</p>` : e.after.notices > e.after.final ? html`<p>${t('effect_pending', { count: n(e.after.notices - e.after.final) })}</p>` : ''}
<p id="campaign-recovered">${t('effect_recovered', { count: n(e.recoveredAfterCampaign) })}</p>
<p><a href="/console/campaigns?lang=${locale}">${t('back_to_list')}</a></p>`;
  return renderPage(request, { title: c.name, body });
}
