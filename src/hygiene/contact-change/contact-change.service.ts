import type { Database, Queryable, Transaction } from '../../platform/db/database.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { contactChangeMessages } from './contact-change.messages.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { spendConfirmedCodes, type ContactField } from '../../platform/one-time-codes.ts';
import { sendOneTimeCode } from '../../delivery/queue/one-time-code-message.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import { enqueueMessages, resendInTransaction, undeliveredNotices } from '../../delivery/queue/queue.ts';
import { classifyTaxpayers } from '../rules/classify.service.ts';
import { suspectDomain } from '../rules/email-domains.ts';
import { maskEmail, normaliseEmail } from '../../taxpayers/email.ts';
import { maskPhone, normaliseMobile } from '../../taxpayers/phone.ts';
import { currentContacts, writeContacts, type ContactWrite, type CurrentContacts } from '../../taxpayers/taxpayers.repository.ts';

// THE path every change of a taxpayer's contact data takes: an official's
// edit, the self-service page and requests from chat all call
// updateTaxpayerContacts. In one transaction it validates, re-seals the
// changed fields and marks who set them (through the taxpayers' repository),
// writes the audit entry (old and new values masked), re-runs the contact
// rules, and resends the taxpayer's undelivered notices on the corrected
// channel through the delivery queue (issue 4, item 5). It lives in hygiene,
// above taxpayers and delivery, since it uses both (issue 14).
//
// One bar for every path (issue 13): a new mobile number or e-mail address is
// saved only when a one-time code sent to it was typed back (the caller names
// the scope of its codes; each confirmed code is spent by the change), and
// the contact it replaces, when there was one, is told that a change was made
// and which number to call (topic contact_changed, never the new value).

export interface ContactChange {
  mobile?: string | null;
  email?: string | null;
  enrol?: { kakao?: boolean; sms?: boolean; email?: boolean };
}

export type ContactChangeSource = 'official' | 'self_service' | 'chat';

export interface ContactProblem {
  field: 'mobile' | 'email' | 'enrol' | 'reason';
  reason: Bilingual;
}

type Current = CurrentContacts;

export interface NormalisedChange {
  mobile?: { e164: string; legacy: boolean } | null;
  email?: string | null;
  enrol?: { kakao?: boolean; sms?: boolean; email?: boolean };
}


/** A new mobile number as a contact: well-formed and not on a dead prefix. */
export function checkMobile(input: string): { ok: { e164: string; legacy: boolean } } | { problem: ContactProblem } {
  const m = normaliseMobile(input);
  if (!m.ok) return { problem: { field: 'mobile', reason: m.reason } };
  if (m.deadPrefix) return { problem: { field: 'mobile', reason: contactChangeMessages.both('mobile_dead') } };
  return { ok: { e164: m.e164, legacy: m.legacy } };
}

/** A new e-mail address as a contact: well-formed, on a domain that can receive mail (a misspelt one gets a suggestion). */
export function checkEmail(input: string): { ok: string } | { problem: ContactProblem } {
  const e = normaliseEmail(input);
  if (!e.ok) return { problem: { field: 'email', reason: e.reason } };
  const suspect = suspectDomain(e.email);
  if (!suspect) return { ok: e.email };
  const reason =
    suspect.kind === 'misspelt'
      ? contactChangeMessages.both('email_suspect_suggest', { domain: suspect.domain, suggestion: suspect.suggestion })
      : contactChangeMessages.both('email_suspect', { domain: suspect.domain });
  return { problem: { field: 'email', reason } };
}

/**
 * Validates and normalises a change against the taxpayer's current contacts
 * (enrolment needs the contact it uses, after the change). Pure: the console
 * calls it too, to show GOV.UK field errors before anything is written.
 */
export function checkContactChange(change: ContactChange, current: Current, reason: string): { ok: NormalisedChange } | { problems: ContactProblem[] } {
  const problems: ContactProblem[] = [];
  const out: NormalisedChange = {};
  if (change.mobile !== undefined) {
    if (change.mobile === null || change.mobile.trim() === '') out.mobile = null;
    else {
      const m = checkMobile(change.mobile);
      if ('problem' in m) problems.push(m.problem);
      else out.mobile = m.ok;
    }
  }
  if (change.email !== undefined) {
    if (change.email === null || change.email.trim() === '') out.email = null;
    else {
      const e = checkEmail(change.email);
      if ('problem' in e) problems.push(e.problem);
      else out.email = e.ok;
    }
  }
  if (change.enrol) out.enrol = { ...change.enrol };
  const trimmed = reason.trim();
  if (trimmed === '') problems.push({ field: 'reason', reason: contactChangeMessages.both('reason_required') });
  else if (trimmed.length > 500) problems.push({ field: 'reason', reason: contactChangeMessages.both('reason_too_long') });
  // enrolment after the change needs the contact its channel uses
  if (!problems.some((p) => p.field === 'mobile' || p.field === 'email')) {
    const mobileAfter = out.mobile === undefined ? current.mobileE164 !== null : out.mobile !== null;
    const emailAfter = out.email === undefined ? current.email !== null : out.email !== null;
    const enrol = { ...current.enrol, ...definedOnly(out.enrol ?? {}) };
    if (enrol.sms && !mobileAfter) problems.push({ field: 'enrol', reason: contactChangeMessages.both('enrol_sms_needs_mobile') });
    if (enrol.email && !emailAfter) problems.push({ field: 'enrol', reason: contactChangeMessages.both('enrol_email_needs_email') });
    if (enrol.kakao && !mobileAfter && !current.hasIdentityKey) problems.push({ field: 'enrol', reason: contactChangeMessages.both('enrol_kakao_needs_key') });
  }
  return problems.length ? { problems } : { ok: out };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function contactNotFound(): AppError {
  return new AppError('taxpayer_not_found', 404, contactChangeMessages.both('not_found'));
}

const maskedMobile = (v: string | null) => (v === null ? null : maskPhone(v));
const maskedEmail = (v: string | null) => (v === null ? null : maskEmail(v));

/**
 * Sends a one-time code to a new contact through the delivery engine (topic
 * one_time_code, on the contact's own channel); run it in the caller's
 * transaction. The self-service page, the desk and officials' edits use it.
 */
export const sendContactCode = sendOneTimeCode;

export function contactNotConfirmed(fields: readonly ContactField[]): AppError {
  return new AppError(
    'contact_not_confirmed',
    409,
    contactChangeMessages.both('not_confirmed'),
    fields.map((field) => ({ field, reason: contactChangeMessages.t('en', field === 'mobile' ? 'mobile_not_confirmed' : 'email_not_confirmed'), reasons: contactChangeMessages.both(field === 'mobile' ? 'mobile_not_confirmed' : 'email_not_confirmed') })),
  );
}

/**
 * Tells each replaced contact (the old number by text message, the old
 * address by e-mail) that it was changed, with the number to call: the
 * district's office_phone, else its tax department by name.
 */
async function tellOldContacts(
  tx: Transaction,
  cipher: PersonalDataCipher,
  args: { districtCode: string; taxpayerId: number; old: { mobile?: string; email?: string } },
): Promise<Partial<Record<ContactField, number>>> {
  const district = await findDistrict(tx, args.districtCode);
  const phone = district?.officePhone ?? `${district?.name.ko ?? ''} 세무부서`.trim();
  const variables = { phone, when: formatDateTime('ko', new Date()) };
  const told: Partial<Record<ContactField, number>> = {};
  const messages = [
    ...(args.old.mobile ? [{ field: 'mobile' as const, plan: ['sms' as const], recipient: { phone: args.old.mobile } }] : []),
    ...(args.old.email ? [{ field: 'email' as const, plan: ['email' as const], recipient: { email: args.old.email } }] : []),
  ];
  const ids = await enqueueMessages(tx, cipher, messages.map((m) => ({
    districtCode: args.districtCode, kind: 'guidance' as const, topic: 'contact_changed' as const, taxpayerId: args.taxpayerId, plan: m.plan, recipient: m.recipient, variables,
  })));
  messages.forEach((m, i) => (told[m.field] = Number(ids[i])));
  return told;
}

export async function updateTaxpayerContacts(
  deps: { db: Database; cipher: PersonalDataCipher },
  args: {
    districtCode: string;
    taxpayerId: number;
    change: ContactChange;
    source: 'official' | 'self_service' | 'chat';
    actor: { type: 'staff' | 'taxpayer'; id: string };
    reason: string;
    /**
     * The scope of the one-time codes that confirmed the new contacts (see
     * platform/one-time-codes.ts), and how long ago they may have been
     * confirmed (30 minutes unless given).
     */
    confirmedBy: { scope: string; withinMinutes?: number };
  },
): Promise<{ changedFields: string[]; resentMessageIds: number[] }> {
  const { cipher } = deps;
  return deps.db.transaction(async (tx) => {
    const current = await currentContacts(tx, cipher, args.districtCode, args.taxpayerId, true);
    if (!current) throw contactNotFound();
    const checked = checkContactChange(args.change, current, args.reason);
    if ('problems' in checked) {
      throw new AppError(
        'contact_change_invalid',
        400,
        contactChangeMessages.both('invalid'),
        checked.problems.map((p) => ({ field: p.field, reason: p.reason.en, reasons: p.reason })),
      );
    }
    const next = checked.ok;
    const changed: string[] = [];
    const write: ContactWrite = { source: args.source };
    if (next.mobile !== undefined && (next.mobile?.e164 ?? null) !== current.mobileE164) {
      changed.push('mobile');
      write.mobile = next.mobile;
    }
    if (next.email !== undefined && next.email !== current.email) {
      changed.push('email');
      write.email = next.email;
    }
    const enrolAfter = { ...current.enrol, ...definedOnly(next.enrol ?? {}) };
    for (const channel of ['kakao', 'sms', 'email'] as const) {
      if (enrolAfter[channel] !== current.enrol[channel]) {
        changed.push(`enrol_${channel}`);
        write.enrol = { ...write.enrol, [channel]: enrolAfter[channel] };
      }
    }
    if (changed.length === 0) return { changedFields: [], resentMessageIds: [] };
    // The one bar: every new contact was confirmed by a code sent to it.
    const newContacts = [
      ...(changed.includes('mobile') && next.mobile ? [{ field: 'mobile' as const, value: next.mobile.e164 }] : []),
      ...(changed.includes('email') && next.email ? [{ field: 'email' as const, value: next.email }] : []),
    ];
    if (newContacts.length) {
      const missing = await spendConfirmedCodes(tx, cipher, { districtCode: args.districtCode, contacts: newContacts, ...args.confirmedBy });
      if (missing.length) throw contactNotConfirmed(missing);
    }
    await writeContacts(tx, cipher, args.districtCode, args.taxpayerId, write);
    const mobileAfter = next.mobile === undefined ? current.mobileE164 : next.mobile?.e164 ?? null;
    const emailAfter = next.email === undefined ? current.email : next.email;
    const findings = await classifyTaxpayers(tx, cipher, args.districtCode, [args.taxpayerId]);
    const candidates = await undeliveredNotices(tx, args.districtCode, args.taxpayerId);
    const told = await tellOldContacts(tx, cipher, {
      districtCode: args.districtCode,
      taxpayerId: args.taxpayerId,
      old: {
        ...(changed.includes('mobile') && current.mobileE164 ? { mobile: current.mobileE164 } : {}),
        ...(changed.includes('email') && current.email ? { email: current.email } : {}),
      },
    });
    const actorName = `${args.actor.type}:${args.actor.id}`;
    const resend = candidates.length
      ? await resendInTransaction(tx, { districtCode: args.districtCode, messageIds: candidates, actor: actorName, reason: `contact corrected: ${changed.join(', ')}` })
      : { resent: [], refused: [] };
    await recordAudit(tx, {
      districtCode: args.districtCode,
      actor: args.actor,
      action: 'taxpayer.contact_updated',
      entityType: 'taxpayer',
      entityId: String(args.taxpayerId),
      reason: args.reason.trim(),
      source: args.source,
      details: {
        changed,
        old: { mobile: maskedMobile(current.mobileE164), email: maskedEmail(current.email), enrol: current.enrol },
        new: { mobile: maskedMobile(mobileAfter), email: maskedEmail(emailAfter), enrol: enrolAfter },
        confirmed_by_code: newContacts.map((c) => c.field),
        old_contact_told: told,
        findings: (findings.get(args.taxpayerId) ?? []).map((f) => f.code),
        resent_message_ids: resend.resent,
        not_resent: resend.refused,
      },
    });
    return { changedFields: changed, resentMessageIds: resend.resent };
  });
}
