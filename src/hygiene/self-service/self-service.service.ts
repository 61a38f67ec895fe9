import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { recordAudit, type AuditEntry } from '../../platform/audit/audit.ts';
import { CODE_MINUTES, CODE_TRIES, checkCode, confirmsValue, currentCodes } from '../../platform/one-time-codes.ts';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import type { ElectronicChannel } from '../../delivery/provider.ts';
import { maskEmail, normaliseEmail } from '../../taxpayers/email.ts';
import { maskPhone, normaliseMobile } from '../../taxpayers/phone.ts';
import { checkContactChange, sendContactCode, updateTaxpayerContacts, type ContactChange } from '../contact-change/contact-change.service.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import type { SelfServiceMessageKey } from './self-service.messages.ts';
import { createUpdateLinks, findLink, linkState, linkUrl, MAX_DOB_FAILURES, newReference, type LinkRow, type LinkState } from './update-links.ts';

// The self-service contact update behind a personal link: date of birth as
// the second factor, a short session, new contacts confirmed by a one-time
// code sent to them, then one call to the contact-update service. Every step
// is audited with masked values only.

export interface SelfServiceDeps {
  db: Database;
  cipher: PersonalDataCipher;
}

export const SESSION_MINUTES = 30;
export { CODE_MINUTES, CODE_TRIES };
export const ON_REQUEST_LINK_HOURS = 24;
/** Links sent on request to one taxpayer per day: the start page cannot be used to flood someone's KakaoTalk. */
export const ON_REQUEST_LINKS_PER_DAY = 3;

export type Field = 'mobile' | 'email';
export interface Enrolment {
  kakao: boolean;
  sms: boolean;
  email: boolean;
}

export interface Pending {
  mobile?: string;
  email?: string;
  enrol: Enrolment;
  /** Set once the contacts form was accepted: the check step needs a prepared change. */
  prepared?: boolean;
  done?: { reference: string; resent: number; changed: string[] };
}

export interface FormError {
  field: string;
  key: SelfServiceMessageKey;
  vars?: Record<string, string | number>;
  /** A message from elsewhere (the contact rules), used instead of key. */
  text?: Bilingual;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function audit(link: Pick<LinkRow, 'id' | 'district_code' | 'taxpayer_id'>, action: string, reason: string, details?: Record<string, unknown>): AuditEntry {
  return {
    districtCode: link.district_code,
    actor: { type: 'taxpayer', id: `link:${link.id}` },
    action,
    entityType: 'taxpayer',
    entityId: String(link.taxpayer_id),
    reason,
    source: 'self_service',
    details: { link: link.id, ...details },
  };
}

export interface TaxpayerContactsView {
  id: number;
  districtCode: string;
  hasIdentityKey: boolean;
  mobileE164: string | null;
  mobileDead: boolean;
  email: string | null;
  enrol: Enrolment;
  birthDateHash: Buffer;
}

export async function loadTaxpayer(q: Queryable, cipher: PersonalDataCipher, link: Pick<LinkRow, 'taxpayer_id' | 'district_code'>): Promise<TaxpayerContactsView> {
  const { rows } = await q.query<{
    id: number; district_code: string; birth_date_hash: Uint8Array; identity_key_hash: Uint8Array | null; mobile_enc: Uint8Array | null;
    email_enc: Uint8Array | null; enrol_kakao: boolean; enrol_sms: boolean; enrol_email: boolean;
  }>(
    `SELECT id, district_code, birth_date_hash, identity_key_hash, mobile_enc, email_enc, enrol_kakao, enrol_sms, enrol_email
       FROM taxpayers WHERE id = $1 AND district_code = $2`,
    [link.taxpayer_id, link.district_code],
  );
  const r = rows[0];
  if (!r) throw new Error('the taxpayer of an update link is gone');
  const mobileE164 = cipher.decryptNullable(r.mobile_enc);
  const mobile = mobileE164 ? normaliseMobile(mobileE164) : null;
  return {
    id: Number(r.id),
    districtCode: r.district_code,
    hasIdentityKey: r.identity_key_hash !== null,
    mobileE164,
    mobileDead: mobile?.ok ? mobile.deadPrefix : false,
    email: cipher.decryptNullable(r.email_enc),
    enrol: { kakao: r.enrol_kakao, sms: r.enrol_sms, email: r.enrol_email },
    birthDateHash: Buffer.from(r.birth_date_hash),
  };
}

export function maskedContacts(t: Pick<TaxpayerContactsView, 'mobileE164' | 'email'>): { mobile: string | null; email: string | null } {
  return { mobile: t.mobileE164 ? maskPhone(t.mobileE164) : null, email: t.email ? maskEmail(t.email) : null };
}

// ---------------------------------------------------------------- the link

/** Looks the link up and, the first time, records that it was opened. */
export async function openLink(deps: SelfServiceDeps, token: string): Promise<{ state: LinkState; link: LinkRow | null }> {
  const link = await findLink(deps.db, token);
  const state = linkState(link);
  if (link && state === 'ok' && !link.opened_at) {
    await deps.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(`UPDATE update_links SET opened_at = now() WHERE id = $1 AND opened_at IS NULL`, [link.id]);
      if (rowCount) await recordAudit(tx, audit(link, 'self_service.link_opened', 'the taxpayer opened a contact update link', { purpose: link.purpose, campaign: link.campaign_id }));
    });
  }
  return { state, link };
}

/** YYYY-MM-DD from three typed parts, or null when they are not a real date. */
export function birthDateFrom(year: string, month: string, day: string): string | null {
  const [y, m, d] = [year, month, day].map((p) => p.trim());
  if (!/^\d{4}$/.test(y!) || !/^\d{1,2}$/.test(m!) || !/^\d{1,2}$/.test(d!)) return null;
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return null;
  if (Number(y) < 1900 || date.getTime() > Date.now()) return null;
  return iso;
}

export type VerifyResult = { ok: true; sessionToken: string } | { ok: false; left: number; locked: boolean };

/** The second factor. A wrong date counts against the link; the fifth locks it. */
export async function verifyBirthDate(deps: SelfServiceDeps, link: LinkRow, birthDate: string): Promise<VerifyResult> {
  const taxpayer = await loadTaxpayer(deps.db, deps.cipher, link);
  const given = deps.cipher.lookupHash('birth_date', birthDate);
  const matches = given.length === taxpayer.birthDateHash.length && timingSafeEqual(given, taxpayer.birthDateHash);
  return deps.db.transaction(async (tx) => {
    if (!matches) {
      const { rows } = await tx.query<{ dob_failures: number; locked: boolean }>(
        `UPDATE update_links SET dob_failures = dob_failures + 1,
                locked_at = CASE WHEN dob_failures + 1 >= $2 THEN now() ELSE locked_at END
          WHERE id = $1 AND locked_at IS NULL AND used_at IS NULL
          RETURNING dob_failures, locked_at IS NOT NULL AS locked`,
        [link.id, MAX_DOB_FAILURES],
      );
      const failures = rows[0]?.dob_failures ?? MAX_DOB_FAILURES;
      const locked = rows[0]?.locked ?? true;
      await recordAudit(tx, audit(link, 'self_service.dob_failed', 'a wrong date of birth was entered on a contact update link', { failures, locked }));
      if (locked && rows[0]) await recordAudit(tx, audit(link, 'self_service.link_locked', `locked after ${MAX_DOB_FAILURES} wrong dates of birth`));
      return { ok: false, left: Math.max(0, MAX_DOB_FAILURES - failures), locked };
    }
    const sessionToken = randomBytes(32).toString('base64url');
    const enrolment = { enrol: taxpayer.enrol } satisfies Pending;
    await tx.query(`UPDATE update_links SET verified_at = coalesce(verified_at, now()) WHERE id = $1`, [link.id]);
    await tx.query(
      `INSERT INTO update_sessions (token_hash, link_id, csrf_token, pending_enc, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5::int))`,
      [sha256(sessionToken), link.id, randomBytes(24).toString('base64url'), deps.cipher.encrypt(JSON.stringify(enrolment)), SESSION_MINUTES],
    );
    await recordAudit(tx, audit(link, 'self_service.dob_verified', 'the date of birth matched; a 30-minute update session started'));
    return { ok: true, sessionToken };
  });
}

// ------------------------------------------------------------- the session

export interface Session {
  id: number;
  csrfToken: string;
  link: LinkRow;
  pending: Pending;
}

/** The live session of this browser on this link, or null (none, expired, another link's). */
export async function loadSession(deps: SelfServiceDeps, link: LinkRow, sessionToken: string | undefined): Promise<Session | null> {
  if (!sessionToken || !/^[A-Za-z0-9_-]{43}$/.test(sessionToken)) return null;
  const { rows } = await deps.db.query<{ id: number; csrf_token: string; pending_enc: Uint8Array | null }>(
    `SELECT id, csrf_token, pending_enc FROM update_sessions
      WHERE token_hash = $1 AND link_id = $2 AND ended_at IS NULL AND expires_at > now()`,
    [sha256(sessionToken), link.id],
  );
  const r = rows[0];
  if (!r) return null;
  const pending = r.pending_enc ? (JSON.parse(deps.cipher.decrypt(r.pending_enc)) as Pending) : { enrol: { kakao: false, sms: false, email: false } };
  return { id: Number(r.id), csrfToken: r.csrf_token, link, pending };
}

export function csrfMatches(session: Session, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function savePending(q: Queryable, cipher: PersonalDataCipher, session: Session, pending: Pending): Promise<void> {
  await q.query(`UPDATE update_sessions SET pending_enc = $2 WHERE id = $1`, [session.id, cipher.encrypt(JSON.stringify(pending))]);
  session.pending = pending;
}

export interface ContactForm {
  mobile?: string;
  email?: string;
  enrol: Enrolment;
}

/** The scope of a session's one-time codes (platform/one-time-codes.ts). */
export const codeScope = (session: Pick<Session, 'id'>) => `update_session:${session.id}`;

/** Creates a code for each new contact (earlier codes stop working) and sends it to that contact. */
async function sendCodes(tx: Queryable, cipher: PersonalDataCipher, session: Session, fields: Field[]): Promise<void> {
  const link = session.link;
  for (const field of fields) {
    const value = field === 'mobile' ? session.pending.mobile! : session.pending.email!;
    const { messageId } = await sendContactCode(tx, cipher, { districtCode: link.district_code, scope: codeScope(session), field, value, taxpayerId: link.taxpayer_id });
    const to = field === 'mobile' ? maskPhone(value) : maskEmail(value);
    await recordAudit(tx, audit(link, 'self_service.code_sent', `a one-time code was sent to the new ${field === 'mobile' ? 'mobile number' : 'e-mail address'}`, { field, to, message: messageId }));
  }
}

/**
 * Checks the contacts form. New contacts are kept in the session (encrypted)
 * and each gets a one-time code; nothing is saved to the taxpayer yet.
 */
export async function prepareChange(
  deps: SelfServiceDeps,
  session: Session,
  form: ContactForm,
  options: { paperConfirmed?: boolean } = {},
): Promise<{ errors: FormError[] } | { confirmPaper: true } | { next: 'code' | 'check' }> {
  const taxpayer = await loadTaxpayer(deps.db, deps.cipher, session.link);
  const errors: FormError[] = [];
  let mobile: string | undefined;
  let email: string | undefined;
  const mobileText = form.mobile?.trim() ?? '';
  if (mobileText) {
    const m = normaliseMobile(mobileText);
    if (!m.ok) errors.push({ field: 'new-mobile', key: 'err_mobile' });
    else if (m.deadPrefix) errors.push({ field: 'new-mobile', key: 'err_mobile_dead' });
    else if (m.e164 !== taxpayer.mobileE164) mobile = m.e164;
  }
  const emailText = form.email?.trim() ?? '';
  if (emailText) {
    const e = normaliseEmail(emailText);
    if (!e.ok) errors.push({ field: 'new-email', key: 'err_email' });
    else if (e.email !== taxpayer.email) email = e.email;
  }
  if (errors.length) return { errors };
  // The contact rules' own checks (a dead or misspelt e-mail domain …), before any code is sent.
  const checked = checkContactChange(
    { ...(mobile ? { mobile } : {}), ...(email ? { email } : {}) },
    { mobileE164: taxpayer.mobileE164, email: taxpayer.email, hasIdentityKey: taxpayer.hasIdentityKey, enrol: taxpayer.enrol },
    'self-service',
  );
  if ('problems' in checked) {
    for (const p of checked.problems) {
      if (p.field === 'mobile' || p.field === 'email') errors.push({ field: `new-${p.field}`, key: p.field === 'mobile' ? 'err_mobile' : 'err_email', text: p.reason });
    }
    if (errors.length) return { errors };
  }
  const usableMobile = mobile ?? (taxpayer.mobileE164 && !taxpayer.mobileDead ? taxpayer.mobileE164 : null);
  const usableEmail = email ?? taxpayer.email;
  if (form.enrol.sms && !usableMobile) errors.push({ field: 'new-mobile', key: 'err_sms_needs_mobile' });
  if (form.enrol.email && !usableEmail) errors.push({ field: 'new-email', key: 'err_email_needs_email' });
  if (form.enrol.kakao && !usableMobile && !taxpayer.hasIdentityKey) errors.push({ field: 'new-mobile', key: 'err_kakao_needs_contact' });
  if (errors.length) return { errors };
  const enrolChanged = (['kakao', 'sms', 'email'] as const).some((c) => form.enrol[c] !== taxpayer.enrol[c]);
  if (!mobile && !email && !enrolChanged) return { errors: [{ field: 'new-mobile', key: 'err_nothing_changed' }] };
  // Every electronic channel given up: notices come by post from now on. The resident says so first.
  if (removesEveryChannel(taxpayer.enrol, form.enrol) && !options.paperConfirmed) return { confirmPaper: true };

  // Only contacts that differ from what was already confirmed in this session need a (new) code.
  const before = session.pending;
  const fields: Field[] = [];
  if (mobile && mobile !== before.mobile) fields.push('mobile');
  if (email && email !== before.email) fields.push('email');
  await deps.db.transaction(async (tx) => {
    await savePending(tx, deps.cipher, session, { mobile, email, enrol: form.enrol, prepared: true });
    if (fields.length) await sendCodes(tx, deps.cipher, session, fields);
  });
  return { next: (await unconfirmedFields(deps.db, deps.cipher, session)).length ? 'code' : 'check' };
}

/** Whether the new choice leaves no electronic channel where there was one: the notices would come by post. */
export function removesEveryChannel(before: Enrolment, after: Enrolment): boolean {
  const any = (e: Enrolment) => e.kakao || e.sms || e.email;
  return any(before) && !any(after);
}

export interface CodeStatus {
  field: Field;
  to: string;
  confirmed: boolean;
}

function pendingFields(pending: Pending): Field[] {
  return [...(pending.mobile ? ['mobile' as const] : []), ...(pending.email ? ['email' as const] : [])];
}

/** The new contacts of the session and whether each is confirmed by a code for exactly that value. */
export async function codeStatus(deps: { db: Queryable; cipher: PersonalDataCipher }, session: Session): Promise<CodeStatus[]> {
  const codes = await currentCodes(deps.db, codeScope(session));
  return pendingFields(session.pending).map((field) => {
    const value = field === 'mobile' ? session.pending.mobile! : session.pending.email!;
    const confirmed = confirmsValue(deps.cipher, codes.find((x) => x.field === field), value);
    return { field, to: field === 'mobile' ? maskPhone(value) : maskEmail(value), confirmed };
  });
}

async function unconfirmedFields(q: Queryable, cipher: PersonalDataCipher, session: Session): Promise<Field[]> {
  return (await codeStatus({ db: q, cipher }, session)).filter((s) => !s.confirmed).map((s) => s.field);
}

/** Checks the codes typed for each unconfirmed contact: 5 minutes, 5 tries each. */
export async function confirmCodes(deps: SelfServiceDeps, session: Session, codes: Partial<Record<Field, string>>): Promise<{ errors: FormError[] } | { next: 'check' }> {
  const errors: FormError[] = [];
  const waiting = await unconfirmedFields(deps.db, deps.cipher, session);
  await deps.db.transaction(async (tx) => {
    for (const field of waiting) {
      const id = `code-${field}`;
      const outcome = await checkCode(tx, deps.cipher, codeScope(session), field, codes[field] ?? '');
      if (outcome.ok) {
        await recordAudit(tx, audit(session.link, 'self_service.code_confirmed', `the new ${field === 'mobile' ? 'mobile number' : 'e-mail address'} was confirmed with its one-time code`, { field }));
        continue;
      }
      if (outcome.reason === 'wrong' || outcome.reason === 'exhausted') {
        await recordAudit(tx, audit(session.link, 'self_service.code_failed', 'a wrong one-time code was entered', { field, left: outcome.reason === 'wrong' ? outcome.left : 0 }));
      }
      if (outcome.reason === 'wrong') errors.push({ field: id, key: 'err_code_wrong', vars: { left: outcome.left } });
      else errors.push({ field: id, key: outcome.reason === 'exhausted' ? 'err_code_exhausted' : outcome.reason === 'format' ? 'err_code_format' : 'err_code_expired' });
    }
  });
  return errors.length ? { errors } : { next: 'check' };
}

/** New codes for every contact still unconfirmed. */
export async function resendCodes(deps: SelfServiceDeps, session: Session): Promise<number> {
  const fields = await unconfirmedFields(deps.db, deps.cipher, session);
  if (fields.length) await deps.db.transaction((tx) => sendCodes(tx, deps.cipher, session, fields));
  return fields.length;
}

export type SaveResult = { ok: true; reference: string; resent: number } | { ok: false; reason: 'not_prepared' | 'not_confirmed' | 'used' };

/** Whether the session holds a change prepared through the contacts form (and not saved yet). */
export function hasPreparedChange(session: Session): boolean {
  return session.pending.prepared === true && !session.pending.done;
}

/** Saves the change through the one path every contact change takes, and spends the link. */
export async function saveChange(deps: SelfServiceDeps, session: Session): Promise<SaveResult> {
  if (!hasPreparedChange(session)) return { ok: false, reason: 'not_prepared' };
  if ((await unconfirmedFields(deps.db, deps.cipher, session)).length) return { ok: false, reason: 'not_confirmed' };
  const link = session.link;
  const reference = newReference();
  // Claim the link first: a double submit saves once.
  const claimed = await deps.db.query(`UPDATE update_links SET used_at = now(), reference = $2 WHERE id = $1 AND used_at IS NULL AND locked_at IS NULL`, [link.id, reference]);
  if (!claimed.rowCount) return { ok: false, reason: 'used' };
  const change: ContactChange = { enrol: session.pending.enrol };
  if (session.pending.mobile) change.mobile = session.pending.mobile;
  if (session.pending.email) change.email = session.pending.email;
  let result: Awaited<ReturnType<typeof updateTaxpayerContacts>>;
  try {
    result = await updateTaxpayerContacts(deps, {
      districtCode: link.district_code,
      taxpayerId: link.taxpayer_id,
      change,
      source: 'self_service',
      actor: { type: 'taxpayer', id: `link:${link.id}` },
      reason: `self-service update through a personal link (reference ${reference})`,
      confirmedBy: { scope: codeScope(session) },
    });
  } catch (error) {
    await deps.db.query(`UPDATE update_links SET used_at = NULL, reference = NULL WHERE id = $1 AND reference = $2`, [link.id, reference]);
    throw error;
  }
  await deps.db.transaction(async (tx) => {
    await savePending(tx, deps.cipher, session, { enrol: session.pending.enrol, done: { reference, resent: result.resentMessageIds.length, changed: result.changedFields } });
    await recordAudit(tx, audit(link, 'self_service.completed', 'the taxpayer saved new contact details through a personal link', {
      reference, changed: result.changedFields, resent: result.resentMessageIds.length,
    }));
  });
  return { ok: true, reference, resent: result.resentMessageIds.length };
}

// --------------------------------------------------- a link without a link

export interface LinkRequest {
  districtCode: string;
  /** taxpayer number, or name as on the roll */
  who: string;
  birthDate: string;
  publicUrl: string;
}

/**
 * The channels a requested link goes by, in order, from what the registry
 * holds: KakaoTalk (by the identification key, or the phone of an enrolled
 * KakaoTalk user), then a text to the mobile on record (not on a dead
 * prefix), then an e-mail to the address on record. The delivery engine
 * moves to the next when one fails (not a KakaoTalk user, a dead number).
 * The sent page tells every resident this order, whoever they are.
 */
export function linkChannels(t: Pick<TaxpayerContactsView, 'hasIdentityKey' | 'mobileE164' | 'mobileDead' | 'email' | 'enrol'>): ElectronicChannel[] {
  const liveMobile = t.mobileE164 !== null && !t.mobileDead;
  const plan: ElectronicChannel[] = [];
  if (t.hasIdentityKey || (t.enrol.kakao && liveMobile)) plan.push('kakao');
  if (liveMobile) plan.push('sms');
  if (t.email) plan.push('email');
  return plan;
}

/**
 * Sends a fresh link when the details match, by the channels linkChannels
 * names. Returns nothing the caller could show: the page answers the same
 * either way.
 */
export async function requestLink(deps: SelfServiceDeps, request: LinkRequest): Promise<void> {
  const birthHash = deps.cipher.lookupHash('birth_date', request.birthDate);
  const who = request.who.trim();
  const { rows } = await deps.db.query<{ id: number; identity_key_hash: Uint8Array | null; mobile_hash: Uint8Array | null; enrol_kakao: boolean; recent: number }>(
    `SELECT t.id, t.identity_key_hash, t.mobile_hash, t.enrol_kakao,
            (SELECT count(*)::int FROM update_links l WHERE l.taxpayer_id = t.id AND l.purpose = 'on_request' AND l.created_at > now() - interval '1 day') AS recent
       FROM taxpayers t
      WHERE t.district_code = $1 AND t.birth_date_hash = $2 AND (t.taxpayer_no = $3 OR t.name = $3)
      LIMIT 2`,
    [request.districtCode, birthHash, who],
  );
  // Two people with one name and birth date: neither gets a link (nor learns of the other).
  if (rows.length !== 1) return;
  const t = rows[0]!;
  if (t.recent >= ON_REQUEST_LINKS_PER_DAY) return;
  const taxpayerId = Number(t.id);
  const plan = linkChannels(await loadTaxpayer(deps.db, deps.cipher, { taxpayer_id: taxpayerId, district_code: request.districtCode }));
  // Nothing on record reaches the person: the sent page says whom to ask instead.
  if (plan.length === 0) return;
  const expiresAt = new Date(Date.now() + ON_REQUEST_LINK_HOURS * 3600_000);
  await deps.db.transaction(async (tx) => {
    const [link] = await createUpdateLinks(tx, [{ districtCode: request.districtCode, taxpayerId, purpose: 'on_request', expiresAt }]);
    const [messageId] = await enqueueMessages(tx, deps.cipher, [{
      districtCode: request.districtCode, kind: 'guidance', topic: 'update_link', taxpayerId, plan,
      variables: { link: linkUrl(request.publicUrl, link!.token), expires: formatDateTime('ko', expiresAt) },
    }]);
    await tx.query(`UPDATE update_links SET message_id = $2 WHERE id = $1`, [link!.id, messageId]);
    await recordAudit(tx, audit({ id: link!.id, district_code: request.districtCode, taxpayer_id: taxpayerId }, 'self_service.link_requested',
      `a contact update link was asked for on the public page and sent by ${plan.join(', then ')}`, { channels: plan, message: messageId }));
  });
}
