import type { FastifyRequest } from 'fastify';
import { csrfField, errorSummary, textareaField, type FieldError } from '../web/components.ts';
import { html } from '../web/html.ts';
import { renderPage } from '../web/layout.ts';
import { dataExportMessages, type DataExportMessageKey } from './data-export.messages.ts';
import type { ExportSubject } from './data-export.section.ts';

// The export page: who it is of, what it holds, the reason (required), the
// two downloads, and the way to correct a contact (the audited change).

export function exportPage(
  request: FastifyRequest,
  o: { taxpayerId: number; subject: ExportSubject; sectionTitles: string[]; reason?: string; errors?: FieldError[] },
): string {
  const locale = request.locale;
  const t = (key: DataExportMessageKey, vars?: Record<string, string | number>) => dataExportMessages.t(locale, key, vars);
  const errors = o.errors ?? [];
  const title = t('page_title', { no: o.subject.taxpayerNo });
  const body = html`${errorSummary(locale, errors)}
<p><a href="/console/taxpayers/${o.taxpayerId}?lang=${locale}">${t('back')}</a></p>
<h1>${title}</h1>
<p class="lead">${t('lead')}</p>
<h2 id="includes-heading">${t('includes_title')}</h2>
<ul class="list" aria-labelledby="includes-heading" id="export-sections">${o.sectionTitles.map((s) => html`<li>${s}</li>`)}</ul>
<h2 id="formats-heading">${t('formats_title')}</h2>
<ul class="list" aria-labelledby="formats-heading"><li>${t('format_json')}</li><li>${t('format_pdf')}</li></ul>
<form method="post" action="/console/taxpayers/${o.taxpayerId}/export?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${textareaField({ locale, id: 'reason', name: 'reason', label: t('reason_label'), hint: t('reason_hint'), value: o.reason ?? '', error: errors.find((e) => e.field === 'reason')?.message, rows: 3, maxlength: 500 })}
  <button type="submit" class="button" name="format" value="json" id="download-json">${t('download_json')}</button>
  <button type="submit" class="button button-secondary" name="format" value="pdf" id="download-pdf">${t('download_pdf')}</button>
</form>
<h2>${t('correction_title')}</h2>
<p>${t('correction_text')} <a href="/console/taxpayers/${o.taxpayerId}/edit?lang=${locale}" id="correct-contacts">${t('correction_link')}</a></p>`;
  return renderPage(request, { title, body, hasErrors: errors.length > 0 });
}
