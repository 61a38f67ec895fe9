import { ProviderError } from '../../delivery/provider.ts';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_MS, TIMESTAMP_HEADER, verifyGatewaySignature } from '../../delivery/providers/gateway-signature.ts';
import { AppError } from '../../platform/errors.ts';
import { closeConversation, openConversation, postMessage, type DeskDeps } from '../conversations/conversations.service.ts';
import { announceIfClosed, refundLinkReply } from '../auto-replies/auto-replies.service.ts';
import { storeAttachment } from '../attachments/attachments.repository.ts';
import { loadMessengerChannel, type MessengerChannel } from './messenger-channels.repository.ts';
import { sendMessengerReply } from './messenger.client.ts';
import { messengerMessages } from './messenger.messages.ts';
import { messengerInboundSchema, type MessengerInbound } from './messenger.schema.ts';

// The messenger channel: inbound webhook calls become messages of the same
// conversations as the web widget's (source 'messenger', resident_ref = the
// channel's user key); agents' and the desk's replies in those conversations
// go back out through the gateway's send API.

const REFUSED = {
  unknown: messengerMessages.both('refused_unknown'),
  unsigned: messengerMessages.both('refused_unsigned', { timestampHeader: TIMESTAMP_HEADER, signatureHeader: SIGNATURE_HEADER }),
  bad_signature: messengerMessages.both('refused_bad_signature'),
  stale: messengerMessages.both('refused_stale'),
  malformed: messengerMessages.both('refused_malformed'),
};

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Verifies the signature and shape of a webhook call; AppError 401/400/404 otherwise. */
export function verifyInbound(channel: MessengerChannel | null, headers: Record<string, string | string[] | undefined>, raw: Buffer, now = Date.now()): MessengerInbound {
  if (!channel || !channel.enabled) throw new AppError('messenger_channel_unknown', 404, REFUSED.unknown);
  const signature = header(headers, SIGNATURE_HEADER);
  const timestamp = header(headers, TIMESTAMP_HEADER);
  if (!signature || !timestamp) throw new AppError('messenger_unsigned', 401, REFUSED.unsigned);
  if (!/^\d{1,12}$/.test(timestamp) || !verifyGatewaySignature(channel.webhookSecret, timestamp, raw, signature)) {
    throw new AppError('messenger_bad_signature', 401, REFUSED.bad_signature);
  }
  if (Math.abs(now - Number(timestamp) * 1000) > SIGNATURE_TOLERANCE_MS) throw new AppError('messenger_stale', 401, REFUSED.stale);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('messenger_malformed', 400, REFUSED.malformed, [{ field: 'body', reason: 'not JSON' }]);
  }
  const parsed = messengerInboundSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('messenger_malformed', 400, REFUSED.malformed, parsed.error.issues.slice(0, 5).map((i) => ({ field: i.path.join('.') || 'body', reason: i.message })));
  }
  return parsed.data;
}

async function openMessengerConversation(deps: DeskDeps, districtCode: string, userKey: string): Promise<{ id: number; locale: 'ko' | 'en'; opened: boolean }> {
  const { rows } = await deps.db.query<{ id: number; locale: 'ko' | 'en' }>(
    `SELECT id::int AS id, locale FROM conversations
      WHERE district_code = $1 AND source = 'messenger' AND resident_ref = $2 AND state <> 'closed'
      ORDER BY created_at DESC LIMIT 1`,
    [districtCode, userKey],
  );
  if (rows[0]) return { ...rows[0], opened: false };
  // KakaoTalk channels of a district office speak Korean first.
  const { conversationId } = await openConversation(deps, { districtCode, source: 'messenger', residentRef: userKey, locale: 'ko' });
  return { id: conversationId, locale: 'ko', opened: true };
}

export interface InboundResult {
  conversationId: number;
  duplicate: boolean;
  refused?: { code: string; ko: string; en: string };
}

/** Stores one verified inbound event. The same gateway message id twice is stored once. */
export async function receiveMessengerEvent(deps: DeskDeps, districtCode: string, event: MessengerInbound): Promise<InboundResult> {
  const seen = await deps.db.query<{ conversation_id: number }>(
    'SELECT conversation_id::int AS conversation_id FROM desk_messenger_inbound WHERE district_code = $1 AND gateway_message_id = $2',
    [districtCode, event.message_id],
  );
  if (seen.rows[0]) return { conversationId: seen.rows[0].conversation_id, duplicate: true };

  if (event.event === 'leave') {
    const { rows } = await deps.db.query<{ id: number }>(
      `SELECT id::int AS id FROM conversations WHERE district_code = $1 AND source = 'messenger' AND resident_ref = $2 AND state <> 'closed'`,
      [districtCode, event.user_key],
    );
    for (const r of rows) await closeConversation(deps, { conversationId: r.id, by: { type: 'resident', id: 'messenger' } });
    const conversationId = rows[0]?.id;
    if (conversationId !== undefined) await recordInbound(deps, districtCode, event.message_id, conversationId, null);
    return { conversationId: conversationId ?? 0, duplicate: false };
  }

  const conversation = await openMessengerConversation(deps, districtCode, event.user_key);
  const author = { type: 'resident' as const, id: `messenger:${event.user_key}` };
  let messageId: number | null = null;
  let refused: InboundResult['refused'];
  if (event.attachment) {
    const bytes = Buffer.from(event.attachment.data, 'base64');
    try {
      const stored = await storeAttachment(deps.db, {
        districtCode, conversationId: conversation.id, bytes, fileName: event.attachment.name, declaredType: event.attachment.content_type,
      });
      ({ messageId } = await postMessage(deps, {
        conversationId: conversation.id, author, kind: 'attachment', body: event.content?.trim() || stored.fileName,
        payload: { attachmentId: stored.id, contentType: stored.contentType, fileName: stored.fileName, sizeBytes: stored.sizeBytes },
      }));
    } catch (error) {
      if (!(error instanceof AppError) || !error.code.startsWith('attachment_')) throw error;
      refused = { code: error.code, ...error.messages };
      // The resident hears why, in the conversation (and so through the gateway).
      await postMessage(deps, { conversationId: conversation.id, author: { type: 'system', id: 'desk' }, kind: 'text', body: `${error.messages.ko}\n${error.messages.en}` });
    }
  } else {
    ({ messageId } = await postMessage(deps, { conversationId: conversation.id, author, kind: 'text', body: event.content!.trim() }));
    await refundLinkReply(deps, conversation.id, event.content!, conversation.locale);
  }
  if (conversation.opened) await announceIfClosed(deps, districtCode, conversation.id, conversation.locale);
  await recordInbound(deps, districtCode, event.message_id, conversation.id, messageId);
  return { conversationId: conversation.id, duplicate: false, ...(refused ? { refused } : {}) };
}

async function recordInbound(deps: DeskDeps, districtCode: string, gatewayMessageId: string, conversationId: number, deskMessageId: number | null): Promise<void> {
  await deps.db.query(
    `INSERT INTO desk_messenger_inbound (district_code, gateway_message_id, conversation_id, desk_message_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [districtCode, gatewayMessageId, conversationId, deskMessageId],
  );
}

export async function handleMessengerWebhook(
  deps: DeskDeps,
  districtCode: string,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
): Promise<InboundResult> {
  const channel = /^[a-z0-9_-]{1,40}$/i.test(districtCode) ? await loadMessengerChannel(deps.db, deps.cipher, districtCode) : null;
  let event: MessengerInbound;
  try {
    event = verifyInbound(channel, headers, raw);
  } catch (error) {
    if (error instanceof AppError) deps.log.warn({ district: districtCode, code: error.code, bytes: raw.length }, 'messenger webhook refused');
    throw error;
  }
  return receiveMessengerEvent(deps, districtCode, event);
}

const MAX_ATTEMPTS = 5;

/**
 * Sends agents' and the desk's replies of messenger conversations through
 * the gateway. A message is claimed by inserting its outbound row, so two
 * serve processes never both send it; a failed send is retried after 30 s,
 * up to 5 times, with the same idempotency key.
 */
export async function forwardMessengerReplies(deps: DeskDeps, limit = 50): Promise<{ sent: number; failed: number }> {
  const { rows: claimed } = await deps.db.query<{ desk_message_id: number }>(
    `WITH fresh AS (
       INSERT INTO desk_messenger_outbound (desk_message_id, conversation_id)
       SELECT m.id, m.conversation_id FROM desk_messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.source = 'messenger' AND m.author_type IN ('agent', 'system')
          AND (m.kind = 'text' OR (m.kind = 'event' AND m.body = 'closed'))
          AND m.created_at > now() - interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM desk_messenger_outbound o WHERE o.desk_message_id = m.id)
        ORDER BY m.id LIMIT $1
       ON CONFLICT DO NOTHING RETURNING desk_message_id),
     retry AS (
       UPDATE desk_messenger_outbound SET state = 'sending', attempts = attempts + 1, claimed_at = now()
        WHERE desk_message_id IN (SELECT desk_message_id FROM desk_messenger_outbound
                                   WHERE state <> 'sent' AND attempts < $2 AND claimed_at < now() - interval '30 seconds'
                                   ORDER BY claimed_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING desk_message_id)
     SELECT desk_message_id::int AS desk_message_id FROM fresh UNION ALL SELECT desk_message_id::int FROM retry`,
    [limit, MAX_ATTEMPTS],
  );
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const { rows } = await deps.db.query<{ id: number; body: string; kind: string; district_code: string; resident_ref: string; locale: 'ko' | 'en' }>(
    `SELECT m.id::int AS id, m.body, m.kind, c.district_code, c.resident_ref, c.locale
       FROM desk_messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ANY($1::bigint[]) ORDER BY m.id`,
    [claimed.map((c) => c.desk_message_id)],
  );
  const channels = new Map<string, MessengerChannel | null>();
  let sent = 0;
  let failed = 0;
  for (const row of rows) {
    if (!channels.has(row.district_code)) channels.set(row.district_code, await loadMessengerChannel(deps.db, deps.cipher, row.district_code));
    const channel = channels.get(row.district_code);
    try {
      if (!channel?.enabled) throw new ProviderError('messenger channel disabled', false);
      const text = row.kind === 'event' ? messengerMessages.t(row.locale, 'conversation_closed') : row.body;
      const { gatewayMessageId } = await sendMessengerReply(channel, { userKey: row.resident_ref, idempotencyKey: `desk-${row.id}`, text });
      await deps.db.query(`UPDATE desk_messenger_outbound SET state = 'sent', sent_at = now(), gateway_message_id = $2, last_error = NULL WHERE desk_message_id = $1`, [row.id, gatewayMessageId]);
      sent++;
    } catch (error) {
      const permanent = error instanceof ProviderError && !error.transient;
      await deps.db.query(`UPDATE desk_messenger_outbound SET state = 'failed', last_error = $2, attempts = CASE WHEN $3 THEN $4 ELSE attempts END WHERE desk_message_id = $1`, [
        row.id, error instanceof Error ? error.message.slice(0, 200) : 'unknown', permanent, MAX_ATTEMPTS,
      ]);
      deps.log.warn({ deskMessageId: row.id, permanent }, 'messenger reply not sent');
      failed++;
    }
  }
  return { sent, failed };
}
