import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler, preValidationAsyncHookHandler } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError, forbidden, unauthorized } from '../errors.ts';
import { wantsHtml } from '../http/problem.ts';
import { acceptsUpload, isMultipart, isSafeMethod } from '../http/security.ts';
import { ROUTE_ROLES } from '../http/route-catalogue.ts';
import { authMessages } from './auth.messages.ts';
import { roleNames, type Role } from './roles.ts';
import { findSession, SESSION_COOKIE, tokensEqual } from './session.service.ts';
import type { StaffPrincipal } from './staff.ts';
import { secondFactorMessages } from './totp/totp.messages.ts';
import { SECOND_FACTOR_PATH } from './totp/totp.paths.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The database, for guards that run outside a route module's closure. */
    authDb: Database;
  }
  interface FastifyContextConfig {
    /** A request to this route is not activity: it does not move the session's idle timeout (a status check). */
    passiveSession?: boolean;
    /**
     * The route stays open to an administrator who must first set up a second
     * factor (the set-up page itself, the session's own routes); every other
     * guarded route sends them to the set-up page.
     */
    secondFactorEnrolment?: boolean;
  }
}

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Loads the session named by the cookie, once per request; null when there
 * is none or it ended, and (unless { enrolmentOnly: 'allow' }) when it is an
 * administrator's that opens only the second factor's set-up page.
 */
export async function loadStaff(request: FastifyRequest, options: { enrolmentOnly?: 'allow' | 'refuse' } = {}): Promise<StaffPrincipal | null> {
  const allow = options.enrolmentOnly === 'allow';
  if (request.staff) return request.staffSession?.secondFactorEnrolmentRequired && !allow ? null : request.staff;
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const found = await findSession(request.server.authDb, token, {
    touch: request.routeOptions.config?.passiveSession !== true,
    enrolmentOnly: allow ? 'allow' : 'refuse',
  });
  if (!found) return null;
  request.staff = found.staff;
  request.staffSession = found.session;
  return found.staff;
}

export function csrfError(): AppError {
  return new AppError('csrf_failed', 403, authMessages.both('csrf_failed'));
}

/** Checks the synchroniser token of the session against the given value. */
export function verifyCsrf(request: FastifyRequest, given: unknown): void {
  const expected = request.staffSession?.csrfToken;
  if (!expected || !tokensEqual(expected, given)) throw csrfError();
}

/**
 * preHandler for every staff route: a live session, one of the roles, and on
 * a state-changing request the CSRF token (x-csrf-token header or _csrf form
 * field). A multipart form cannot be read here without buffering the file, so
 * on a route that takes an upload its token is checked by takeUploadedFile()
 * before the file is read; every other route refuses multipart bodies
 * (multipartOnlyForUploadsHook), and this guard does too, in case.
 */
export function requireStaff(roles: readonly Role[]): preHandlerAsyncHookHandler {
  const guard = async function requireStaffGuard(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    const staff = await loadStaff(request, { enrolmentOnly: 'allow' });
    if (!staff) throw unauthorized(authMessages.both('session_required'));
    reply.header('cache-control', 'no-store');
    if (request.staffSession?.secondFactorEnrolmentRequired && request.routeOptions.config?.secondFactorEnrolment !== true) {
      // A page: go and set it up. Anything else: refused, saying where to go.
      if ((request.method === 'GET' || request.method === 'HEAD') && wantsHtml(request)) {
        return reply.redirect(`${SECOND_FACTOR_PATH}?lang=${request.locale}`, 303);
      }
      const say = (locale: 'ko' | 'en') => secondFactorMessages.t(locale, 'second_factor_enrolment_required', { district: staff.districtName[locale] });
      throw new AppError('second_factor_enrolment_required', 403, { ko: say('ko'), en: say('en') });
    }
    if (!roles.includes(staff.role)) {
      throw forbidden({
        ko: authMessages.t('ko', 'role_forbidden', { roles: roles.map((r) => roleNames.t('ko', r)).join(', ') }),
        en: authMessages.t('en', 'role_forbidden', { roles: roles.map((r) => roleNames.t('en', r)).join(', ') }),
      });
    }
    if (isSafeMethod(request.method)) return;
    const header = request.headers[CSRF_HEADER];
    if (header !== undefined) return verifyCsrf(request, header);
    if (isMultipart(request)) {
      if (!acceptsUpload(request)) throw csrfError();
      request.csrfDeferred = true;
      return;
    }
    const body = request.body as Record<string, unknown> | undefined;
    verifyCsrf(request, body && typeof body === 'object' ? body[CSRF_FIELD] : undefined);
  };
  (guard as unknown as Record<symbol, unknown>)[ROUTE_ROLES] = [...roles];
  return guard;
}

/**
 * requireStaff() as a preValidation hook, the form staff routes use: the
 * guard runs before the request is validated, so an anonymous caller gets
 * 401 and learns nothing about the shape of a request (a 400 would tell).
 */
export function guard(roles: readonly Role[]): preValidationAsyncHookHandler {
  return requireStaff(roles) as unknown as preValidationAsyncHookHandler;
}

/** Routes naming a district in their path call this: staff see their own district only. */
export function assertDistrict(request: FastifyRequest, districtCode: string): void {
  const staff = request.staff;
  if (!staff) throw unauthorized(authMessages.both('session_required'));
  // Not 403: answering "forbidden" would confirm that the district exists.
  if (staff.districtCode !== districtCode) throw new AppError('not_found', 404, authMessages.both('wrong_district'));
}

/**
 * The one file of a multipart upload, after its CSRF token: the form must put
 * the _csrf field before the file (browsers send fields in document order).
 */
export async function takeUploadedFile(request: FastifyRequest): Promise<MultipartFile | undefined> {
  const file = await request.file();
  if (request.csrfDeferred) {
    const field = file?.fields[CSRF_FIELD];
    const value = field && !Array.isArray(field) && field.type === 'field' ? field.value : undefined;
    try {
      verifyCsrf(request, value);
    } catch (error) {
      file?.file.resume();
      throw error;
    }
    request.csrfDeferred = false;
  }
  return file;
}
