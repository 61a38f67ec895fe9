import type { Queryable } from '../../db/database.ts';
import type { Role } from '../roles.ts';

// The second factor's tables (migration 0029): each account's sealed TOTP
// secret and its last accepted time step, its one-time recovery codes (keyed
// hashes), the pending sign-ins between password and code, and a district's
// rule that its administrators must use a second factor. The platform owns
// them; everything else goes through totp.service.ts.

export interface TotpRow {
  staff_id: number;
  district_code: string;
  secret_enc: Uint8Array;
  enabled_at: Date | null;
  /** The 30-second step of the last code accepted; null before the first. */
  last_time_step: number | null;
}

export async function findTotp(q: Queryable, staffId: number): Promise<TotpRow | null> {
  const { rows } = await q.query<TotpRow>(
    `SELECT staff_id, district_code, secret_enc, enabled_at, last_time_step FROM staff_totp WHERE staff_id = $1`,
    [staffId],
  );
  const row = rows[0];
  return row ? { ...row, staff_id: Number(row.staff_id), last_time_step: row.last_time_step === null ? null : Number(row.last_time_step) } : null;
}

/**
 * Keeps a new secret waiting for its first code (replacing an earlier one
 * that was never confirmed); false when the account's second factor is on
 * already, which this never replaces.
 */
export async function savePendingTotp(q: Queryable, row: { staffId: number; districtCode: string; secretEnc: Buffer }): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO staff_totp (staff_id, district_code, secret_enc) VALUES ($1, $2, $3)
     ON CONFLICT (staff_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, created_at = now()
      WHERE staff_totp.enabled_at IS NULL`,
    [row.staffId, row.districtCode, row.secretEnc],
  );
  return rowCount === 1;
}

/**
 * Switches the waiting secret on with its first accepted step; false when
 * it was on already, is gone, or is no longer the secret the code was
 * checked against.
 */
export async function enableTotp(q: Queryable, staffId: number, timeStep: number, secretEnc: Buffer): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE staff_totp SET enabled_at = now(), last_time_step = $2 WHERE staff_id = $1 AND enabled_at IS NULL AND secret_enc = $3`,
    [staffId, timeStep, secretEnc],
  );
  return rowCount === 1;
}

/**
 * Records an accepted code's time step, only if it is later than the last
 * one: of two requests with the same code, one wins. False: a replay.
 */
export async function acceptTimeStep(q: Queryable, staffId: number, timeStep: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE staff_totp SET last_time_step = $2
      WHERE staff_id = $1 AND enabled_at IS NOT NULL AND (last_time_step IS NULL OR last_time_step < $2)`,
    [staffId, timeStep],
  );
  return rowCount === 1;
}

/** Removes the account's second factor (on or waiting) and its recovery codes; returns whether one was on. */
export async function deleteTotp(q: Queryable, staffId: number): Promise<{ wasEnabled: boolean; recoveryCodes: number }> {
  const { rows } = await q.query<{ enabled: boolean }>(`DELETE FROM staff_totp WHERE staff_id = $1 RETURNING enabled_at IS NOT NULL AS enabled`, [staffId]);
  const { rowCount } = await q.query(`DELETE FROM staff_totp_recovery_codes WHERE staff_id = $1`, [staffId]);
  return { wasEnabled: rows[0]?.enabled === true, recoveryCodes: rowCount };
}

export async function replaceRecoveryCodes(q: Queryable, staffId: number, codeHashes: readonly Buffer[]): Promise<void> {
  await q.query(`DELETE FROM staff_totp_recovery_codes WHERE staff_id = $1`, [staffId]);
  for (const hash of codeHashes) {
    await q.query(`INSERT INTO staff_totp_recovery_codes (code_hash, staff_id) VALUES ($1, $2)`, [hash, staffId]);
  }
}

/** Uses a recovery code of the account once; false when it is unknown or used. */
export async function useRecoveryCode(q: Queryable, staffId: number, codeHash: Buffer): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE staff_totp_recovery_codes SET used_at = now() WHERE code_hash = $1 AND staff_id = $2 AND used_at IS NULL`,
    [codeHash, staffId],
  );
  return rowCount === 1;
}

export async function countUnusedRecoveryCodes(q: Queryable, staffId: number): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM staff_totp_recovery_codes WHERE staff_id = $1 AND used_at IS NULL`, [staffId]);
  return rows[0]!.n;
}

// ---- pending sign-ins ------------------------------------------------------

export async function insertLoginChallenge(
  q: Queryable,
  challenge: { tokenHash: Buffer; staffId: number; districtCode: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  // Ended ones are of no use to anyone: they go as new ones come.
  await q.query(`DELETE FROM staff_login_challenges WHERE expires_at < $1::timestamptz - interval '1 day'`, [challenge.createdAt]);
  await q.query(
    `INSERT INTO staff_login_challenges (token_hash, staff_id, district_code, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [challenge.tokenHash, challenge.staffId, challenge.districtCode, challenge.createdAt, challenge.expiresAt],
  );
}

export interface LiveChallenge {
  staff_id: number;
  district_code: string;
  username: string;
  role: Role;
  failed_codes: number;
}

const LIVE = `c.used_at IS NULL AND c.expires_at > $2 AND c.failed_codes < $3 AND a.disabled_at IS NULL AND a.password_hash IS NOT NULL`;

/** The pending sign-in when it can still be completed at `now`: not used, not expired, not spent by wrong codes, the account still usable. */
export async function findLiveChallenge(q: Queryable, tokenHash: Buffer, now: Date, maxFailures: number): Promise<LiveChallenge | null> {
  const { rows } = await q.query<LiveChallenge>(
    `SELECT c.staff_id, c.district_code, a.username, a.role, c.failed_codes
       FROM staff_login_challenges c JOIN staff_accounts a ON a.id = c.staff_id
      WHERE c.token_hash = $1 AND ${LIVE}`,
    [tokenHash, now, maxFailures],
  );
  return rows[0] ? { ...rows[0], staff_id: Number(rows[0].staff_id) } : null;
}

/** Counts a wrong code against the pending sign-in. */
export async function failChallenge(q: Queryable, tokenHash: Buffer): Promise<void> {
  await q.query(`UPDATE staff_login_challenges SET failed_codes = failed_codes + 1 WHERE token_hash = $1`, [tokenHash]);
}

/** Uses the pending sign-in, only if it is still live (a second submit loses the race and gets false). */
export async function useChallenge(q: Queryable, tokenHash: Buffer, now: Date, maxFailures: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE staff_login_challenges c SET used_at = $2 FROM staff_accounts a
      WHERE c.token_hash = $1 AND a.id = c.staff_id AND ${LIVE}`,
    [tokenHash, now, maxFailures],
  );
  return rowCount === 1;
}

/** Ends every pending sign-in of the account (its second factor was reset); returns how many. */
export async function endChallengesOf(q: Queryable, staffId: number, now: Date): Promise<number> {
  const { rowCount } = await q.query(`UPDATE staff_login_challenges SET used_at = $2 WHERE staff_id = $1 AND used_at IS NULL`, [staffId, now]);
  return rowCount;
}

/** Ends a pending sign-in (signing in again, or giving up). */
export async function endChallenge(q: Queryable, tokenHash: Buffer, now: Date): Promise<void> {
  await q.query(`UPDATE staff_login_challenges SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL`, [tokenHash, now]);
}

// ---- the district's rule ---------------------------------------------------

export async function readRequireAdminTotp(q: Queryable, districtCode: string): Promise<boolean> {
  const { rows } = await q.query<{ require_admin_totp: boolean }>(
    `SELECT require_admin_totp FROM staff_security_settings WHERE district_code = $1`,
    [districtCode],
  );
  return rows[0]?.require_admin_totp ?? false;
}

/** Sets the rule; returns the value it had before (false when the district had no row). */
export async function writeRequireAdminTotp(q: Queryable, districtCode: string, value: boolean): Promise<boolean> {
  const before = await readRequireAdminTotp(q, districtCode);
  await q.query(
    `INSERT INTO staff_security_settings (district_code, require_admin_totp, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (district_code) DO UPDATE SET require_admin_totp = EXCLUDED.require_admin_totp, updated_at = now()`,
    [districtCode, value],
  );
  return before;
}

/** The district's administrators, each with whether their second factor is on (the staff page shows who still must enrol). */
export async function secondFactorStatusOfDistrict(q: Queryable, districtCode: string): Promise<Map<number, boolean>> {
  const { rows } = await q.query<{ id: number; enabled: boolean }>(
    `SELECT a.id, t.enabled_at IS NOT NULL AS enabled
       FROM staff_accounts a LEFT JOIN staff_totp t ON t.staff_id = a.id
      WHERE a.district_code = $1`,
    [districtCode],
  );
  return new Map(rows.map((r) => [Number(r.id), r.enabled]));
}
