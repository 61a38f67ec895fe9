import type { Queryable } from '../db/database.ts';
import type { Role } from '../auth/roles.ts';

// Staff accounts as the first-day commands and the set-up page change them,
// and their one-time set-up links (only the token's SHA-256 is stored).

export interface StaffAccountRow {
  id: number;
  district_code: string;
  username: string;
  display_name: string;
  role: Role;
  has_password: boolean;
  disabled_at: Date | null;
}

const ACCOUNT_COLUMNS = `id, district_code, username, display_name, role, password_hash IS NOT NULL AS has_password, disabled_at`;

async function findStaff(q: Queryable, column: 'username' | 'id', value: string | number): Promise<StaffAccountRow | null> {
  const { rows } = await q.query<StaffAccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE ${column} = $1`, [value]);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
}

export function findStaffByUsername(q: Queryable, username: string): Promise<StaffAccountRow | null> {
  return findStaff(q, 'username', username);
}

export function findStaffById(q: Queryable, staffId: number): Promise<StaffAccountRow | null> {
  return findStaff(q, 'id', staffId);
}

export async function passwordHashOf(q: Queryable, staffId: number): Promise<string | null> {
  const { rows } = await q.query<{ password_hash: string | null }>(`SELECT password_hash FROM staff_accounts WHERE id = $1`, [staffId]);
  return rows[0]?.password_hash ?? null;
}

export interface StaffListRow extends StaffAccountRow {
  last_sign_in_at: Date | null;
}

/** The district's accounts with their last sign-in (the newest session's start), enabled first, then by username. */
export async function listDistrictStaff(q: Queryable, districtCode: string): Promise<StaffListRow[]> {
  const { rows } = await q.query<StaffListRow>(
    `SELECT a.id, a.district_code, a.username, a.display_name, a.role, a.password_hash IS NOT NULL AS has_password, a.disabled_at,
            (SELECT max(s.created_at) FROM staff_sessions s WHERE s.staff_id = a.id) AS last_sign_in_at
       FROM staff_accounts a
      WHERE a.district_code = $1
      ORDER BY a.disabled_at IS NOT NULL, a.username`,
    [districtCode],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function updateRole(q: Queryable, staffId: number, role: Role): Promise<void> {
  await q.query(`UPDATE staff_accounts SET role = $2 WHERE id = $1`, [staffId, role]);
}

/** Ends the account's sessions except the one given (the person changing their password stays signed in here). */
export async function endOtherSessions(q: Queryable, staffId: number, keepTokenHash: Buffer): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE staff_sessions SET ended_at = now() WHERE staff_id = $1 AND ended_at IS NULL AND token_hash <> $2`,
    [staffId, keepTokenHash],
  );
  return rowCount;
}

/** A new account without a password: its owner chooses one through a set-up link. */
export async function insertStaffWithoutPassword(
  q: Queryable,
  account: { districtCode: string; username: string; displayName: string; role: Role },
): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO staff_accounts (district_code, username, display_name, role, password_hash)
     VALUES ($1, $2, $3, $4, NULL) RETURNING id`,
    [account.districtCode, account.username, account.displayName, account.role],
  );
  return Number(rows[0]!.id);
}

/** The password stops working (NULL matches no password); returns whether there was one. */
export async function voidPassword(q: Queryable, staffId: number): Promise<boolean> {
  const { rowCount } = await q.query(`UPDATE staff_accounts SET password_hash = NULL WHERE id = $1 AND password_hash IS NOT NULL`, [staffId]);
  return rowCount === 1;
}

export async function setPasswordHash(q: Queryable, staffId: number, passwordHash: string): Promise<void> {
  await q.query(`UPDATE staff_accounts SET password_hash = $2 WHERE id = $1 AND disabled_at IS NULL`, [staffId, passwordHash]);
}

/** Disables the account unless it is already; returns the moment it was disabled (now or before). */
export async function disableAccount(q: Queryable, staffId: number): Promise<{ changed: boolean; disabledAt: Date }> {
  const { rows } = await q.query<{ disabled_at: Date }>(
    `UPDATE staff_accounts SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING disabled_at`,
    [staffId],
  );
  if (rows[0]) return { changed: true, disabledAt: rows[0].disabled_at };
  const { rows: before } = await q.query<{ disabled_at: Date }>(`SELECT disabled_at FROM staff_accounts WHERE id = $1`, [staffId]);
  return { changed: false, disabledAt: before[0]!.disabled_at };
}

/** Ends every live session of the account; returns how many. */
export async function endAllSessions(q: Queryable, staffId: number): Promise<number> {
  const { rowCount } = await q.query(`UPDATE staff_sessions SET ended_at = now() WHERE staff_id = $1 AND ended_at IS NULL`, [staffId]);
  return rowCount;
}

export type SetupLinkPurpose = 'new_account' | 'reset';

export async function insertSetupLink(
  q: Queryable,
  link: { tokenHash: Buffer; staffId: number; districtCode: string; purpose: SetupLinkPurpose; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO staff_setup_links (token_hash, staff_id, district_code, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [link.tokenHash, link.staffId, link.districtCode, link.purpose, link.createdAt, link.expiresAt],
  );
}

/** Voids the account's links not yet used; returns how many. */
export async function voidSetupLinks(q: Queryable, staffId: number, at: Date): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE staff_setup_links SET voided_at = $2 WHERE staff_id = $1 AND used_at IS NULL AND voided_at IS NULL`,
    [staffId, at],
  );
  return rowCount;
}

export interface UsableSetupLink {
  staff_id: number;
  district_code: string;
  username: string;
  purpose: SetupLinkPurpose;
  expires_at: Date;
  name_ko: string;
  name_en: string;
}

const USABLE = `l.used_at IS NULL AND l.voided_at IS NULL AND l.expires_at > $2 AND a.disabled_at IS NULL`;

/** The link's account when the link can still be used at `now`; null otherwise (unknown, used, voided, expired, disabled). */
export async function findUsableSetupLink(q: Queryable, tokenHash: Buffer, now: Date, options: { lock?: boolean } = {}): Promise<UsableSetupLink | null> {
  const { rows } = await q.query<UsableSetupLink>(
    `SELECT l.staff_id, l.district_code, a.username, l.purpose, l.expires_at, d.name_ko, d.name_en
       FROM staff_setup_links l
       JOIN staff_accounts a ON a.id = l.staff_id
       JOIN districts d ON d.code = l.district_code
      WHERE l.token_hash = $1 AND ${USABLE}${options.lock ? ' FOR UPDATE OF l' : ''}`,
    [tokenHash, now],
  );
  return rows[0] ? { ...rows[0], staff_id: Number(rows[0].staff_id) } : null;
}

/** Marks the link used, only if it still can be (a second submit loses the race and gets false). */
export async function useSetupLink(q: Queryable, tokenHash: Buffer, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE staff_setup_links l SET used_at = $2 FROM staff_accounts a
      WHERE l.token_hash = $1 AND a.id = l.staff_id AND ${USABLE}`,
    [tokenHash, now],
  );
  return rowCount === 1;
}
