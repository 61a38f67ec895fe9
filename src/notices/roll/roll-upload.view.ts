import type { FastifyRequest } from 'fastify';
import { defineMessages, type Locale } from '../../platform/i18n/i18n.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { csrfField, errorSummary, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import type { RollImportSummary } from './roll-imports.repository.ts';

// The console's roll upload form and the import report page. The report
// type mirrors RollImportReport of src/notices/roll/roll-import.service.ts
// (only what the page shows), so this view has no dependency on the service.

/** Roles that may import a tax roll (the API and the console form alike). */
export const ROLL_IMPORT_ROLES: readonly Role[] = ['admin', 'tax_official'];

export const rollUploadMessages = defineMessages({
  upload_title: { ko: '과세자료 가져오기', en: 'Import a tax roll' },
  upload_intro: {
    ko: '부과 시스템에서 내려받은 과세자료 CSV 파일(UTF-8 또는 CP949, 한글 또는 영문 머리행)을 올리세요. 기본으로 잘못된 행이 하나라도 있으면 파일 전체를 가져오지 않습니다.',
    en: 'Upload the tax-roll CSV exported by the levy system (UTF-8 or CP949, Korean or English header). By default, one bad row rejects the whole file.',
  },
  file_label: { ko: '과세자료 파일 (CSV)', en: 'Tax-roll file (CSV)' },
  file_hint: { ko: '최대 {size}', en: 'Up to {size}' },
  skip_invalid: { ko: '잘못된 행은 건너뛰고 나머지 행만 가져오기', en: 'Skip bad rows and import the rest' },
  submit: { ko: '가져오기', en: 'Import' },
  file_required: { ko: '가져올 CSV 파일을 선택해 주세요', en: 'Choose the CSV file to import' },
  report_imported: { ko: '과세자료를 가져왔습니다', en: 'The roll was imported' },
  report_rejected: { ko: '과세자료를 가져오지 못했습니다', en: 'The roll was not imported' },
  report_rejected_help: {
    ko: '데이터베이스는 바뀌지 않았습니다. 아래 오류를 고친 뒤 파일을 다시 올려 주세요.',
    en: 'Nothing in the database changed. Correct the errors below and upload the file again.',
  },
  report_file: { ko: '파일', en: 'File' },
  report_encoding: { ko: '인코딩', en: 'Encoding' },
  report_rows: { ko: '전체 행', en: 'Rows read' },
  report_inserted: { ko: '새로 추가', en: 'Added' },
  report_updated: { ko: '변경', en: 'Updated' },
  report_unchanged: { ko: '변경 없음', en: 'Unchanged' },
  report_rejected_rows: { ko: '거부된 행', en: 'Rows rejected' },
  report_import_id: { ko: '가져오기 번호', en: 'Import number' },
  report_unknown_columns: { ko: '알 수 없는 열 (무시함): {columns}', en: 'Unknown columns (ignored): {columns}' },
  errors_title: { ko: '오류 ({count}건)', en: 'Errors ({count})' },
  errors_not_shown: { ko: '그 밖에 {count}건의 오류는 표시하지 않았습니다.', en: '{count} more error(s) not shown.' },
  col_line: { ko: '줄', en: 'Line' },
  col_column: { ko: '열', en: 'Column' },
  col_reason: { ko: '이유', en: 'Reason' },
  conflicts_title: { ko: '연락처 충돌 ({count}건)', en: 'Contact conflicts ({count})' },
  conflicts_help: {
    ko: '아래 납세자는 과세자료보다 나중에 고친 연락처가 있어 그대로 두었습니다. 확인이 필요합니다.',
    en: 'These taxpayers have contact details corrected after the roll was made; the corrections were kept. Please review them.',
  },
  col_taxpayer_no: { ko: '납세자번호', en: 'Taxpayer number' },
  col_fields: { ko: '항목', en: 'Fields' },
  back_to_console: { ko: '업무 화면으로 돌아가기', en: 'Back to the console' },
  upload_another: { ko: '다른 파일 가져오기', en: 'Import another file' },
});

type Key = Parameters<typeof rollUploadMessages.t>[1];

export interface RollReportView {
  status: 'imported' | 'rejected';
  importId: number | null;
  encoding: string | null;
  rowsTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  conflicts: { line: number; taxpayerNo: string; fields: string[] }[];
  errors: { line: number; field: string; reason: string; code: string; reasonKo?: string }[];
  errorsNotShown: number;
  unknownColumns: string[];
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
<form method="post" action="/console/rolls/upload?lang=${locale}" enctype="multipart/form-data">
  ${csrfField(request.staffSession?.csrfToken)}
  <div class="checkbox"><input type="checkbox" id="skip-invalid" name="skipInvalid" value="1"><label for="skip-invalid">${t('skip_invalid')}</label></div>
  <div class="field${o.error ? ' field-error' : ''}">
    <label class="label" for="roll-file">${t('file_label')}</label>
    <p class="hint" id="roll-file-hint">${t('file_hint', { size: formatBytes(o.maxBytes ?? 1024 ** 3) })}</p>
    ${o.error ? html`<p class="error-message" id="roll-file-error"><span class="visually-hidden">${locale === 'ko' ? '오류' : 'Error'}:</span> ${o.error}</p>` : ''}
    <input class="file-input" type="file" id="roll-file" name="file" accept=".csv,text/csv" aria-describedby="${describedBy}"${o.error ? html` aria-invalid="true"` : ''}>
  </div>
  <button type="submit" class="button">${t('submit')}</button>
</form>`;
}

export function rollUploadPage(request: FastifyRequest, o: { maxBytes: number; error?: string }): string {
  const locale = request.locale;
  const errors: FieldError[] = o.error ? [{ field: 'roll-file', message: o.error }] : [];
  const body = html`${errorSummary(locale, errors)}${rollUploadForm(request, { ...o, headingLevel: 1 })}`;
  return renderPage(request, { title: rollUploadMessages.t(locale, 'upload_title'), body, hasErrors: errors.length > 0 });
}

export function rollReportPage(
  request: FastifyRequest,
  report: RollReportView,
  o: { fileName: string; columnName: (field: string, locale: Locale) => string },
): string {
  const locale = request.locale;
  const t = (key: Key, vars?: Record<string, string>) => rollUploadMessages.t(locale, key, vars);
  const n = (value: number) => value.toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-GB');
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
  <tbody>${report.errors.map((e) => html`<tr><td class="num">${e.line || '-'}</td><td>${o.columnName(e.field, locale)}</td><td>${locale === 'ko' && e.reasonKo ? e.reasonKo : e.reason}</td></tr>`)}</tbody>
</table></div>
${report.errorsNotShown ? html`<p>${t('errors_not_shown', { count: n(report.errorsNotShown) })}</p>` : ''}`
  : ''}
${report.conflicts.length
  ? html`<h2 id="conflicts-heading">${t('conflicts_title', { count: n(report.conflicts.length) })}</h2>
<p>${t('conflicts_help')}</p>
<div class="table-wrap"><table aria-labelledby="conflicts-heading">
  <thead><tr><th scope="col" class="num">${t('col_line')}</th><th scope="col">${t('col_taxpayer_no')}</th><th scope="col">${t('col_fields')}</th></tr></thead>
  <tbody>${report.conflicts.map((c) => html`<tr><td class="num">${c.line}</td><td>${c.taxpayerNo}</td><td>${c.fields.map((f) => o.columnName(f, locale)).join(', ')}</td></tr>`)}</tbody>
</table></div>`
  : ''}
<p><a href="/console/rolls/upload?lang=${locale}">${t('upload_another')}</a></p>
<p><a href="/console?lang=${locale}">${t('back_to_console')}</a></p>`;
  return renderPage(request, { title, body, hasErrors: !imported });
}

const rollImportsTableMessages = defineMessages({
  recent_imports: { ko: '최근 과세자료 가져오기', en: 'Recent roll imports' },
  no_imports: { ko: '아직 가져온 과세자료가 없습니다.', en: 'No roll has been imported yet.' },
  col_file: { ko: '파일', en: 'File' },
  col_finished: { ko: '완료 시각', en: 'Finished' },
  col_rows: { ko: '행', en: 'Rows' },
  col_inserted: { ko: '추가', en: 'Added' },
  col_updated: { ko: '변경', en: 'Updated' },
  col_unchanged: { ko: '동일', en: 'Unchanged' },
  col_rejected: { ko: '거부', en: 'Rejected' },
  col_conflicts: { ko: '충돌', en: 'Conflicts' },
  col_by: { ko: '가져온 사람', en: 'Imported by' },
});

function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Seoul' }).format(new Date(iso));
}

export function rollImportsTable(locale: Locale, imports: RollImportSummary[]): Html {
  const t = (key: Parameters<typeof rollImportsTableMessages.t>[1]) => rollImportsTableMessages.t(locale, key);
  if (imports.length === 0) return html`<p>${t('no_imports')}</p>`;
  const n = (value: number) => value.toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-GB');
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
    <td>${i.fileName}</td><td>${formatTime(i.finishedAt, locale)}</td>
    <td class="num">${n(i.rowsTotal)}</td><td class="num">${n(i.inserted)}</td><td class="num">${n(i.updated)}</td>
    <td class="num">${n(i.unchanged)}</td><td class="num">${n(i.rejected)}</td><td class="num">${n(i.conflicts)}</td>
    <td>${i.importedBy}</td>
  </tr>`,
  )}</tbody>
</table></div>`;
}
