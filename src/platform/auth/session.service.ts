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

/** A session unused for this long ends, unless the configuration says otherwise (TAXSTATION_SESSION_IDLE_MINUTES). */
export const DEFAULT_IDLE_MINUTES = 30;
/** Authenticated requests move a session's last-seen time at most this often: one write a minute, not one a request. */
export const TOUCH_INTERVAL_SECONDS = 60;

export async function createSession(
  q: Queryable,
  staff: { id: number; districtCode: string },
  hours: number,
  idleMinutes: number = DEFAULT_IDLE_MINUTES,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  await q.query(
    `INSERT INTO staff_sessions (token_hash, staff_id, district_code, csrf_token, expires_at, idle_minutes) VALUES ($1, $2, $3, $4, $5, $6)`,
    [hashToken(token), staff.id, staff.districtCode, csrfToken, expiresAt, idleMinutes],
  );
  return { token, csrfToken, expiresAt };
}

interface SessionRow extends SessionStaffRow {
  last_seen_at: Date;
  idle_minutes: number;
  stale: boolean;
  db_now: Date;
  must_enrol: boolean;
}

function sessionTimes(expiresAt: Date, lastSeenAt: Date, idleMinutes: number, now: Date): Pick<StaffSession, 'idleExpiresAt' | 'secondsLeft'> {
  const idleExpiresAt = new Date(new Date(lastSeenAt).getTime() + idleMinutes * 60_000);
  const end = Math.min(idleExpiresAt.getTime(), expiresAt.getTime());
  return { idleExpiresAt, secondsLeft: Math.max(0, Math.floor((end - new Date(now).getTime()) / 1000)) };
}

/**
 * The staff member behind a session token, if the session is live now (not
 * ended, within its lifetime, used within its idle timeout) and the account
 * enabled; null otherwise. The call counts as activity: it moves the
 * session's last-seen time when that is older than a minute. Pass
 * { touch: false } for a check that is not activity (a timer, a status poll).
 *
 * An administrator whose district requires a second factor they have not set
 * up holds a session that opens only its set-up page: such a session is
 * null here (sockets and every other reader refuse it) unless the caller
 * passes { enrolmentOnly: 'allow' } and enforces the limit itself (the
 * route guard does).
 */
export async function findSession(
  q: Queryable,
  token: string,
  options: { touch?: boolean; enrolmentOnly?: 'allow' | 'refuse' } = {},
): Promise<{ staff: StaffPrincipal; session: StaffSession } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const { rows } = await q.query<SessionRow>(
    `SELECT a.id, a.username, a.display_name, a.role, s.district_code, d.name_ko, d.name_en, s.csrf_token, s.expires_at,
            s.last_seen_at, s.idle_minutes, s.last_seen_at <= now() - make_interval(secs => $2) AS stale, now() AS db_now,
            (a.role = 'admin'
              AND EXISTS (SELECT 1 FROM staff_security_settings r WHERE r.district_code = s.district_code AND r.require_admin_totp)
              AND NOT EXISTS (SELECT 1 FROM staff_totp t WHERE t.staff_id = a.id AND t.enabled_at IS NOT NULL)) AS must_enrol,
            (SELECT left(encode(l.sha256, 'hex'), 16) FROM district_logos l WHERE l.district_code = s.district_code) AS logo_version
       FROM staff_sessions s
       JOIN staff_accounts a ON a.id = s.staff_id
       JOIN districts d ON d.code = s.district_code
      WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL
        AND s.last_seen_at > now() - make_interval(mins => s.idle_minutes)`,
    [tokenHash, TOUCH_INTERVAL_SECONDS],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.must_enrol && options.enrolmentOnly !== 'allow') return null;
  let lastSeenAt = row.last_seen_at;
  let now = row.db_now;
  if (row.stale && options.touch !== false) ({ lastSeenAt, now } = await touch(q, tokenHash));
  const expiresAt = new Date(row.expires_at);
  return {
    staff: principalFromRow(row),
    session: {
      tokenHash,
      csrfToken: row.csrf_token,
      expiresAt,
      ...sessionTimes(expiresAt, lastSeenAt, row.idle_minutes, now),
      secondFactorEnrolmentRequired: row.must_enrol,
    },
  };
}

async function touch(q: Queryable, tokenHash: Buffer): Promise<{ lastSeenAt: Date; now: Date }> {
  const { rows } = await q.query<{ last_seen_at: Date }>(
    `UPDATE staff_sessions SET last_seen_at = now() WHERE token_hash = $1 RETURNING last_seen_at`,
    [tokenHash],
  );
  const at = rows[0]?.last_seen_at ?? new Date();
  return { lastSeenAt: at, now: at };
}

/** "Stay signed in": the session's idle time starts afresh now (within its absolute lifetime). */
export async function extendSession(q: Queryable, session: StaffSession): Promise<StaffSession> {
  const { rows } = await q.query<{ last_seen_at: Date; idle_minutes: number }>(
    `UPDATE staff_sessions SET last_seen_at = now() WHERE token_hash = $1 AND ended_at IS NULL RETURNING last_seen_at, idle_minutes`,
    [session.tokenHash],
  );
  const row = rows[0];
  if (!row) return session;
  return { ...session, ...sessionTimes(session.expiresAt, row.last_seen_at, row.idle_minutes, row.last_seen_at) };
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
