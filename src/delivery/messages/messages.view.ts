import type { FastifyRequest } from 'fastify';
import { csrfField, errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { formatPeriod } from '../../notices/render/format.ts';
import type { TimelineEvent } from '../queue/queue.ts';
import { causeLabel, channelLabel, fmt, kindLabel, stateLabel, taxItemLabel } from '../delivery.format.ts';
import type { MessageDetail } from '../seasons/seasons.repository.ts';
import { consoleAssets, consoleNav } from '../seasons/seasons.view.ts';

// One message: what it is, the legal dates (delivered, §31 due date, §33
// public notice), each delivery attempt, and its whole timeline.

function detailText(detail: Record<string, unknown>): string {
  // The timeline's details hold ids, causes and provider answers, never personal data.
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

export function messagePage(
  request: FastifyRequest,
  o: { message: MessageDetail; timeline: TimelineEvent[]; canAct: boolean; article31: string; article33: string; flash?: Html; errors?: FieldError[] },
): string {
  const locale = request.locale;
  const f = fmt(locale);
  const t = f.t;
  const m = o.message;
  const errors = o.errors ?? [];
  const title = t('message_title', { id: m.id });
  const row = (label: string, value: Html | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const period = m.period ? ` ${formatPeriod(m.period, locale)}` : '';
  const body = html`${consoleAssets()}${errorSummary(locale, errors)}
${consoleNav(locale, 'seasons')}
<h1>${title}</h1>
${o.flash ?? ''}
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
  ${m.paperBatchId ? row(t('msg_paper_batch'), html`<a href="/api/paper-batches/${m.paperBatchId}/pdf" download>${t('download_pdf', { id: m.paperBatchId })}</a>`) : ''}
  ${m.publicNoticeAt ? row(t('msg_public_notice'), html`${f.time(m.publicNoticeAt)} <span class="hint">(${o.article33})</span>`) : ''}
  ${m.deemedServedOn ? row(t('msg_deemed_served'), f.date(m.deemedServedOn)) : ''}
  ${m.withdrawnReason ? row(t('msg_withdrawn'), m.withdrawnReason) : ''}
</dl>
${o.canAct && (m.state === 'pending' || m.state === 'awaiting_paper')
  ? html`<form method="post" action="/console/messages/${m.id}/resend?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'resend-reason', name: 'reason', label: t('resend_reason'), hint: t('resend_reason_hint'), error: errors.find((e) => e.field === 'resend-reason')?.message })}
  <button type="submit" class="button" id="resend-one">${t('resend_one_button')}</button>
</form>`
  : ''}
<h2 id="attempts-heading">${t('attempts_title')}</h2>
${m.attempts.length
  ? html`<div class="table-wrap"><table aria-labelledby="attempts-heading">
  <thead><tr><th scope="col" class="num">${t('col_attempt')}</th><th scope="col">${t('col_channel')}</th><th scope="col">${t('col_provider')}</th>
    <th scope="col">${t('col_state')}</th><th scope="col" class="num">${t('col_tries')}</th><th scope="col">${t('col_accepted')}</th>
    <th scope="col">${t('col_finished')}</th><th scope="col">${t('col_answer')}</th></tr></thead>
  <tbody>${m.attempts.map(
    (a) => html`<tr><td class="num">${a.id}</td><td>${channelLabel(a.channel, locale)}</td><td>${a.provider ?? '-'}</td><td>${a.state}</td>
    <td class="num">${a.tries}</td><td>${a.acceptedAt ? f.time(a.acceptedAt) : ''}</td><td>${a.finalAt ? f.time(a.finalAt) : ''}</td>
    <td>${[a.failureCause ? causeLabel(a.failureCause, locale) : null, a.failureDetail].filter(Boolean).join(': ')}</td></tr>`,
  )}</tbody>
</table></div>`
  : html`<p>${t('timeline_none')}</p>`}
<h2 id="timeline-heading">${t('timeline_title')}</h2>
${o.timeline.length
  ? html`<div class="table-wrap"><table aria-labelledby="timeline-heading">
  <thead><tr><th scope="col">${t('col_time')}</th><th scope="col">${t('col_event')}</th><th scope="col">${t('col_channel')}</th>
    <th scope="col">${t('col_provider')}</th><th scope="col">${t('col_detail')}</th></tr></thead>
  <tbody>${o.timeline.map(
    (e) => html`<tr><td>${f.time(new Date(e.at))}</td><td>${e.event}</td><td>${e.channel ? channelLabel(e.channel, locale) : ''}</td>
    <td>${e.provider ?? ''}</td><td>${detailText(e.detail)}</td></tr>`,
  )}</tbody>
</table></div>`
  : html`<p>${t('timeline_none')}</p>`}
${m.seasonId ? html`<p><a href="/console/seasons/${m.seasonId}?lang=${locale}">${t('back_to_season')}</a></p>` : ''}`;
  return renderPage(request, { title, body, hasErrors: errors.length > 0 });
}
