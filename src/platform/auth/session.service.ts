import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/database.ts';
import { principalFromRow, type SessionStaffRow } from './staff.repository.ts';
import type { StaffPrincipal, StaffSession } from './staff.ts';

// The cookie carries 32 random bytes; the database keeps only their SHA-256,
// so a copy of the sessions table cannot be replayed as cookies.

export const SESSION_COOKIE = 'ts_session';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(q: Queryable, staff: { id: number; districtCode: string }, hours: number): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  await q.query(
    `INSERT INTO staff_sessions (token_hash, staff_id, district_code, csrf_token, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [hashToken(token), staff.id, staff.districtCode, csrfToken, expiresAt],
  );
  return { token, csrfToken, expiresAt };
}

/** The staff member behind a session token, if the session is live and the account enabled. */
export async function findSession(q: Queryable, token: string): Promise<{ staff: StaffPrincipal; session: StaffSession } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const { rows } = await q.query<SessionStaffRow>(
    `SELECT a.id, a.username, a.display_name, a.role, s.district_code, d.name_ko, d.name_en, s.csrf_token, s.expires_at
       FROM staff_sessions s
       JOIN staff_accounts a ON a.id = s.staff_id
       JOIN districts d ON d.code = s.district_code
      WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return null;
  return { staff: principalFromRow(row), session: { tokenHash, csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at) } };
}

export async function endSession(q: Queryable, tokenHash: Buffer): Promise<void> {
  await q.query(`UPDATE staff_sessions SET ended_at = now() WHERE token_hash = $1 AND ended_at IS NULL`, [tokenHash]);
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}

export function tokensEqual(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
