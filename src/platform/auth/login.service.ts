import { recordAudit } from '../audit/audit.ts';
import { AppError } from '../errors.ts';
import type { AppDeps } from '../http/deps.ts';
import { authMessages } from './auth.messages.ts';
import {
  ALERT_FAILURES_PER_USERNAME,
  claimLoginAttempt,
  normaliseUsername,
  recordUsernameFailure,
  releaseLoginAttempt,
  THROTTLE_WINDOW_MINUTES,
  type UsernameFailures,
} from './login-throttle.ts';
import { verifyPassword } from './password.ts';
import { createSession, type NewSession } from './session.service.ts';
import { findActiveStaffForLogin, type StaffLoginRow } from './staff.repository.ts';
import { secondFactorEnabled, secondFactorError, verifySecondFactor } from './totp/totp.service.ts';

export class LoginFailedError extends AppError {
  constructor() {
    // One message for an unknown username and a wrong password alike.
    super('login_failed', 401, authMessages.both('login_failed'));
  }
}

type LoginDeps = Pick<AppDeps, 'db' | 'config'> & Partial<Pick<AppDeps, 'log' | 'cipher' | 'clock'>>;

/**
 * Counts the attempt (throttle), then checks the password; returns the
 * account, its attempt still counted (the caller gives it back once the
 * sign-in is complete), or throws LoginFailedError / LoginThrottledError.
 */
export async function checkPassword(
  deps: LoginDeps,
  credentials: { username: string; password: string },
  clientAddress: string,
): Promise<StaffLoginRow & { username: string }> {
  const username = normaliseUsername(credentials.username);
  // No account has an empty name; nothing to count or check.
  if (!username) throw new LoginFailedError();
  await claimLoginAttempt(deps.db, username, clientAddress);
  const account = await findActiveStaffForLogin(deps.db, username);
  const ok = await verifyPassword(account?.password_hash ?? null, credentials.password);
  if (!account || !ok) {
    const failures = await recordUsernameFailure(deps.db, username);
    if (failures.failures === ALERT_FAILURES_PER_USERNAME) await alertManyFailures(deps, username, account, failures);
    throw new LoginFailedError();
  }
  return { ...account, id: Number(account.id), username };
}

/** A complete sign-in: the attempt given back, a session opened. */
export async function openSignedInSession(
  deps: LoginDeps,
  account: { id: number; district_code: string; username: string },
  clientAddress: string,
): Promise<NewSession & { staffId: number }> {
  await releaseLoginAttempt(deps.db, account.username, clientAddress);
  const session = await createSession(
    deps.db,
    { id: Number(account.id), districtCode: account.district_code },
    deps.config.TAXSTATION_SESSION_HOURS,
    deps.config.TAXSTATION_SESSION_IDLE_MINUTES,
  );
  return { ...session, staffId: Number(account.id) };
}

/**
 * Signs in with username, password and, for an account with a second
 * factor, its code in the same request (the JSON API; the form asks for the
 * code on a page of its own). A missing code is refused with
 * second_factor_required and the attempt stays counted; a wrong one counts
 * against the username like a wrong password.
 */
export async function logIn(
  deps: LoginDeps,
  credentials: { username: string; password: string; code?: string },
  clientAddress: string,
): Promise<NewSession & { staffId: number }> {
  const account = await checkPassword(deps, credentials, clientAddress);
  if (await secondFactorEnabled(deps.db, account.id)) {
    if (!credentials.code) throw secondFactorError('second_factor_required');
    if (!deps.cipher) throw new Error('logIn needs the cipher for an account with a second factor');
    const { cipher } = deps;
    const check = await deps.db.transaction((tx) =>
      verifySecondFactor(tx, { cipher, clock: deps.clock }, { id: account.id, districtCode: account.district_code, username: account.username }, credentials.code!),
    );
    if (!check.ok) {
      await recordUsernameFailure(deps.db, account.username);
      throw secondFactorError('second_factor_failed');
    }
  }
  return openSignedInSession(deps, account, clientAddress);
}

/**
 * Many failed sign-ins against one username in a window (each address can
 * add only five before its pair is locked, so they came from several): once
 * per window, a warning in the log and, for an existing account, an entry in
 * its district's audit log. Neither holds a password nor an address.
 */
async function alertManyFailures(deps: LoginDeps, username: string, account: StaffLoginRow | null, failures: UsernameFailures): Promise<void> {
  const details = { failures: failures.failures, addresses: failures.addresses, windowMinutes: THROTTLE_WINDOW_MINUTES };
  deps.log?.warn({ event: 'login_failures_alert', username, accountExists: account !== null, ...details }, 'many failed sign-ins against one username');
  if (!account) return;
  await recordAudit(deps.db, {
    districtCode: account.district_code,
    actor: { type: 'system' },
    action: 'staff.sign_in_failures_alert',
    entityType: 'staff_account',
    entityId: String(account.id),
    reason: `${failures.failures} failed sign-ins against this account from ${failures.addresses} address(es) within ${THROTTLE_WINDOW_MINUTES} minutes`,
    source: 'system',
    details,
  });
}
