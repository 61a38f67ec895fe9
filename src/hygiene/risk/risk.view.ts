import type { FastifyRequest } from 'fastify';
import { formatNumber, type Locale } from '../../platform/i18n/i18n.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { csrfField } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { ruleByCode } from '../rules/contact-rules.ts';
import { riskMessages, ruleLabel, type RiskMessageKey } from './risk.messages.ts';
import type { RiskCounts, RiskRow } from './risk.repository.ts';

// The risk list page: counts per reason, a filter, the list with masked
// contacts, pages, the CSV export and the re-check button. Plain HTML: the
// filter is a GET form, the re-check a POST form answered with 303.

const seoul = (locale: Locale) => ({ format: (at: Date) => formatDateTime(locale, at) });

export function channelName(locale: Locale, channel: string): string {
  return riskMessages.t(locale, `channel_${channel}` as RiskMessageKey);
}

export interface RiskPageModel {
  counts: RiskCounts;
  reason?: string;
  list: { rows: RiskRow[]; total: number; page: number; pageSize: number };
  canRecheck: boolean;
  flash?: string;
}

export function riskPage(request: FastifyRequest, o: RiskPageModel): string {
  const locale = request.locale;
  const t = (key: RiskMessageKey, vars?: Record<string, string | number>) => riskMessages.t(locale, key, vars);
  const n = (v: number) => formatNumber(locale, v);
  const q = (extra: Record<string, string>) => new URLSearchParams({ lang: locale, ...(o.reason ? { reason: o.reason } : {}), ...extra }).toString();
  const { rows, total, page, pageSize } = o.list;
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const lastRun = o.counts.lastRun
    ? t('last_run', { time: seoul(locale).format(o.counts.lastRun.finishedAt), n: n(o.counts.lastRun.taxpayers), by: o.counts.lastRun.runBy })
    : t('never_run');

  const counts = html`<div class="table-wrap"><table id="risk-counts">
  <caption>${t('counts_title')}</caption>
  <thead><tr><th scope="col">${t('col_reason')}</th><th scope="col" class="num">${t('col_count')}</th></tr></thead>
  <tbody>${o.counts.byReason.map(
    (c) => html`<tr><th scope="row"><a href="/console/hygiene?${new URLSearchParams({ lang: locale, reason: c.reason }).toString()}"${o.reason === c.reason ? html` aria-current="true"` : ''}>${ruleLabel(locale, c.reason)}</a></th><td class="num" data-reason="${c.reason}">${n(c.count)}</td></tr>`,
  )}</tbody>
  <tfoot><tr><th scope="row">${t('flagged')}</th><td class="num" data-field="flagged">${n(o.counts.flagged)}</td></tr></tfoot>
</table></div>`;

  const filter = html`<form method="get" action="/console/hygiene" class="dc-filter">
  <input type="hidden" name="lang" value="${locale}">
  <div class="field"><label class="label" for="risk-reason">${t('filter_label')}</label>
    <select class="select" id="risk-reason" name="reason"><option value="">${t('filter_any')}</option>
      ${o.counts.byReason.map((c) => html`<option value="${c.reason}"${o.reason === c.reason ? html` selected` : ''}>${ruleLabel(locale, c.reason)}</option>`)}
    </select></div>
  <button type="submit" class="button button-secondary" id="risk-filter">${t('filter_apply')}</button>
</form>`;

  const list = rows.length
    ? html`<div class="table-wrap"><table id="risk-list">
  <caption>${t('list_title')} (${t('list_range', { from: n(from), to: n(to), total: n(total) })})</caption>
  <thead><tr>
    <th scope="col">${t('col_taxpayer_no')}</th><th scope="col">${t('col_name')}</th><th scope="col">${t('col_reasons')}</th>
    <th scope="col">${t('col_mobile')}</th><th scope="col">${t('col_email')}</th><th scope="col">${t('col_enrolled')}</th>
  </tr></thead>
  <tbody>${rows.map(
    (r) => html`<tr>
    <td><a href="/console/taxpayers/${r.taxpayerId}?lang=${locale}">${r.taxpayerNo}</a></td>
    <td>${r.name}</td>
    <td><ul class="list">${r.reasons.map((c) => html`<li title="${ruleByCode(c)?.reason[locale] ?? ''}">${ruleLabel(locale, c)}</li>`)}</ul></td>
    <td>${r.mobileMasked ?? t('none')}</td>
    <td>${r.emailMasked ?? t('none')}</td>
    <td>${r.enrolled.length ? r.enrolled.map((c) => channelName(locale, c)).join(', ') : t('none')}</td>
  </tr>`,
  )}</tbody>
</table></div>
<nav class="dc-pages" aria-label="${t('pages_label')}">
  ${page > 1 ? html`<a href="/console/hygiene?${q({ page: String(page - 1) })}">${t('page_prev')}</a>` : ''}
  ${to < total ? html`<a href="/console/hygiene?${q({ page: String(page + 1) })}">${t('page_next')}</a>` : ''}
</nav>`
    : html`<p id="risk-list-empty">${t('list_none')}</p>`;

  const reasonText = o.reason ? ruleByCode(o.reason)?.reason[locale] : undefined;
  const body = html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">
${o.flash ? html`<div class="notification notification-success" role="status"><p>${o.flash}</p></div>` : ''}
<h1>${t('title')}</h1>
<p class="lead">${t('lead')}</p>
<p id="risk-last-run">${lastRun}</p>
${o.canRecheck
  ? html`<form method="post" action="/console/hygiene/recheck?lang=${locale}" class="inline-form">${csrfField(request.staffSession?.csrfToken)}<button type="submit" class="button button-secondary" id="risk-recheck">${t('recheck')}</button></form>`
  : ''}
${counts}
<h2 id="list-heading">${t('list_title')}${o.reason ? html`: ${ruleLabel(locale, o.reason)}` : ''}</h2>
${reasonText ? html`<p class="hint">${reasonText}</p>` : ''}
${filter}
<p><a href="/api/hygiene/risk.csv?${q({})}" id="risk-csv" download>${t('csv')}</a></p>
${list}`;
  return renderPage(request, { title: t('title'), body });
}

