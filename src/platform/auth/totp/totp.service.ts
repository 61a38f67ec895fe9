import { randomBytes } from 'node:crypto';
import { recordAudit, type AuditActorType, type AuditEntry, type AuditSource } from '../../audit/audit.ts';
import type { PersonalDataCipher } from '../../crypto.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import {
  claimAccountCheck,
  claimLoginAttempt,
  normaliseUsername,
  recordUsernameFailure,
  releaseAccountCheck,
} from '../login-throttle.ts';
import { verifyPassword } from '../password.ts';
import { hashToken } from '../session.service.ts';
import { findActiveStaffForLogin } from '../staff.repository.ts';
import { endAllSessions } from '../../staff-admin/staff-admin.repository.ts';
import type { StaffPrincipal } from '../staff.ts';
import { checkTotpCode, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, normaliseTotpCode, otpauthUri } from './totp.ts';
import { secondFactorMessages, type SecondFactorMessageKey } from './totp.messages.ts';
import {
  acceptTimeStep,
  countUnusedRecoveryCodes,
  deleteTotp,
  enableTotp,
  endChallenge,
  endChallengesOf,
  failChallenge,
  findLiveChallenge,
  findTotp,
  insertLoginChallenge,
  readRequireAdminTotp,
  replaceRecoveryCodes,
  savePendingTotp,
  secondFactorStatusOfDistrict,
  useChallenge,
  useRecoveryCode,
  writeRequireAdminTotp,
  type LiveChallenge,
} from './totp.repository.ts';

// The second factor's rules. A staff member turns it on from their own page
// (a secret kept sealed while it waits for the first correct code, then on,
// with one-time recovery codes shown once) and off with their password and a
// code; an administrator resets another's (a lost phone). At sign-in, an
// account with it gets a pending sign-in after the right password and a
// session only after a right code: each code counts in the sign-in throttle
// like a password, and a code is accepted once (its time step is stored).
// A district may require it of its administrators. Every change is audited.

export interface SecondFactorDeps {
  db: Database;
  cipher: PersonalDataCipher;
  clock?: () => Date;
}

/** Who changes a setting or another's second factor, and why (the shape of staff-admin's Operator). */
export interface SecondFactorOperator {
  actor: { type: AuditActorType; id: string };
  source: AuditSource;
  reason: string;
}

const nowOf = (deps: { clock?: () => Date }) => deps.clock?.() ?? new Date();

/** A pending sign-in lasts this long. */
export const LOGIN_CHALLENGE_MINUTES = 5;
/** Wrong codes a pending sign-in takes before it ends (the sign-in throttle usually stops them first). */
export const MAX_CODE_FAILURES = 5;

const recoveryHash = (cipher: PersonalDataCipher, staffId: number, code: string) => cipher.lookupHash('staff-recovery-code', `${staffId}:${code}`);

// ---- the district's rule ---------------------------------------------------

/** Whether the district requires its administrators to use a second factor (false until set). */
export function getRequireAdminTotp(q: Queryable, districtCode: string): Promise<boolean> {
  return readRequireAdminTotp(q, districtCode);
}

/**
 * Sets the district's rule with its audit entry, in the caller's transaction
 * (or in one of its own when given the database). The same value again
 * changes nothing and writes no entry.
 */
export async function setRequireAdminTotp(
  q: Database | Queryable,
  districtCode: string,
  value: boolean,
  actor: SecondFactorOperator,
): Promise<{ changed: boolean }> {
  const run = async (tx: Queryable) => {
    const before = await writeRequireAdminTotp(tx, districtCode, value);
    if (before === value) return { changed: false };
    await recordAudit(tx, {
      districtCode,
      actor: actor.actor,
      action: 'district.require_admin_totp_changed',
      entityType: 'district',
      entityId: districtCode,
      reason: actor.reason,
      source: actor.source,
      details: { from: before, to: value },
    });
    return { changed: true };
  };
  return 'transaction' in q ? q.transaction(run) : run(q);
}

// ---- one's own second factor ------------------------------------------------

export type OwnSecondFactor =
  | { state: 'on'; enabledAt: Date; recoveryCodesLeft: number }
  | { state: 'enrolling'; secret: string; uri: string };

/**
 * The account's second factor as its own page shows it: on, or a secret
 * waiting for its first code (the same one on every visit until then, so a
 * reload does not undo a scan).
 */
export async function ownSecondFactor(deps: SecondFactorDeps, staff: StaffPrincipal): Promise<OwnSecondFactor> {
  for (let tries = 0; tries < 2; tries++) {
    const row = await findTotp(deps.db, staff.id);
    if (row?.enabled_at) return { state: 'on', enabledAt: new Date(row.enabled_at), recoveryCodesLeft: await countUnusedRecoveryCodes(deps.db, staff.id) };
    let secret = row ? deps.cipher.decrypt(row.secret_enc) : null;
    if (!secret) {
      secret = newTotpSecret();
      // false: switched on in another tab meanwhile; read again
      if (!(await savePendingTotp(deps.db, { staffId: staff.id, districtCode: staff.districtCode, secretEnc: deps.cipher.encrypt(secret) }))) continue;
    }
    return { state: 'enrolling', secret, uri: otpauthUri({ issuer: `Tax Station ${staff.districtName.en}`, label: staff.username, secret }) };
  }
  throw new Error('the second factor changed twice while it was read');
}

export type FieldRefusal<F extends string> = { field: F; key: SecondFactorMessageKey };

/**
 * Switches the waiting secret on with a current code from the app; returns
 * the recovery codes, which are shown this once and kept only as hashes.
 */
export async function confirmEnrolment(
  deps: SecondFactorDeps,
  staff: StaffPrincipal,
  typed: string,
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; error: FieldRefusal<'code'> }> {
  const refuse = (key: SecondFactorMessageKey) => ({ ok: false as const, error: { field: 'code' as const, key } });
  if (!typed.trim()) return refuse('code_required');
  if (!normaliseTotpCode(typed)) return refuse('code_malformed');
  const row = await findTotp(deps.db, staff.id);
  if (!row || row.enabled_at) return refuse('enrolment_expired');
  const check = await checkTotpCode(deps.cipher.decrypt(row.secret_enc), typed, nowOf(deps), null);
  if (!check.ok) return refuse('code_wrong');
  const recoveryCodes = newRecoveryCodes();
  const enabled = await deps.db.transaction(async (tx) => {
    if (!(await enableTotp(tx, staff.id, check.timeStep, Buffer.from(row.secret_enc)))) return false;
    await replaceRecoveryCodes(tx, staff.id, recoveryCodes.map((code) => recoveryHash(deps.cipher, staff.id, code)));
    await auditOwnAccount(tx, staff, 'staff.second_factor_enabled', 'turned on two-step verification (authenticator app) for their own account', { username: staff.username, method: 'totp', recoveryCodes: recoveryCodes.length });
    return true;
  });
  return enabled ? { ok: true, recoveryCodes } : refuse('enrolment_expired');
}

/** An audit entry for what a staff member did to their own account's second factor. */
function auditOwnAccount(q: Queryable, account: { id: number; districtCode: string }, action: string, reason: string, details: AuditEntry['details']): Promise<void> {
  return recordAudit(q, {
    districtCode: account.districtCode,
    actor: { type: 'staff', id: String(account.id) },
    action,
    entityType: 'staff_account',
    entityId: String(account.id),
    reason,
    source: 'official',
    details,
  });
}

export type SecondFactorCheck = { ok: true; method: 'totp' | 'recovery_code' } | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' };

/**
 * Checks a typed code for an account whose second factor is on: a current
 * authenticator code of a step later than the last accepted (stored now), or
 * an unused recovery code (used up now, audited). Call inside the
 * transaction that acts on it, so a refusal later rolls the use back.
 */
export async function verifySecondFactor(
  q: Queryable,
  deps: { cipher: PersonalDataCipher; clock?: () => Date },
  account: { id: number; districtCode: string; username: string },
  typed: string,
): Promise<SecondFactorCheck> {
  const row = await findTotp(q, account.id);
  if (!row?.enabled_at) return { ok: false, reason: 'wrong' };
  if (normaliseTotpCode(typed)) {
    const check = await checkTotpCode(deps.cipher.decrypt(row.secret_enc), typed, nowOf(deps), row.last_time_step);
    if (!check.ok) return check;
    // Two requests with one code: the second finds the step taken.
    if (!(await acceptTimeStep(q, account.id, check.timeStep))) return { ok: false, reason: 'replayed' };
    return { ok: true, method: 'totp' };
  }
  const recovery = normaliseRecoveryCode(typed);
  if (!recovery) return { ok: false, reason: 'malformed' };
  if (!(await useRecoveryCode(q, account.id, recoveryHash(deps.cipher, account.id, recovery)))) return { ok: false, reason: 'wrong' };
  await auditOwnAccount(q, account, 'staff.recovery_code_used', 'used a one-time recovery code instead of an authenticator code', { username: account.username, recoveryCodesLeft: await countUnusedRecoveryCodes(q, account.id) });
  return { ok: true, method: 'recovery_code' };
}

/** Whether the account's second factor is on (sign-in asks for a code). */
export async function secondFactorEnabled(q: Queryable, staffId: number): Promise<boolean> {
  return (await findTotp(q, staffId))?.enabled_at != null;
}

export type TurnOffOutcome =
  | { ok: true }
  | { ok: false; throttledSeconds?: number; errors: FieldRefusal<'off-password' | 'off-code'>[] };

/**
 * Turns one's own second factor off with the password and a code; both are
 * counted by the account check throttle like the own-password form. An
 * administrator of a district that requires it cannot.
 */
export async function turnOffOwn(deps: SecondFactorDeps, staff: StaffPrincipal, input: { password: string; code: string }): Promise<TurnOffOutcome> {
  if (staff.role === 'admin' && (await getRequireAdminTotp(deps.db, staff.districtCode))) {
    return { ok: false, errors: [{ field: 'off-password', key: 'sf_required_cannot_turn_off' }] };
  }
  const errors: FieldRefusal<'off-password' | 'off-code'>[] = [];
  if (!input.password) errors.push({ field: 'off-password', key: 'password_required' });
  if (!input.code.trim()) errors.push({ field: 'off-code', key: 'code_required' });
  if (errors.length) return { ok: false, errors };
  const claim = await claimAccountCheck(deps.db, staff.id);
  if (!claim.allowed) return { ok: false, throttledSeconds: claim.retryAfter, errors: [{ field: 'off-password', key: 'check_throttled' }] };
  const account = await findActiveStaffForLogin(deps.db, normaliseUsername(staff.username));
  const passwordRight = await verifyPassword(account?.password_hash ?? null, input.password);
  return deps.db.transaction(async (tx) => {
    const check = await verifySecondFactor(tx, deps, { id: staff.id, districtCode: staff.districtCode, username: staff.username }, input.code);
    if (!passwordRight || !check.ok) {
      if (!passwordRight) errors.push({ field: 'off-password', key: 'password_wrong' });
      if (!check.ok) errors.push({ field: 'off-code', key: check.reason === 'replayed' ? 'code_replayed' : 'code_or_recovery_wrong' });
      // A right code is not spent by a wrong password: nothing of it is kept.
      throw new Refused(errors);
    }
    await releaseAccountCheck(tx, staff.id);
    const removed = await deleteTotp(tx, staff.id);
    await auditOwnAccount(tx, staff, 'staff.second_factor_disabled', 'turned off two-step verification for their own account', { username: staff.username, recoveryCodesDeleted: removed.recoveryCodes });
    return { ok: true as const };
  }).catch((error: unknown) => {
    if (error instanceof Refused) return { ok: false as const, errors: error.errors };
    throw error;
  });
}

class Refused<F extends string = 'off-password' | 'off-code'> extends Error {
  constructor(readonly errors: FieldRefusal<F>[]) {
    super('refused');
  }
}

export type RegenerateOutcome =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; throttledSeconds?: number; errors: FieldRefusal<'regen-password' | 'regen-code'>[] };

/**
 * New recovery codes for one's own account (the old ones used up, lost or
 * seen by someone): the password or a current code first, either one, and
 * whatever is typed must be right; checks count in the account check
 * throttle like turning it off. Every earlier code stops working; the new
 * ones are shown this once. Audited.
 */
export async function regenerateRecoveryCodes(deps: SecondFactorDeps, staff: StaffPrincipal, input: { password: string; code: string }): Promise<RegenerateOutcome> {
  const code = input.code.trim();
  if (!input.password && !code) return { ok: false, errors: [{ field: 'regen-password', key: 'regen_proof_required' }] };
  if (!(await secondFactorEnabled(deps.db, staff.id))) return { ok: false, errors: [{ field: 'regen-password', key: 'regen_not_on' }] };
  const claim = await claimAccountCheck(deps.db, staff.id);
  if (!claim.allowed) return { ok: false, throttledSeconds: claim.retryAfter, errors: [{ field: 'regen-password', key: 'check_throttled' }] };
  const passwordRight = input.password
    ? await verifyPassword((await findActiveStaffForLogin(deps.db, normaliseUsername(staff.username)))?.password_hash ?? null, input.password)
    : null;
  const account = { id: staff.id, districtCode: staff.districtCode, username: staff.username };
  return deps.db.transaction(async (tx) => {
    const check = code ? await verifySecondFactor(tx, deps, account, code) : null;
    const errors: FieldRefusal<'regen-password' | 'regen-code'>[] = [];
    if (passwordRight === false) errors.push({ field: 'regen-password', key: 'password_wrong' });
    if (check && !check.ok) errors.push({ field: 'regen-code', key: check.reason === 'replayed' ? 'code_replayed' : 'code_or_recovery_wrong' });
    // Nothing of a refused try is kept (a right code is not spent by a wrong password).
    if (errors.length) throw new Refused(errors);
    await releaseAccountCheck(tx, staff.id);
    const earlierUnused = await countUnusedRecoveryCodes(tx, staff.id);
    const recoveryCodes = newRecoveryCodes();
    await replaceRecoveryCodes(tx, staff.id, recoveryCodes.map((c) => recoveryHash(deps.cipher, staff.id, c)));
    await auditOwnAccount(tx, staff, 'staff.recovery_codes_regenerated', 'made new recovery codes for their own account; the earlier ones stopped working', {
      username: staff.username,
      recoveryCodes: recoveryCodes.length,
      earlierUnusedVoided: earlierUnused,
      checkedWith: [passwordRight ? 'password' : null, check?.ok ? check.method : null].filter((m) => m !== null).join('+'),
    });
    return { ok: true as const, recoveryCodes };
  }).catch((error: unknown) => {
    if (error instanceof Refused) return { ok: false as const, errors: error.errors as FieldRefusal<'regen-password' | 'regen-code'>[] };
    throw error;
  });
}

/**
 * Removes another account's second factor (a lost phone), in the caller's
 * transaction, with its audit entry; { changed: false } when it had none.
 * Whoever holds the account's sessions or a pending sign-in (perhaps the one
 * who has the phone) is signed out: they end too. The account then signs in
 * with its password and may set it up again. The caller announces the ended
 * sessions to open sockets after the commit (announceSessionEnded).
 */
export async function resetSecondFactor(
  tx: Queryable,
  account: { id: number; districtCode: string; username: string },
  operator: SecondFactorOperator,
  at: Date = new Date(),
): Promise<{ changed: boolean; sessionsEnded: number; signInsEnded: number }> {
  const removed = await deleteTotp(tx, account.id);
  if (!removed.wasEnabled) return { changed: false, sessionsEnded: 0, signInsEnded: 0 };
  const sessionsEnded = await endAllSessions(tx, account.id);
  const signInsEnded = await endChallengesOf(tx, account.id, at);
  await recordAudit(tx, {
    districtCode: account.districtCode,
    actor: operator.actor,
    action: 'staff.second_factor_reset',
    entityType: 'staff_account',
    entityId: String(account.id),
    reason: operator.reason,
    source: operator.source,
    details: { username: account.username, recoveryCodesDeleted: removed.recoveryCodes, sessionsEnded, signInsEnded },
  });
  return { changed: true, sessionsEnded, signInsEnded };
}

// ---- the sign-in's second step --------------------------------------------

/** A pending sign-in for an account whose password was right: its token goes in a cookie, only its hash is kept. */
export async function startLoginChallenge(deps: Pick<SecondFactorDeps, 'db' | 'clock'>, account: { id: number; districtCode: string }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const createdAt = nowOf(deps);
  const expiresAt = new Date(createdAt.getTime() + LOGIN_CHALLENGE_MINUTES * 60_000);
  await insertLoginChallenge(deps.db, { tokenHash: hashToken(token), staffId: account.id, districtCode: account.districtCode, createdAt, expiresAt });
  return { token, expiresAt };
}

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** The pending sign-in's account while it can still be completed; null otherwise. */
export async function openLoginChallenge(deps: Pick<SecondFactorDeps, 'db' | 'clock'>, token: string | undefined): Promise<LiveChallenge | null> {
  if (!token || !TOKEN_FORMAT.test(token)) return null;
  return findLiveChallenge(deps.db, hashToken(token), nowOf(deps), MAX_CODE_FAILURES);
}

export async function abandonLoginChallenge(deps: Pick<SecondFactorDeps, 'db' | 'clock'>, token: string | undefined): Promise<void> {
  if (token && TOKEN_FORMAT.test(token)) await endChallenge(deps.db, hashToken(token), nowOf(deps));
}

export type ChallengeOutcome =
  | { ok: true; account: LiveChallenge }
  | { ok: false; reason: 'expired' }
  | { ok: false; reason: 'malformed' | 'wrong' | 'replayed'; account: LiveChallenge };

/**
 * The code of a pending sign-in: counted in the sign-in throttle before it
 * is checked (throws LoginThrottledError when spent), a wrong one counted
 * against the username and the pending sign-in; a right one uses the pending
 * sign-in up. The caller then opens the session with openSignedInSession,
 * which gives the attempt back.
 */
export async function completeLoginChallenge(deps: SecondFactorDeps, token: string | undefined, typed: string, clientAddress: string): Promise<ChallengeOutcome> {
  const account = await openLoginChallenge(deps, token);
  if (!account || !token) return { ok: false, reason: 'expired' };
  await claimLoginAttempt(deps.db, account.username, clientAddress);
  const tokenHash = hashToken(token);
  const now = nowOf(deps);
  const who = { id: account.staff_id, districtCode: account.district_code, username: account.username };
  const outcome = await deps.db.transaction(async (tx): Promise<ChallengeOutcome> => {
    const check = await verifySecondFactor(tx, deps, who, typed);
    if (!check.ok) return { ok: false, reason: check.reason, account };
    // Used meanwhile (a second submit) or expired: the code's use is rolled back with this.
    if (!(await useChallenge(tx, tokenHash, now, MAX_CODE_FAILURES))) throw new ChallengeGone();
    return { ok: true, account };
  }).catch((error: unknown) => {
    if (error instanceof ChallengeGone) return { ok: false as const, reason: 'expired' as const };
    throw error;
  });
  if (!outcome.ok && outcome.reason !== 'expired') {
    await failChallenge(deps.db, tokenHash);
    await recordUsernameFailure(deps.db, account.username);
  }
  return outcome;
}

class ChallengeGone extends Error {}

/** Refusals of the second step as errors (the JSON API). */
export function secondFactorError(code: 'second_factor_required' | 'second_factor_failed'): AppError {
  return new AppError(code, 401, secondFactorMessages.both(code));
}

/** The district's rule and whose second factor is on, by account id (the staff pages). */
export async function districtSecondFactors(q: Queryable, districtCode: string): Promise<{ required: boolean; enabled: Map<number, boolean> }> {
  return { required: await getRequireAdminTotp(q, districtCode), enabled: await secondFactorStatusOfDistrict(q, districtCode) };
}
