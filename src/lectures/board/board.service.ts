import { publicBaseUrl } from '../../platform/config.ts';
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { seoulDay, startOfSeoulDay } from '../../platform/time/seoul.ts';
import { normaliseEmail } from '../../taxpayers/email.ts';
import { normaliseMobile } from '../../taxpayers/phone.ts';
import { boardMessages, type BoardMessageKey } from './board.messages.ts';
import {
  addUpvote,
  insertQuestion,
  lockQuestion,
  markPublished,
  markRejected,
  monthlyTopics,
  recordAnswer,
  setForLecture,
} from './board.repository.ts';
import { LIMITS, questionInput, rejectionReason, writtenAnswer, type BoardField, type MonthlyField, type QuestionForm } from './board.schema.ts';
import { maskAll, type PersonalDataKind } from './personal-data-mask.ts';

// The question board's rules: a resident's question checked (each wrong
// field named), masked and stored awaiting moderation; officials publish,
// reject (with a reason), answer in writing (which publishes the question
// and, when the resident left a contact, tells them through the delivery
// engine) or mark it for a coming lecture, each step audited in the same
// transaction; a browser upvotes a published question once; the monthly
// view of the most wanted topics.

export interface BoardDeps {
  db: Database;
  cipher: PersonalDataCipher;
  clock: () => Date;
  /** Base of the links residents receive (no trailing slash). */
  publicUrl: string;
}

export function boardDepsFrom(app: AppDeps): BoardDeps {
  const { config } = app;
  return {
    db: app.db,
    cipher: app.cipher,
    clock: () => (app.clock ? app.clock() : new Date()),
    publicUrl: publicBaseUrl(config),
  };
}

export const BOARD_PATH = '/r/lectures/board';
export const boardPath = (district: string) => `${BOARD_PATH}/${encodeURIComponent(district)}`;
export const questionPath = (district: string, id: number) => `${boardPath(district)}/q/${id}`;

export const boardError = (status: number, code: BoardMessageKey) => new AppError(code, status, boardMessages.both(code));

// ------------------------------------------------------------ the resident's question

/** A wrong field of the form: the form's field name and the message that names it. */
export interface FormProblem {
  field: 'nickname' | 'title' | 'body' | 'field' | 'contact';
  message: BoardMessageKey;
}

export interface CheckedQuestion {
  nickname: string;
  title: string;
  body: string;
  field: BoardField;
  contact: { field: 'mobile' | 'email'; value: string } | null;
}

/** The contact as stored (E.164 or the normalised address); null when it is not one. */
export function parseContact(raw: string): { field: 'mobile' | 'email'; value: string } | null {
  if (raw.includes('@')) {
    const e = normaliseEmail(raw);
    return e.ok ? { field: 'email', value: e.email } : null;
  }
  const m = normaliseMobile(raw);
  return m.ok && !m.deadPrefix ? { field: 'mobile', value: m.e164 } : null;
}

/** The form checked field by field: every problem, or the question ready to mask and store. */
export function checkQuestion(form: QuestionForm): { ok: true; value: CheckedQuestion } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const one = <K extends 'nickname' | 'title' | 'body'>(key: K, message: BoardMessageKey) => {
    const r = questionInput.shape[key].safeParse(form[key] ?? '');
    if (!r.success) problems.push({ field: key, message });
    return r.success ? r.data : '';
  };
  const nickname = one('nickname', 'err_nickname');
  const title = one('title', 'err_title');
  const body = one('body', 'err_body');
  const field = questionInput.shape.field.safeParse(form.field);
  if (!field.success) problems.push({ field: 'field', message: 'err_field' });
  const rawContact = (form.contact ?? '').trim();
  let contact: CheckedQuestion['contact'] = null;
  if (rawContact !== '') {
    contact = rawContact.length <= LIMITS.contact ? parseContact(rawContact) : null;
    if (!contact) problems.push({ field: 'contact', message: 'err_contact' });
  }
  if (problems.length > 0 || !field.success) return { ok: false, problems };
  return { ok: true, value: { nickname, title, body, field: field.data, contact } };
}

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newReference = () => `LQ-${Array.from({ length: 8 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')}`;

/**
 * Stores a checked question awaiting moderation: nickname, title and body
 * masked first (only the masked text is stored), the contact sealed.
 */
export async function postQuestion(
  deps: BoardDeps,
  districtCode: string,
  question: CheckedQuestion,
  locale: Locale,
): Promise<{ id: number; reference: string; masked: PersonalDataKind[] }> {
  const masked = maskAll({ nickname: question.nickname, title: question.title, body: question.body });
  const reference = newReference();
  return deps.db.transaction(async (tx) => {
    const id = await insertQuestion(tx, deps.cipher, {
      districtCode, reference, locale, ...masked.texts, field: question.field, maskedKinds: masked.found, contact: question.contact, now: deps.clock(),
    });
    await recordAudit(tx, {
      districtCode, actor: { type: 'taxpayer' }, action: 'lecture_board.question_posted', entityType: 'lecture_board_question', entityId: String(id),
      reason: 'question posted on the board, awaiting moderation', source: 'self_service',
      details: { reference, field: question.field, masked: masked.found, contactLeft: question.contact !== null },
    });
    return { id, reference, masked: masked.found };
  });
}

// ------------------------------------------------------------ moderation

export interface Moderator {
  id: number;
  districtCode: string;
}

async function moderate<T>(
  deps: BoardDeps,
  staff: Moderator,
  id: number,
  step: (tx: Parameters<Parameters<Database['transaction']>[0]>[0], locked: NonNullable<Awaited<ReturnType<typeof lockQuestion>>>, now: Date) => Promise<{ result: T; action: string; reason: string; details?: Record<string, unknown> }>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const locked = await lockQuestion(tx, deps.cipher, staff.districtCode, id);
    if (!locked) throw boardError(404, 'question_not_found');
    const now = deps.clock();
    const done = await step(tx, locked, now);
    await recordAudit(tx, {
      districtCode: staff.districtCode, actor: { type: 'staff', id: String(staff.id) }, action: done.action, entityType: 'lecture_board_question', entityId: String(id),
      reason: done.reason, source: 'official', details: { reference: locked.question.reference, ...done.details },
    });
    return done.result;
  });
}

export function publishQuestion(deps: BoardDeps, staff: Moderator, id: number): Promise<{ reference: string }> {
  return moderate(deps, staff, id, async (tx, { question }, now) => {
    if (question.state !== 'pending') throw boardError(409, 'not_pending');
    await markPublished(tx, { id, staffId: staff.id, now });
    return { result: { reference: question.reference }, action: 'lecture_board.question_published', reason: 'moderated and published' };
  });
}

export function rejectQuestion(deps: BoardDeps, staff: Moderator, id: number, reason: string): Promise<{ reference: string }> {
  const checked = rejectionReason.safeParse(reason);
  if (!checked.success) throw new AppError('reason_invalid', 400, boardMessages.both('err_reason'), [{ field: 'reason', reason: 'empty or longer than 500 characters' }]);
  return moderate(deps, staff, id, async (tx, { question }, now) => {
    if (question.state !== 'pending') throw boardError(409, 'not_pending');
    await markRejected(tx, { id, staffId: staff.id, reason: checked.data, now });
    // The reason is the official's own words: kept as the entry's reason, never in details (no check for personal data there).
    return { result: { reference: question.reference }, action: 'lecture_board.question_rejected', reason: `rejected: ${checked.data}` };
  });
}

/**
 * The written answer, published with the question (a question still
 * waiting is published by it). When the resident left a contact, the
 * lecture_board_answered message is queued in the same transaction and the
 * contact erased.
 */
export function answerQuestion(deps: BoardDeps, staff: Moderator, id: number, answer: string): Promise<{ reference: string; messageId: number | null }> {
  const checked = writtenAnswer.safeParse(answer);
  if (!checked.success) throw new AppError('answer_invalid', 400, boardMessages.both('err_answer'), [{ field: 'answer', reason: 'empty or longer than 4000 characters' }]);
  return moderate(deps, staff, id, async (tx, { question, contact }, now) => {
    if (question.state === 'rejected') throw boardError(409, 'cannot_answer_rejected');
    if (question.answer !== null) throw boardError(409, 'already_answered');
    let messageId: number | null = null;
    if (contact) {
      const [queued] = await enqueueMessages(tx, deps.cipher, [{
        districtCode: staff.districtCode, kind: 'guidance', topic: 'lecture_board_answered',
        plan: contact.field === 'mobile' ? ['kakao', 'sms'] : ['email'],
        recipient: contact.field === 'mobile' ? { phone: contact.value } : { email: contact.value },
        variables: { reference: question.reference, link: `${deps.publicUrl}${questionPath(staff.districtCode, id)}` },
      }]);
      messageId = queued!;
    }
    await recordAnswer(tx, { id, staffId: staff.id, answer: checked.data, messageId, now });
    return {
      result: { reference: question.reference, messageId },
      action: 'lecture_board.question_answered',
      reason: question.state === 'pending' ? 'answered in writing and published' : 'answered in writing',
      details: { published: question.state === 'pending', residentTold: messageId !== null, ...(messageId !== null ? { messageId } : {}) },
    };
  });
}

export function markForLecture(deps: BoardDeps, staff: Moderator, id: number, marked: boolean): Promise<{ reference: string }> {
  return moderate(deps, staff, id, async (tx, { question }, now) => {
    if (question.state !== 'published') throw boardError(409, 'lecture_needs_published');
    await setForLecture(tx, { id, staffId: staff.id, marked, now });
    return {
      result: { reference: question.reference },
      action: marked ? 'lecture_board.marked_for_lecture' : 'lecture_board.lecture_mark_removed',
      reason: marked ? 'chosen for a coming lecture' : 'no longer planned for a lecture',
    };
  });
}

// ------------------------------------------------------------ upvotes

/** A random id for a browser that has none (kept in a cookie; only its keyed hash reaches the database). */
export const newBrowserId = () => randomBytes(18).toString('base64url');
export const BROWSER_ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;

/** The keyed hash an upvote is stored under: one per browser and question, and nothing about the resident. */
export const voterHash = (deps: Pick<BoardDeps, 'cipher'>, browserId: string) => deps.cipher.lookupHash('lecture_board_voter', browserId);

/** The token a resident's form carries, tied to the browser's id (a form posted from another site has none). */
export const formToken = (deps: Pick<BoardDeps, 'cipher'>, browserId: string) => deps.cipher.lookupHash('lecture_board_form', browserId).toString('base64url').slice(0, 32);

export function formTokenMatches(deps: Pick<BoardDeps, 'cipher'>, browserId: string | undefined, given: string | undefined): boolean {
  if (!browserId || !given || !BROWSER_ID_PATTERN.test(browserId)) return false;
  const expected = Buffer.from(formToken(deps, browserId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** This browser's upvote; a second one changes nothing. 404 unless the district has the question published. */
export async function upvoteQuestion(deps: BoardDeps, districtCode: string, id: number, browserId: string): Promise<{ added: boolean; upvotes: number }> {
  const result = await addUpvote(deps.db, { districtCode, id, voterHash: voterHash(deps, browserId), now: deps.clock() });
  if (!result) throw boardError(404, 'question_not_found');
  return result;
}

// ------------------------------------------------------------ the monthly view

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month of an instant in Seoul, 'YYYY-MM'. */
export const monthOf = (at: Date): string => seoulDay(at).slice(0, 7);

export function shiftMonth(month: string, by: number): string {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The most wanted topics of a month (YYYY-MM, Seoul time): questions published that month by field, ranked by upvotes. */
export async function monthlyView(deps: BoardDeps, districtCode: string, month: string): Promise<MonthlyField[]> {
  if (!MONTH_PATTERN.test(month)) throw boardError(400, 'bad_month');
  return monthlyTopics(deps.db, districtCode, startOfSeoulDay(`${month}-01`), startOfSeoulDay(`${shiftMonth(month, 1)}-01`));
}
