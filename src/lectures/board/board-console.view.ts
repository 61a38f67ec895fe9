import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { formatNumber } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { csrfField, errorSummary, textareaField, textField, type FieldError } from '../../platform/web/components.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { boardMessages, type BoardMessageKey } from './board.messages.ts';
import { LIMITS, type MonthlyField, type Question, type QuestionState } from './board.schema.ts';
import { fieldName, maskedKindsText, paragraphs } from './board.view.ts';

// The console pages of the question board, /console/lectures/board/…: the
// queue and the published and rejected questions, one question with the
// moderation forms (publish, reject with a reason, answer in writing, mark
// for a coming lecture), and the monthly view of the most wanted topics.
// Officials and administrators moderate; lecturers read and mark for a
// lecture. Main content in …Content functions, apart from the layout.

export const CONSOLE_BOARD_PATH = '/console/lectures/board';

const tr = (locale: Locale) => (key: BoardMessageKey, vars?: Record<string, string | number>) => boardMessages.t(locale, key, vars);
const styles = (): Html => html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;
const stateKey = (state: QuestionState): BoardMessageKey => `state_${state}`;

function tabs(locale: Locale, current: QuestionState | 'monthly', counts: Record<QuestionState, number>): Html {
  const t = tr(locale);
  const tab = (state: QuestionState | 'monthly', label: string) => {
    const href = state === 'monthly' ? `${CONSOLE_BOARD_PATH}/monthly?lang=${locale}` : `${CONSOLE_BOARD_PATH}?state=${state}&lang=${locale}`;
    return html`<li><a href="${href}" id="tab-${state}"${state === current ? html` aria-current="page"` : ''}>${label}</a></li>`;
  };
  return html`<nav class="dc-subnav" aria-label="${t('tabs_label')}"><ul>
  ${tab('pending', t('tab_pending', { n: formatNumber(locale, counts.pending) }))}
  ${tab('published', t('tab_published', { n: formatNumber(locale, counts.published) }))}
  ${tab('rejected', t('tab_rejected', { n: formatNumber(locale, counts.rejected) }))}
  ${tab('monthly', t('tab_monthly'))}
</ul></nav>`;
}

const flashBox = (flash: string | undefined): Html =>
  flash ? html`<div class="notification notification-success" role="status" id="flash"><p>${flash}</p></div>` : html``;

// ------------------------------------------------------------------ the lists

export interface QueueView {
  state: QuestionState;
  counts: Record<QuestionState, number>;
  questions: readonly Question[];
  flash?: string;
}

export function queueContent(locale: Locale, v: QueueView): Html {
  const t = tr(locale);
  const table = v.questions.length === 0
    ? html`<p id="board-none">${t(v.state === 'pending' ? 'none_pending' : 'none_state')}</p>`
    : html`<div class="table-wrap"><table id="board-queue">
  <caption class="visually-hidden">${t(stateKey(v.state))}</caption>
  <thead><tr><th scope="col">${t('col_reference')}</th><th scope="col">${t('col_title')}</th><th scope="col">${t('col_field')}</th><th scope="col">${t('col_nickname')}</th><th scope="col">${t('col_received')}</th><th scope="col">${t('col_upvotes')}</th><th scope="col">${t('col_status')}</th></tr></thead>
  <tbody>${v.questions.map((question) => html`<tr data-id="${question.id}">
    <th scope="row"><a href="${CONSOLE_BOARD_PATH}/${question.id}?lang=${locale}" id="open-${question.id}">${question.reference}</a></th>
    <td>${question.title}</td><td>${fieldName(locale, question.field)}</td><td>${question.nickname}</td>
    <td class="date">${formatSeoulTime(locale, question.createdAt)}</td><td>${formatNumber(locale, question.upvotes)}</td>
    <td>${t(stateKey(question.state))}${question.answer !== null ? html`, ${t('answered_badge')}` : ''}${question.forLecture ? html`, ${t('lecture_badge')}` : ''}${question.maskedKinds.length ? html`<br>${t('masked_note', { kinds: maskedKindsText(locale, question.maskedKinds) })}` : ''}</td>
  </tr>`)}</tbody>
</table></div>`;
  return html`${flashBox(v.flash)}
<h1>${t('console_title')}</h1>
<p class="lead">${t('console_lead')}</p>
${tabs(locale, v.state, v.counts)}
${table}`;
}

export const queuePage = (request: FastifyRequest, v: QueueView) =>
  renderPage(request, { title: boardMessages.t(request.locale, 'console_title'), body: html`${styles()}${queueContent(request.locale, v)}` });

// ------------------------------------------------------------------ one question

export interface ModerationView {
  question: Question;
  canModerate: boolean;
  canMarkForLecture: boolean;
  csrfToken: string | undefined;
  flash?: string;
  errors?: readonly FieldError[];
  reason?: string;
  answer?: string;
}

export function moderationContent(locale: Locale, v: ModerationView): Html {
  const t = tr(locale);
  const s = v.question;
  const errors = v.errors ?? [];
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const action = (what: string) => `${CONSOLE_BOARD_PATH}/${s.id}/${what}?lang=${locale}`;
  const row = (label: string, value: Html | string, id?: string) => html`<div class="summary-row"><dt class="summary-key">${label}</dt><dd class="summary-value"${id ? html` id="${id}"` : ''}>${value}</dd></div>`;
  return html`${errorSummary(locale, errors)}${flashBox(v.flash)}
<h1>${t('question_heading', { reference: s.reference })}</h1>
<dl class="summary-list" id="question">
  ${row(t('col_status'), html`${t(stateKey(s.state))}${s.forLecture ? html`, ${t('lecture_badge')}` : ''}`, 'question-state')}
  ${row(t('col_title'), s.title, 'question-title')}
  ${row(t('col_field'), fieldName(locale, s.field))}
  ${row(t('col_nickname'), s.nickname)}
  ${row(t('col_received'), formatSeoulTime(locale, s.createdAt))}
  ${row(t('col_upvotes'), formatNumber(locale, s.upvotes))}
  ${row(t('body'), paragraphs(s.body), 'question-body')}
  ${s.maskedKinds.length ? row(t('masked_label'), maskedKindsText(locale, s.maskedKinds), 'question-masked') : ''}
  ${s.hasContact ? row(t('contact'), t('contact_note')) : ''}
  ${s.rejectionReason !== null ? row(t('rejected_because'), s.rejectionReason, 'question-reason') : ''}
  ${s.answer !== null ? row(t('answer_heading'), paragraphs(s.answer), 'question-answer') : ''}
</dl>
${v.canModerate && s.state === 'pending'
  ? html`<form method="post" action="${action('publish')}" class="inline-form">${csrfField(v.csrfToken)}<button type="submit" class="button" id="publish">${t('publish')}</button></form>
<h2>${t('reject')}</h2>
<form method="post" action="${action('reject')}" novalidate>${csrfField(v.csrfToken)}
  ${textareaField({ locale, id: 'reason', name: 'reason', label: t('reason'), hint: t('reason_hint'), value: v.reason ?? '', rows: 3, maxlength: LIMITS.reason, error: err('reason') })}
  <button type="submit" class="button button-secondary" id="reject">${t('reject')}</button>
</form>`
  : ''}
${v.canModerate && s.state !== 'rejected' && s.answer === null
  ? html`<h2>${t('answer')}</h2>
<form method="post" action="${action('answer')}" novalidate>${csrfField(v.csrfToken)}
  ${textareaField({ locale, id: 'answer', name: 'answer', label: t('answer'), hint: t('answer_hint', { contact: s.hasContact ? t('answer_hint_contact') : '' }), value: v.answer ?? '', rows: 8, maxlength: LIMITS.answer, error: err('answer') })}
  <button type="submit" class="button" id="send-answer">${t('send_answer')}</button>
</form>`
  : ''}
${v.canMarkForLecture && s.state === 'published'
  ? html`${s.forLecture ? html`<p id="lecture-marked">${t('lecture_marked')}</p>` : ''}
<form method="post" action="${action('lecture')}" class="inline-form">${csrfField(v.csrfToken)}<input type="hidden" name="marked" value="${s.forLecture ? '0' : '1'}"><button type="submit" class="button button-secondary" id="mark-lecture">${t(s.forLecture ? 'unmark_lecture' : 'mark_lecture')}</button></form>`
  : ''}
${!v.canModerate ? html`<p id="only-officials">${t('only_officials')}</p>` : ''}
<p><a href="${CONSOLE_BOARD_PATH}?state=${s.state}&amp;lang=${locale}" id="back">${t('back_to_queue')}</a></p>`;
}

export const moderationPage = (request: FastifyRequest, v: ModerationView) =>
  renderPage(request, {
    title: boardMessages.t(request.locale, 'question_heading', { reference: v.question.reference }),
    hasErrors: (v.errors ?? []).length > 0,
    body: html`${styles()}${moderationContent(request.locale, v)}`,
  });

// ------------------------------------------------------------------ the monthly view

export interface MonthlyView {
  month: string;
  prev: string;
  next: string;
  counts: Record<QuestionState, number>;
  fields: readonly MonthlyField[];
  errors?: readonly FieldError[];
}

export function monthlyContent(locale: Locale, v: MonthlyView): Html {
  const t = tr(locale);
  const errors = v.errors ?? [];
  const table = v.fields.length === 0
    ? html`<p id="monthly-none">${t('monthly_none', { month: v.month })}</p>`
    : html`<div class="table-wrap"><table id="monthly">
  <caption>${t('monthly_caption', { month: v.month })}</caption>
  <thead><tr><th scope="col">${t('col_rank')}</th><th scope="col">${t('col_field')}</th><th scope="col">${t('col_upvotes')}</th><th scope="col">${t('col_questions')}</th><th scope="col">${t('col_for_lecture')}</th><th scope="col">${t('col_top')}</th></tr></thead>
  <tbody>${v.fields.map((f, i) => html`<tr data-field="${f.field}">
    <td>${formatNumber(locale, i + 1)}</td><th scope="row">${fieldName(locale, f.field)}</th><td>${formatNumber(locale, f.upvotes)}</td><td>${formatNumber(locale, f.questions)}</td><td>${formatNumber(locale, f.forLecture)}</td>
    <td><ol>${f.top.map((top) => html`<li><a href="${CONSOLE_BOARD_PATH}/${top.id}?lang=${locale}">${top.title}</a> (${t('upvotes_n', { n: formatNumber(locale, top.upvotes) })}${top.forLecture ? html`, ${t('lecture_badge')}` : ''}${top.answered ? html`, ${t('answered_badge')}` : ''})</li>`)}</ol></td>
  </tr>`)}</tbody>
</table></div>`;
  return html`${errorSummary(locale, errors)}
<h1>${t('monthly_title')}</h1>
<p class="lead">${t('monthly_lead')}</p>
${tabs(locale, 'monthly', v.counts)}
<form method="get" action="${CONSOLE_BOARD_PATH}/monthly" class="dc-filter" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  ${textField({ locale, id: 'month', label: t('month'), hint: t('month_hint'), value: v.month, error: errors.find((e) => e.field === 'month')?.message, maxlength: 7, spellcheck: false })}
  <button type="submit" class="button button-secondary" id="show-month">${t('show')}</button>
</form>
<nav class="dc-pages" aria-label="${t('month')}"><a href="${CONSOLE_BOARD_PATH}/monthly?month=${v.prev}&amp;lang=${locale}" id="prev-month">${t('prev_month')}</a><a href="${CONSOLE_BOARD_PATH}/monthly?month=${v.next}&amp;lang=${locale}" id="next-month">${t('next_month')}</a></nav>
${table}`;
}

export const monthlyPage = (request: FastifyRequest, v: MonthlyView) =>
  renderPage(request, { title: boardMessages.t(request.locale, 'monthly_title'), hasErrors: (v.errors ?? []).length > 0, body: html`${styles()}${monthlyContent(request.locale, v)}` });
