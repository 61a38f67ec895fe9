import type { FastifyRequest } from 'fastify';
import type { Problem } from '../http/problem.ts';
import { html } from './html.ts';
import { renderPage } from './layout.ts';
import { webMessages } from './web.messages.ts';

/** The page a browser sees for an error: the same title, detail and field list as the problem body. */
export function renderErrorPage(request: FastifyRequest, problem: Problem): string {
  const locale = request.locale ?? 'ko';
  if (!request.locale) request.locale = locale;
  const body = html`<h1 class="heading-l">${problem.title}</h1>
<p class="lead">${problem.detail}</p>
${problem.errors?.length
  ? html`<ul class="list">${problem.errors.map((e) => html`<li>${e.line ? `${e.line}: ` : ''}${e.field}: ${e.reason}</li>`)}</ul>`
  : ''}
<p>${webMessages.t(locale, 'error_page_help')}</p>
<p><a href="${request.staff ? '/console' : '/'}">${webMessages.t(locale, 'back_home')}</a></p>
<p class="hint">${webMessages.t(locale, 'error_code')}: <code>${problem.code}</code></p>`;
  return renderPage(request, { title: problem.title, body });
}
