import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { CODE_MINUTES, checkCode, codeProblem, spendConfirmedCodes } from '../../platform/one-time-codes.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import { sendOneTimeCode } from '../../delivery/queue/one-time-code-message.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { consultationError } from '../consultations.messages.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { contactHash, maskContact, normaliseContact, type Contact } from './contact.ts';
import type { ContactField } from './booking.repository.ts';

// A resident shows that a mobile number or e-mail address is theirs before
// booking: a one-time code (platform/one-time-codes.ts: 6 digits, 5 minutes,
// 5 tries) goes to it through the delivery engine (topic one_time_code, so it
// is tracked to a final state), and is typed back. The code's scope is a
// random verification id the page keeps (its SHA-256 in the scope): only the
// holder of that id and the code can book with the contact, once, within 30
// minutes of confirming it.

/** Codes per contact per hour, whoever asks (a stranger cannot flood a resident's phone). */
export const CODES_PER_CONTACT_PER_HOUR = 5;

const scopeOf = (verificationId: string) => `consultation:${createHash('sha256').update(verificationId).digest('hex').slice(0, 40)}`;

export interface CodeSent {
  verificationId: string;
  /** Where the code went, masked (010-****-5678). */
  sentTo: string;
  expiresInMinutes: number;
  messageId: number | null;
}

/** Sends a code to the contact; the returned verification id names the check in confirmCode and book. */
export async function requestCode(deps: ConsultationDeps, args: { districtCode: string; contact: { field: ContactField; value: string } }): Promise<CodeSent> {
  const contact = normaliseContact(args.contact);
  await requireSettings(deps.db, args.districtCode);
  const limit = await hitRateLimits(deps.db, [{ key: `cons-code:${contactHash(deps.cipher, contact).toString('hex').slice(0, 32)}`, windowSeconds: 3600, max: CODES_PER_CONTACT_PER_HOUR }]);
  if (!limit.allowed) throw Object.assign(consultationError(429, 'code_limit'), { retryAfterSeconds: limit.retryAfter });
  const verificationId = randomBytes(18).toString('base64url');
  const { messageId } = await deps.db.transaction((tx) =>
    sendOneTimeCode(tx, deps.cipher, { districtCode: args.districtCode, scope: scopeOf(verificationId), field: contact.field, value: contact.value }),
  );
  return { verificationId, sentTo: maskContact(contact), expiresInMinutes: CODE_MINUTES, messageId };
}

/** Checks a typed code; a wrong, expired or used-up code is refused with what to do (400, the platform's code_* messages). */
export async function confirmCode(deps: ConsultationDeps, args: { verificationId: string; field: ContactField; code: string }): Promise<void> {
  const outcome = await checkCode(deps.db, deps.cipher, scopeOf(args.verificationId), args.field, args.code);
  if (!outcome.ok) throw new AppError(`code_${outcome.reason}`, 400, codeProblem(outcome), [{ field: 'code', reason: codeProblem(outcome).en, reasons: codeProblem(outcome) }]);
}

/**
 * Spends the confirmed code of a verification for exactly this contact, in
 * the caller's transaction (a booking that fails leaves it unspent);
 * contact_not_verified (400) when there is none.
 */
export async function spendVerification(tx: Queryable, deps: ConsultationDeps, args: { districtCode: string; verificationId: string; contact: Contact }): Promise<void> {
  const missing = await spendConfirmedCodes(tx, deps.cipher, { districtCode: args.districtCode, scope: scopeOf(args.verificationId), contacts: [args.contact] });
  if (missing.length) throw consultationError(400, 'contact_not_verified', undefined, [{ field: 'verificationId', reason: 'no confirmed code for this contact' }]);
}

export { normaliseContact };
