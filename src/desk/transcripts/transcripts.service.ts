import { enqueueMessages } from '../../delivery/queue/queue.ts';
import { AppError, badRequest, tooManyRequests } from '../../platform/errors.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { checkCode, codeProblem, codesSentRecently, confirmedInScopes } from '../../platform/one-time-codes.ts';
import { sendContactCode } from '../../hygiene/contact-change/contact-change.service.ts';
import { maskEmail, normaliseEmail } from '../../taxpayers/email.ts';
import { contactFormIds, formScope } from '../contact-requests/contact-requests.repository.ts';
import { findClosedConversation, messagesAfter, type DeskDeps } from '../conversations/conversations.service.ts';
import { countTranscripts, recordTranscript } from './transcripts.repository.ts';
import type { TranscriptAnswer, TranscriptInput } from './transcripts.schema.ts';
import { transcriptMessages } from './transcripts.messages.ts';

// The transcript of an ended conversation by e-mail, through the delivery
// engine, only to an address shown to be the resident's in this
// conversation: the transcript holds what the resident typed.

/** Transcripts per conversation: enough for a typo, not a mail cannon. */
export const MAX_TRANSCRIPTS = 3;
/** Codes to transcript addresses per conversation and hour. */
export const MAX_TRANSCRIPT_CODES = 3;

const invalidEmail = (reason: Bilingual) => new AppError('email_invalid', 400, reason, [{ field: 'email', reason: reason.en }]);

export const transcriptScope = (conversationId: number) => `desk_transcript:${conversationId}`;

/**
 * Whether the address was shown to be the resident's in this conversation: a
 * code sent to it was typed back, for its contact form or for a transcript.
 * Otherwise the transcript (text the resident typed) is not sent to it.
 */
async function confirmedAddress(deps: Pick<DeskDeps, 'db' | 'cipher'>, conversationId: number, email: string): Promise<boolean> {
  const scopes = [transcriptScope(conversationId), ...(await contactFormIds(deps.db, conversationId)).map(formScope)];
  return confirmedInScopes(deps.db, deps.cipher, scopes, 'email', email);
}

/**
 * Queues the transcript (notes left out) to the e-mail address the resident
 * gives, once that address is confirmed in this conversation. An address not
 * confirmed yet gets a code first (queued: false); the resident sends the
 * request again with it.
 */
export async function sendTranscript(deps: Pick<DeskDeps, 'db' | 'cipher'>, input: TranscriptInput): Promise<TranscriptAnswer> {
  const email = normaliseEmail(input.email);
  if (!email.ok) throw invalidEmail(email.reason);
  const conversation = await findClosedConversation(deps.db, input.resumeToken);
  const scope = transcriptScope(conversation.id);
  const locale = conversation.locale;
  if (!(await confirmedAddress(deps, conversation.id, email.email))) {
    if (!input.code) {
      if ((await codesSentRecently(deps.db, scope)) >= MAX_TRANSCRIPT_CODES) throw tooManyRequests(transcriptMessages.both('too_many_codes'));
      await deps.db.transaction((tx) => sendContactCode(tx, deps.cipher, { districtCode: conversation.district_code, scope, field: 'email', value: email.email }));
      return { queued: false, confirm: { field: 'email', to: maskEmail(email.email) } };
    }
    const outcome = await checkCode(deps.db, deps.cipher, scope, 'email', input.code);
    if (!outcome.ok) throw badRequest('code_not_accepted', codeProblem(outcome), [{ field: 'code', reason: codeProblem(outcome)[locale] }]);
    if (!(await confirmedAddress(deps, conversation.id, email.email))) {
      throw badRequest('code_not_accepted', transcriptMessages.both('code_wrong'), [{ field: 'code', reason: transcriptMessages.t(locale, 'code_wrong') }]);
    }
  }
  const messages = await messagesAfter(deps.db, conversation.id, 0, 'resident', 2000);
  const transcript = messages
    .filter((m) => m.kind === 'text' || m.kind === 'attachment' || m.kind === 'form')
    .map((m) => {
      const at = formatSeoulTime(conversation.locale, new Date(m.at));
      const body = m.kind === 'form' ? transcriptMessages.t(conversation.locale, 'form_placeholder') : m.body;
      return `[${at}] ${transcriptMessages.t(conversation.locale, `author_${m.authorType}`)}: ${body}`;
    })
    .join('\n');
  return deps.db.transaction(async (tx) => {
    if ((await countTranscripts(tx, conversation.id)) >= MAX_TRANSCRIPTS) {
      throw new AppError('transcript_limit', 429, transcriptMessages.both('limit', { max: MAX_TRANSCRIPTS }));
    }
    const [messageId] = await enqueueMessages(tx, deps.cipher, [
      { districtCode: conversation.district_code, kind: 'guidance', topic: 'desk_transcript', plan: ['email'], recipient: { email: email.email }, variables: { transcript: transcript.slice(0, 60_000) } },
    ]);
    await recordTranscript(tx, { conversationId: conversation.id, districtCode: conversation.district_code, messageId: messageId! });
    return { queued: true as const, messageId: messageId! };
  });
}
