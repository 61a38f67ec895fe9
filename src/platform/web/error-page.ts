import type { FastifyRequest } from 'fastify';
import type { Problem } from '../http/problem.ts';
import { html } from './html.ts';
import { renderPage } from './layout.ts';
import { webMessages } from './web.messages.ts';

/**
 * The page a browser sees for an error: the same title, detail and field
 * list as the problem body, each field named by its label (a file's column
 * by its header, as the file writes it; a field without a label by its
 * reason alone, never by its code). The problem's code stays out of the
 * text (data-problem-code, for tests and support tools); the request's id,
 * which every log line of the request carries, is what a person can quote.
 */
export function renderErrorPage(request: FastifyRequest, problem: Problem): string {
  const locale = request.locale ?? 'ko';
  if (!request.locale) request.locale = locale;
  const t = (key: Parameters<typeof webMessages.t>[1], vars?: Record<string, string>) => webMessages.t(locale, key, vars);
  const item = (e: NonNullable<Problem['errors']>[number]) =>
    e.line !== undefined
      ? html`<li>${t('error_line', { line: String(e.line) })}, <code translate="no">${e.field}</code>: ${e.reason}</li>`
      : html`<li>${e.label ? `${e.label}: ` : ''}${e.reason}</li>`;
  const body = html`<h1 class="heading-l">${problem.title}</h1>
<p class="lead">${problem.detail}</p>
${problem.errors?.length ? html`<ul class="list">${problem.errors.map(item)}</ul>` : ''}
<p>${t('error_page_help')}</p>
<p><a href="${request.staff ? '/console' : '/'}">${t('back_home')}</a></p>
<p class="hint" data-problem-code="${problem.code}">${t('error_reference')}: <span translate="no">${request.id}</span></p>`;
  return renderPage(request, { title: problem.title, body });
}
