import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError, badRequest, conflict, tooManyRequests } from '../../platform/errors.ts';
import { checkCode, codeProblem, codesSentRecently, confirmedInScopes } from '../../platform/one-time-codes.ts';
import { sendContactCode } from '../../hygiene/contact-change/contact-change.service.ts';
import { maskEmail, normaliseEmail } from '../../taxpayers/email.ts';
import { normaliseMobile } from '../../taxpayers/phone.ts';
import { findByResumeToken, messagesAfter, type DeskDeps } from '../conversations/conversations.service.ts';
import { crm } from '../contact-requests/contact-requests.messages.ts';
import { formScope } from '../contact-requests/contact-requests.service.ts';

// Canned answers, the satisfaction question, transcripts by e-mail and the
// offline messages with their answers (both through the delivery engine).

// ------------------------------------------------------------ canned answers

export const cannedAnswerInput = z.object({
  title: z.string().trim().min(1).max(100),
  bodyKo: z.string().trim().min(1).max(2000),
  bodyEn: z.string().trim().min(1).max(2000),
});
export type CannedAnswerInput = z.infer<typeof cannedAnswerInput>;
export const cannedAnswerSchema = cannedAnswerInput.extend({ id: z.number().int(), updatedAt: z.string() });
export type CannedAnswer = z.infer<typeof cannedAnswerSchema>;

type CannedRow = { id: number; title: string; body_ko: string; body_en: string; updated_at: Date | string };
const toCanned = (r: CannedRow): CannedAnswer => ({ id: Number(r.id), title: r.title, bodyKo: r.body_ko, bodyEn: r.body_en, updatedAt: new Date(r.updated_at).toISOString() });
const cannedMissing = () => new AppError('canned_answer_not_found', 404, { ko: '준비된 답변을 찾을 수 없습니다.', en: 'Canned answer not found.' });
const cannedDuplicate = () => conflict('canned_answer_duplicate', { ko: '같은 제목의 답변이 이미 있습니다. 다른 제목을 쓰세요.', en: 'A canned answer with this title exists; choose another title.' });

export async function listCannedAnswers(q: Queryable, districtCode: string): Promise<CannedAnswer[]> {
  const { rows } = await q.query<CannedRow>('SELECT id, title, body_ko, body_en, updated_at FROM desk_canned_answers WHERE district_code = $1 ORDER BY title', [districtCode]);
  return rows.map(toCanned);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

export async function createCannedAnswer(q: Queryable, districtCode: string, staffId: number, input: CannedAnswerInput): Promise<CannedAnswer> {
  try {
    const { rows } = await q.query<CannedRow>(
      `INSERT INTO desk_canned_answers (district_code, title, body_ko, body_en, updated_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, title, body_ko, body_en, updated_at`,
      [districtCode, input.title, input.bodyKo, input.bodyEn, staffId],
    );
    return toCanned(rows[0]!);
  } catch (error) {
    if (isUniqueViolation(error)) throw cannedDuplicate();
    throw error;
  }
}

export async function updateCannedAnswer(q: Queryable, districtCode: string, staffId: number, id: number, input: CannedAnswerInput): Promise<CannedAnswer> {
  try {
    const { rows } = await q.query<CannedRow>(
      `UPDATE desk_canned_answers SET title = $3, body_ko = $4, body_en = $5, updated_by = $6, updated_at = now()
        WHERE id = $1 AND district_code = $2 RETURNING id, title, body_ko, body_en, updated_at`,
      [id, districtCode, input.title, input.bodyKo, input.bodyEn, staffId],
    );
    if (!rows[0]) throw cannedMissing();
    return toCanned(rows[0]);
  } catch (error) {
    if (isUniqueViolation(error)) throw cannedDuplicate();
    throw error;
  }
}

export async function deleteCannedAnswer(q: Queryable, districtCode: string, id: number): Promise<void> {
  const { rowCount } = await q.query('DELETE FROM desk_canned_answers WHERE id = $1 AND district_code = $2', [id, districtCode]);
  if (rowCount === 0) throw cannedMissing();
}

// ------------------------------------------------- resident after the close

const gone = () => new AppError('conversation_not_found', 404, { ko: '대화를 찾을 수 없습니다. 링크가 맞는지 확인하세요.', en: 'Conversation not found. Check the link.' });
const notClosed = () =>
  conflict('conversation_open', { ko: '상담이 끝난 뒤에 할 수 있습니다.', en: 'You can do this once the conversation has ended.' });

async function closedConversation(q: Queryable, resumeToken: string) {
  const conversation = await findByResumeToken(q, resumeToken);
  if (!conversation) throw gone();
  if (conversation.state !== 'closed') throw notClosed();
  return conversation;
}

export const satisfactionInput = z.object({
  resumeToken: z.string().min(1).max(100),
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
});

/** The resident's answer to "how did we do?", once per conversation. */
export async function recordSatisfaction(q: Queryable, input: z.infer<typeof satisfactionInput>): Promise<void> {
  const conversation = await closedConversation(q, input.resumeToken);
  const { rowCount } = await q.query(
    `INSERT INTO desk_satisfaction (conversation_id, district_code, rating, comment) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [conversation.id, conversation.district_code, input.rating, input.comment || null],
  );
  if (rowCount === 0) throw conflict('satisfaction_answered', { ko: '이미 만족도를 남기셨습니다. 감사합니다.', en: 'You have already rated this conversation. Thank you.' });
}

export const transcriptInput = z.object({
  resumeToken: z.string().min(1).max(100),
  email: z.string().trim().min(3).max(254),
  code: z.string().trim().max(20).optional().describe('the code sent to the address by an earlier request, when it was not confirmed yet'),
});
/** Transcripts per conversation: enough for a typo, not a mail cannon. */
export const MAX_TRANSCRIPTS = 3;
/** Codes to transcript addresses per conversation and hour. */
export const MAX_TRANSCRIPT_CODES = 3;

const invalidEmail = (reason: { ko: string; en: string }) => new AppError('email_invalid', 400, reason, [{ field: 'email', reason: reason.en }]);

export const transcriptScope = (conversationId: number) => `desk_transcript:${conversationId}`;

export type TranscriptAnswer = { queued: true; messageId: number } | { queued: false; confirm: { field: 'email'; to: string } };

/**
 * Whether the address was shown to be the resident's in this conversation: a
 * code sent to it was typed back, for its contact form or for a transcript.
 * Otherwise the transcript (text the resident typed) is not sent to it.
 */
async function confirmedAddress(deps: Pick<DeskDeps, 'db' | 'cipher'>, conversationId: number, email: string): Promise<boolean> {
  const { rows } = await deps.db.query<{ id: string }>('SELECT id FROM desk_contact_forms WHERE conversation_id = $1', [conversationId]);
  const scopes = [transcriptScope(conversationId), ...rows.map((r) => formScope(Number(r.id)))];
  return confirmedInScopes(deps.db, deps.cipher, scopes, 'email', email);
}

/**
 * Queues the transcript (notes left out) to the e-mail address the resident
 * gives, once that address is confirmed in this conversation. An address not
 * confirmed yet gets a code first (queued: false); the resident sends the
 * request again with it.
 */
export async function sendTranscript(deps: Pick<DeskDeps, 'db' | 'cipher'>, input: z.infer<typeof transcriptInput>): Promise<TranscriptAnswer> {
  const email = normaliseEmail(input.email);
  if (!email.ok) throw invalidEmail(email.reason);
  const conversation = await closedConversation(deps.db, input.resumeToken);
  const scope = transcriptScope(conversation.id);
  if (!(await confirmedAddress(deps, conversation.id, email.email))) {
    const locale = conversation.locale === 'en' ? 'en' : 'ko';
    if (!input.code) {
      if ((await codesSentRecently(deps.db, scope)) >= MAX_TRANSCRIPT_CODES) throw tooManyRequests(crm.both('too_many_codes'));
      await deps.db.transaction((tx) => sendContactCode(tx, deps.cipher, { districtCode: conversation.district_code, scope, field: 'email', value: email.email }));
      return { queued: false, confirm: { field: 'email', to: maskEmail(email.email) } };
    }
    const outcome = await checkCode(deps.db, deps.cipher, scope, 'email', input.code);
    if (!outcome.ok) throw badRequest('code_not_accepted', codeProblem(outcome), [{ field: 'code', reason: codeProblem(outcome)[locale] }]);
    if (!(await confirmedAddress(deps, conversation.id, email.email))) {
      throw badRequest('code_not_accepted', crm.both('transcript_code_wrong'), [{ field: 'code', reason: crm.t(locale, 'transcript_code_wrong') }]);
    }
  }
  const messages = await messagesAfter(deps.db, conversation.id, 0, 'resident', 2000);
  const who = { resident: { ko: '나', en: 'You' }, agent: { ko: '상담원', en: 'Agent' }, system: { ko: '안내', en: 'Desk' } };
  const transcript = messages
    .filter((m) => m.kind === 'text' || m.kind === 'attachment' || m.kind === 'form')
    .map((m) => {
      const at = new Date(m.at).toLocaleString('ko-KR', { timeZone: 'Asia/Seoul', hour12: false });
      const body = m.kind === 'form' ? (conversation.locale === 'ko' ? '(연락처 변경 양식)' : '(contact update form)') : m.body;
      return `[${at}] ${who[m.authorType][conversation.locale]}: ${body}`;
    })
    .join('\n');
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM desk_transcripts WHERE conversation_id = $1', [conversation.id]);
    if (rows[0]!.n >= MAX_TRANSCRIPTS) {
      throw new AppError('transcript_limit', 429, { ko: `상담 기록은 ${MAX_TRANSCRIPTS}번까지 받을 수 있습니다.`, en: `A transcript can be sent at most ${MAX_TRANSCRIPTS} times.` });
    }
    const [messageId] = await enqueueMessages(tx, deps.cipher, [
      { districtCode: conversation.district_code, kind: 'guidance', topic: 'desk_transcript', plan: ['email'], recipient: { email: email.email }, variables: { transcript: transcript.slice(0, 60_000) } },
    ]);
    await tx.query('INSERT INTO desk_transcripts (conversation_id, district_code, message_id) VALUES ($1, $2, $3)', [conversation.id, conversation.district_code, messageId]);
    return { queued: true as const, messageId: messageId! };
  });
}

// ---------------------------------------------------------- offline messages

export const offlineInput = z.object({
  district: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(100),
  replyChannel: z.enum(['email', 'sms']),
  contact: z.string().trim().min(1).max(254),
  question: z.string().trim().min(1).max(2000),
  locale: z.enum(['ko', 'en']),
});
export type OfflineInput = z.infer<typeof offlineInput>;

/** The contact as stored: an e-mail address or an E.164 mobile number; null with a reason when unusable. */
export function offlineContact(channel: 'email' | 'sms', contact: string): { ok: true; value: string } | { ok: false; reason: { ko: string; en: string } } {
  if (channel === 'email') {
    const e = normaliseEmail(contact);
    return e.ok ? { ok: true, value: e.email } : { ok: false, reason: e.reason };
  }
  const m = normaliseMobile(contact);
  if (!m.ok) return { ok: false, reason: m.reason };
  if (m.deadPrefix) return { ok: false, reason: { ko: '010으로 시작하는 휴대전화 번호를 입력하세요.', en: 'Enter a mobile number starting with 010.' } };
  return { ok: true, value: m.e164 };
}

function reference(): string {
  // Unambiguous letters and digits: read out on the phone without mix-ups.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  return `DQ-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export async function saveOfflineMessage(deps: Pick<DeskDeps, 'db' | 'cipher'>, input: OfflineInput, contact: string): Promise<{ id: number; reference: string }> {
  const ref = reference();
  const { rows } = await deps.db.query<{ id: number }>(
    `INSERT INTO desk_offline_messages (district_code, reference, locale, name, reply_channel, contact_enc, question)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [input.district, ref, input.locale, input.name, input.replyChannel, deps.cipher.encrypt(contact), input.question],
  );
  return { id: Number(rows[0]!.id), reference: ref };
}

export const offlineMessageSchema = z.object({
  id: z.number().int(),
  reference: z.string(),
  name: z.string(),
  replyChannel: z.enum(['email', 'sms']),
  question: z.string(),
  createdAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});

export type OfflineMessage = z.infer<typeof offlineMessageSchema>;
type OfflineRow = { id: number; reference: string; name: string; reply_channel: 'email' | 'sms'; question: string; created_at: Date; answer: string | null; answered_at: Date | null };
const OFFLINE_COLUMNS = 'id::int AS id, reference, name, reply_channel, question, created_at, answer, answered_at';
const toOffline = (r: OfflineRow): OfflineMessage => ({
  id: r.id, reference: r.reference, name: r.name, replyChannel: r.reply_channel, question: r.question,
  createdAt: new Date(r.created_at).toISOString(), answer: r.answer, answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
});

export async function listOfflineMessages(q: Queryable, districtCode: string, state: 'open' | 'answered'): Promise<OfflineMessage[]> {
  const { rows } = await q.query<OfflineRow>(
    `SELECT ${OFFLINE_COLUMNS} FROM desk_offline_messages
      WHERE district_code = $1 AND (answered_at IS NULL) = $2 ORDER BY created_at LIMIT 200`,
    [districtCode, state === 'open'],
  );
  return rows.map(toOffline);
}

export const offlineMessageMissing = () => new AppError('offline_message_not_found', 404, { ko: '문의를 찾을 수 없습니다.', en: 'Message not found.' });

/** One offline message of the district; null when there is none (or it is another district's). */
export async function findOfflineMessage(q: Queryable, districtCode: string, id: number): Promise<OfflineMessage | null> {
  const { rows } = await q.query<OfflineRow>(`SELECT ${OFFLINE_COLUMNS} FROM desk_offline_messages WHERE id = $1 AND district_code = $2`, [id, districtCode]);
  return rows[0] ? toOffline(rows[0]) : null;
}

/** What staff may send back: it goes out by e-mail or as one LMS. */
export const offlineAnswer = z.string().trim().min(1).max(1500);

/** Staff's answer, queued through the delivery engine to the contact the resident gave. Once per message. */
export async function answerOfflineMessage(
  deps: Pick<DeskDeps, 'db' | 'cipher'>,
  args: { districtCode: string; id: number; staffId: number; answer: string },
): Promise<{ messageId: number }> {
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ reply_channel: 'email' | 'sms'; contact_enc: Uint8Array; answered_at: Date | null }>(
      'SELECT reply_channel, contact_enc, answered_at FROM desk_offline_messages WHERE id = $1 AND district_code = $2 FOR UPDATE',
      [args.id, args.districtCode],
    );
    const row = rows[0];
    if (!row) throw offlineMessageMissing();
    if (row.answered_at) throw conflict('offline_message_answered', { ko: '이미 답변한 문의입니다.', en: 'This message has already been answered.' });
    const contact = deps.cipher.decrypt(Buffer.from(row.contact_enc));
    const [messageId] = await enqueueMessages(tx, deps.cipher, [
      {
        districtCode: args.districtCode, kind: 'guidance', topic: 'desk_reply', plan: [row.reply_channel],
        recipient: row.reply_channel === 'email' ? { email: contact } : { phone: contact }, variables: { answer: args.answer },
      },
    ]);
    await tx.query('UPDATE desk_offline_messages SET answer = $2, answered_by = $3, answered_at = now(), message_id = $4 WHERE id = $1', [args.id, args.answer, args.staffId, messageId]);
    return { messageId: messageId! };
  });
}
