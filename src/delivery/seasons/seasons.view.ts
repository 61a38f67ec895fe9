import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { csrfField, errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { seasonLiveScript } from '../delivery.assets.ts';
import { TAX_ITEMS } from '../../notices/tax-items.ts';
import { barChart } from '../../platform/web/charts.ts';
import { causeLabel, channelLabel, fmt, seasonName, stateLabel, taxItemLabel } from '../delivery.format.ts';
import { MESSAGE_STATES, PAGE_SIZE, type MessageListRow, type PaperBatchRow, type SeasonRow, type SeasonStats, type SenderSideRefusals } from './seasons.repository.ts';

// The season pages: the list with the issue form, the check-answers step,
// and one season with live figures, charts, its messages and paper batches.

/** The console's own stylesheet (a <link> in the body is allowed and keeps the shared layout untouched); the season page adds its script (seasonLiveScript). */
export function consoleAssets(): Html {
  return html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;
}

export function consoleNav(locale: Locale, current: 'seasons' | 'templates'): Html {
  const t = fmt(locale).t;
  return html`<nav class="dc-subnav" aria-label="${t('nav_seasons')} / ${t('nav_templates')}"><ul>
  <li><a href="/console/seasons?lang=${locale}"${current === 'seasons' ? html` aria-current="page"` : ''}>${t('nav_seasons')}</a></li>
  <li><a href="/console/templates?lang=${locale}"${current === 'templates' ? html` aria-current="page"` : ''}>${t('nav_templates')}</a></li>
</ul></nav>`;
}

export interface IssueForm {
  taxItem?: string;
  taxYear?: string;
  period?: string;
  when?: string;
  sendAt?: string;
}

function issueFields(locale: Locale, form: IssueForm, errors: readonly FieldError[]): Html {
  const t = fmt(locale).t;
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const itemError = err('tax-item');
  const whenError = err('when-now');
  return html`<div class="field${itemError ? ' field-error' : ''}">
  <label class="label" for="tax-item">${t('field_tax_item')}</label>
  ${itemError ? html`<p class="error-message" id="tax-item-error"><span class="visually-hidden">${locale === 'ko' ? '오류' : 'Error'}:</span> ${itemError}</p>` : ''}
  <select class="select" id="tax-item" name="taxItem"${itemError ? html` aria-describedby="tax-item-error" aria-invalid="true"` : ''}>
    <option value="">-</option>
    ${TAX_ITEMS.map((item) => html`<option value="${item}"${form.taxItem === item ? html` selected` : ''}>${taxItemLabel(item, locale)}</option>`)}
  </select>
</div>
${textField({ locale, id: 'tax-year', name: 'taxYear', label: t('field_year'), hint: t('field_year_hint'), value: form.taxYear ?? '', error: err('tax-year') })}
${textField({ locale, id: 'period', name: 'period', label: t('field_period'), hint: t('field_period_hint'), value: form.period ?? '', error: err('period') })}
<div class="field${whenError || err('send-at') ? ' field-error' : ''}">
  <fieldset class="fieldset"${whenError ? html` aria-describedby="when-error"` : ''}>
    <legend class="label">${t('field_when')}</legend>
    ${whenError ? html`<p class="error-message" id="when-error"><span class="visually-hidden">${locale === 'ko' ? '오류' : 'Error'}:</span> ${whenError}</p>` : ''}
    <div class="radio"><input type="radio" id="when-now" name="when" value="now"${form.when !== 'later' ? html` checked` : ''}><label for="when-now">${t('when_now')}</label></div>
    <div class="radio"><input type="radio" id="when-later" name="when" value="later"${form.when === 'later' ? html` checked` : ''}><label for="when-later">${t('when_later')}</label></div>
    <div class="dc-conditional">
      ${textField({ locale, id: 'send-at', name: 'sendAt', label: t('field_send_at'), hint: t('field_send_at_hint'), value: form.sendAt ?? '', error: err('send-at') })}
    </div>
  </fieldset>
</div>`;
}

export function seasonsPage(
  request: FastifyRequest,
  o: { seasons: SeasonRow[]; canIssue: boolean; form?: IssueForm; errors?: FieldError[]; untrustedReports?: { count: number; latest: Date | null }; senderSide?: SenderSideRefusals },
): string {
  const locale = request.locale;
  const f = fmt(locale);
  const t = f.t;
  const errors = o.errors ?? [];
  const table = o.seasons.length
    ? html`<div class="table-wrap"><table>
  <caption class="visually-hidden">${t('seasons_title')}</caption>
  <thead><tr>
    <th scope="col">${t('col_season')}</th><th scope="col">${t('col_send_after')}</th>
    <th scope="col" class="num">${t('col_notices')}</th><th scope="col" class="num">${t('col_final')}</th>
    <th scope="col" class="num">${t('col_delivered')}</th><th scope="col">${t('col_created_by')}</th>
  </tr></thead>
  <tbody>${o.seasons.map(
    (s) => html`<tr>
    <td><a href="/console/seasons/${s.id}?lang=${locale}">${seasonName(locale, s)}</a> <span class="hint">#${s.id}</span></td>
    <td>${f.time(s.sendAfter)}</td>
    <td class="num">${f.n(s.notices)}</td><td class="num">${f.n(s.final)}</td><td class="num">${f.n(s.delivered)}</td>
    <td>${s.createdBy}</td>
  </tr>`,
  )}</tbody>
</table></div>`
    : html`<p>${t('seasons_none')}</p>`;
  const body = html`${consoleAssets()}${errorSummary(locale, errors)}
${consoleNav(locale, 'seasons')}
<h1>${t('seasons_title')}</h1>
${o.untrustedReports && o.untrustedReports.count > 0
  ? html`<div class="dc-warning" id="untrusted-reports"><h2>${t('untrusted_reports_title')}</h2>
  <p>${t('untrusted_reports', { count: f.n(o.untrustedReports.count), latest: o.untrustedReports.latest ? f.time(o.untrustedReports.latest) : '-' })}</p></div>`
  : ''}
${o.senderSide?.warn ? senderSideWarning(locale, o.senderSide) : ''}
${table}
${o.canIssue
  ? html`<h2 id="issue-heading">${t('issue_title')}</h2>
<p>${t('issue_intro')}</p>
<form method="post" action="/console/seasons/check?lang=${locale}" novalidate aria-labelledby="issue-heading">
  ${csrfField(request.staffSession?.csrfToken)}
  ${issueFields(locale, o.form ?? {}, errors)}
  <button type="submit" class="button" id="issue-continue">${t('continue')}</button>
</form>`
  : ''}`;
  return renderPage(request, { title: t('seasons_title'), body, hasErrors: errors.length > 0 });
}

/** E-mail refused for the sender's reasons past the threshold (issue 18): what happened and what to do, per kind of refusal. */
function senderSideWarning(locale: Locale, r: SenderSideRefusals): Html {
  const f = fmt(locale);
  const t = f.t;
  const share = r.attempts > 0 ? r.refused / r.attempts : 1;
  return html`<div class="dc-warning" id="sender-side-refusals"><h2>${t('sender_side_title')}</h2>
  <p>${t('sender_side_summary', { refused: f.n(r.refused), attempts: f.n(r.attempts), share: f.pct(share), latest: r.latest ? f.time(r.latest) : '-' })}</p>
  <ul>
    ${r.authentication > 0 ? html`<li>${t('sender_side_auth', { n: f.n(r.authentication) })}</li>` : ''}
    ${r.blockList > 0 ? html`<li>${t('sender_side_block', { n: f.n(r.blockList) })}</li>` : ''}
    ${r.policy > 0 ? html`<li>${t('sender_side_policy', { n: f.n(r.policy) })}</li>` : ''}
  </ul></div>`;
}

export function checkPage(
  request: FastifyRequest,
  o: { taxItem: string; taxYear: number; period: number; sendAt: Date | null; sendAtText: string; issuable: number },
): string {
  const locale = request.locale;
  const f = fmt(locale);
  const t = f.t;
  const change = (field: string, what: string) =>
    html`<a href="/console/seasons?lang=${locale}&amp;taxItem=${o.taxItem}&amp;taxYear=${o.taxYear}&amp;period=${o.period}&amp;when=${o.sendAt ? 'later' : 'now'}&amp;sendAt=${encodeURIComponent(o.sendAtText)}#${field}">${t('check_change')}<span class="visually-hidden"> ${what}</span></a>`;
  const body = html`${consoleAssets()}
<h1>${t('check_title')}</h1>
<dl class="dc-check">
  <div><dt>${t('field_tax_item')}</dt><dd>${taxItemLabel(o.taxItem, locale)}</dd><dd class="dc-check-action">${change('tax-item', t('field_tax_item'))}</dd></div>
  <div><dt>${t('field_year')}</dt><dd>${o.taxYear}</dd><dd class="dc-check-action">${change('tax-year', t('field_year'))}</dd></div>
  <div><dt>${t('field_period')}</dt><dd>${o.period > 0 ? o.period : t('no_period')}</dd><dd class="dc-check-action">${change('period', t('field_period'))}</dd></div>
  <div><dt>${t('field_when')}</dt><dd>${o.sendAt ? f.time(o.sendAt) : t('when_now')}</dd><dd class="dc-check-action">${change('when-now', t('field_when'))}</dd></div>
  <div><dt>${t('check_notices')}</dt><dd>${f.n(o.issuable)}</dd><dd class="dc-check-action"></dd></div>
</dl>
<div class="dc-warning"><p><strong>${t('check_warning')}</strong></p></div>
<form method="post" action="/console/seasons?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  <input type="hidden" name="taxItem" value="${o.taxItem}">
  <input type="hidden" name="taxYear" value="${o.taxYear}">
  <input type="hidden" name="period" value="${o.period}">
  <input type="hidden" name="when" value="${o.sendAt ? 'later' : 'now'}">
  <input type="hidden" name="sendAt" value="${o.sendAtText}">
  <button type="submit" class="button" id="issue-send">${t('send_now_button')}</button>
</form>
<p><a href="/console/seasons?lang=${locale}">${t('back_to_seasons')}</a></p>`;
  return renderPage(request, { title: t('check_title'), body });
}

export interface SeasonPageOptions {
  stats: SeasonStats;
  messages: { total: number; rows: MessageListRow[] };
  filter: { state?: string; cause?: string; page: number };
  causes: string[];
  batches: PaperBatchRow[];
  awaitingPaper: number;
  canAct: boolean;
  flash: { issued?: boolean; resent?: number; refused?: string; batch?: PaperBatchRow | null; batchEmpty?: boolean };
  errors?: FieldError[];
}

function figures(locale: Locale, s: SeasonStats['summary']): Html {
  const f = fmt(locale);
  const t = f.t;
  const delivered = Object.values(s.delivered).reduce((a, b) => a + b, 0);
  const item = (key: Parameters<typeof t>[0], field: string, value: string) =>
    html`<li><span class="count-value" data-field="${field}">${value}</span> ${t(key)}</li>`;
  return html`<ul class="counts dc-figures">
  ${item('fig_notices', 'notices', f.n(s.notices))}
  ${item('fig_applicants', 'applicants', f.n(s.applicants))}
  ${item('fig_final', 'final', f.n(s.final))}
  ${item('fig_sending', 'sending', f.n(s.pending - s.awaiting_paper))}
  ${item('fig_delivered', 'delivered_total', f.n(delivered))}
  ${item('fig_returned', 'returned', f.n(s.returned))}
  ${item('fig_awaiting_paper', 'awaiting_paper', f.n(s.awaiting_paper))}
  ${item('fig_paper', 'paper', f.n(s.paper))}
  ${item('fig_withdrawn', 'withdrawn', f.n(s.withdrawn))}
  ${item('fig_paper_cost', 'paper_cost_krw', f.krw(s.paper_cost_krw))}
  ${item('fig_rate', 'electronic_delivery_rate', f.pct(s.electronic_delivery_rate))}
</ul>`;
}

export function progressLine(locale: Locale, s: SeasonStats['summary']): string {
  const f = fmt(locale);
  return f.t('progress_line', { notices: f.n(s.notices), final: f.n(s.final), sending: f.n(s.pending - s.awaiting_paper), paper: f.n(s.awaiting_paper) });
}

function charts(locale: Locale, st: SeasonStats): Html {
  const f = fmt(locale);
  const t = f.t;
  const prev = st.previous;
  const prevName = prev ? seasonName(locale, prev.season) : '';
  const delivered = (s: SeasonStats['summary']) => Object.values(s.delivered).reduce((a, b) => a + b, 0);
  return html`<h2>${t('charts_title')}</h2>
<div class="dc-charts">
${barChart({
  id: 'chart-channels',
  title: t('chart_channels'),
  columns: [t('col_channel'), t('col_rate')],
  share: true,
  bars: st.channels.map((c) => ({ label: channelLabel(c.channel, locale), value: c.rate, display: `${f.pct(c.rate)} (${f.n(c.delivered)}/${f.n(c.attempted)})` })),
  empty: t('chart_empty'),
})}
${barChart({
  id: 'chart-days',
  title: t('chart_days'),
  columns: [t('col_day'), t('col_count')],
  bars: st.deliveredPerDay.map((d) => ({ label: f.date(d.day), value: d.delivered, display: f.n(d.delivered) })),
  empty: t('chart_empty'),
})}
${barChart({
  id: 'chart-causes',
  title: t('chart_causes'),
  columns: [t('col_cause'), t('col_count')],
  bars: st.failureCauses.map((c) => ({ label: causeLabel(c.cause, locale), value: c.count, display: f.n(c.count) })),
  empty: t('chart_empty'),
})}
${prev
  ? barChart({
      id: 'chart-compare',
      title: t('chart_compare'),
      columns: [t('col_measure'), t('col_this'), t('col_last', { name: prevName })],
      bars: [
        { label: t('fig_rate'), value: st.summary.electronic_delivery_rate * 100, display: f.pct(st.summary.electronic_delivery_rate), compare: { value: prev.summary.electronic_delivery_rate * 100, display: f.pct(prev.summary.electronic_delivery_rate) } },
        { label: t('fig_delivered'), value: delivered(st.summary), display: f.n(delivered(st.summary)), compare: { value: delivered(prev.summary), display: f.n(delivered(prev.summary)) } },
        { label: t('fig_paper'), value: st.summary.paper, display: f.n(st.summary.paper), compare: { value: prev.summary.paper, display: f.n(prev.summary.paper) } },
      ],
      empty: t('chart_empty'),
    })
  : html`<figure class="dc-chart" aria-labelledby="chart-compare-title"><figcaption id="chart-compare-title" class="dc-chart-title">${t('chart_compare')}</figcaption><p>${t('chart_compare_none')}</p></figure>`}
${barChart({
  id: 'chart-cost',
  title: t('fig_paper_cost'),
  columns: prev ? [t('col_measure'), t('col_this'), t('col_last', { name: prevName })] : [t('col_measure'), t('col_this')],
  bars: [{
    label: t('fig_paper_cost'),
    value: st.paperCostKrw,
    display: f.krw(st.paperCostKrw),
    compare: prev ? { value: prev.summary.paper_cost_krw, display: f.krw(prev.summary.paper_cost_krw) } : undefined,
  }],
  empty: t('chart_empty'),
})}
</div>`;
}

function messagesSection(request: FastifyRequest, seasonId: number, o: SeasonPageOptions): Html {
  const locale = request.locale;
  const f = fmt(locale);
  const t = f.t;
  const { total, rows } = o.messages;
  const from = total === 0 ? 0 : (o.filter.page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, o.filter.page * PAGE_SIZE);
  const pageUrl = (page: number) => {
    const p = new URLSearchParams({ lang: locale, page: String(page) });
    if (o.filter.state) p.set('state', o.filter.state);
    if (o.filter.cause) p.set('cause', o.filter.cause);
    return `/console/seasons/${seasonId}?${p.toString()}#messages-heading`;
  };
  const reasonError = o.errors?.find((e) => e.field === 'resend-reason')?.message;
  const table = rows.length
    ? html`<div class="table-wrap"><table>
  <caption class="visually-hidden">${t('messages_title')}</caption>
  <thead><tr>
    ${o.canAct ? html`<th scope="col"><span class="visually-hidden">${t('col_select')}</span></th>` : ''}
    <th scope="col" class="num">${t('col_message')}</th><th scope="col">${t('col_notice_no')}</th><th scope="col">${t('col_taxpayer')}</th>
    <th scope="col">${t('col_state')}</th><th scope="col">${t('col_channel')}</th><th scope="col">${t('col_last_cause')}</th><th scope="col">${t('col_delivered_at')}</th>
  </tr></thead>
  <tbody>${rows.map(
    (m) => html`<tr>
    ${o.canAct ? html`<td class="dc-select"><input type="checkbox" id="msg-${m.id}" name="ids" value="${m.id}" form="resend-form"><label for="msg-${m.id}" class="visually-hidden">${t('select_message', { id: m.id })}</label></td>` : ''}
    <td class="num"><a href="/console/messages/${m.id}?lang=${locale}">${m.id}</a></td>
    <td>${m.noticeNo ?? '-'}</td><td>${m.taxpayerName ?? '-'}</td>
    <td>${stateLabel(m.state, locale)}</td>
    <td>${m.deliveredChannel ? channelLabel(m.deliveredChannel, locale) : m.plan.map((c) => channelLabel(c, locale)).join(' → ') || channelLabel('paper', locale)}</td>
    <td>${m.lastFailureCause ? causeLabel(m.lastFailureCause, locale) : ''}</td>
    <td>${m.deliveredAt ? f.time(m.deliveredAt) : ''}</td>
  </tr>`,
  )}</tbody>
</table></div>`
    : html`<p>${t('messages_none')}</p>`;
  return html`<h2 id="messages-heading">${t('messages_title')}</h2>
<form method="get" action="/console/seasons/${seasonId}" class="dc-filter" aria-label="${t('filter_title')}">
  <input type="hidden" name="lang" value="${locale}">
  <div class="field"><label class="label" for="filter-state">${t('filter_state')}</label>
    <select class="select" id="filter-state" name="state"><option value="">${t('filter_any')}</option>
    ${MESSAGE_STATES.map((s) => html`<option value="${s}"${o.filter.state === s ? html` selected` : ''}>${stateLabel(s, locale)}</option>`)}</select></div>
  <div class="field"><label class="label" for="filter-cause">${t('filter_cause')}</label>
    <select class="select" id="filter-cause" name="cause"><option value="">${t('filter_any')}</option>
    ${o.causes.map((c) => html`<option value="${c}"${o.filter.cause === c ? html` selected` : ''}>${causeLabel(c, locale)}</option>`)}</select></div>
  <button type="submit" class="button button-secondary" id="filter-apply">${t('filter_apply')}</button>
</form>
<p>${t('messages_count', { total: f.n(total), from: f.n(from), to: f.n(to) })}</p>
${table}
<nav class="dc-pages" aria-label="${t('messages_title')}">
  ${o.filter.page > 1 ? html`<a href="${pageUrl(o.filter.page - 1)}">${t('page_prev')}</a>` : ''}
  ${to < total ? html`<a href="${pageUrl(o.filter.page + 1)}">${t('page_next')}</a>` : ''}
</nav>
${o.canAct && rows.length
  ? html`<form method="post" action="/console/seasons/${seasonId}/resend?lang=${locale}" id="resend-form">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'resend-reason', name: 'reason', label: t('resend_reason'), hint: t('resend_reason_hint'), error: reasonError })}
  <button type="submit" class="button" id="resend-submit">${t('resend_button')}</button>
</form>`
  : ''}`;
}

export function batchesTable(locale: Locale, batches: PaperBatchRow[]): Html {
  const f = fmt(locale);
  const t = f.t;
  if (batches.length === 0) return html`<p>${t('paper_none')}</p>`;
  return html`<div class="table-wrap"><table>
  <caption class="visually-hidden">${t('paper_batches')}</caption>
  <thead><tr><th scope="col" class="num">${t('col_batch')}</th><th scope="col">${t('col_created_at')}</th><th scope="col" class="num">${t('col_notices')}</th>
    <th scope="col" class="num">${t('col_pages')}</th><th scope="col" class="num">${t('col_cost')}</th><th scope="col">${t('col_downloads')}</th></tr></thead>
  <tbody>${batches.map(
    (b) => html`<tr><td class="num">${b.id}</td><td>${f.time(b.createdAt)}</td><td class="num">${f.n(b.notices)}</td><td class="num">${f.n(b.pages)}</td>
    <td class="num">${f.krw(b.costKrw)}</td>
    <td><a href="/api/paper-batches/${b.id}/pdf" download>${t('download_pdf', { id: b.id })}</a><br><a href="/api/paper-batches/${b.id}/manifest" download>${t('download_manifest', { id: b.id })}</a></td></tr>`,
  )}</tbody>
</table></div>`;
}

export function seasonPage(request: FastifyRequest, o: SeasonPageOptions): string {
  const locale = request.locale;
  const f = fmt(locale);
  const t = f.t;
  const st = o.stats;
  const s = st.season;
  const title = seasonName(locale, s);
  const errors = o.errors ?? [];
  const flash = o.flash;
  const notes: Html[] = [];
  if (flash.issued) {
    notes.push(html`<div class="notification notification-success" role="status">
  <h2 class="notification-title">${t('issued_title')}</h2>
  <p>${t('issued_reference')}: <strong>${s.id}</strong></p>
  <p>${t('issued_next')}</p>
</div>`);
  }
  if (flash.resent !== undefined) {
    notes.push(html`<div class="notification" role="status"><p>${t('resend_done', { resent: f.n(flash.resent) })}</p>${flash.refused ? html`<p>${flash.refused}</p>` : ''}</div>`);
  }
  if (flash.batch) {
    notes.push(html`<div class="notification notification-success" role="status"><p>${t('paper_made', { id: flash.batch.id, notices: f.n(flash.batch.notices), cost: f.krw(flash.batch.costKrw) })}</p></div>`);
  } else if (flash.batchEmpty) {
    notes.push(html`<div class="notification" role="status"><p>${t('paper_nothing')}</p></div>`);
  }
  const finished = st.summary.pending - st.summary.awaiting_paper === 0;
  const body = html`${consoleAssets()}${seasonLiveScript()}${errorSummary(locale, errors)}
${consoleNav(locale, 'seasons')}
<h1>${title} <span class="hint">#${s.id}</span></h1>
${notes}
<section aria-labelledby="progress-heading" id="season-live" data-summary-url="/api/seasons/${s.id}/summary" data-locale="${locale}" data-progress-template="${t('progress_line')}" data-finished="${finished ? '1' : '0'}">
  <h2 id="progress-heading">${t('progress_title')}</h2>
  <p class="dc-progress" id="season-progress" aria-live="polite" aria-atomic="true">${progressLine(locale, st.summary)}</p>
  ${figures(locale, st.summary)}
</section>
${charts(locale, st)}
${messagesSection(request, s.id, o)}
<h2 id="paper-heading">${t('paper_title')}</h2>
<p>${t('paper_waiting', { n: f.n(o.awaitingPaper) })}</p>
${o.canAct
  ? html`<form method="post" action="/console/seasons/${s.id}/paper-batches?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  <button type="submit" class="button button-secondary" id="paper-batch">${t('paper_button')}</button>
</form>`
  : ''}
<h3>${t('paper_batches')}</h3>
${batchesTable(locale, o.batches)}
<p><a href="/console/seasons?lang=${locale}">${t('back_to_seasons')}</a></p>`;
  return renderPage(request, { title, body, hasErrors: errors.length > 0 });
}
