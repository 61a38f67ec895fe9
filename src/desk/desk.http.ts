import { z } from 'zod';
import type { Database } from '../platform/db/database.ts';
import { notFound, tooManyRequests } from '../platform/errors.ts';
import { hitRateLimits, type RateLimit } from '../platform/rate-limit/window-counters.ts';
import { deskMessages } from './desk.messages.ts';

// What the desk's route modules share: ids in paths, the plain "ok" answer,
// and the budget every resident request under /r/desk counts against
// (residents are authorised by a conversation's resume token, not a login).

// Path ids are read as text and checked in the handler: validation runs
// before the role guard, and an anonymous caller must get 401, not 400.
export const idParams = z.object({ id: z.string().max(20) });

export function pathId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw notFound();
  return Number(value);
}

export const okAnswer = z.object({ ok: z.literal(true) });

/** The budget of one client address for every resident request under /r/desk (sockets have their own limits). */
export const residentRequestLimit = (ip: string): RateLimit => ({ key: `desk-r:${ip}`, windowSeconds: 600, max: 60 });

/** Counts a resident request against its address's budget and any further limits, all or nothing; 429 past any of them. */
export async function limitResidentRequest(db: Database, ip: string, more: readonly RateLimit[] = []): Promise<void> {
  const decision = await hitRateLimits(db, [residentRequestLimit(ip), ...more]);
  if (!decision.allowed) throw tooManyRequests(deskMessages.both('too_many_requests'));
}
