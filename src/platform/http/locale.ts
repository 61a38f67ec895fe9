import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale, isLocale, type Locale } from '../i18n/i18n.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** ko or en, from ?lang=, the lang cookie or Accept-Language (ko by default). */
    locale: Locale;
  }
}

const YEAR_SECONDS = 365 * 24 * 3600;

/** onRequest hook: picks the locale and remembers an explicit ?lang= choice in a cookie. */
export async function localeHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const cookie = request.cookies?.lang;
  request.locale = negotiateLocale(query.lang, cookie, request.headers['accept-language']);
  if (isLocale(query.lang) && query.lang !== cookie) {
    reply.setCookie('lang', query.lang, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: YEAR_SECONDS, secure: request.protocol === 'https' });
  }
}
