import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { findDistrict, type DistrictDetails } from '../../platform/districts/districts.repository.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { hitRateLimits, type RateLimit } from '../../platform/rate-limit/window-counters.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationDepsFrom, type ConsultationDeps } from '../consultations.deps.ts';
import { LINK_LIMIT, READ_LIMIT, WRITE_LIMIT } from '../consultations.http.ts';
import { linkTokenHash } from '../booking/booking.notify.ts';
import { listFields, loadSettings, type Field, type ScheduleSettings } from '../schedule/schedule.repository.ts';
import { rateLimitedPage } from './booking-pages.view.ts';

// What the booking pages share: HTML answers that are never cached, the
// request budgets of the JSON API (the same keys, so the pages and the API
// of a client address draw on one budget), the district's consultation
// context, and the engine's refusals turned into error-summary entries.

export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  reply.header('x-robots-tag', 'noindex');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

export const lang = { lang: z.enum(['ko', 'en']).optional() };
export const districtParams = z.object({ district: z.string().min(1).max(40) });
/** Any text up to a bound; what it must be is each page's to say (in its error summary). */
export const text = (max = 200) => z.string().max(max).optional();
/** A personal link's token as it arrives (a wrong one is a "link does not work" page, not a 400). */
export const tokenParams = z.object({ token: z.string().min(1).max(100) });

export interface DistrictContext {
  district: DistrictDetails;
  settings: ScheduleSettings;
  fields: Field[];
}

export interface PageKit {
  deps: ConsultationDeps;
  reads: preHandlerAsyncHookHandler;
  writes: preHandlerAsyncHookHandler;
  linkWrites: preHandlerAsyncHookHandler;
  /** The district when it takes consultations, else null. */
  districtOf(code: string): Promise<DistrictContext | null>;
}

export function pageKit(appDeps: AppDeps): PageKit {
  const deps = consultationDepsFrom(appDeps);
  const limiter = (limitsFor: (request: FastifyRequest) => RateLimit[]): preHandlerAsyncHookHandler =>
    async function pageRateLimit(request, reply) {
      const decision = await hitRateLimits(deps.db, limitsFor(request));
      if (!decision.allowed) {
        reply.header('retry-after', String(decision.retryAfter));
        await sendHtml(reply, rateLimitedPage(request, decision.retryAfter), 429);
      }
    };
  const byAddress = (prefix: string, l: { windowSeconds: number; max: number }) => (request: FastifyRequest): RateLimit => ({ key: `cons-${prefix}:${request.ip}`, ...l });
  const tokenKey = (request: FastifyRequest) => linkTokenHash(deps, (request.params as { token: string }).token).toString('hex').slice(0, 32);
  return {
    deps,
    reads: limiter((r) => [byAddress('r', READ_LIMIT)(r)]),
    writes: limiter((r) => [byAddress('w', WRITE_LIMIT)(r)]),
    linkWrites: limiter((r) => [byAddress('w', WRITE_LIMIT)(r), { key: `cons-link:${tokenKey(r)}`, ...LINK_LIMIT }]),
    async districtOf(code) {
      const settings = await loadSettings(deps.db, code);
      if (!settings) return null;
      const district = await findDistrict(deps.db, code);
      if (!district) return null;
      return { district, settings, fields: await listFields(deps.db, code, { activeOnly: true }) };
    },
  };
}

/** An engine refusal (AppError), or null for anything else (which then goes on to the central handler). */
export const refusal = (error: unknown): AppError | null => (error instanceof AppError ? error : null);

/** The engine's codes for a slot the rules or the database refuse: the resident chooses another time. */
export const SLOT_REFUSALS: ReadonlySet<string> = new Set([
  'slot_taken', 'slot_in_past', 'slot_unaligned', 'slot_outside_windows', 'slot_on_holiday', 'expert_not_serving',
  'slot_too_soon', 'slot_beyond_horizon', 'slot_blocked', 'field_not_covered', 'expert_not_found',
]);

/** An engine refusal as an error-summary entry pointing to `field`, in the page's language. */
export const fieldError = (request: FastifyRequest, field: string, error: AppError): FieldError => ({ field, message: error.localized(request.locale) });
