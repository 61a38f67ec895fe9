import type { FastifyReply, FastifyRequest } from 'fastify';

// The pending sign-in's token between the password and the code: HttpOnly,
// sent only to /login…, gone when the sign-in completes or after minutes.

export const PENDING_LOGIN_COOKIE = 'ts_login_pending';

export function setPendingLoginCookie(request: FastifyRequest, reply: FastifyReply, pending: { token: string; expiresAt: Date }): void {
  reply.setCookie(PENDING_LOGIN_COOKIE, pending.token, { path: '/login', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', expires: pending.expiresAt });
}

export function clearPendingLoginCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(PENDING_LOGIN_COOKIE, { path: '/login', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}
