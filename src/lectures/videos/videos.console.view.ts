import type { FastifyRequest } from 'fastify';
import { formatNumber, type Locale } from '../../platform/i18n/i18n.ts';
import { csrfField, errorSummary, textareaField, textField, type FieldError } from '../../platform/web/components.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import type { CaptionLang, LectureListRow, LectureRow, QuestionLink } from './videos.repository.ts';
import { durationText, lectureMedia, lecturePath } from './videos.resident.view.ts';
import { formatBytes, formatClock } from './videos.service.ts';
import { LECTURE_FIELDS, lectureFieldNames, videosMessages } from './videos.messages.ts';

// The staff console of lecture videos: the district's list with the upload
// form (/console/lectures), and one lecture's page (/console/lectures/:id):
// details, chapters and answered questions, captions, publication.

export const CONSOLE_LECTURES_PATH = '/console/lectures';
export const consoleLecturePath = (id: number) => `${CONSOLE_LECTURES_PATH}/${id}`;

type Key = Parameters<typeof videosMessages.t>[1];
const tr = (locale: Locale) => (key: Key, vars?: Record<string, string | number>) => videosMessages.t(locale, key, vars);
const LANGS: readonly CaptionLang[] = ['ko', 'en'];
const LANG_KEY: Record<CaptionLang, Key> = { ko: 'lang_ko', en: 'lang_en' };

export function lectureState(locale: Locale, l: Pick<LectureRow, 'publishAt'>, now: Date): string {
  const t = tr(locale);
  if (!l.publishAt) return t('state_draft');
  if (l.publishAt > now) return t('state_scheduled', { at: formatSeoulTime(locale, l.publishAt) });
  return t('state_published');
}

function fieldSelect(locale: Locale, value: string, error?: string): Html {
  const t = tr(locale);
  return html`<div class="field${error ? ' field-error' : ''}">
  <label class="label" for="field">${t('field_field')}</label>
  ${error ? html`<p class="error-message" id="field-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${error}</p>` : ''}
  <select class="select" id="field" name="field"${error ? html` aria-describedby="field-error" aria-invalid="true"` : ''}>
    ${LECTURE_FIELDS.map((f) => html`<option value="${f}"${f === value ? html` selected` : ''}>${lectureFieldNames.t(locale, f)}</option>`)}
  </select>
</div>`;
}

function fileField(o: { locale: Locale; id: string; name: string; label: string; hint: string; accept: string; error?: string }): Html {
  const describedBy = [`${o.id}-hint`, o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <label class="label" for="${o.id}">${o.label}</label>
  <p class="hint" id="${o.id}-hint">${o.hint}</p>
  ${o.error ? html`<p class="error-message" id="${o.id}-error"><span class="visually-hidden">${webMessages.t(o.locale, 'error_prefix')}:</span> ${o.error}</p>` : ''}
  <input class="file-input" type="file" id="${o.id}" name="${o.name}" accept="${o.accept}" aria-describedby="${describedBy}"${o.error ? html` aria-invalid="true"` : ''}>
</div>`;
}

const flash = (text: string | undefined) => (text ? html`<div class="notification notification-success" role="status" id="flash"><p>${text}</p></div>` : '');
const assets = () => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}"><link rel="stylesheet" href="${assetUrl('lectures.css')}"><script src="${assetUrl('lecture-upload.js')}" defer></script>`;

export interface UploadForm {
  title: string;
  summary: string;
  field: string;
}

export function consoleLectureListPage(
  request: FastifyRequest,
  o: { lectures: LectureListRow[]; now: Date; maxBytes: number; form?: UploadForm; errors?: FieldError[]; flash?: string },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const errors = o.errors ?? [];
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const form = o.form ?? { title: '', summary: '', field: LECTURE_FIELDS[0] };
  const limit = formatBytes(locale, o.maxBytes);
  const rows = o.lectures.map(
    (l) => html`<tr>
      <td><a href="${consoleLecturePath(l.id)}?lang=${locale}" id="lecture-${l.id}">${l.title}</a></td>
      <td>${lectureFieldNames.t(locale, l.field as (typeof LECTURE_FIELDS)[number])}</td>
      <td>${lectureState(locale, l, o.now)}</td>
      <td>${durationText(l.durationMs)}</td>
      <td>${l.captionLangs.length ? l.captionLangs.map((c) => t(LANG_KEY[c])).join(', ') : t('captions_none')}</td>
      <td class="num">${formatNumber(locale, l.views)}</td>
      <td class="num">${formatNumber(locale, l.completions)}</td>
    </tr>`,
  );
  const body = html`${assets()}${errorSummary(locale, errors)}${flash(o.flash)}
<h1>${t('console_title')}</h1>
<p>${t('console_lead')}</p>
<h2 id="list-heading">${t('list_heading')}</h2>
${o.lectures.length
  ? html`<div class="table-wrap"><table class="table" aria-labelledby="list-heading" id="lectures">
  <thead><tr><th scope="col">${t('col_title')}</th><th scope="col">${t('col_field')}</th><th scope="col">${t('col_state')}</th><th scope="col">${t('col_duration')}</th><th scope="col">${t('col_captions')}</th><th scope="col" class="num">${t('col_views')}</th><th scope="col" class="num">${t('col_completions')}</th></tr></thead>
  <tbody>${rows}</tbody>
</table></div>`
  : html`<p id="no-lectures">${t('list_empty')}</p>`}
<h2 id="upload-heading">${t('upload_heading')}</h2>
<form method="post" action="${CONSOLE_LECTURES_PATH}?lang=${locale}" enctype="multipart/form-data" novalidate id="upload-form" data-lecture-upload
  data-text-progress="${t('upload_progress')}" data-text-checking="${t('upload_checking')}" data-text-failed="${t('upload_failed')}" data-text-error-title="${webMessages.t(locale, 'error_summary_title')}">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'title', label: t('field_title'), value: form.title, error: err('title'), maxlength: 200 })}
  ${textareaField({ locale, id: 'summary', name: 'summary', label: t('field_summary'), hint: t('field_summary_hint'), value: form.summary, error: err('summary'), maxlength: 2000 })}
  ${fieldSelect(locale, form.field, err('field'))}
  ${fileField({ locale, id: 'video', name: 'video', label: t('field_video'), hint: t('field_video_hint', { limit }), accept: 'video/mp4,video/webm,.mp4,.webm', error: err('video') })}
  <div class="lecture-progress" data-upload-status hidden>
    <label for="upload-progress">${t('upload_progress')}</label>
    <progress id="upload-progress" max="100" value="0"></progress>
    <p aria-live="polite" data-upload-message></p>
  </div>
  <button type="submit" class="button" id="upload">${t('upload_submit')}</button>
</form>`;
  return renderPage(request, { title: t('console_title'), body, hasErrors: errors.length > 0 });
}

export interface EditForm {
  title: string;
  summary: string;
  field: string;
  chapters: string;
  questions: string;
  publishAt: string;
}

export function chaptersText(l: LectureRow): string {
  return l.chapters.map((c) => `${formatClock(c.startSeconds)} ${c.title}`).join('\n');
}

export function questionsText(links: readonly QuestionLink[]): string {
  return links.map((q) => `${q.questionId} ${formatClock(q.atSeconds)}`).join('\n');
}

export function consoleLecturePage(
  request: FastifyRequest,
  o: { lecture: LectureRow; captions: { lang: CaptionLang; cueCount: number }[]; form: EditForm; now: Date; errors?: FieldError[]; flash?: string; status?: number },
): string {
  const locale = request.locale;
  const t = tr(locale);
  const l = o.lecture;
  const errors = o.errors ?? [];
  const err = (field: string) => errors.find((e) => e.field === field)?.message;
  const csrf = csrfField(request.staffSession?.csrfToken);
  const path = consoleLecturePath(l.id);
  const media = lectureMedia(l.id);
  const facts = t('facts', {
    container: l.videoContentType === 'video/mp4' ? 'MP4' : 'WebM',
    video: l.videoCodec,
    audio: l.audioCodec ? t('facts_audio', { codec: l.audioCodec }) : '',
    duration: durationText(l.durationMs),
    size: formatBytes(locale, l.videoBytes),
  });
  const published = l.publishAt !== null;
  const body = html`${assets()}${errorSummary(locale, errors)}${flash(o.flash)}
<p><a href="${CONSOLE_LECTURES_PATH}?lang=${locale}">${t('back_to_list')}</a></p>
<h1>${l.title}</h1>
<p id="facts">${facts}</p>
<p id="state">${t('publish_state', { state: lectureState(locale, l, o.now) })}${l.publishAt && l.publishAt <= o.now ? html` <a href="${lecturePath(l.id)}?lang=${locale}" id="resident-view">${t('resident_view')}</a>` : ''}</p>
${l.captionLangs.length
  ? html`<h2 id="preview-heading">${t('preview')}</h2>
<video class="lecture-video" controls preload="metadata" poster="${media.poster}" src="${media.video}" aria-labelledby="preview-heading">
  ${LANGS.filter((c) => l.captionLangs.includes(c)).map((c, i) => html`<track kind="captions" srclang="${c}" label="${t(LANG_KEY[c])}" src="${media.captions(c)}"${i === 0 ? html` default` : ''}>`)}
</video>`
  : html`<img class="lecture-poster" src="${media.poster}" alt="${t('preview')}: ${l.title}">`}

<h2 id="details-heading">${t('edit_heading_details')}</h2>
<form method="post" action="${path}?lang=${locale}" novalidate id="details-form">
  ${csrf}
  ${textField({ locale, id: 'title', label: t('field_title'), value: o.form.title, error: err('title'), maxlength: 200 })}
  ${textareaField({ locale, id: 'summary', name: 'summary', label: t('field_summary'), hint: t('field_summary_hint'), value: o.form.summary, error: err('summary'), maxlength: 2000 })}
  ${fieldSelect(locale, o.form.field, err('field'))}
  ${textareaField({ locale, id: 'chapters', name: 'chapters', label: t('field_chapters'), hint: t('field_chapters_hint'), value: o.form.chapters, error: err('chapters'), rows: 6, maxlength: 20000 })}
  ${textareaField({ locale, id: 'questions', name: 'questions', label: t('field_questions'), hint: t('field_questions_hint'), value: o.form.questions, error: err('questions'), rows: 4, maxlength: 20000 })}
  <button type="submit" class="button" id="save">${t('save')}</button>
</form>

<h2 id="captions-heading">${t('captions_heading')}</h2>
<ul id="caption-list">${LANGS.map((c) => {
    const found = o.captions.find((x) => x.lang === c);
    return html`<li>${found ? t('captions_present', { lang: t(LANG_KEY[c]), count: found.cueCount }) : t('captions_missing', { lang: t(LANG_KEY[c]) })}</li>`;
  })}</ul>
<form method="post" action="${path}/captions?lang=${locale}" enctype="multipart/form-data" novalidate id="captions-form">
  ${csrf}
  <div class="field">
    <fieldset class="fieldset">
      <legend class="label">${t('field_captions_lang')}</legend>
      ${LANGS.map((c, i) => html`<div class="radio"><input type="radio" id="captions-lang-${c}" name="lang" value="${c}"${i === 0 ? html` checked` : ''}><label for="captions-lang-${c}">${t(LANG_KEY[c])}</label></div>`)}
    </fieldset>
  </div>
  ${fileField({ locale, id: 'captions', name: 'captions', label: t('field_captions_file'), hint: t('field_captions_file_hint'), accept: 'text/vtt,.vtt', error: err('captions') })}
  <button type="submit" class="button" id="upload-captions">${t('captions_submit')}</button>
</form>

<h2 id="publish-heading">${t('publish_heading')}</h2>
<form method="post" action="${path}/publish?lang=${locale}" novalidate id="publish-form">
  ${csrf}
  <button type="submit" class="button" name="when" value="now" id="publish-now">${t('publish_now')}</button>
  ${textField({ locale, id: 'publish-at', name: 'publishAt', label: t('field_publish_at'), hint: t('field_publish_at_hint'), value: o.form.publishAt, error: err('publish-at'), maxlength: 16, spellcheck: false })}
  <button type="submit" class="button button-secondary" name="when" value="schedule" id="schedule">${t('schedule_submit')}</button>
</form>
${published
  ? html`<form method="post" action="${path}/unpublish?lang=${locale}" id="unpublish-form">${csrf}<button type="submit" class="button button-secondary" id="unpublish">${t('unpublish')}</button></form>`
  : ''}

<h2 id="delete-heading">${t('delete_heading')}</h2>
<form method="post" action="${path}/delete?lang=${locale}" id="delete-form">
  ${csrf}
  <p class="hint" id="delete-hint">${t('delete_hint')}</p>
  <button type="submit" class="button button-secondary" id="delete" aria-describedby="delete-hint">${t('delete_submit')}</button>
</form>`;
  return renderPage(request, { title: l.title, body, hasErrors: errors.length > 0 });
}
