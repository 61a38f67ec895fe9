import type { Queryable } from '../db/database.ts';
import { hashPassword } from './password.ts';
import type { Role } from './roles.ts';
import type { StaffPrincipal } from './staff.ts';

export interface NewStaffAccount {
  districtCode: string;
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

/** Creates a staff account; the password is stored only as an argon2id hash. */
export async function createStaffAccount(q: Queryable, account: NewStaffAccount): Promise<number> {
  const { password, ...rest } = account;
  return insertStaffAccount(q, { ...rest, passwordHash: await hashPassword(password) });
}

/** For callers that hashed already (several hashes run in parallel on libuv's pool). */
export async function insertStaffAccount(q: Queryable, account: Omit<NewStaffAccount, 'password'> & { passwordHash: string }): Promise<number> {
  const { passwordHash } = account;
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO staff_accounts (district_code, username, display_name, role, password_hash)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [account.districtCode, account.username, account.displayName, account.role, passwordHash],
  );
  return rows[0]!.id;
}

export interface StaffLoginRow {
  id: number;
  password_hash: string;
  district_code: string;
}

export async function findActiveStaffForLogin(q: Queryable, username: string): Promise<StaffLoginRow | null> {
  const { rows } = await q.query<StaffLoginRow>(
    `SELECT id, password_hash, district_code FROM staff_accounts WHERE username = $1 AND disabled_at IS NULL`,
    [username],
  );
  return rows[0] ?? null;
}

export interface SessionStaffRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  district_code: string;
  name_ko: string;
  name_en: string;
  csrf_token: string;
  expires_at: Date;
  /** The district's logo version (district_logos), when the query reads it. */
  logo_version?: string | null;
}

export function principalFromRow(row: SessionStaffRow): StaffPrincipal {
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    districtCode: row.district_code,
    districtName: { ko: row.name_ko, en: row.name_en },
    ...(row.logo_version ? { districtLogo: row.logo_version } : {}),
  };
}
