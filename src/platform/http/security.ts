import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { httpMessages } from './http.messages.ts';

// No inline script or style anywhere: pages load /assets/* only, so the
// policy can forbid everything else.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function securityHeadersHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('content-security-policy', CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser names the page that sent a state-changing request in Origin:
 * anything from another site is refused before it reaches a route (this also
 * stops login CSRF, which no session token can). Provider webhooks come from
 * servers, not browsers, and are exempt.
 */
export function originCheckHook(config: Pick<Config, 'TAXSTATION_PUBLIC_URL'>) {
  const publicOrigin = config.TAXSTATION_PUBLIC_URL ? new URL(config.TAXSTATION_PUBLIC_URL).origin : null;
  return async function originCheck(request: FastifyRequest): Promise<void> {
    if (SAFE_METHODS.has(request.method) || request.url.startsWith('/api/webhooks/')) return;
    const origin = request.headers.origin;
    if (!origin) return;
    if (publicOrigin && origin === publicOrigin) return;
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== null && host === request.host) return;
    throw new AppError('origin_refused', 403, httpMessages.both('origin_refused'));
  };
}

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}
