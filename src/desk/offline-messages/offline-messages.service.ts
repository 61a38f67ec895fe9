import { randomBytes } from 'node:crypto';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { normaliseEmail } from '../../taxpayers/email.ts';
import { normaliseMobile } from '../../taxpayers/phone.ts';
import { offlineMessageMessages } from './offline-messages.messages.ts';
import { insertOfflineMessage, lockOfflineMessageForAnswer, recordOfflineAnswer } from './offline-messages.repository.ts';
import type { OfflineInput } from './offline-messages.schema.ts';

// Offline messages: kept with a reference the resident can quote, and
// answered once by staff through the delivery engine to the contact the
// resident gave.

interface Deps {
  db: Database;
  cipher: PersonalDataCipher;
}

export const offlineMessageMissing = () => new AppError('offline_message_not_found', 404, offlineMessageMessages.both('not_found'));

/** The contact as stored: an e-mail address or an E.164 mobile number; a reason when unusable. */
export function offlineContact(channel: 'email' | 'sms', contact: string): { ok: true; value: string } | { ok: false; reason: Bilingual } {
  if (channel === 'email') {
    const e = normaliseEmail(contact);
    return e.ok ? { ok: true, value: e.email } : { ok: false, reason: e.reason };
  }
  const m = normaliseMobile(contact);
  if (!m.ok) return { ok: false, reason: m.reason };
  if (m.deadPrefix) return { ok: false, reason: offlineMessageMessages.both('mobile_010') };
  return { ok: true, value: m.e164 };
}

function reference(): string {
  // Unambiguous letters and digits: read out on the phone without mix-ups.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  return `DQ-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export async function saveOfflineMessage(deps: Deps, input: OfflineInput, contact: string): Promise<{ id: number; reference: string }> {
  const ref = reference();
  const id = await insertOfflineMessage(deps.db, deps.cipher, input, ref, contact);
  return { id, reference: ref };
}

/** Staff's answer, queued through the delivery engine to the contact the resident gave. Once per message. */
export async function answerOfflineMessage(deps: Deps, args: { districtCode: string; id: number; staffId: number; answer: string }): Promise<{ messageId: number }> {
  return deps.db.transaction(async (tx) => {
    const message = await lockOfflineMessageForAnswer(tx, deps.cipher, args.districtCode, args.id);
    if (!message) throw offlineMessageMissing();
    if (message.answered) throw conflict('offline_message_answered', offlineMessageMessages.both('already_answered'));
    const [messageId] = await enqueueMessages(tx, deps.cipher, [
      {
        districtCode: args.districtCode, kind: 'guidance', topic: 'desk_reply', plan: [message.replyChannel],
        recipient: message.replyChannel === 'email' ? { email: message.contact } : { phone: message.contact }, variables: { answer: args.answer },
      },
    ]);
    await recordOfflineAnswer(tx, { id: args.id, answer: args.answer, staffId: args.staffId, messageId: messageId! });
    return { messageId: messageId! };
  });
}
