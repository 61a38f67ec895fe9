import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { formatNumber } from '../../platform/i18n/i18n.ts';
import { formatDay } from '../../platform/web/format.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { errorSummary, textareaField, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { boardMessages, fieldKey, kindKey, type BoardMessageKey } from './board.messages.ts';
import { BOARD_FIELDS, LIMITS, type BoardField, type Question, type QuestionForm } from './board.schema.ts';
import { BOARD_PATH, boardPath, questionPath } from './board.service.ts';
import type { PersonalDataKind } from './personal-data-mask.ts';

// The residents' pages of the question board, /r/lectures/board/…: the
// list of published questions (newest or most upvoted, by tax), a question
// with its written answer and the upvote button, the form to ask, and the
// page after posting (awaiting moderation, the reference, what was masked).
// Each page's main content is a function of its own (…Content), separate
// from the layout, so the 2D station can show it as a panel; plain HTML
// forms, no script needed.

const tr = (locale: Locale) => (key: BoardMessageKey, vars?: Record<string, string | number>) => boardMessages.t(locale, key, vars);
export const fieldName = (locale: Locale, field: BoardField) => boardMessages.t(locale, fieldKey(field));
export const maskedKindsText = (locale: Locale, kinds: readonly PersonalDataKind[]) => kinds.map((k) => boardMessages.t(locale, kindKey(k))).join(', ');

/** A resident's or official's text as paragraphs, its line breaks kept (escaped; no inline style under the CSP). */
export function paragraphs(text: string, id?: string): Html {
  const blocks = text.split(/\n\s*\n/).map((b) => b.split('\n'));
  return html`<div${id ? html` id="${id}"` : ''}>${blocks.map((lines) => html`<p>${lines.map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</p>`)}</div>`;
}

const styles = (): Html => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;
const q = (locale: Locale, params: Record<string, string | number | undefined> = {}) => {
  const search = new URLSearchParams({ lang: locale });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  return `?${search.toString()}`;
};

export interface DistrictName {
  code: string;
  name: { ko: string; en: string };
}

function page(request: FastifyRequest, title: string, content: Html, hasErrors = false): string {
  return renderPage(request, { title, hasErrors, body: html`${styles()}${content}` });
}

// ------------------------------------------------------------------ districts

export function districtChoiceContent(locale: Locale, districts: readonly DistrictName[]): Html {
  const t = tr(locale);
  return html`<h1 class="heading-l">${t('choose_district')}</h1>
<ul class="list" id="board-districts">${districts.map((d) => html`<li><a href="${boardPath(d.code)}${q(locale)}">${t('board_title', { district: d.name[locale] })}</a></li>`)}</ul>`;
}

export const districtChoicePage = (request: FastifyRequest, districts: readonly DistrictName[]) =>
  page(request, boardMessages.t(request.locale, 'choose_district'), districtChoiceContent(request.locale, districts));

// ------------------------------------------------------------------ the list

export interface ListView {
  district: DistrictName;
  sort: 'new' | 'top';
  field?: BoardField;
  page: number;
  pages: number;
  total: number;
  questions: readonly Question[];
}

function badges(locale: Locale, question: Question): Html {
  const t = tr(locale);
  return html`${question.answer !== null ? html` <strong>[${t('answered_badge')}]</strong>` : ''}${question.forLecture ? html` <strong>[${t('lecture_badge')}]</strong>` : ''}`;
}

export function boardListContent(locale: Locale, v: ListView): Html {
  const t = tr(locale);
  const base = boardPath(v.district.code);
  const sortLink = (sort: 'new' | 'top', key: BoardMessageKey) =>
    html`<li><a href="${base}${q(locale, { sort, field: v.field })}" id="sort-${sort}"${sort === v.sort ? html` aria-current="page"` : ''}>${t(key)}</a></li>`;
  return html`<h1 class="heading-l">${t('board_title', { district: v.district.name[locale] })}</h1>
<p class="lead">${t('board_lead')}</p>
<p><a class="button" href="${base}/ask${q(locale)}" id="ask">${t('ask')}</a></p>
<nav class="dc-subnav" aria-label="${t('sort_label')}"><ul>${sortLink('new', 'sort_new')}${sortLink('top', 'sort_top')}</ul></nav>
<form method="get" action="${base}" class="dc-filter" id="board-filter">
  <input type="hidden" name="lang" value="${locale}"><input type="hidden" name="sort" value="${v.sort}">
  <div class="field"><label class="label" for="filter-field">${t('filter_label')}</label>
  <select class="select" id="filter-field" name="field"><option value="">${t('filter_all')}</option>${BOARD_FIELDS.map((f) => html`<option value="${f}"${f === v.field ? html` selected` : ''}>${fieldName(locale, f)}</option>`)}</select></div>
  <button type="submit" class="button button-secondary">${t('filter_submit')}</button>
</form>
${v.questions.length === 0
  ? html`<p id="board-empty">${t('none_published')}</p>`
  : html`<h2 class="visually-hidden">${t('list_caption', { total: formatNumber(locale, v.total) })}</h2>
<ol class="list" id="board-list">${v.questions.map((question) => html`<li data-id="${question.id}">
  <a href="${questionPath(v.district.code, question.id)}${q(locale)}">${question.title}</a>${badges(locale, question)}
  <br><span class="hint">${fieldName(locale, question.field)} · ${t('by_nickname', { nickname: question.nickname })} · ${question.publishedAt ? formatDay(locale, question.publishedAt) : ''} · ${t('upvotes_n', { n: formatNumber(locale, question.upvotes) })}</span>
</li>`)}</ol>`}
${v.pages > 1
  ? html`<nav class="dc-pages" aria-label="${t('pagination')}">
  ${v.page > 1 ? html`<a href="${base}${q(locale, { sort: v.sort, field: v.field, page: v.page - 1 })}" rel="prev">${t('page_prev')}</a>` : ''}
  <span>${t('page_of', { page: v.page, pages: v.pages })}</span>
  ${v.page < v.pages ? html`<a href="${base}${q(locale, { sort: v.sort, field: v.field, page: v.page + 1 })}" rel="next">${t('page_next')}</a>` : ''}
</nav>`
  : ''}`;
}

export const boardListPage = (request: FastifyRequest, v: ListView) =>
  page(request, boardMessages.t(request.locale, 'board_title', { district: v.district.name[request.locale] }), boardListContent(request.locale, v));

// ------------------------------------------------------------------ one question

export interface QuestionView {
  district: DistrictName;
  question: Question;
  upvoted: boolean;
  /** After an upvote: thanks, or "already" for a second one. */
  notice?: 'thanks' | 'already';
  formToken: string;
}

/** The question and its answer as the public reads it (no contact, no reference). */
export function questionArticle(locale: Locale, question: Question, headingLevel: 1 | 2 = 1): Html {
  const t = tr(locale);
  const heading = headingLevel === 1 ? html`<h1 class="heading-l" id="question-title">${question.title}</h1>` : html`<h2 id="question-title">${question.title}</h2>`;
  return html`<article aria-labelledby="question-title">
${heading}
<p class="hint">${fieldName(locale, question.field)} · ${t('by_nickname', { nickname: question.nickname })}${question.publishedAt ? html` · ${t('published_on')} ${formatDay(locale, question.publishedAt)}` : ''}${badges(locale, question)}</p>
${paragraphs(question.body, 'question-body')}
<h2>${t('answer_heading')}</h2>
${question.answer !== null
  ? html`${paragraphs(question.answer, 'question-answer')}${question.answeredAt ? html`<p class="hint">${t('answered_on', { when: formatDay(locale, question.answeredAt) })}</p>` : ''}`
  : html`<p id="question-no-answer">${t('no_answer_yet')}</p>`}
${question.forLecture ? html`<p id="question-lecture">${t('lecture_note')}</p>` : ''}
</article>`;
}

export function questionContent(locale: Locale, v: QuestionView): Html {
  const t = tr(locale);
  const path = questionPath(v.district.code, v.question.id);
  return html`${v.notice
    ? html`<div class="notification notification-success" role="status" id="flash"><p>${t(v.notice === 'thanks' ? 'upvote_thanks' : 'upvote_already')}</p></div>`
    : ''}
${questionArticle(locale, v.question)}
<p id="upvotes">${t('upvotes_n', { n: formatNumber(locale, v.question.upvotes) })}</p>
${v.upvoted
  ? html`<p id="upvoted"><strong>${t('upvoted')}</strong></p>`
  : html`<form method="post" action="${path}/upvote${q(locale)}"><input type="hidden" name="_token" value="${v.formToken}"><button type="submit" class="button" id="upvote">${t('upvote')}</button></form>`}
<p><a href="${boardPath(v.district.code)}${q(locale)}" id="back">${t('back_to_board')}</a></p>`;
}

export const questionPage = (request: FastifyRequest, v: QuestionView) => page(request, v.question.title, questionContent(request.locale, v));

// ------------------------------------------------------------------ asking

export interface AskView {
  district: DistrictName;
  form: QuestionForm;
  errors: readonly FieldError[];
  formToken: string;
}

export function askContent(locale: Locale, v: AskView): Html {
  const t = tr(locale);
  const err = (f: string) => v.errors.find((e) => e.field === f)?.message;
  const fieldError = err('field');
  return html`${errorSummary(locale, v.errors)}
<h1 class="heading-l">${t('form_title')}</h1>
<p class="lead">${t('form_lead')}</p>
<form method="post" action="${boardPath(v.district.code)}/ask${q(locale)}" novalidate id="ask-form">
  <input type="hidden" name="_token" value="${v.formToken}">
  ${textField({ locale, id: 'nickname', label: t('nickname'), hint: t('nickname_hint'), value: v.form.nickname ?? '', autocomplete: 'nickname', maxlength: LIMITS.nickname, error: err('nickname') })}
  <div class="field${fieldError ? ' field-error' : ''}">
    <fieldset class="fieldset"${fieldError ? html` aria-describedby="field-error"` : ''}>
      <legend class="label">${t('field')}</legend>
      ${fieldError ? html`<p class="error-message" id="field-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${fieldError}</p>` : ''}
      ${BOARD_FIELDS.map((f, i) => {
        const id = i === 0 ? 'field' : `field-${f}`;
        return html`<div class="radio"><input class="radio-input" type="radio" id="${id}" name="field" value="${f}"${v.form.field === f ? html` checked` : ''}><label class="radio-label" for="${id}">${fieldName(locale, f)}</label></div>`;
      })}
    </fieldset>
  </div>
  ${textField({ locale, id: 'title', label: t('title'), hint: t('title_hint'), value: v.form.title ?? '', maxlength: LIMITS.title, error: err('title') })}
  ${textareaField({ locale, id: 'body', name: 'body', label: t('body'), hint: t('body_hint'), value: v.form.body ?? '', rows: 8, maxlength: LIMITS.body, error: err('body') })}
  ${textField({ locale, id: 'contact', label: t('contact'), hint: t('contact_hint'), value: v.form.contact ?? '', autocomplete: 'off', spellcheck: false, maxlength: LIMITS.contact, error: err('contact') })}
  <button type="submit" class="button" id="send">${t('send')}</button>
</form>
<p><a href="${boardPath(v.district.code)}${q(locale)}">${t('back_to_board')}</a></p>`;
}

export const askPage = (request: FastifyRequest, v: AskView) =>
  page(request, boardMessages.t(request.locale, 'form_title'), askContent(request.locale, v), v.errors.length > 0);

// ------------------------------------------------------------------ after posting

export interface PostedView {
  district: DistrictName;
  question: Question;
}

export function postedContent(locale: Locale, v: PostedView): Html {
  const t = tr(locale);
  const s = v.question;
  return html`<div class="notification notification-success" id="posted">
  <h1 class="heading-l">${t(s.state === 'pending' ? 'done_title' : 'status_title')}</h1>
  <p>${t('done_reference')}<br><strong id="reference">${s.reference}</strong></p>
</div>
<p id="posted-state">${s.state === 'pending' ? t('done_pending') : s.state === 'published' ? t('done_published') : t('done_rejected', { reason: s.rejectionReason ?? '' })}</p>
${s.maskedKinds.length > 0 ? html`<div class="notification" role="note" id="posted-masked"><p>${t('done_masked', { kinds: maskedKindsText(locale, s.maskedKinds) })}</p></div>` : ''}
${s.state === 'pending' && s.hasContact ? html`<p id="posted-contact">${t('done_contact')}</p>` : ''}
<h2>${t('title')}</h2>
<p id="posted-title">${s.title}</p>
<h2>${t('body')}</h2>
${paragraphs(s.body, 'posted-body')}
${s.state === 'published' ? html`<p><a href="${questionPath(v.district.code, s.id)}${q(locale)}">${t('done_view')}</a></p>` : ''}
<p><a href="${boardPath(v.district.code)}${q(locale)}">${t('back_to_board')}</a></p>`;
}

export const postedPage = (request: FastifyRequest, v: PostedView) =>
  page(request, boardMessages.t(request.locale, v.question.state === 'pending' ? 'done_title' : 'status_title'), postedContent(request.locale, v));

// ------------------------------------------------------------------ refusals

export function messagePage(request: FastifyRequest, titleKey: BoardMessageKey, textKey: BoardMessageKey, vars?: Record<string, string | number>): string {
  const t = tr(request.locale);
  return page(request, t(titleKey), html`<h1 class="heading-l">${t(titleKey)}</h1><p>${t(textKey, vars)}</p><p><a href="${BOARD_PATH}${q(request.locale)}">${t('back_to_board')}</a></p>`);
}
