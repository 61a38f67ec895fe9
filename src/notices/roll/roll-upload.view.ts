import type { FastifyRequest } from 'fastify';
import { formatNumber, type Bilingual, type Locale } from '../../platform/i18n/i18n.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { csrfField, errorSummary, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import type { RollImportSummary } from './roll-imports.repository.ts';
import type { RollImportReport } from './roll-import.service.ts';
import { rollImportsTableMessages, rollUploadMessages } from './roll.messages.ts';
import { rollFormatMessages, type RollFormatMessageKey } from './roll-format.messages.ts';
import { rollColumnWords, sampleFileName } from './roll-sample.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { ROLL_COLUMNS } from './roll-format.ts';
import { TAX_ITEMS } from '../tax-items.ts';

// The console's roll upload form and the import report page.

/** Roles that may import a tax roll (the API and the console form alike). */
export const ROLL_IMPORT_ROLES: readonly Role[] = ['admin', 'tax_official'];

export const ROLL_UPLOAD_PATH = '/console/rolls/upload';
/** The sample file, English or Korean header (?headers=en|ko). */
export const ROLL_SAMPLE_PATH = '/console/rolls/sample.csv';

type Key = Parameters<typeof rollUploadMessages.t>[1];

/** A bad row's reason in the reader's language (the English one when a check gave no Korean). */
export function rollErrorReason(e: { reason: string; reasonKo?: string }, locale: Locale): string {
  const reasons: Bilingual = { ko: e.reasonKo ?? e.reason, en: e.reason };
  return reasons[locale];
}

/** What a reason quotes from the file: a value in quotes, a column's header, a tax item's code as the file writes them. */
const FILE_WORDS = new RegExp(`("[^"]*"|\\b(?:${[...ROLL_COLUMNS.map((c) => c.name), ...TAX_ITEMS].join('|')})\\b)`);

/** The reason on the report page, what it quotes from the file marked translate="no" (the file's words, not the page's). */
function reasonHtml(e: { reason: string; reasonKo?: string }, locale: Locale): Html {
  const parts = rollErrorReason(e, locale).split(FILE_WORDS);
  return html`${parts.map((part, i) => (i % 2 ? html`<span translate="no">${part}</span>` : part))}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 ? 1 : 0)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

export function rollUploadForm(request: FastifyRequest, o: { maxBytes?: number; error?: string; headingLevel?: 1 | 2 } = {}): Html {
  const locale = request.locale;
  const t = (key: Key, vars?: Record<string, string>) => rollUploadMessages.t(locale, key, vars);
  const heading = o.headingLevel === 1 ? html`<h1>${t('upload_title')}</h1>` : html`<h2>${t('upload_title')}</h2>`;
  const describedBy = ['roll-file-hint', o.error ? 'roll-file-error' : ''].filter(Boolean).join(' ');
  // The _csrf field and the checkbox come before the file: the server reads
  // the fields that precede the file, then streams the file into the import.
  return html`${heading}
<p>${t('upload_intro')}</p>
<p><a href="${o.headingLevel === 1 ? '' : `${ROLL_UPLOAD_PATH}?lang=${locale}`}#roll-format">${rollFormatMessages.t(locale, 'format_link')}</a></p>
<form method="post" action="${ROLL_UPLOAD_PATH}?lang=${locale}" enctype="multipart/form-data">
  ${csrfField(request.staffSession?.csrfToken)}
  <div class="checkbox"><input type="checkbox" id="skip-invalid" name="skipInvalid" value="1"><label for="skip-invalid">${t('skip_invalid')}</label></div>
  <div class="field${o.error ? ' field-error' : ''}">
    <label class="label" for="roll-file">${t('file_label')}</label>
    <p class="hint" id="roll-file-hint">${t('file_hint', { size: formatBytes(o.maxBytes ?? 1024 ** 3) })}</p>
    ${o.error ? html`<p class="error-message" id="roll-file-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${o.error}</p>` : ''}
    <input class="file-input" type="file" id="roll-file" name="file" accept=".csv,text/csv" aria-describedby="${describedBy}"${o.error ? html` aria-invalid="true"` : ''}>
  </div>
  <button type="submit" class="button">${t('submit')}</button>
</form>`;
}

export function rollUploadPage(request: FastifyRequest, o: { maxBytes: number; error?: string }): string {
  const locale = request.locale;
  const errors: FieldError[] = o.error ? [{ field: 'roll-file', message: o.error }] : [];
  const body = html`${errorSummary(locale, errors)}${rollUploadForm(request, { ...o, headingLevel: 1 })}
${rollFormatSection(locale)}`;
  return renderPage(request, { title: rollUploadMessages.t(locale, 'upload_title'), body, hasErrors: errors.length > 0 });
}

/** The columns of the file (made from the parser's column definitions) and the sample file's links. */
function rollFormatSection(locale: Locale): Html {
  const t = (key: RollFormatMessageKey) => rollFormatMessages.t(locale, key);
  return html`<section aria-labelledby="roll-format">
<h2 id="roll-format" tabindex="-1">${t('format_title')}</h2>
<p>${t('format_lead')}</p>
<p>${t('format_encodings')}</p>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="roll-format"><table id="roll-columns">
  <caption class="visually-hidden">${t('format_caption')}</caption>
  <thead><tr><th scope="col">${t('format_col_column')}</th><th scope="col">${t('format_col_required')}</th><th scope="col">${t('format_col_meaning')}</th><th scope="col">${t('format_col_form')}</th><th scope="col">${t('format_col_example')}</th></tr></thead>
  <tbody>${rollColumnWords(locale).map((c) => html`<tr data-column="${c.name}">
    <th scope="row"><code translate="no">${c.name}</code><br><span translate="no">${c.ko}</span></th>
    <td>${t(c.required ? 'required_yes' : 'required_no')}</td>
    <td>${c.meaning}</td>
    <td>${c.form}${c.literals.length ? html` ${c.literals.map((v, i) => html`${i ? ', ' : ''}<code translate="no">${v}</code>`)}` : ''}</td>
    <td>${c.example === null ? t('example_empty') : html`<code translate="no">${c.example}</code>`}</td>
  </tr>`)}</tbody>
</table></div>
<h3 id="roll-sample">${t('sample_title')}</h3>
<p>${t('sample_lead')}</p>
<ul class="list">
  <li><a href="${ROLL_SAMPLE_PATH}?headers=en" download="${sampleFileName('en')}" id="roll-sample-en">${t('sample_en')}</a></li>
  <li><a href="${ROLL_SAMPLE_PATH}?headers=ko" download="${sampleFileName('ko')}" id="roll-sample-ko">${t('sample_ko')}</a></li>
</ul>
</section>`;
}

export function rollReportPage(
  request: FastifyRequest,
  report: RollImportReport,
  o: { fileName: string; columnName: (field: string, locale: Locale) => Html | string },
): string {
  const locale = request.locale;
  const t = (key: Key, vars?: Record<string, string>) => rollUploadMessages.t(locale, key, vars);
  const n = (value: number) => formatNumber(locale, value);
  const imported = report.status === 'imported';
  const title = imported ? t('report_imported') : t('report_rejected');
  const body = html`<div class="notification${imported ? ' notification-success' : ''}" role="status">
  <h1 class="notification-title">${title}</h1>
  ${imported ? '' : html`<p>${t('report_rejected_help')}</p>`}
</div>
<dl class="summary-list">
  <dt>${t('report_file')}</dt><dd>${o.fileName}</dd>
  ${report.importId !== null ? html`<dt>${t('report_import_id')}</dt><dd>${report.importId}</dd>` : ''}
  <dt>${t('report_encoding')}</dt><dd>${report.encoding ?? '-'}</dd>
  <dt>${t('report_rows')}</dt><dd>${n(report.rowsTotal)}</dd>
  <dt>${t('report_inserted')}</dt><dd>${n(report.inserted)}</dd>
  <dt>${t('report_updated')}</dt><dd>${n(report.updated)}</dd>
  <dt>${t('report_unchanged')}</dt><dd>${n(report.unchanged)}</dd>
  <dt>${t('report_rejected_rows')}</dt><dd>${n(report.rejected)}</dd>
</dl>
${report.unknownColumns.length ? html`<p>${t('report_unknown_columns', { columns: report.unknownColumns.join(', ') })}</p>` : ''}
${report.errors.length
  ? html`<h2 id="errors-heading">${t('errors_title', { count: n(report.errors.length + report.errorsNotShown) })}</h2>
<div class="table-wrap"><table aria-labelledby="errors-heading">
  <thead><tr><th scope="col" class="num">${t('col_line')}</th><th scope="col">${t('col_column')}</th><th scope="col">${t('col_reason')}</th></tr></thead>
  <tbody>${report.errors.map((e) => html`<tr><td class="num">${e.line || '-'}</td><td>${o.columnName(e.field, locale)}</td><td>${reasonHtml(e, locale)}</td></tr>`)}</tbody>
</table></div>
${report.errorsNotShown ? html`<p>${t('errors_not_shown', { count: n(report.errorsNotShown) })}</p>` : ''}`
  : ''}
${report.conflicts.length
  ? html`<h2 id="conflicts-heading">${t('conflicts_title', { count: n(report.conflicts.length) })}</h2>
<p>${t('conflicts_help')}</p>
<div class="table-wrap"><table aria-labelledby="conflicts-heading">
  <thead><tr><th scope="col" class="num">${t('col_line')}</th><th scope="col">${t('col_taxpayer_no')}</th><th scope="col">${t('col_fields')}</th></tr></thead>
  <tbody>${report.conflicts.map((c) => html`<tr><td class="num">${c.line}</td><td>${c.taxpayerNo}</td><td>${c.fields.map((f, i) => html`${i ? ', ' : ''}${o.columnName(f, locale)}`)}</td></tr>`)}</tbody>
</table></div>`
  : ''}
<p><a href="${ROLL_UPLOAD_PATH}?lang=${locale}">${t('upload_another')}</a></p>
<p><a href="/console?lang=${locale}">${t('back_to_console')}</a></p>`;
  return renderPage(request, { title, body, hasErrors: !imported });
}


function formatTime(iso: string, locale: Locale): string {
  return formatDateTime(locale, new Date(iso));
}

/** Who imported a roll, in words: the staff member's name, or the command line with its source (as recorded, not a word). */
function importer(locale: Locale, i: RollImportSummary): Html | string {
  if (i.importedByName) return i.importedByName;
  const source = i.importedBy.replace(/^(import|staff):/, '');
  return html`${rollImportsTableMessages.t(locale, i.importedBy.startsWith('staff:') ? 'by_staff_gone' : 'by_command')} (<span translate="no">${source}</span>)`;
}

export function rollImportsTable(locale: Locale, imports: RollImportSummary[]): Html {
  const t = (key: Parameters<typeof rollImportsTableMessages.t>[1]) => rollImportsTableMessages.t(locale, key);
  if (imports.length === 0) return html`<p>${t('no_imports')}</p>`;
  const n = (value: number) => formatNumber(locale, value);
  return html`<div class="table-wrap"><table>
  <caption class="visually-hidden">${t('recent_imports')}</caption>
  <thead><tr>
    <th scope="col">${t('col_file')}</th><th scope="col">${t('col_finished')}</th>
    <th scope="col" class="num">${t('col_rows')}</th><th scope="col" class="num">${t('col_inserted')}</th>
    <th scope="col" class="num">${t('col_updated')}</th><th scope="col" class="num">${t('col_unchanged')}</th>
    <th scope="col" class="num">${t('col_rejected')}</th><th scope="col" class="num">${t('col_conflicts')}</th>
    <th scope="col">${t('col_by')}</th>
  </tr></thead>
  <tbody>${imports.map(
    (i) => html`<tr>
    <td>${i.fileName}</td><td class="date">${formatTime(i.finishedAt, locale)}</td>
    <td class="num">${n(i.rowsTotal)}</td><td class="num">${n(i.inserted)}</td><td class="num">${n(i.updated)}</td>
    <td class="num">${n(i.unchanged)}</td><td class="num">${n(i.rejected)}</td><td class="num">${n(i.conflicts)}</td>
    <td>${importer(locale, i)}</td>
  </tr>`,
  )}</tbody>
</table></div>`;
}
