import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../platform/i18n/i18n.ts';
import { hitRateLimits } from '../platform/rate-limit/window-counters.ts';
import { html } from '../platform/web/html.ts';
import { renderPage } from '../platform/web/layout.ts';
import type { GuideDeps } from './guide.deps.ts';

// What the guide's resident pages share: HTML answers that are never
// cached, and a request budget per client address whose refusal is a page
// in the visitor's language.

export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/**
 * A budget of `max` requests per 10 minutes per client address (`prefix`
 * keeps a feature's budgets apart); over it, the page `words` names is sent
 * with 429 and Retry-After, and the handler returns true.
 */
export function pageBudget(deps: Pick<GuideDeps, 'db'>, prefix: string, words: (locale: Locale, minutes: number) => { title: string; text: string }) {
  return async (request: FastifyRequest, reply: FastifyReply, max: number): Promise<boolean> => {
    const decision = await hitRateLimits(deps.db, [{ key: `${prefix}:${request.ip}:${max}`, windowSeconds: 600, max }]);
    if (decision.allowed) return false;
    reply.header('retry-after', String(decision.retryAfter));
    const { title, text } = words(request.locale, Math.ceil(decision.retryAfter / 60));
    await sendHtml(reply, renderPage(request, { title, body: html`<h1>${title}</h1><p id="too-many">${text}</p>` }), 429);
    return true;
  };
}
