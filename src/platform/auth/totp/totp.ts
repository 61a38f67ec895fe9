import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

// Time-based one-time passwords (RFC 6238) as every authenticator app makes
// them: SHA-1, 6 digits, 30-second steps, a 20-byte secret in Base32. The
// arithmetic is otplib's; what is ours is the policy: one step of clock
// drift either way, a code of a step not later than the last one accepted
// is refused (replay), and the time always comes from the caller (the
// server's injected clock), never from the library's own Date.now().

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps of drift allowed between the phone's clock and ours, either way. */
export const TOTP_DRIFT_STEPS = 1;

/** A new secret for an authenticator app: 20 random bytes in Base32 (32 characters). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The secret in groups of four, for typing it into an app by hand. */
export function secretInGroups(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** The otpauth:// address the QR code carries: the app shows "issuer (label)". */
export function otpauthUri(o: { issuer: string; label: string; secret: string }): string {
  return generateURI({ issuer: o.issuer, label: o.label, secret: o.secret, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** The time step a moment falls in. */
export function timeStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** What a person typed, as a code: digits only, spaces and dashes dropped; null when it cannot be one. */
export function normaliseTotpCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code) ? code : null;
}

export type TotpCheck = { ok: true; timeStep: number } | { ok: false; reason: 'malformed' | 'wrong' | 'replayed' };

/**
 * Checks a typed code at `now` against the secret: right within one step of
 * drift, and of a step later than `lastTimeStep` (the last accepted). The
 * caller stores the returned step before it counts the code as used.
 */
export async function checkTotpCode(secret: string, typed: string, now: Date, lastTimeStep: number | null): Promise<TotpCheck> {
  const token = normaliseTotpCode(typed);
  if (!token) return { ok: false, reason: 'malformed' };
  const epoch = Math.floor(now.getTime() / 1000);
  const tolerance = TOTP_DRIFT_STEPS * TOTP_PERIOD_SECONDS;
  const result = await verify({ secret, token, epoch, epochTolerance: tolerance, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
  if (!result.valid) return { ok: false, reason: 'wrong' };
  const timeStep = (result as { timeStep: number }).timeStep;
  if (lastTimeStep !== null && timeStep <= lastTimeStep) return { ok: false, reason: 'replayed' };
  return { ok: true, timeStep };
}

// Recovery codes: ten characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), shown as xxxxx-xxxxx; about 49 bits each, and each works
// once. They are stored as keyed hashes only.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 8;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What a person typed, as a recovery code (lower case, dash in place); null when it cannot be one. */
export function normaliseRecoveryCode(typed: string): string | null {
  const chars = typed.toLowerCase().replace(/[\s-]/g, '');
  if (chars.length !== 10 || [...chars].some((c) => !RECOVERY_ALPHABET.includes(c))) return null;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
