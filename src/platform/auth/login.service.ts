import { AppError } from '../errors.ts';
import type { AppDeps } from '../http/deps.ts';
import { authMessages } from './auth.messages.ts';
import { assertLoginAllowed, clearUsernameFailures, recordLoginFailure } from './login-throttle.ts';
import { verifyPassword } from './password.ts';
import { createSession, type NewSession } from './session.service.ts';
import { findActiveStaffForLogin } from './staff.repository.ts';

export class LoginFailedError extends AppError {
  constructor() {
    // One message for an unknown username and a wrong password alike.
    super('login_failed', 401, authMessages.both('login_failed'));
  }
}

/** Checks the throttle, then the password; opens a session or throws LoginFailedError / LoginThrottledError. */
export async function logIn(
  deps: Pick<AppDeps, 'db' | 'config'>,
  credentials: { username: string; password: string },
  clientAddress: string,
): Promise<NewSession & { staffId: number }> {
  const username = credentials.username.trim().toLowerCase();
  await assertLoginAllowed(deps.db, username, clientAddress);
  const account = await findActiveStaffForLogin(deps.db, username);
  const ok = await verifyPassword(account?.password_hash ?? null, credentials.password);
  if (!account || !ok) {
    await recordLoginFailure(deps.db, username, clientAddress);
    throw new LoginFailedError();
  }
  await clearUsernameFailures(deps.db, username);
  const session = await createSession(deps.db, { id: Number(account.id), districtCode: account.district_code }, deps.config.TAXSTATION_SESSION_HOURS);
  return { ...session, staffId: Number(account.id) };
}
