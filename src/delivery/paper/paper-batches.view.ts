import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { csrfField } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { deliveryFormat } from '../delivery.format.ts';
import type { PaperBatchRow } from './paper-batches.repository.ts';
import { paperBatchMessages, type PaperBatchMessageKey } from './paper-batches.messages.ts';

// Paper batches on a season's page: how many notices wait for paper in the
// district, the button that prints them into one batch, and the batches made,
// with their PDF and mail-house CSV to download.

/** The district's batches, newest first, with their downloads. */
function batchesTable(locale: Locale, batches: PaperBatchRow[]): Html {
  const f = deliveryFormat(locale);
  const t = (key: PaperBatchMessageKey, vars?: Record<string, string | number>) => paperBatchMessages.t(locale, key, vars);
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

/** The confirmation after making a batch: what it holds and costs, or that nothing was waiting. */
export function paperBatchFlash(locale: Locale, made: PaperBatchRow | null): Html {
  const f = deliveryFormat(locale);
  return made
    ? html`<div class="notification notification-success" role="status"><p>${paperBatchMessages.t(locale, 'paper_made', { id: made.id, notices: f.n(made.notices), cost: f.krw(made.costKrw) })}</p></div>`
    : html`<div class="notification" role="status"><p>${paperBatchMessages.t(locale, 'paper_nothing')}</p></div>`;
}

/** The paper section of a season's page; the button posts to `makeBatchUrl` (shown to those who may act). */
export function paperSection(request: FastifyRequest, o: { awaitingPaper: number; batches: PaperBatchRow[]; canAct: boolean; makeBatchUrl: string }): Html {
  const locale = request.locale;
  const t = (key: PaperBatchMessageKey, vars?: Record<string, string | number>) => paperBatchMessages.t(locale, key, vars);
  return html`<h2 id="paper-heading">${t('paper_title')}</h2>
<p>${t('paper_waiting', { n: deliveryFormat(locale).n(o.awaitingPaper) })}</p>
${o.canAct
  ? html`<form method="post" action="${o.makeBatchUrl}">
  ${csrfField(request.staffSession?.csrfToken)}
  <button type="submit" class="button button-secondary" id="paper-batch">${t('paper_button')}</button>
</form>`
  : ''}
<h3>${t('paper_batches')}</h3>
${batchesTable(locale, o.batches)}`;
}
