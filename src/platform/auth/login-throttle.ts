import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { authMessages } from './auth.messages.ts';

// Sign-in attempts are counted in the database (table login_attempts), so
// every serve process shares one count, and they are counted BEFORE the
// password is checked, in one locked statement: of twelve concurrent guesses
// against a limit of five, five are checked and seven answered 429.
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

const LIMITS = { address: MAX_ATTEMPTS_PER_ADDRESS, pair: MAX_ATTEMPTS_PER_PAIR } as const;

export class LoginThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super('login_throttled', 429, authMessages.both('login_throttled', { minutes }));
  }
}

/** The client address as stored: a hash prefix, never the address itself. */
export function addressKey(address: string): string {
  return createHash('sha256').update(address).digest('hex').slice(0, 32);
}

/** Usernames are compared trimmed and in lower case everywhere. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * Counts one attempt for the address and for the (address, username) pair;
 * throws LoginThrottledError, counting nothing, when either is spent.
 * Concurrent calls are serialised by the rows' locks, so each sees the count
 * the earlier ones left.
 */
export async function claimLoginAttempt(db: Database, username: string, address: string): Promise<void> {
  const addr = addressKey(address);
  await db.transaction(async (tx) => {
    // Rows in one fixed order ('address' < 'pair'), so two sign-ins never wait on each other crosswise.
    const { rows } = await tx.query<{ scope: 'address' | 'pair'; attempts: number; retry_after: number }>(
      `INSERT INTO login_attempts AS a (scope, username, address_hash, window_started_at, attempts)
       VALUES ('address', '', $2, now(), 1), ('pair', $1, $2, now(), 1)
       ON CONFLICT (scope, username, address_hash) DO UPDATE SET
         window_started_at = CASE WHEN a.window_started_at > now() - make_interval(mins => $3) THEN a.window_started_at ELSE now() END,
         attempts = CASE WHEN a.window_started_at > now() - make_interval(mins => $3) THEN a.attempts + 1 ELSE 1 END
       RETURNING a.scope, a.attempts,
         ceil(extract(epoch FROM a.window_started_at + make_interval(mins => $3) - now()))::int AS retry_after`,
      [username, addr, THROTTLE_WINDOW_MINUTES],
    );
    const spent = rows.filter((r) => r.attempts > LIMITS[r.scope]);
    // Throwing rolls the counts back: a refused attempt uses up nothing.
    if (spent.length) throw new LoginThrottledError(Math.max(1, ...spent.map((r) => r.retry_after)));
  });
}

/** A correct password: its pair starts afresh and the address gets its attempt back. */
export async function releaseLoginAttempt(q: Queryable, username: string, address: string): Promise<void> {
  const addr = addressKey(address);
  await q.query(`DELETE FROM login_attempts WHERE scope = 'pair' AND username = $1 AND address_hash = $2`, [username, addr]);
  await q.query(`UPDATE login_attempts SET attempts = greatest(attempts - 1, 0) WHERE scope = 'address' AND username = '' AND address_hash = $1`, [addr]);
}

export interface UsernameFailures {
  /** Failed sign-ins against the username in its current window, this one included. */
  failures: number;
  /** Client addresses with failed attempts against it in the window. */
  addresses: number;
}

/** Counts a failed sign-in against the username (from any address); old rows are pruned on the way. */
export async function recordUsernameFailure(q: Queryable, username: string): Promise<UsernameFailures> {
  const { rows } = await q.query<{ attempts: number }>(
    `INSERT INTO login_attempts AS a (scope, username, window_started_at, attempts) VALUES ('username', $1, now(), 1)
     ON CONFLICT (scope, username, address_hash) DO UPDATE SET
       window_started_at = CASE WHEN a.window_started_at > now() - make_interval(mins => $2) THEN a.window_started_at ELSE now() END,
       attempts = CASE WHEN a.window_started_at > now() - make_interval(mins => $2) THEN a.attempts + 1 ELSE 1 END
     RETURNING a.attempts`,
    [username, THROTTLE_WINDOW_MINUTES],
  );
  const spread = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM login_attempts
      WHERE scope = 'pair' AND username = $1 AND attempts > 0 AND window_started_at > now() - make_interval(mins => $2)`,
    [username, THROTTLE_WINDOW_MINUTES],
  );
  // Windows long over serve no purpose; pruning here keeps the table small without a scheduler.
  await q.query(`DELETE FROM login_attempts WHERE window_started_at < now() - interval '1 day'`);
  return { failures: rows[0]!.attempts, addresses: spread.rows[0]!.n };
}
