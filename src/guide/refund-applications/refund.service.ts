import { createHash, randomBytes, randomInt } from 'node:crypto';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import { findNoticeById, findNoticeByNumber, type NoticeFound } from '../../notices/lookup/notice-lookup.repository.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { CODE_MINUTES, checkCode, codeProblem, spendConfirmedCodes, type ContactField } from '../../platform/one-time-codes.ts';
import { sendOneTimeCode } from '../../delivery/queue/one-time-code-message.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import { currentContacts } from '../../taxpayers/taxpayers.repository.ts';
import { maskEmail } from '../../taxpayers/email.ts';
import { maskPhone } from '../../taxpayers/phone.ts';
import type { GuideDeps } from '../guide.deps.ts';
import { bankByCode, checkAccountNumber } from './refund.banks.ts';
import { refundError, refundMessages } from './refund.messages.ts';
import {
  applicationByReference, insertApplication, insertEvent, liveApplicationOf, moveApplication,
  type ApplicationRow, type RefundReason, type RefundState, type StepChange,
} from './refund.repository.ts';

// The refund application's rules. Who may apply: whoever holds a code sent
// to a contact on the notice's taxpayer record (platform/one-time-codes.ts;
// the code confirms exactly that value). What is stored: the account and
// its holder sealed, the last four digits for pages. What moves it: an
// official's step from the state it is in to one the process allows, each
// audited and told to the applicant through the delivery engine in the
// same transaction.

export const REASONS: readonly RefundReason[] = ['overpaid', 'paid_twice', 'reduced', 'other'];
export const CODES_PER_NOTICE_PER_HOUR = 5;
export const STATUS_PATH = (district: string) => `/r/guide/${district}/refund/status`;

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function newReference(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `RF-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** 'RF-AB12-CD34' however it was typed (case, spaces), or null. */
export function normaliseReference(text: string): string | null {
  const t = text.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
  return /^RF-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(t) ? t : null;
}

const scopeOf = (verificationId: string) => `guide-refund:${createHash('sha256').update(verificationId).digest('hex').slice(0, 40)}`;

export interface NoticeRequest {
  districtCode: string;
  taxYear: string;
  noticeNo: string;
}

export interface ApplicableNotice {
  notice: NoticeFound;
  /** The contacts on the taxpayer's record, masked, by field. */
  contacts: { field: ContactField; masked: string }[];
}

/** A contact on the taxpayer's record: its value (E.164 or the address) stays in this module. */
type ContactOnRecord = ApplicableNotice['contacts'][number] & { value: string };

/** The notice a resident names, if a refund can be applied for; a refusal naming the field otherwise. */
export async function applicableNotice(deps: GuideDeps, r: NoticeRequest): Promise<ApplicableNotice> {
  const { notice, contacts } = await noticeWithContacts(deps, r);
  return { notice, contacts: contacts.map(({ field, masked }) => ({ field, masked })) };
}

async function noticeWithContacts(deps: GuideDeps, r: NoticeRequest): Promise<{ notice: NoticeFound; contacts: ContactOnRecord[] }> {
  const year = /^\d{4}$/.test(r.taxYear.trim()) ? Number(r.taxYear.trim()) : NaN;
  if (!(year >= 1990 && year <= 2200)) throw refundError(400, 'tax_year_invalid', 'tax-year');
  const noticeNo = r.noticeNo.normalize('NFKC').trim();
  if (noticeNo.length < 1 || noticeNo.length > 40) throw refundError(400, 'notice_no_invalid', 'notice-no');
  const notice = await findNoticeByNumber(deps.db, r.districtCode, year, noticeNo);
  if (!notice) throw refundError(404, 'notice_unknown', 'notice-no');
  const live = await liveApplicationOf(deps.db, notice.id);
  if (live) throw refundError(409, live.state === 'approved' || live.state === 'paid' ? 'already_refunded' : 'already_applied', 'notice-no');
  const c = await currentContacts(deps.db, deps.cipher, r.districtCode, notice.taxpayerId);
  const contacts: ContactOnRecord[] = [];
  if (c?.mobileE164) contacts.push({ field: 'mobile', masked: maskPhone(c.mobileE164), value: c.mobileE164 });
  if (c?.email) contacts.push({ field: 'email', masked: maskEmail(c.email), value: c.email });
  return { notice, contacts };
}

/** Sends a code to the chosen contact on record; returns the verification id the next form carries. */
export async function requestRefundCode(deps: GuideDeps, r: NoticeRequest & { field: string }): Promise<{ verificationId: string; sentTo: string; minutes: number; notice: NoticeFound }> {
  const { notice, contacts } = await noticeWithContacts(deps, r);
  const chosen = contacts.find((c) => c.field === r.field);
  if (!chosen) throw refundError(400, 'contact_unknown', 'contact');
  const { value } = chosen;
  const limit = await hitRateLimits(deps.db, [{ key: `guide-refund-code:${notice.id}`, windowSeconds: 3600, max: CODES_PER_NOTICE_PER_HOUR }]);
  if (!limit.allowed) throw refundError(429, 'code_limit', 'contact');
  const verificationId = randomBytes(18).toString('base64url');
  await deps.db.transaction((tx) =>
    sendOneTimeCode(tx, deps.cipher, { districtCode: r.districtCode, scope: scopeOf(verificationId), field: chosen.field, value, taxpayerId: notice.taxpayerId }),
  );
  return { verificationId, sentTo: chosen.masked, minutes: CODE_MINUTES, notice };
}

export interface ApplicationForm extends NoticeRequest {
  field: string;
  verificationId: string;
  code: string;
  bankCode: string;
  account: string;
  holder: string;
  reason: string;
  reasonDetail: string;
}

/** Every refusal of the account part of the form, so the page names them all at once. */
export function accountProblems(f: Pick<ApplicationForm, 'bankCode' | 'account' | 'holder' | 'reason' | 'reasonDetail'>): AppError[] {
  const problems: AppError[] = [];
  if (!bankByCode(f.bankCode)) problems.push(refundError(400, 'bank_invalid', 'bank'));
  const account = checkAccountNumber(f.account);
  if (!account.ok) problems.push(refundError(400, `account_${account.reason}`, 'account'));
  const holder = f.holder.normalize('NFKC').trim();
  if (holder.length < 1 || holder.length > 50) problems.push(refundError(400, 'holder_invalid', 'holder'));
  if (!(REASONS as readonly string[]).includes(f.reason)) problems.push(refundError(400, 'reason_invalid', 'reason'));
  if (f.reasonDetail.length > 500) problems.push(refundError(400, 'detail_too_long', 'reason-detail'));
  return problems;
}

/** Thrown with every problem of a form: the page lists them all. */
export class FormProblems extends Error {
  constructor(readonly problems: AppError[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/** Files the application: the code checked, the account checked, stored with its first event, audited, the applicant told. */
export async function fileApplication(deps: GuideDeps, f: ApplicationForm): Promise<{ reference: string; sentTo: string }> {
  const { notice, contacts } = await noticeWithContacts(deps, f);
  const chosen = contacts.find((c) => c.field === f.field);
  if (!chosen) throw refundError(400, 'contact_unknown', 'contact');
  const problems = accountProblems(f);
  const outcome = await checkCode(deps.db, deps.cipher, scopeOf(f.verificationId), chosen.field, f.code);
  if (!outcome.ok) problems.unshift(new AppError(`code_${outcome.reason}`, 400, codeProblem(outcome), [{ field: 'code', reason: codeProblem(outcome).en }]));
  if (problems.length) throw new FormProblems(problems);
  const { value } = chosen;
  const digits = (checkAccountNumber(f.account) as { digits: string }).digits;
  return deps.db.transaction(async (tx) => {
    const missing = await spendConfirmedCodes(tx, deps.cipher, { districtCode: f.districtCode, scope: scopeOf(f.verificationId), contacts: [{ field: chosen.field, value }] });
    if (missing.length) throw refundError(400, 'not_verified', 'code');
    const reference = newReference();
    const id = await insertApplication(tx, {
      districtCode: f.districtCode, reference, noticeId: notice.id, contactField: chosen.field, contactSealed: deps.cipher.encrypt(value),
      bankCode: f.bankCode, accountSealed: deps.cipher.encrypt(digits), accountLast4: digits.slice(-4), holderSealed: deps.cipher.encrypt(f.holder.normalize('NFKC').trim()),
      reason: f.reason as RefundReason, reasonDetail: f.reasonDetail.trim(),
    });
    if (id === null) throw refundError(409, 'already_applied', 'notice-no');
    const messageId = await tellApplicant(tx, deps, { districtCode: f.districtCode, reference, contactField: chosen.field, value }, 'received', '');
    await insertEvent(tx, { applicationId: id, from: null, to: 'received', staffId: null, note: '', messageId });
    await recordAudit(tx, {
      districtCode: f.districtCode, actor: { type: 'taxpayer', id: String(notice.taxpayerId) }, action: 'refund.applied', entityType: 'refund_application',
      entityId: reference, reason: `refund application for notice ${notice.noticeNo} (${notice.taxYear})`, source: 'self_service',
      details: { notice_id: notice.id, reason: f.reason, bank_code: f.bankCode },
    });
    return { reference, sentTo: chosen.masked };
  });
}

const STATE_WORD_KO: Record<RefundState, string> = { received: '접수', reviewing: '검토 중', approved: '환급 결정', rejected: '반려', paid: '환급 완료' };

async function tellApplicant(
  tx: Queryable,
  deps: GuideDeps,
  a: { districtCode: string; reference: string; contactField: ContactField; value: string },
  state: RefundState,
  detail: string,
): Promise<number | null> {
  const [id] = await enqueueMessages(tx, deps.cipher, [{
    districtCode: a.districtCode, kind: 'guidance', topic: 'guide_refund_status',
    plan: a.contactField === 'mobile' ? ['sms'] : ['email'],
    recipient: a.contactField === 'mobile' ? { phone: a.value } : { email: a.value },
    variables: { reference: a.reference, state: STATE_WORD_KO[state], detail, link: `${deps.publicUrl}${STATUS_PATH(a.districtCode)}?ref=${a.reference}` },
  }]);
  return id ?? null;
}

// ------------------------------------------------------------ officials

export type StepAction = 'review' | 'approve' | 'reject' | 'pay';

/** From which states each step may be taken, and to which state it leads. */
export const STEPS: Record<StepAction, { from: readonly RefundState[]; to: RefundState }> = {
  review: { from: ['received'], to: 'reviewing' },
  approve: { from: ['reviewing'], to: 'approved' },
  reject: { from: ['received', 'reviewing'], to: 'rejected' },
  pay: { from: ['approved'], to: 'paid' },
};

export interface StepInput {
  action: StepAction;
  amount?: string;
  reason?: string;
  paidOn?: string;
}

/** The steps open to an application in its state. */
export const stepsFrom = (state: RefundState): StepAction[] => (Object.keys(STEPS) as StepAction[]).filter((a) => STEPS[a].from.includes(state));

export async function takeStep(deps: GuideDeps, staff: StaffPrincipal, reference: string, input: StepInput): Promise<ApplicationRow> {
  const app = await applicationByReference(deps.db, reference, staff.districtCode);
  if (!app) throw refundError(404, 'not_found', 'reference');
  const step = STEPS[input.action];
  const stateWord = (s: RefundState) => refundMessages.both(`state_${s}`);
  if (!step.from.includes(app.state)) {
    const words = stateWord(app.state);
    throw new AppError('transition_not_allowed', 409, { ko: refundMessages.t('ko', 'transition_not_allowed', { state: words.ko }), en: refundMessages.t('en', 'transition_not_allowed', { state: words.en }) });
  }
  const change: StepChange = { to: step.to };
  let detail = '';
  if (input.action === 'approve') {
    const amount = /^\d{1,13}$/.test((input.amount ?? '').replace(/[,\s]/g, '')) ? Number((input.amount ?? '').replace(/[,\s]/g, '')) : 0;
    if (amount < 1) throw refundError(400, 'amount_invalid', 'amount');
    change.approvedAmount = amount;
    detail = ` 환급액 ${amount.toLocaleString('ko-KR')}원.`;
  }
  if (input.action === 'reject') {
    const reason = (input.reason ?? '').trim();
    if (reason.length < 1 || reason.length > 500) throw refundError(400, 'rejection_reason_required', 'reason');
    change.rejectionReason = reason;
    detail = ` 사유: ${reason}`;
  }
  if (input.action === 'pay') {
    const day = (input.paidOn ?? '').trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) throw refundError(400, 'paid_day_invalid', 'paid-on');
    change.paidOn = day;
  }
  await deps.db.transaction(async (tx) => {
    if (!(await moveApplication(tx, app.id, app.state, change))) {
      throw new AppError('transition_not_allowed', 409, refundMessages.both('transition_not_allowed', { state: '?' }));
    }
    const value = deps.cipher.decrypt(app.contactSealed);
    const messageId = await tellApplicant(tx, deps, { districtCode: app.districtCode, reference: app.reference, contactField: app.contactField, value }, step.to, detail);
    await insertEvent(tx, { applicationId: app.id, from: app.state, to: step.to, staffId: staff.id, note: change.rejectionReason ?? '', messageId });
    await recordAudit(tx, {
      districtCode: app.districtCode, actor: { type: 'staff', id: String(staff.id) }, action: `refund.${step.to}`, entityType: 'refund_application',
      entityId: app.reference, reason: change.rejectionReason ?? `refund application ${app.reference} ${app.state} → ${step.to}`, source: 'official',
      details: { from: app.state, to: step.to, ...(change.approvedAmount ? { amount: change.approvedAmount } : {}), ...(change.paidOn ? { paid_on: change.paidOn } : {}) },
    });
  });
  return (await applicationByReference(deps.db, reference, staff.districtCode))!;
}

/** An application with its notice, for the status page and the console. */
export async function applicationView(deps: GuideDeps, app: ApplicationRow): Promise<{ app: ApplicationRow; notice: NoticeFound | null }> {
  return { app, notice: await findNoticeById(deps.db, app.districtCode, app.noticeId) };
}

/** Contact values in the applicant's messages never reach a log: what is stored is the masked form. */
export const maskedContactOf = (deps: GuideDeps, app: ApplicationRow) => {
  const value = deps.cipher.decrypt(app.contactSealed);
  return app.contactField === 'mobile' ? maskPhone(value) : maskEmail(value);
};

