import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../platform/auth/roles.ts';
import { hitRateLimits, type RateLimit } from '../platform/rate-limit/window-counters.ts';
import type { ConsultationDeps } from './consultations.deps.ts';
import { consultationError } from './consultations.messages.ts';
import type { Actor } from './booking/booking.service.ts';

// What the consultation domain's routes share: the resident routes' request
// budgets (per client address, and per personal link for changes through
// it), the staff roles, and the staff actor of a request.

export const BOOKING_ROLES: readonly Role[] = ['admin', 'tax_official', 'desk_agent'];
export const SCHEDULE_ROLES: readonly Role[] = ['admin', 'tax_official'];
export const EXPERT_ROLES: readonly Role[] = ['expert'];

/** Reads per client address per 10 minutes. */
export const READ_LIMIT = { windowSeconds: 600, max: 600 };
/** Changes (code, book, move, cancel, waiting list, registrations) per client address per 10 minutes. */
export const WRITE_LIMIT = { windowSeconds: 600, max: 60 };
/** Changes per personal link per 10 minutes. */
export const LINK_LIMIT = { windowSeconds: 600, max: 20 };

type PreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The resident routes' pre-handlers: no caching, and 429 rate_limited past a
 * budget. `linkWrites(keyOf)` also counts per personal link (keyOf: a
 * non-secret key of the link, e.g. a prefix of its keyed hash).
 */
export function residentLimits(deps: Pick<ConsultationDeps, 'db'>): { reads: PreHandler; writes: PreHandler; linkWrites: (keyOf: (request: FastifyRequest) => string) => PreHandler } {
  const limit = (limits: (request: FastifyRequest) => RateLimit[]): PreHandler => async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const decision = await hitRateLimits(deps.db, limits(request));
    if (!decision.allowed) throw Object.assign(consultationError(429, 'rate_limited'), { retryAfterSeconds: decision.retryAfter });
  };
  const byAddress = (prefix: string, l: { windowSeconds: number; max: number }) => (request: FastifyRequest): RateLimit => ({ key: `cons-${prefix}:${request.ip}`, ...l });
  return {
    reads: limit((r) => [byAddress('r', READ_LIMIT)(r)]),
    writes: limit((r) => [byAddress('w', WRITE_LIMIT)(r)]),
    linkWrites: (keyOf) => limit((r) => [byAddress('w', WRITE_LIMIT)(r), { key: `cons-link:${keyOf(r)}`, ...LINK_LIMIT }]),
  };
}

/** The staff actor of a guarded request: the session's account, role and district (never the client's). */
export function staffActor(request: FastifyRequest): Extract<Actor, { kind: 'staff' }> {
  const s = request.staff!;
  return { kind: 'staff', staffId: s.id, role: s.role, districtCode: s.districtCode };
}
