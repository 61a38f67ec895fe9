import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { httpMessages } from './http.messages.ts';
import { isPanelRequest } from '../web/panel.ts';

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

/**
 * For a page that makes calls (the video rooms): the camera and microphone
 * of this origin, and images and media from blob: URLs (a shared picture, a
 * received file) — everything else stays as strict as on every page.
 */
export function allowCameraAndMicrophone(reply: FastifyReply): void {
  reply.header('permissions-policy', 'camera=(self), microphone=(self), geolocation=()');
  const policy = String(reply.getHeader('content-security-policy') ?? CSP);
  reply.header('content-security-policy', policy.replace("img-src 'self' data:", "img-src 'self' data: blob:; media-src 'self' blob:"));
}

/**
 * For a page that shows another one that makes calls in a frame of this site
 * (the station's zone panel of the video check): the camera and microphone
 * may be delegated to frames of this origin (the frame's allow attribute
 * says which); the page itself asks for neither.
 */
export function delegateCameraAndMicrophone(reply: FastifyReply): void {
  reply.header('permissions-policy', 'camera=(self), microphone=(self), geolocation=()');
}

export async function securityHeadersHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  // A resident page in panel mode (web/panel.ts) may be framed by this site only.
  const panel = isPanelRequest(request);
  reply.header('content-security-policy', panel ? CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'") : CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', panel ? 'SAMEORIGIN' : 'DENY');
  if (request.url.startsWith('/r/')) reply.header('vary', 'Sec-Fetch-Dest');
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

/** A multipart body (of any subtype; the header is case-insensitive). */
export function isMultipart(request: FastifyRequest): boolean {
  return /^\s*multipart\//i.test(String(request.headers['content-type'] ?? ''));
}

/** The route takes an upload: its schema says it consumes multipart/form-data. */
export function acceptsUpload(request: FastifyRequest): boolean {
  const consumes = (request.routeOptions.schema as { consumes?: unknown } | undefined)?.consumes;
  return Array.isArray(consumes) && consumes.includes('multipart/form-data');
}

/**
 * Multipart bodies only where a file is taken. A multipart body cannot be
 * read for its CSRF token before the route streams it, so the staff guard
 * leaves that check to the upload reader (takeUploadedFile); on any other
 * route it would go unchecked. Refused here, before every guard.
 */
export async function multipartOnlyForUploadsHook(request: FastifyRequest): Promise<void> {
  if (!isMultipart(request) || request.routeOptions.url === undefined) return;
  if (acceptsUpload(request)) {
    // Without a boundary the body cannot be split into parts: the parser would throw a bare error (a 500).
    if (!/;\s*boundary=\S/i.test(String(request.headers['content-type']))) throw new AppError('malformed_body', 400, httpMessages.both('malformed_body'));
    return;
  }
  const type = String(request.headers['content-type']).split(';')[0]!.trim();
  throw new AppError('unsupported_media_type', 415, httpMessages.both('unsupported_media_type', { type }));
}

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/**
 * A WebSocket upgrade is a GET, so the origin check above lets it through:
 * socket routes call this to refuse a cross-site page opening a socket with
 * the visitor's cookies.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}
