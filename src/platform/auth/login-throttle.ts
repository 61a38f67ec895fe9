import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { countHit, hitRateLimits, liveKeysWithPrefix, resetRateLimit, returnHit } from '../rate-limit/window-counters.ts';
import { authMessages } from './auth.messages.ts';

// Sign-in attempts are counted in the database by the platform's rate
// limits (rate-limit/window-counters.ts), so every serve process shares one
// count, and they are counted BEFORE the password is checked, in one locked
// statement: of twelve concurrent guesses against a limit of five, five are
// checked and seven answered 429.
//
// The lock is per (client address, username) pair: a stranger guessing a
// staff member's password from their own address locks only themselves out,
// never the staff member. Per address, a larger budget stops one address
// trying many usernames. Failures against one username from anywhere lock
// nothing but raise an alert once they reach ALERT_FAILURES_PER_USERNAME in a
// window (a spread-out attack: each address can add only five).
//
// A correct password does not count: it clears its pair and gives its
// attempt back to the address. A refused (429) attempt is not counted either.

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_ATTEMPTS_PER_PAIR = 5;
export const MAX_ATTEMPTS_PER_ADDRESS = 20;
/** Failed sign-ins against one username in a window that raise the alert (at least three addresses, at five each). */
export const ALERT_FAILURES_PER_USERNAME = 15;

const WINDOW = { windowSeconds: THROTTLE_WINDOW_MINUTES * 60, windowStart: 'first_hit' } as const;

export class LoginThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super('login_throttled', 429, authMessages.both('login_throttled', { minutes }));
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The client address as stored: a hash prefix, never the address itself. */
export function addressKey(address: string): string {
  return digest(address);
}

/** Usernames are compared trimmed and in lower case everywhere. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

// The counters' keys: fixed-length hashes, so the pairs of one username are
// exactly the keys that start with its prefix.
const pairPrefix = (username: string) => `login-pair:${digest(username)}:`;
const pairKey = (username: string, address: string) => `${pairPrefix(username)}${addressKey(address)}`;
const addressLimitKey = (address: string) => `login-address:${addressKey(address)}`;
const usernameKey = (username: string) => `login-username:${digest(username)}`;

/**
 * Counts one attempt for the address and for the (address, username) pair;
 * throws LoginThrottledError, counting nothing, when either is spent.
 * Concurrent calls are serialised by the counters' row locks, so each sees
 * the count the earlier ones left.
 */
export async function claimLoginAttempt(db: Database, username: string, address: string): Promise<void> {
  const decision = await hitRateLimits(db, [
    { key: addressLimitKey(address), max: MAX_ATTEMPTS_PER_ADDRESS, ...WINDOW },
    { key: pairKey(username, address), max: MAX_ATTEMPTS_PER_PAIR, ...WINDOW },
  ]);
  if (!decision.allowed) throw new LoginThrottledError(decision.retryAfter);
}

/** A correct password: its pair starts afresh and the address gets its attempt back. */
export async function releaseLoginAttempt(q: Queryable, username: string, address: string): Promise<void> {
  await resetRateLimit(q, pairKey(username, address));
  await returnHit(q, addressLimitKey(address));
}

export interface UsernameFailures {
  /** Failed sign-ins against the username in its current window, this one included. */
  failures: number;
  /** Client addresses with failed attempts against it in the window. */
  addresses: number;
}

/** Counts a failed sign-in against the username (from any address). */
export async function recordUsernameFailure(q: Queryable, username: string): Promise<UsernameFailures> {
  const { hits } = await countHit(q, { key: usernameKey(username), ...WINDOW });
  return { failures: hits, addresses: await liveKeysWithPrefix(q, pairPrefix(username)) };
}

// Checks of a signed-in person's own password or code (changing the
// password, turning the second factor off) are counted per account, by the
// same counters: whoever holds the session gets a few tries, then waits.
// A right answer starts the count afresh.

export const MAX_ACCOUNT_CHECKS = 5;

const accountCheckKey = (staffId: number) => `account-check:${staffId}`;

/** Counts one check for the account; refused (counting nothing) when its tries are spent. */
export async function claimAccountCheck(db: Database, staffId: number): Promise<{ allowed: boolean; retryAfter: number }> {
  return hitRateLimits(db, [{ key: accountCheckKey(staffId), max: MAX_ACCOUNT_CHECKS, ...WINDOW }]);
}

/** A right password or code: the account's count starts afresh. */
export async function releaseAccountCheck(q: Queryable, staffId: number): Promise<void> {
  await resetRateLimit(q, accountCheckKey(staffId));
}
