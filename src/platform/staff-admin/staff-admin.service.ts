import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordAudit, type AuditActorType, type AuditSource } from '../audit/audit.ts';
import { hashToken } from '../auth/session.service.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import type { PersonalDataCipher } from '../crypto.ts';
import type { Database, Queryable } from '../db/database.ts';
import { findDistrict, insertDistrict } from '../districts/districts.repository.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { claimAccountCheck, releaseAccountCheck } from '../auth/login-throttle.ts';
import { secondFactorMessages } from '../auth/totp/totp.messages.ts';
import { resetSecondFactor, setRequireAdminTotp } from '../auth/totp/totp.service.ts';
import { passwordProblem } from './password-strength.ts';
import { AppError } from '../errors.ts';
import { staffAdminMessages, type StaffAdminMessageKey } from './staff-admin.messages.ts';
import {
  disableAccount,
  endAllSessions,
  endOtherSessions,
  findStaffById,
  findStaffByUsername,
  passwordHashOf,
  setPasswordHash,
  updateRole,
  insertSetupLink,
  insertStaffWithoutPassword,
  voidPassword,
  voidSetupLinks,
  type SetupLinkPurpose,
  type StaffAccountRow,
} from './staff-admin.repository.ts';

// A district's first day and its staff's lifecycle: districts and accounts
// created, set-up links issued, accounts reset and disabled. The command line
// calls these (the operator is the OS user), the console will too (the
// operator is the signed-in admin). Each is idempotent: the same call again
// changes nothing and says so (`changed: false`). Each change and its audit
// entry are one transaction.

/** How long a set-up link works. */
export const SETUP_LINK_HOURS = 72;
export const SETUP_PATH = '/setup';

export const districtCodeSchema = z.string().regex(/^[a-z][a-z0-9-]{1,30}$/);
export const usernameSchema = z.string().regex(/^[a-z0-9._-]{3,64}$/);
const nameSchema = z.string().trim().min(1).max(100);
const reasonSchema = z.string().trim().min(3).max(500);

/** Who makes a change and why: an OS user at the command line, or a signed-in admin. */
export interface Operator {
  actor: { type: AuditActorType; id: string };
  source: AuditSource;
  reason: string;
}

export interface StaffAdminDeps {
  db: Database;
  /** The public base URL set-up links start with (publicBaseUrl(config)). */
  publicUrl: string;
  clock?: () => Date;
  /**
   * Told, after the commit, of an account whose sessions a reset or a
   * disable ended, so that every process closes the sockets opened with them
   * at once (auth/session-events.ts announceSessionEnded) rather than at
   * their next action.
   */
  sessionsEnded?: (staffId: number) => Promise<void>;
}

/** Tells the open sockets of an account whose sessions a change ended, once that change is committed. */
async function afterSessionsEnded<T extends { staffId: number; sessionsEnded: number }>(deps: Pick<StaffAdminDeps, 'sessionsEnded'>, result: T): Promise<T> {
  if (result.sessionsEnded > 0) await deps.sessionsEnded?.(result.staffId);
  return result;
}

export interface SetupLink {
  url: string;
  expiresAt: Date;
}

/** The port through which the console e-mails a set-up link (the delivery engine implements it; app/routes.ts wires it). */
export type SetupLinkMailer = (
  tx: Queryable,
  cipher: PersonalDataCipher,
  message: { districtCode: string; username: string; email: string; link: SetupLink },
) => Promise<void>;

/** Hands a new link to its owner inside the change's transaction (the console: an e-mail through the delivery engine). */
export type DeliverSetupLink = (tx: Queryable, link: SetupLink, account: { username: string; districtCode: string }) => Promise<void>;

function refuse(code: StaffAdminMessageKey, status: number, vars?: Record<string, string>): AppError {
  return new AppError(code, status, staffAdminMessages.both(code, vars));
}

function checkReason(operator: Operator): void {
  if (!reasonSchema.safeParse(operator.reason).success) throw refuse('reason_invalid', 400);
}

function checkDistrictCode(code: string): void {
  if (!districtCodeSchema.safeParse(code).success) throw refuse('district_code_invalid', 400, { code });
}

async function requireDistrict(q: Queryable, code: string): Promise<void> {
  checkDistrictCode(code);
  if (!(await findDistrict(q, code))) throw refuse('district_unknown', 404, { code });
}

export async function addDistrict(
  db: Database,
  input: { code: string; nameKo: string; nameEn: string },
  operator: Operator,
): Promise<{ changed: boolean }> {
  checkDistrictCode(input.code);
  checkReason(operator);
  const ko = nameSchema.safeParse(input.nameKo);
  const en = nameSchema.safeParse(input.nameEn);
  if (!ko.success) throw refuse('district_name_invalid', 400, { field: '--name-ko' });
  if (!en.success) throw refuse('district_name_invalid', 400, { field: '--name-en' });
  const name = { ko: ko.data, en: en.data };
  return db.transaction(async (tx) => {
    if (!(await insertDistrict(tx, { code: input.code, name }))) {
      const existing = (await findDistrict(tx, input.code))!;
      if (existing.name.ko === name.ko && existing.name.en === name.en) return { changed: false };
      throw refuse('district_exists_other_names', 409, { code: input.code, ko: existing.name.ko, en: existing.name.en });
    }
    await recordAudit(tx, {
      districtCode: input.code,
      actor: operator.actor,
      action: 'district.created',
      entityType: 'district',
      entityId: input.code,
      reason: operator.reason,
      source: operator.source,
      details: { nameKo: name.ko, nameEn: name.en },
    });
    return { changed: true };
  });
}

async function issueSetupLink(tx: Queryable, deps: StaffAdminDeps, account: { id: number; districtCode: string }, purpose: SetupLinkPurpose): Promise<SetupLink> {
  const now = deps.clock?.() ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SETUP_LINK_HOURS * 3600_000);
  await voidSetupLinks(tx, account.id, now);
  await insertSetupLink(tx, { tokenHash: hashToken(token), staffId: account.id, districtCode: account.districtCode, purpose, createdAt: now, expiresAt });
  return { url: `${deps.publicUrl}${SETUP_PATH}/${token}`, expiresAt };
}

function parseRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw refuse('role_unknown', 400, { role, roles: ROLES.join(', ') });
  return role as Role;
}

function checkUsername(username: string): void {
  if (!usernameSchema.safeParse(username).success) throw refuse('username_invalid', 400, { username });
}

export type AddStaffResult =
  | { changed: true; staffId: number; link: SetupLink }
  | { changed: false; staffId: number; hasPassword: boolean; disabled: boolean };

/**
 * A new account in a district, with a set-up link for its owner. The same
 * username, district and role again changes nothing (no new link either: a
 * lost link is replaced by resetStaff). A username taken in another district,
 * or in this one with another role, is refused.
 */
export async function addStaff(
  deps: StaffAdminDeps,
  input: { districtCode: string; username: string; role: string; displayName?: string },
  operator: Operator,
  deliver?: DeliverSetupLink,
): Promise<AddStaffResult> {
  checkUsername(input.username);
  const role = parseRole(input.role);
  checkReason(operator);
  return deps.db.transaction(async (tx) => {
    await requireDistrict(tx, input.districtCode);
    const existing = await findStaffByUsername(tx, input.username);
    if (existing) {
      if (existing.district_code !== input.districtCode) throw refuse('username_taken_elsewhere', 409, { username: input.username });
      if (existing.role !== role) throw refuse('username_taken_other_role', 409, { username: input.username, role: existing.role });
      return { changed: false, staffId: existing.id, hasPassword: existing.has_password, disabled: existing.disabled_at !== null };
    }
    const displayName = input.displayName?.trim() || input.username;
    const staffId = await insertStaffWithoutPassword(tx, { districtCode: input.districtCode, username: input.username, displayName, role });
    const link = await issueSetupLink(tx, deps, { id: staffId, districtCode: input.districtCode }, 'new_account');
    await deliver?.(tx, link, { username: input.username, districtCode: input.districtCode });
    await recordAudit(tx, {
      districtCode: input.districtCode,
      actor: operator.actor,
      action: 'staff.created',
      entityType: 'staff_account',
      entityId: String(staffId),
      reason: operator.reason,
      source: operator.source,
      details: { username: input.username, role, setupLinkExpiresAt: link.expiresAt.toISOString(), setupLinkSentBy: deliver ? 'email' : 'operator' },
    });
    return { changed: true, staffId, link };
  });
}

async function requireStaffIn(tx: Queryable, districtCode: string, username: string): Promise<StaffAccountRow> {
  checkUsername(username);
  await requireDistrict(tx, districtCode);
  const account = await findStaffByUsername(tx, username);
  // Another district's account is "unknown" here: the operator named the wrong district.
  if (!account || account.district_code !== districtCode) throw refuse('staff_unknown', 404, { username, district: districtCode });
  return account;
}

export interface ResetResult {
  staffId: number;
  link: SetupLink;
  /** false when the password was void already (never set, or reset before) */
  passwordVoided: boolean;
  sessionsEnded: number;
  /** earlier set-up links that stopped working */
  linksVoided: number;
}

/**
 * The password and every session stop working; a new set-up link replaces
 * any earlier one. Run again, it finds nothing more to void and only issues a
 * fresh link (links are stored as hashes, so an old one cannot be shown again).
 */
export async function resetStaff(
  deps: StaffAdminDeps,
  input: { districtCode: string; username: string },
  operator: Operator,
  deliver?: DeliverSetupLink,
): Promise<ResetResult> {
  checkReason(operator);
  const result = await deps.db.transaction(async (tx) => {
    const account = await requireStaffIn(tx, input.districtCode, input.username);
    if (account.disabled_at) throw refuse('staff_disabled', 409, { username: input.username });
    const passwordVoided = await voidPassword(tx, account.id);
    const sessionsEnded = await endAllSessions(tx, account.id);
    const linksVoided = await voidSetupLinks(tx, account.id, deps.clock?.() ?? new Date());
    const link = await issueSetupLink(tx, deps, { id: account.id, districtCode: input.districtCode }, 'reset');
    await deliver?.(tx, link, { username: account.username, districtCode: input.districtCode });
    await recordAudit(tx, {
      districtCode: input.districtCode,
      actor: operator.actor,
      action: 'staff.reset',
      entityType: 'staff_account',
      entityId: String(account.id),
      reason: operator.reason,
      source: operator.source,
      details: { username: account.username, passwordVoided, sessionsEnded, linksVoided, setupLinkExpiresAt: link.expiresAt.toISOString(), setupLinkSentBy: deliver ? 'email' : 'operator' },
    });
    return { staffId: account.id, link, passwordVoided, sessionsEnded, linksVoided };
  });
  return afterSessionsEnded(deps, result);
}

/** The account can no longer sign in; its sessions end and its set-up links stop working. Again: nothing changes. */
export async function disableStaff(
  deps: StaffAdminDeps,
  input: { districtCode: string; username: string },
  operator: Operator,
): Promise<{ changed: boolean; staffId: number; disabledAt: Date; sessionsEnded: number }> {
  checkReason(operator);
  const result = await deps.db.transaction(async (tx) => {
    const account = await requireStaffIn(tx, input.districtCode, input.username);
    const { changed, disabledAt } = await disableAccount(tx, account.id);
    if (!changed) return { changed, staffId: account.id, disabledAt, sessionsEnded: 0 };
    const sessionsEnded = await endAllSessions(tx, account.id);
    const linksVoided = await voidSetupLinks(tx, account.id, deps.clock?.() ?? new Date());
    await recordAudit(tx, {
      districtCode: input.districtCode,
      actor: operator.actor,
      action: 'staff.disabled',
      entityType: 'staff_account',
      entityId: String(account.id),
      reason: operator.reason,
      source: operator.source,
      details: { username: account.username, sessionsEnded, linksVoided },
    });
    return { changed, staffId: account.id, disabledAt, sessionsEnded };
  });
  return afterSessionsEnded(deps, result);
}

async function requireAccountById(tx: Queryable, districtCode: string, staffId: number): Promise<StaffAccountRow> {
  const account = await findStaffById(tx, staffId);
  // Another district's account does not exist for this admin (404, not 403: no confirmation that it exists).
  if (!account || account.district_code !== districtCode) throw refuse('staff_not_found', 404);
  return account;
}

/** The username of an account of this district (the console names accounts by id). */
export async function usernameOf(q: Queryable, districtCode: string, staffId: number): Promise<string> {
  return (await requireAccountById(q, districtCode, staffId)).username;
}

/** Another role for an account of the district; the same role again changes nothing. Admins cannot change their own role. */
export async function changeRole(
  deps: StaffAdminDeps,
  input: { districtCode: string; staffId: number; role: string; byStaffId: number },
  operator: Operator,
): Promise<{ changed: boolean }> {
  const role = parseRole(input.role);
  checkReason(operator);
  if (input.staffId === input.byStaffId) throw refuse('own_account', 409);
  return deps.db.transaction(async (tx) => {
    const account = await requireAccountById(tx, input.districtCode, input.staffId);
    if (account.role === role) return { changed: false };
    await updateRole(tx, account.id, role);
    await recordAudit(tx, {
      districtCode: input.districtCode,
      actor: operator.actor,
      action: 'staff.role_changed',
      entityType: 'staff_account',
      entityId: String(account.id),
      reason: operator.reason,
      source: operator.source,
      details: { username: account.username, from: account.role, to: role },
    });
    return { changed: true };
  });
}

/**
 * Removes the second factor of another account of the district (a lost
 * phone), audited with the admin and the reason; the same again changes
 * nothing. Admins turn their own off on their own page, or ask another.
 */
export async function resetSecondFactorOf(
  deps: Pick<StaffAdminDeps, 'db' | 'clock' | 'sessionsEnded'>,
  input: { districtCode: string; staffId: number; byStaffId: number },
  operator: Operator,
): Promise<{ changed: boolean; staffId: number; sessionsEnded: number; signInsEnded: number }> {
  checkReason(operator);
  if (input.staffId === input.byStaffId) throw new AppError('own_reset', 409, secondFactorMessages.both('own_reset'));
  const result = await deps.db.transaction(async (tx) => {
    const account = await requireAccountById(tx, input.districtCode, input.staffId);
    const outcome = await resetSecondFactor(tx, { id: account.id, districtCode: input.districtCode, username: account.username }, operator, deps.clock?.());
    return { ...outcome, staffId: account.id };
  });
  return afterSessionsEnded(deps, result);
}

/** The command line's reset of an account's second factor, named by district and username (the lone admin's lost phone). */
export async function resetSecondFactorByUsername(
  deps: Pick<StaffAdminDeps, 'db' | 'clock' | 'sessionsEnded'>,
  input: { districtCode: string; username: string },
  operator: Operator,
): Promise<{ changed: boolean; staffId: number; sessionsEnded: number; signInsEnded: number }> {
  checkReason(operator);
  const result = await deps.db.transaction(async (tx) => {
    const account = await requireStaffIn(tx, input.districtCode, input.username);
    const outcome = await resetSecondFactor(tx, { id: account.id, districtCode: input.districtCode, username: account.username }, operator, deps.clock?.());
    return { ...outcome, staffId: account.id };
  });
  return afterSessionsEnded(deps, result);
}

/** The command line's switch of the district's rule that its administrators must use a second factor ('on' or 'off'). */
export async function setDistrictRequireAdminTotp(
  db: Database,
  input: { districtCode: string; value: string },
  operator: Operator,
): Promise<{ changed: boolean; required: boolean }> {
  checkReason(operator);
  if (input.value !== 'on' && input.value !== 'off') throw refuse('on_off_invalid', 400, { value: input.value });
  await requireDistrict(db, input.districtCode);
  const required = input.value === 'on';
  const { changed } = await setRequireAdminTotp(db, input.districtCode, required, operator);
  return { changed, required };
}

/**
 * A signed-in person changes their own password: the current one first, the
 * new one under the set-up page's rule; their other sessions end. Checks of
 * the current password are counted per account (a few, then a wait), so a
 * session left open is no way to guess it.
 */
export async function changeOwnPassword(
  db: Database,
  input: { staffId: number; districtCode: string; current: string; password: string; confirm: string; keepSession: Buffer },
): Promise<
  | { ok: true }
  | { ok: false; errors: { field: 'current' | 'password' | 'confirm'; key: StaffAdminMessageKey }[]; throttledSeconds?: number }
> {
  const account = await requireAccountById(db, input.districtCode, input.staffId);
  const district = (await findDistrict(db, input.districtCode))!;
  const errors: { field: 'current' | 'password' | 'confirm'; key: StaffAdminMessageKey }[] = [];
  const claim = await claimAccountCheck(db, account.id);
  if (!claim.allowed) return { ok: false, errors: [{ field: 'current', key: 'password_check_throttled' }], throttledSeconds: claim.retryAfter };
  if (await verifyPassword(await passwordHashOf(db, account.id), input.current)) await releaseAccountCheck(db, account.id);
  else errors.push({ field: 'current', key: 'current_password_wrong' });
  const problem = passwordProblem(input.password, [account.username, input.districtCode, district.name.ko, district.name.en, 'taxstation']);
  if (problem) errors.push({ field: 'password', key: problem });
  else if (input.password === input.current) errors.push({ field: 'password', key: 'password_unchanged' });
  else if (input.confirm !== input.password) errors.push({ field: 'confirm', key: input.confirm ? 'confirm_mismatch' : 'confirm_required' });
  if (errors.length) return { ok: false, errors };
  const hash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, account.id, hash);
    const sessionsEnded = await endOtherSessions(tx, account.id, input.keepSession);
    await recordAudit(tx, {
      districtCode: input.districtCode,
      actor: { type: 'staff', id: String(account.id) },
      action: 'staff.password_changed',
      entityType: 'staff_account',
      entityId: String(account.id),
      reason: 'changed their own password',
      source: 'official',
      details: { username: account.username, otherSessionsEnded: sessionsEnded },
    });
  });
  return { ok: true };
}
