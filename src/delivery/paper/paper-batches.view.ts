import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { csrfField } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { deliveryFormat } from '../delivery.format.ts';
import type { PaperJob } from './paper-batch-jobs.repository.ts';
import type { PaperBatchRow } from './paper-batches.repository.ts';
import { jobFailureKey, paperBatchMessages, type PaperBatchMessageKey } from './paper-batches.messages.ts';

// Paper batches on a season's page: how many notices wait for paper in the
// district, the button that asks for a batch (made in the background:
// paper-batch-jobs.service.ts), how far the batch is, its download when
// ready, and the batches made. The status sentence, the job's part and the
// list are parts the page's script replaces while a batch is being made.

function tr(locale: Locale) {
  return (key: PaperBatchMessageKey, vars?: Record<string, string | number>) => paperBatchMessages.t(locale, key, vars);
}

const downloads = (locale: Locale, id: number) => {
  const t = tr(locale);
  return html`<a href="/api/paper-batches/${id}/pdf" download>${t('download_pdf', { id })}</a><br><a href="/api/paper-batches/${id}/manifest" download>${t('download_manifest', { id })}</a>`;
};

/** The district's batches, newest first, with their downloads. */
function batchesTable(locale: Locale, batches: PaperBatchRow[]): Html {
  const f = deliveryFormat(locale);
  const t = tr(locale);
  if (batches.length === 0) return html`<p>${t('paper_none')}</p>`;
  return html`<div class="table-wrap"><table>
  <caption class="visually-hidden">${t('paper_batches')}</caption>
  <thead><tr><th scope="col" class="num">${t('col_batch')}</th><th scope="col">${t('col_created_at')}</th><th scope="col" class="num">${t('col_notices')}</th>
    <th scope="col" class="num">${t('col_pages')}</th><th scope="col" class="num">${t('col_cost')}</th><th scope="col">${t('col_downloads')}</th></tr></thead>
  <tbody>${batches.map(
    (b) => html`<tr><td class="num">${b.id}</td><td class="date">${f.time(b.createdAt)}</td><td class="num">${f.n(b.notices)}</td><td class="num">${f.n(b.pages)}</td>
    <td class="num">${f.krw(b.costKrw)}</td>
    <td>${downloads(locale, b.id)}</td></tr>`,
  )}</tbody>
</table></div>`;
}

export const paperJobActive = (job: PaperJob | null): boolean => job?.state === 'queued' || job?.state === 'running';

/** What the batch asked for is doing, in a sentence ('' when none was asked for). */
function jobSentence(locale: Locale, job: PaperJob | null, batch: PaperBatchRow | undefined): string {
  const f = deliveryFormat(locale);
  const t = tr(locale);
  if (!job) return '';
  switch (job.state) {
    case 'queued':
      return t('job_queued');
    case 'running':
      return t('job_running', { handled: f.n(job.handled), total: f.n(Math.max(job.total, job.handled)) });
    case 'done': {
      const paid = job.withdrawnPaid > 0 ? ` ${t('job_paid_withdrawn', { n: f.n(job.withdrawnPaid) })}` : '';
      return (batch ? t('job_done', { id: batch.id, notices: f.n(batch.notices), cost: f.krw(batch.costKrw) }) : t('paper_nothing')) + paid;
    }
    case 'failed':
      return t(jobFailureKey(job.errorCode));
  }
}

export interface PaperState {
  awaitingPaper: number;
  batches: PaperBatchRow[];
  /** The batch asked for that the page follows (the one just asked for, or one under way). */
  job: PaperJob | null;
  canAct: boolean;
  /** Where the button posts. */
  makeBatchUrl: string;
}

/** The parts of the paper section that change while a batch is made. */
export function paperParts(request: FastifyRequest, o: PaperState): { status: string; job: Html; batches: Html; active: boolean } {
  const locale = request.locale;
  const f = deliveryFormat(locale);
  const t = tr(locale);
  const active = paperJobActive(o.job);
  const batch = o.job?.batchId ? o.batches.find((b) => b.id === o.job!.batchId) : undefined;
  const job = html`<p>${t('paper_waiting', { n: f.n(o.awaitingPaper) })}</p>
${active
  ? html`<p><progress id="paper-progress" max="${Math.max(1, o.job!.total, o.job!.handled)}" value="${o.job!.handled}" aria-label="${t('job_progress_label')}">${f.n(o.job!.handled)} / ${f.n(o.job!.total)}</progress></p>
<p class="hint">${t('job_leave_page')}</p>`
  : ''}
${o.job?.state === 'done' && batch ? html`<p id="paper-ready">${downloads(locale, batch.id)}</p>` : ''}
${o.canAct && !active
  ? html`<form method="post" action="${o.makeBatchUrl}">
  ${csrfField(request.staffSession?.csrfToken)}
  <button type="submit" class="button button-secondary" id="paper-batch">${t('paper_button')}</button>
</form>`
  : ''}`;
  return { status: jobSentence(locale, o.job, batch), job, batches: batchesTable(locale, o.batches), active };
}

/** The paper section of a season's page. */
export function paperSection(request: FastifyRequest, o: PaperState): Html {
  const t = tr(request.locale);
  const parts = paperParts(request, o);
  return html`<h2 id="paper-heading">${t('paper_title')}</h2>
<p id="paper-job-status" aria-live="polite" aria-atomic="true">${parts.status}</p>
<div id="paper-job">${parts.job}</div>
<h3>${t('paper_batches')}</h3>
<div id="paper-batches">${parts.batches}</div>`;
}
