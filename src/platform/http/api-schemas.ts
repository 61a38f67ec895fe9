import { z } from 'zod';
import { problemSchema } from './problem.ts';

// What the staff API's routes share in their schemas: the session they need
// (a state-changing request also carries the session's CSRF token in
// x-csrf-token), the problem answers every guarded route may give, a row id
// in a path or query string, and instants written as ISO 8601 in JSON.

export const sessionSecurity: { [label: string]: string[] }[] = [{ session: [] }];

/** 400 bad input, 401 no session, 403 role or CSRF token refused, 404 not found (or another district's). */
export const staffApiErrors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** A database id: a whole number from 1 that JavaScript holds exactly. */
export const rowIdSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** An instant as ISO 8601, or null. */
export function isoOrNull(at: Date | null | undefined): string | null {
  return at ? at.toISOString() : null;
}
