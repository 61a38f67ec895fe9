import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { authMessages } from './auth.messages.ts';

// Failed logins are counted in the database so that every serve process
// shares one count. Two keys: the username (guessing one account's password)
// and the client address (trying many accounts). Addresses are kept hashed.

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export class LoginThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super('login_throttled', 429, authMessages.both('login_throttled', { minutes }));
  }
}

function keysFor(username: string, address: string): { user: string; addr: string } {
  return {
    user: `user:${username.trim().toLowerCase()}`,
    addr: `addr:${createHash('sha256').update(address).digest('hex').slice(0, 32)}`,
  };
}

/** Throws LoginThrottledError when either key has too many recent failures. */
export async function assertLoginAllowed(q: Queryable, username: string, address: string): Promise<void> {
  const { user, addr } = keysFor(username, address);
  const { rows } = await q.query<{ throttle_key: string; failures: number; oldest: Date }>(
    `SELECT throttle_key, count(*)::int AS failures, min(failed_at) AS oldest
       FROM login_failures
      WHERE throttle_key = ANY($1::text[]) AND failed_at > now() - make_interval(mins => $2)
      GROUP BY throttle_key`,
    [[user, addr], THROTTLE_WINDOW_MINUTES],
  );
  let retryAfter = 0;
  for (const row of rows) {
    const limit = row.throttle_key === user ? MAX_FAILURES_PER_USERNAME : MAX_FAILURES_PER_ADDRESS;
    if (row.failures >= limit) {
      const freeAt = new Date(row.oldest).getTime() + THROTTLE_WINDOW_MINUTES * 60_000;
      retryAfter = Math.max(retryAfter, Math.ceil((freeAt - Date.now()) / 1000));
    }
  }
  if (retryAfter > 0) throw new LoginThrottledError(retryAfter);
}

export async function recordLoginFailure(q: Queryable, username: string, address: string): Promise<void> {
  const { user, addr } = keysFor(username, address);
  await q.query(`INSERT INTO login_failures (throttle_key) VALUES ($1), ($2)`, [user, addr]);
  // Old rows serve no purpose; pruning here keeps the table small without a scheduler.
  await q.query(`DELETE FROM login_failures WHERE failed_at < now() - interval '1 day'`);
}

/** A correct password clears that username's count (not the address's). */
export async function clearUsernameFailures(q: Queryable, username: string): Promise<void> {
  await q.query(`DELETE FROM login_failures WHERE throttle_key = $1`, [keysFor(username, '').user]);
}
