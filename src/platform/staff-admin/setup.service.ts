import { recordAudit } from '../audit/audit.ts';
import { hashPassword } from '../auth/password.ts';
import { createSession, hashToken, type NewSession } from '../auth/session.service.ts';
import type { AppDeps } from '../http/deps.ts';
import { passwordProblem } from './password-strength.ts';
import type { StaffAdminMessageKey } from './staff-admin.messages.ts';
import { findUsableSetupLink, setPasswordHash, useSetupLink, voidSetupLinks, type UsableSetupLink } from './staff-admin.repository.ts';

// The set-up link's page behind the scenes: the link names one account; its
// owner chooses a password there, once, before the link expires, and is
// signed in. Using the link and setting the password are one transaction
// with the audit entry; a second submit of the same link finds it used.

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

type SetupDeps = Pick<AppDeps, 'db' | 'config' | 'clock'>;

/** The link's account, or null when the link cannot be used (unknown, used, replaced, expired, account disabled). */
export async function openSetupLink(deps: SetupDeps, token: string): Promise<UsableSetupLink | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  return findUsableSetupLink(deps.db, hashToken(token), deps.clock?.() ?? new Date());
}

export type SetupOutcome =
  | { ok: true; session: NewSession }
  | { ok: false; linkInvalid: true }
  | { ok: false; linkInvalid: false; errors: { field: 'password' | 'confirm'; key: StaffAdminMessageKey }[] };

export async function completeSetup(deps: SetupDeps, token: string, input: { password: string; confirm: string }): Promise<SetupOutcome> {
  const link = await openSetupLink(deps, token);
  if (!link) return { ok: false, linkInvalid: true };
  const errors: { field: 'password' | 'confirm'; key: StaffAdminMessageKey }[] = [];
  const problem = passwordProblem(input.password, [link.username, link.district_code, link.name_ko, link.name_en, 'taxstation']);
  if (problem) errors.push({ field: 'password', key: problem });
  else if (!input.confirm) errors.push({ field: 'confirm', key: 'confirm_required' });
  else if (input.confirm !== input.password) errors.push({ field: 'confirm', key: 'confirm_mismatch' });
  if (errors.length) return { ok: false, linkInvalid: false, errors };

  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(token);
  const now = deps.clock?.() ?? new Date();
  const used = await deps.db.transaction(async (tx) => {
    if (!(await useSetupLink(tx, tokenHash, now))) return false;
    await setPasswordHash(tx, link.staff_id, passwordHash);
    await voidSetupLinks(tx, link.staff_id, now);
    await recordAudit(tx, {
      districtCode: link.district_code,
      actor: { type: 'staff', id: String(link.staff_id) },
      action: 'staff.password_set',
      entityType: 'staff_account',
      entityId: String(link.staff_id),
      reason: link.purpose === 'new_account' ? 'first password chosen through the set-up link' : 'new password chosen through the set-up link after a reset',
      source: 'official',
      details: { username: link.username, purpose: link.purpose },
    });
    return true;
  });
  if (!used) return { ok: false, linkInvalid: true };
  const session = await createSession(
    deps.db,
    { id: link.staff_id, districtCode: link.district_code },
    deps.config.TAXSTATION_SESSION_HOURS,
    deps.config.TAXSTATION_SESSION_IDLE_MINUTES,
  );
  return { ok: true, session };
}
