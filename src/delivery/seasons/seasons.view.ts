import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { errorSummary, textField, csrfField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { seasonLiveScript } from '../delivery.assets.ts';
import { barChart } from '../../platform/web/charts.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { sectionNav } from '../../platform/web/web-shell.ts';
import { formatPeriod } from '../../notices/render/format.ts';
import { TAX_ITEMS } from '../../notices/tax-items.ts';
import { consoleAssets } from '../console-assets.ts';
import { causeLabel, channelLabel, deliveryFormat, taxItemLabel } from '../delivery.format.ts';
import { resendFlash, seasonMessagesSection, type SeasonMessagesOptions } from '../messages/messages.view.ts';
import { paperJobActive, paperParts, paperSection, type PaperState } from '../paper/paper-batches.view.ts';
import type { ReadyRoll, SeasonRow, SeasonStats } from './seasons.repository.ts';
import type { SenderSideRefusals } from './sender-side.repository.ts';
import { seasonMessages, type SeasonMessageKey } from './seasons.messages.ts';
import { seasonsNav } from './seasons.nav.ts';
import type { QuietNow } from '../quiet-hours/quiet-hours.service.ts';
import { issueChoices } from '../quiet-hours/quiet-hours.view.ts';
import { demoPhoneLink } from '../demo-phone/demo-phone.view.ts';

// The season pages: the list with the issue form, the check-answers step,
// and one season with live figures, charts, its messages and paper batches.

function format(locale: Locale) {
  return { ...deliveryFormat(locale), t: (key: SeasonMessageKey, vars?: Record<string, string | number>) => seasonMessages.t(locale, key, vars) };
}

/** "2026 Property tax 1st instalment": a season as the pages name it. */
export function seasonName(locale: Locale, s: { taxItem: string; taxYear: number; period: number }): string {
  const period = s.period > 0 ? formatPeriod(s.period, locale) : seasonMessages.t(locale, 'no_period');
  return seasonMessages.t(locale, 'season_name', { year: s.taxYear, item: taxItemLabel(s.taxItem, locale), period }).trim();
}

export interface IssueForm {
  taxItem?: string;
  taxYear?: string;
  period?: string;
  when?: string;
  sendAt?: string;
}

function issueFields(locale: Locale, form: IssueForm, errors: readonly FieldError[]): Html {
  const t = format(locale).t;
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const itemError = err('tax-item');
  const whenError = err('when-now');
  return html`<div class="field${itemError ? ' field-error' : ''}">
  <label class="label" for="tax-item">${t('field_tax_item')}</label>
  ${itemError ? html`<p class="error-message" id="tax-item-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${itemError}</p>` : ''}
  <select class="select" id="tax-item" name="taxItem"${itemError ? html` aria-describedby="tax-item-error" aria-invalid="true"` : ''}>
    <option value="">-</option>
    ${TAX_ITEMS.map((item) => html`<option value="${item}"${form.taxItem === item ? html` selected` : ''}>${taxItemLabel(item, locale)}</option>`)}
  </select>
</div>
${textField({ locale, id: 'tax-year', name: 'taxYear', label: t('field_year'), hint: t('field_year_hint'), value: form.taxYear ?? '', error: err('tax-year'), inputmode: 'numeric', maxlength: 4, extraClass: 'input-narrow' })}
${textField({ locale, id: 'period', name: 'period', label: t('field_period'), hint: t('field_period_hint'), value: form.period ?? '', error: err('period'), inputmode: 'numeric', maxlength: 2, extraClass: 'input-narrow' })}
<div class="field${whenError || err('send-at') ? ' field-error' : ''}">
  <fieldset class="fieldset"${whenError ? html` aria-describedby="when-error"` : ''}>
    <legend class="label">${t('field_when')}</legend>
    ${whenError ? html`<p class="error-message" id="when-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${whenError}</p>` : ''}
    <div class="radio"><input type="radio" id="when-now" name="when" value="now"${form.when !== 'later' ? html` checked` : ''}><label for="when-now">${t('when_now')}</label></div>
    <div class="radio"><input type="radio" id="when-later" name="when" value="later"${form.when === 'later' ? html` checked` : ''}><label for="when-later">${t('when_later')}</label></div>
    <div class="dc-conditional">
      ${textField({ locale, id: 'send-at', name: 'sendAt', label: t('field_send_at'), hint: t('field_send_at_hint'), value: form.sendAt ?? '', error: err('send-at'), maxlength: 16, spellcheck: false })}
    </div>
  </fieldset>
</div>`;
}

export function seasonsPage(
  request: FastifyRequest,
  o: {
    seasons: SeasonRow[]; canIssue: boolean; form?: IssueForm; errors?: FieldError[]; untrustedReports?: { count: number; latest: Date | null }; senderSide?: SenderSideRefusals;
    /** The imported rolls with notices not issued yet. */
    ready?: ReadyRoll[];
  },
): string {
  const locale = request.locale;
  const f = format(locale);
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
    <td class="date">${f.time(s.sendAfter)}</td>
    <td class="num">${f.n(s.notices)}</td><td class="num">${f.n(s.final)}</td><td class="num">${f.n(s.delivered)}</td>
    <td>${s.createdBy}</td>
  </tr>`,
  )}</tbody>
</table></div>`
    : html`<p>${t('seasons_none')}</p>`;
  const body = html`${consoleAssets()}${errorSummary(locale, errors)}
${sectionNav(request, seasonsNav)}
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
${readyRollsTable(locale, o.ready ?? [])}
<form method="post" action="/console/seasons/check?lang=${locale}" novalidate aria-labelledby="issue-heading">
  ${csrfField(request.staffSession?.csrfToken)}
  ${issueFields(locale, o.form ?? {}, errors)}
  <button type="submit" class="button" id="issue-continue">${t('continue')}</button>
</form>`
  : ''}`;
  return renderPage(request, { title: t('seasons_title'), body, hasErrors: errors.length > 0 });
}

/** The imported rolls ready to send, each with a link that fills the issue form in with its season. */
function readyRollsTable(locale: Locale, ready: ReadyRoll[]): Html {
  const f = format(locale);
  const t = f.t;
  if (ready.length === 0) {
    return html`<h3 id="ready-heading">${t('ready_title')}</h3>
<p id="ready-none">${t('ready_none')} <a href="/console?lang=${locale}">${t('ready_import_link')}</a></p>`;
  }
  return html`<h3 id="ready-heading">${t('ready_title')}</h3>
<div class="table-wrap"><table aria-labelledby="ready-heading" id="ready-rolls">
  <thead><tr><th scope="col">${t('col_season')}</th><th scope="col" class="num">${t('ready_col_notices')}</th><th scope="col">${t('ready_col_files')}</th>
    <th scope="col">${t('ready_col_imported')}</th><th scope="col"><span class="visually-hidden">${t('ready_col_choose')}</span></th></tr></thead>
  <tbody>${ready.map((r) => {
    const name = seasonName(locale, r);
    const p = new URLSearchParams({ lang: locale, taxItem: r.taxItem, taxYear: String(r.taxYear), period: String(r.period), when: 'now' });
    return html`<tr><td>${name}</td><td class="num">${f.n(r.notices)}</td><td>${r.files.join(', ')}</td><td class="date">${f.time(r.importedAt)}</td>
    <td><a href="/console/seasons?${p.toString()}#issue-heading">${t('ready_choose')}<span class="visually-hidden"> ${name}</span></a></td></tr>`;
  })}</tbody>
</table></div>`;
}

/** E-mail refused for the sender's reasons past the threshold (issue 18): what happened and what to do, per kind of refusal. */
function senderSideWarning(locale: Locale, r: SenderSideRefusals): Html {
  const f = format(locale);
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
  o: {
    taxItem: string; taxYear: number; period: number; sendAt: Date | null; sendAtText: string; issuable: number;
    /** Quiet hours hold KakaoTalk and texts now: the note, and the choice replaces the one button. */
    held?: { quiet: QuietNow; note: Html };
  },
): string {
  const locale = request.locale;
  const f = format(locale);
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
${o.held?.note ?? ''}
<div class="dc-warning"><p><strong>${t('check_warning')}</strong></p></div>
<form method="post" action="/console/seasons?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  <input type="hidden" name="taxItem" value="${o.taxItem}">
  <input type="hidden" name="taxYear" value="${o.taxYear}">
  <input type="hidden" name="period" value="${o.period}">
  <input type="hidden" name="sendAt" value="${o.sendAtText}">
  ${o.held
    ? issueChoices(locale, o.held.quiet)
    : html`<input type="hidden" name="when" value="${o.sendAt ? 'later' : 'now'}">
  <button type="submit" class="button" id="issue-send">${t('send_now_button')}</button>`}
</form>
<p><a href="/console/seasons?lang=${locale}">${t('back_to_seasons')}</a></p>`;
  return renderPage(request, { title: t('check_title'), body });
}

export interface SeasonPageOptions extends SeasonMessagesOptions {
  stats: SeasonStats;
  /** The paper section: waiting notices, the batch asked for (made in the background), the batches made. */
  paper: Omit<PaperState, 'makeBatchUrl' | 'canAct'>;
  flash: { issued?: boolean; resent?: number; refused?: string; lifted?: Html | '' };
  /** Messages quiet hours hold now ('' when none). */
  quiet?: Html | '';
  /** The demo runs (the in-process simulator): link its phone and inbox. */
  demoPhone?: boolean;
}

function figures(locale: Locale, s: SeasonStats['summary']): Html {
  const f = format(locale);
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
  const f = format(locale);
  return f.t('progress_line', { notices: f.n(s.notices), final: f.n(s.final), sending: f.n(s.pending - s.awaiting_paper), paper: f.n(s.awaiting_paper) });
}

function charts(locale: Locale, st: SeasonStats): Html {
  const f = format(locale);
  const t = f.t;
  const prev = st.previous;
  const prevName = prev ? seasonName(locale, prev.season) : '';
  const delivered = (s: SeasonStats['summary']) => Object.values(s.delivered).reduce((a, b) => a + b, 0);
  return html`<div class="dc-charts">
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

/** Where a season's page fetches its live parts (seasons.pages.routes.ts). */
export const seasonLivePath = (seasonId: number) => `/console/seasons/${seasonId}/live`;

/**
 * What changes on a season's page while it is sent: the progress sentence,
 * the figures and the charts, drawn from one reading of the season, so that
 * the figures and the charts always agree, on the page and in the fragment
 * its script fetches. Finished: no notice is still being sent electronically.
 */
export function seasonLiveParts(locale: Locale, st: SeasonStats): { progress: string; figures: Html; charts: Html; finished: boolean } {
  return {
    progress: progressLine(locale, st.summary),
    figures: figures(locale, st.summary),
    charts: charts(locale, st),
    finished: st.summary.pending - st.summary.awaiting_paper === 0,
  };
}

/**
 * The live parts as the page's script takes them (delivery/browser/delivery-console.ts):
 * each part names the element of the page it replaces.
 */
export function seasonLiveFragment(request: FastifyRequest, st: SeasonStats, paper: PaperState): string {
  const live = seasonLiveParts(request.locale, st);
  const p = paperParts(request, paper);
  return html`<div data-finished="${live.finished && !p.active ? '1' : '0'}">
<p data-part="season-progress">${live.progress}</p>
<div data-part="season-figures">${live.figures}</div>
<div data-part="season-charts">${live.charts}</div>
<p data-part="paper-job-status">${p.status}</p>
<div data-part="paper-job">${p.job}</div>
<div data-part="paper-batches">${p.batches}</div>
</div>`.value;
}

/** Where a season's paper button posts. */
export const paperBatchRequestPath = (seasonId: number) => `/console/seasons/${seasonId}/paper-batches`;

export function seasonPage(request: FastifyRequest, o: SeasonPageOptions): string {
  const locale = request.locale;
  const f = format(locale);
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
  if (flash.lifted) notes.push(flash.lifted);
  if (flash.resent !== undefined) notes.push(resendFlash(locale, flash.resent, flash.refused));
  const live = seasonLiveParts(locale, st);
  const paper: PaperState = { ...o.paper, canAct: o.canAct, makeBatchUrl: `${paperBatchRequestPath(s.id)}?lang=${locale}` };
  const liveQuery = new URLSearchParams({ lang: locale });
  if (o.paper.job) liveQuery.set('paperJob', String(o.paper.job.id));
  const body = html`${consoleAssets()}${seasonLiveScript()}${errorSummary(locale, errors)}
${sectionNav(request, seasonsNav)}
<h1>${title} <span class="hint">#${s.id}</span></h1>
${notes}
${o.quiet ?? ''}
${o.demoPhone ? demoPhoneLink(locale) : ''}
<section aria-labelledby="progress-heading" id="season-live" data-live-url="${seasonLivePath(s.id)}?${liveQuery.toString()}" data-finished="${live.finished && !paperJobActive(o.paper.job) ? '1' : '0'}">
  <h2 id="progress-heading">${t('progress_title')}</h2>
  <p class="dc-progress" id="season-progress" aria-live="polite" aria-atomic="true">${live.progress}</p>
  <div id="season-figures">${live.figures}</div>
</section>
<section aria-labelledby="charts-heading">
  <h2 id="charts-heading">${t('charts_title')}</h2>
  <div id="season-charts">${live.charts}</div>
</section>
${seasonMessagesSection(request, s.id, o)}
${paperSection(request, paper)}
<p><a href="/console/seasons?lang=${locale}">${t('back_to_seasons')}</a></p>`;
  return renderPage(request, { title, body, hasErrors: errors.length > 0 });
}
