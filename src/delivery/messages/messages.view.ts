import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { csrfField, errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import { sectionNav } from '../../platform/web/web-shell.ts';
import { formatPeriod } from '../../notices/render/format.ts';
import type { ResendResult, TimelineEvent } from '../queue/queue.ts';
import { consoleAssets } from '../console-assets.ts';
import { causeLabel, channelLabel, deliveryFormat, kindLabel, stateLabel, taxItemLabel } from '../delivery.format.ts';
import { paperBatchMessages } from '../paper/paper-batches.messages.ts';
import { seasonsNav } from '../seasons/seasons.nav.ts';
import { MESSAGE_STATES, PAGE_SIZE, type MessageDetail, type MessageListRow } from './messages.repository.ts';
import { SEARCH_MAX } from './messages.schema.ts';
import { messageMessages, type MessageMessageKey } from './messages.messages.ts';
import type { RenderedContent } from '../dispatch/outbound.ts';
import { demoPhoneStyles, renderedMessage } from '../demo-phone/demo-phone.view.ts';
import { contactEditPath, taxpayerRecordPath } from '../../taxpayers/taxpayer-console.ts';

// One message: what it is, the legal dates (delivered, §31 due date, §33
// public notice), each delivery attempt, and its whole timeline; and a
// season's messages as its page lists them, filtered, with resending.

function format(locale: Locale) {
  return { ...deliveryFormat(locale), t: (key: MessageMessageKey, vars?: Record<string, string | number>) => messageMessages.t(locale, key, vars) };
}

/** Why some messages could not be resent, in words ('' when all were). */
export function resendRefusedText(locale: Locale, result: ResendResult): string {
  if (result.refused.length === 0) return '';
  const reasons = result.refused.map((r) => `${r.messageId} (${messageMessages.t(locale, `refused_${r.reason}`)})`).join(', ');
  return messageMessages.t(locale, 'resend_refused', { refused: result.refused.length, reasons });
}

/** The confirmation after resending: how many went, and why the others did not. */
export function resendFlash(locale: Locale, resent: number, refused?: string): Html {
  return html`<div class="notification" role="status"><p>${messageMessages.t(locale, 'resend_done', { resent: deliveryFormat(locale).n(resent) })}</p>${refused ? html`<p>${refused}</p>` : ''}</div>`;
}

const EVENT_KEYS: Record<string, MessageMessageKey> = {
  accepted: 'event_accepted', delivered: 'event_delivered', opened: 'event_opened', attempt_failed: 'event_attempt_failed',
  retry_scheduled: 'event_retry_scheduled', next_channel: 'event_next_channel', returned: 'event_returned', paper_only: 'event_paper_only',
  undeliverable: 'event_undeliverable', withdrawn: 'event_withdrawn', resend: 'event_resend', paper_reissued: 'event_paper_reissued',
  public_notice: 'event_public_notice',
};
const ATTEMPT_STATE_KEYS: Record<string, MessageMessageKey> = {
  queued: 'attempt_queued', sending: 'attempt_sending', accepted: 'attempt_accepted', delivered: 'attempt_delivered', failed: 'attempt_failed', cancelled: 'attempt_cancelled',
};

/** What happened, in words (an event the catalogue does not know yet: "other record", never its code). */
export function eventLabel(event: string, locale: Locale): string {
  return messageMessages.t(locale, EVENT_KEYS[event] ?? 'event_other');
}

export function attemptStateLabel(state: string, locale: Locale): string {
  return messageMessages.t(locale, ATTEMPT_STATE_KEYS[state] ?? 'event_other');
}

/** The event's details in a sentence: causes, times and reasons, never a field name or personal data. */
export function eventDetail(e: TimelineEvent, locale: Locale): string {
  const f = format(locale);
  const d = e.detail;
  const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
  switch (e.event) {
    case 'delivered':
      if (!d.delivered_at) return '';
      return d.effective_due_date
        ? f.t('event_delivered_due', { at: f.time(new Date(str(d.delivered_at))), due: f.date(str(d.effective_due_date)) })
        : f.t('event_delivered_detail', { at: f.time(new Date(str(d.delivered_at))) });
    case 'opened':
      return d.opened_at ? f.t('event_opened_detail', { at: f.time(new Date(str(d.opened_at))) }) : '';
    case 'attempt_failed':
      return [d.cause ? causeLabel(str(d.cause), locale) : '', str(d.detail)].filter(Boolean).join(': ');
    case 'retry_scheduled':
      return f.t('event_retry_detail', { try: str(d.try), seconds: f.n(Math.max(1, Math.round(Number(d.retry_in_ms ?? 0) / 1000))) });
    case 'returned':
    case 'paper_only':
    case 'undeliverable':
      return d.last_cause ? f.t('event_last_cause', { cause: causeLabel(str(d.last_cause), locale) }) : '';
    case 'withdrawn':
      return d.reason === 'paid' ? f.t('event_withdrawn_paid') : str(d.reason);
    case 'resend':
      return f.t('event_resend_detail', { by: str(d.by), reason: str(d.reason) });
    case 'paper_reissued':
      return d.batch_id ? f.t('event_paper_batch', { id: str(d.batch_id) }) : '';
    case 'public_notice':
      return f.t('event_public_notice_detail', { article: str(d.article), by: str(d.by) });
    default:
      return '';
  }
}

/**
 * A message that did not reach its taxpayer electronically and that a
 * corrected contact may still reach: still being tried after a failure,
 * waiting for paper, or failed. Its pages lead to the contact edit.
 */
export function needsContactFix(m: { state: string; lastFailureCause: string | null; taxpayerId: number | null }): boolean {
  return m.taxpayerId !== null && m.lastFailureCause !== null && ['pending', 'awaiting_paper', 'failed'].includes(m.state);
}

/** Who may follow the links to the taxpayer from a message (the roles are the record's, taxpayers/taxpayer-console.ts). */
export interface TaxpayerLinks {
  /** May open the taxpayer's record. */
  canRead: boolean;
  /** May change the taxpayer's contacts. */
  canEdit: boolean;
}

/** The message page's taxpayer: the record, and for a message that failed, why and the contact edit in one step. */
function taxpayerSection(locale: Locale, m: MessageDetail, links: TaxpayerLinks): Html | '' {
  if (m.taxpayerId === null || !links.canRead) return '';
  const t = format(locale).t;
  const fix = needsContactFix(m);
  return html`<section aria-labelledby="taxpayer-heading" class="dc-taxpayer">
  <h2 id="taxpayer-heading">${t('taxpayer_title')}</h2>
  <p><a href="${taxpayerRecordPath(m.taxpayerId)}?lang=${locale}" id="open-taxpayer">${m.taxpayerName ?? t('taxpayer_open')}</a> <span class="hint">(${t('taxpayer_open')})</span></p>
  ${fix
    ? html`<div class="dc-warning" id="contact-fix">
    <p>${t('fix_text', { cause: causeLabel(m.lastFailureCause ?? '', locale) })}</p>
    ${links.canEdit
      ? html`<p><a class="button" id="fix-contacts" href="${contactEditPath(m.taxpayerId)}?lang=${locale}">${t('fix_button')}</a></p>`
      : html`<p>${t('fix_ask_official')}</p>`}
  </div>`
    : ''}
</section>`;
}

export function messagePage(
  request: FastifyRequest,
  o: {
    message: MessageDetail; timeline: TimelineEvent[]; content?: RenderedContent | null; canAct: boolean; article31: string; article33: string;
    taxpayerLinks: TaxpayerLinks; flash?: Html; errors?: FieldError[];
  },
): string {
  const locale = request.locale;
  const f = format(locale);
  const t = f.t;
  const m = o.message;
  const errors = o.errors ?? [];
  const title = t('message_title', { id: m.id });
  const row = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const period = m.period ? ` ${formatPeriod(m.period, locale)}` : '';
  const body = html`${consoleAssets()}${errorSummary(locale, errors)}
${sectionNav(request, seasonsNav)}
<h1>${title}</h1>
${o.flash ?? ''}
${taxpayerSection(locale, m, o.taxpayerLinks)}
<dl class="summary-list">
  ${row(t('msg_kind'), kindLabel(m.kind, locale))}
  ${m.noticeNo ? row(t('msg_notice'), `${m.noticeNo} · ${taxItemLabel(m.taxItem ?? '', locale)} ${m.taxYear ?? ''}${period}`) : ''}
  ${m.amount !== null ? row(t('msg_amount'), f.krw(m.amount)) : ''}
  ${m.dueDate ? row(t('msg_due'), f.date(m.dueDate)) : ''}
  ${m.dueDate ? row(t('msg_effective_due'), m.effectiveDueDate ? html`${f.date(m.effectiveDueDate)} <span class="hint">(${o.article31})</span>` : t('msg_effective_due_none')) : ''}
  ${row(t('msg_state'), stateLabel(m.state, locale))}
  ${row(t('msg_plan'), m.plan.length ? m.plan.map((c) => channelLabel(c, locale)).join(' → ') : t('msg_plan_none'))}
  ${row(t('msg_delivered'), m.deliveredAt ? `${f.time(m.deliveredAt)} · ${channelLabel(m.deliveredChannel ?? '', locale)}` : t('msg_not_delivered'))}
  ${m.openedAt ? row(t('msg_opened'), f.time(m.openedAt)) : ''}
  ${m.returnedAt ? row(t('msg_returned'), f.time(m.returnedAt)) : ''}
  ${m.paperBatchId ? row(t('msg_paper_batch'), html`<a href="/api/paper-batches/${m.paperBatchId}/pdf" download>${paperBatchMessages.t(locale, 'download_pdf', { id: m.paperBatchId })}</a>`) : ''}
  ${m.publicNoticeAt ? row(t('msg_public_notice'), html`${f.time(m.publicNoticeAt)} <span class="hint">(${o.article33})</span>`) : ''}
  ${m.deemedServedOn ? row(t('msg_deemed_served'), f.date(m.deemedServedOn)) : ''}
  ${m.withdrawnReason ? row(t('msg_withdrawn'), m.withdrawnReason) : ''}
</dl>
${o.canAct && (m.state === 'pending' || m.state === 'awaiting_paper')
  ? html`<form method="post" action="/console/messages/${m.id}/resend?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'resend-reason', name: 'reason', label: t('resend_reason'), hint: t('resend_reason_hint'), error: errors.find((e) => e.field === 'resend-reason')?.message, maxlength: 500 })}
  <button type="submit" class="button" id="resend-one">${t('resend_one_button')}</button>
</form>`
  : ''}
${m.contentsPurgedAt
  ? html`<section aria-labelledby="content-heading"><h2 id="content-heading">${t('content_title')}</h2><p id="content-purged">${t('content_purged', { date: f.date(seoulDay(m.contentsPurgedAt)) })}</p></section>`
  : o.content ? html`${demoPhoneStyles()}<section aria-labelledby="content-heading"><h2 id="content-heading">${t('content_title')}</h2>${renderedMessage(locale, o.content)}</section>` : ''}
<h2 id="attempts-heading">${t('attempts_title')}</h2>
${m.attempts.length
  ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="attempts-heading"><table aria-labelledby="attempts-heading">
  <thead><tr><th scope="col" class="num">${t('col_attempt')}</th><th scope="col">${t('col_channel')}</th><th scope="col">${t('col_provider')}</th>
    <th scope="col">${t('col_state')}</th><th scope="col" class="num">${t('col_tries')}</th><th scope="col">${t('col_accepted')}</th>
    <th scope="col">${t('col_finished')}</th><th scope="col">${t('col_answer')}</th></tr></thead>
  <tbody>${m.attempts.map(
    (a) => html`<tr><td class="num">${a.id}</td><td>${channelLabel(a.channel, locale)}</td><td>${a.provider ?? '-'}</td><td>${attemptStateLabel(a.state, locale)}</td>
    <td class="num">${a.tries}</td><td class="date">${a.acceptedAt ? f.time(a.acceptedAt) : ''}</td><td class="date">${a.finalAt ? f.time(a.finalAt) : ''}</td>
    <td>${[a.failureCause ? causeLabel(a.failureCause, locale) : null, a.failureDetail].filter(Boolean).join(': ')}</td></tr>`,
  )}</tbody>
</table></div>`
  : html`<p>${t('timeline_none')}</p>`}
<h2 id="timeline-heading">${t('timeline_title')}</h2>
${o.timeline.length
  ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="timeline-heading"><table aria-labelledby="timeline-heading">
  <thead><tr><th scope="col">${t('col_time')}</th><th scope="col">${t('col_event')}</th><th scope="col">${t('col_channel')}</th>
    <th scope="col">${t('col_provider')}</th><th scope="col">${t('col_detail')}</th></tr></thead>
  <tbody>${o.timeline.map(
    (e) => html`<tr><td class="date">${f.time(new Date(e.at))}</td><td>${eventLabel(e.event, locale)}</td><td>${e.channel ? channelLabel(e.channel, locale) : ''}</td>
    <td>${e.provider ?? ''}</td><td>${eventDetail(e, locale)}</td></tr>`,
  )}</tbody>
</table></div>`
  : html`<p>${t('timeline_none')}</p>`}
${m.seasonId ? html`<p><a href="/console/seasons/${m.seasonId}?lang=${locale}">${t('back_to_season')}</a></p>` : ''}`;
  return renderPage(request, { title, body, hasErrors: errors.length > 0 });
}

export interface SeasonMessagesOptions {
  messages: { total: number; rows: MessageListRow[] };
  filter: { state?: string; cause?: string; search?: string; page: number };
  /** Failure causes seen in the season, for the filter. */
  causes: string[];
  canAct: boolean;
  taxpayerLinks: TaxpayerLinks;
  errors?: FieldError[];
  /** A refused resend: what was ticked and typed, shown again. */
  resend?: { ids: readonly number[]; reason: string };
}

/** A season's messages on its page: the filter, one page of the table, and resending the ones ticked. */
export function seasonMessagesSection(request: FastifyRequest, seasonId: number, o: SeasonMessagesOptions): Html {
  const locale = request.locale;
  const f = format(locale);
  const t = f.t;
  const { total, rows } = o.messages;
  const from = total === 0 ? 0 : (o.filter.page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, o.filter.page * PAGE_SIZE);
  const filterParams = () => {
    const p = new URLSearchParams({ lang: locale });
    if (o.filter.search) p.set('q', o.filter.search);
    if (o.filter.state) p.set('state', o.filter.state);
    if (o.filter.cause) p.set('cause', o.filter.cause);
    return p;
  };
  const pageUrl = (page: number) => {
    const p = filterParams();
    p.set('page', String(page));
    return `/console/seasons/${seasonId}?${p.toString()}#messages-heading`;
  };
  const filtered = Boolean(o.filter.search || o.filter.state || o.filter.cause);
  const reasonError = o.errors?.find((e) => e.field === 'resend-reason')?.message;
  const table = rows.length
    ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="messages-heading"><table>
  <caption class="visually-hidden">${t('messages_title')}</caption>
  <thead><tr>
    ${o.canAct ? html`<th scope="col"><span class="visually-hidden">${t('col_select')}</span></th>` : ''}
    <th scope="col" class="num">${t('col_message')}</th><th scope="col">${t('col_notice_no')}</th><th scope="col">${t('col_taxpayer')}</th>
    <th scope="col">${t('col_state')}</th><th scope="col">${t('col_channel')}</th><th scope="col">${t('col_last_cause')}</th><th scope="col">${t('col_delivered_at')}</th>
    ${o.taxpayerLinks.canEdit ? html`<th scope="col">${t('col_action')}</th>` : ''}
  </tr></thead>
  <tbody>${rows.map(
    (m) => html`<tr>
    ${o.canAct ? html`<td class="dc-select"><input type="checkbox" id="msg-${m.id}" name="ids" value="${m.id}" form="resend-form"${o.resend?.ids.includes(m.id) ? html` checked` : ''}><label for="msg-${m.id}" class="visually-hidden">${t('select_message', { id: m.id })}</label></td>` : ''}
    <td class="num"><a href="/console/messages/${m.id}?lang=${locale}">${m.id}</a></td>
    <td>${m.noticeNo ?? '-'}</td>
    <td>${m.taxpayerId !== null && o.taxpayerLinks.canRead ? html`<a href="${taxpayerRecordPath(m.taxpayerId)}?lang=${locale}">${m.taxpayerName ?? '-'}</a>` : m.taxpayerName ?? '-'}</td>
    <td>${stateLabel(m.state, locale)}</td>
    <td>${m.deliveredChannel ? channelLabel(m.deliveredChannel, locale) : m.plan.map((c) => channelLabel(c, locale)).join(' → ') || channelLabel('paper', locale)}</td>
    <td>${m.lastFailureCause ? causeLabel(m.lastFailureCause, locale) : ''}</td>
    <td class="date">${m.deliveredAt ? f.time(m.deliveredAt) : ''}</td>
    ${o.taxpayerLinks.canEdit
      ? html`<td>${needsContactFix(m) ? html`<a href="${contactEditPath(m.taxpayerId!)}?lang=${locale}" class="dc-fix-link">${t('fix_link')}<span class="visually-hidden"> ${t('fix_link_whose', { name: m.taxpayerName ?? '-', id: m.id })}</span></a>` : ''}</td>`
      : ''}
  </tr>`,
  )}</tbody>
</table></div>`
    : html`<p>${t('messages_none')}</p>`;
  return html`<h2 id="messages-heading">${t('messages_title')}</h2>
<form method="get" action="/console/seasons/${seasonId}#messages-heading" class="dc-filter" aria-label="${t('filter_title')}" role="search">
  <input type="hidden" name="lang" value="${locale}">
  <div class="field"><label class="label" for="filter-q">${t('filter_search')}</label>
    <p class="hint" id="filter-q-hint">${t('filter_search_hint')}</p>
    <input class="input" id="filter-q" name="q" type="search" value="${o.filter.search ?? ''}" maxlength="${SEARCH_MAX}" autocomplete="off" spellcheck="false" aria-describedby="filter-q-hint"></div>
  <div class="field"><label class="label" for="filter-state">${t('filter_state')}</label>
    <select class="select" id="filter-state" name="state"><option value="">${t('filter_any')}</option>
    ${MESSAGE_STATES.map((s) => html`<option value="${s}"${o.filter.state === s ? html` selected` : ''}>${stateLabel(s, locale)}</option>`)}</select></div>
  <div class="field"><label class="label" for="filter-cause">${t('filter_cause')}</label>
    <select class="select" id="filter-cause" name="cause"><option value="">${t('filter_any')}</option>
    ${o.causes.map((c) => html`<option value="${c}"${o.filter.cause === c ? html` selected` : ''}>${causeLabel(c, locale)}</option>`)}</select></div>
  <button type="submit" class="button button-secondary" id="filter-apply">${t('filter_apply')}</button>
</form>
<p>${t('messages_count', { total: f.n(total), from: f.n(from), to: f.n(to) })}${filtered ? html` <a href="/console/seasons/${seasonId}?lang=${locale}#messages-heading">${t('filter_clear')}</a>` : ''}</p>
<p><a href="/console/seasons/${seasonId}/report.csv?${filterParams().toString()}" download id="report-csv">${t(filtered ? 'report_csv_filtered' : 'report_csv', { total: f.n(total) })}</a></p>
${table}
<nav class="dc-pages" aria-label="${t('messages_title')}">
  ${o.filter.page > 1 ? html`<a href="${pageUrl(o.filter.page - 1)}">${t('page_prev')}</a>` : ''}
  ${to < total ? html`<a href="${pageUrl(o.filter.page + 1)}">${t('page_next')}</a>` : ''}
</nav>
${o.canAct && rows.length
  ? html`<form method="post" action="/console/seasons/${seasonId}/resend?lang=${locale}" id="resend-form">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'resend-reason', name: 'reason', label: t('resend_reason'), hint: t('resend_reason_hint'), value: o.resend?.reason, error: reasonError, maxlength: 500 })}
  <button type="submit" class="button" id="resend-submit">${t('resend_button')}</button>
</form>`
  : ''}`;
}
