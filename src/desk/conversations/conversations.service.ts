import { createHash, randomBytes } from 'node:crypto';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { RealtimeBus } from '../../platform/realtime/bus.ts';
import { MAX_BODY_CHARS } from './conversations.limits.ts';
import { assignWaiting } from './queue.service.ts';
import { conversationMessages } from './conversations.messages.ts';
import { conversationTopic, districtTopic, type DeskEvent } from './conversations.topics.ts';

// Conversations from both channels (web widget, messenger) share this
// model. Message bodies may hold personal data a resident typed: they are
// never logged; logs carry ids and lengths only.

export type DeskSource = 'web' | 'messenger';
export type AuthorType = 'resident' | 'agent' | 'system';
export type MessageKind = 'text' | 'note' | 'form' | 'attachment' | 'event';

export interface DeskDeps {
  db: Database;
  cipher: PersonalDataCipher;
  log: Logger;
  bus: RealtimeBus;
  /** Now, for business hours: the real clock in service, a fixed one in tests. */
  now(): Date;
}


export function hashResumeToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export async function publishEvent(deps: Pick<DeskDeps, 'bus' | 'log'>, topic: string, event: DeskEvent): Promise<void> {
  try {
    await deps.bus.publish(topic, event);
  } catch (error) {
    // The row is stored; clients catch up from their cursor on the next event or reconnect.
    deps.log.warn({ err: error, topic }, 'desk event not published');
  }
}

export async function openConversation(
  deps: DeskDeps,
  args: { districtCode: string; source: DeskSource; residentRef: string; locale: 'ko' | 'en' },
): Promise<{ conversationId: number; resumeToken: string }> {
  const resumeToken = randomBytes(24).toString('base64url');
  const { rows } = await deps.db.query<{ id: string }>(
    `INSERT INTO conversations (district_code, source, resident_ref, locale, resume_token_hash)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [args.districtCode, args.source, args.residentRef, args.locale, hashResumeToken(resumeToken)],
  );
  const conversationId = Number(rows[0]!.id);
  deps.log.info({ conversationId, district: args.districtCode, source: args.source }, 'desk conversation opened');
  await publishEvent(deps, districtTopic(args.districtCode), { type: 'queue' });
  await assignWaiting(deps, args.districtCode);
  return { conversationId, resumeToken };
}

export interface ConversationRow {
  id: number;
  district_code: string;
  source: DeskSource;
  resident_ref: string;
  locale: 'ko' | 'en';
  state: 'waiting' | 'assigned' | 'closed';
  assigned_staff_id: number | null;
  taxpayer_id: number | null;
  created_at: Date;
  assigned_at: Date | null;
  closed_at: Date | null;
  resident_read_id: number;
  agent_read_id: number;
}

const CONVERSATION_COLUMNS = `id::int AS id, district_code, source, resident_ref, locale, state, assigned_staff_id::int AS assigned_staff_id,
  taxpayer_id::int AS taxpayer_id, created_at, assigned_at, closed_at, resident_read_id::int AS resident_read_id, agent_read_id::int AS agent_read_id`;

export async function getConversation(q: Queryable, conversationId: number): Promise<ConversationRow | null> {
  const { rows } = await q.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = $1`, [conversationId]);
  return rows[0] ?? null;
}

/** The conversation in a district, or a 404 that does not reveal whether it exists elsewhere. */
export async function getDistrictConversation(q: Queryable, districtCode: string, conversationId: number): Promise<ConversationRow> {
  const { rows } = await q.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = $1 AND district_code = $2`, [
    conversationId,
    districtCode,
  ]);
  if (!rows[0]) throw new AppError('conversation_not_found', 404, conversationMessages.both('not_found'));
  return rows[0];
}

export async function findByResumeToken(q: Queryable, token: string): Promise<ConversationRow | null> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const { rows } = await q.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE resume_token_hash = $1`, [
    hashResumeToken(token),
  ]);
  return rows[0] ?? null;
}

/** The ended conversation a resume token names, for what a resident may do only afterwards (rate it, take its transcript). */
export async function findClosedConversation(q: Queryable, resumeToken: string): Promise<ConversationRow> {
  const conversation = await findByResumeToken(q, resumeToken);
  if (!conversation) throw new AppError('conversation_not_found', 404, conversationMessages.both('not_found_check_link'));
  if (conversation.state !== 'closed') throw conflict('conversation_open', conversationMessages.both('not_ended'));
  return conversation;
}

export async function postMessage(
  deps: DeskDeps,
  args: { conversationId: number; author: { type: AuthorType; id: string }; kind: MessageKind; body: string; payload?: unknown },
): Promise<{ messageId: number }> {
  if (args.body.length > MAX_BODY_CHARS) {
    throw new AppError('message_too_long', 400, conversationMessages.both('message_too_long', { max: MAX_BODY_CHARS }));
  }
  // One statement, one round trip: the row lock on the conversation orders
  // inserts per conversation, so ids commit in order and a reader's "after
  // this id" cursor never skips a late commit.
  const { rows } = await deps.db.query<{ state: string; id: string | null }>(
    `WITH c AS (
       SELECT id, state FROM conversations WHERE id = $1 FOR UPDATE
     ), ins AS (
       INSERT INTO desk_messages (conversation_id, author_type, author_id, kind, body, payload)
       SELECT id, $2, $3, $4, $5, $6 FROM c WHERE state <> 'closed' OR $2 = 'system'
       RETURNING id
     ), first_response AS (
       UPDATE conversations SET first_response_at = now()
        WHERE id = $1 AND first_response_at IS NULL AND $2 = 'agent' AND $4 <> 'note' AND EXISTS (SELECT 1 FROM ins)
     )
     SELECT c.state, ins.id FROM c LEFT JOIN ins ON true`,
    [args.conversationId, args.author.type, args.author.id, args.kind, args.body, args.payload === undefined ? null : JSON.stringify(args.payload)],
  );
  const row = rows[0];
  if (!row) throw new AppError('conversation_not_found', 404, conversationMessages.both('not_found'));
  if (row.id === null) throw new AppError('conversation_closed', 409, conversationMessages.both('closed'));
  const messageId = Number(row.id);
  // debug, not info: every message is a row already, and a log line per chat message costs CPU at volume
  deps.log.debug({ conversationId: args.conversationId, messageId, kind: args.kind, author: args.author.type, chars: args.body.length }, 'desk message');
  await publishEvent(deps, conversationTopic(args.conversationId), { type: 'message', messageId });
  return { messageId };
}

export async function closeConversation(deps: DeskDeps, args: { conversationId: number; by: { type: AuthorType; id: string } }): Promise<void> {
  const { rows } = await deps.db.query<{ district_code: string }>(
    `UPDATE conversations SET state = 'closed', closed_at = now(), closed_by = $2
      WHERE id = $1 AND state <> 'closed' RETURNING district_code`,
    [args.conversationId, `${args.by.type}:${args.by.id}`],
  );
  const district = rows[0]?.district_code;
  if (!district) return;
  await postMessage(deps, { conversationId: args.conversationId, author: { type: 'system', id: 'desk' }, kind: 'event', body: 'closed', payload: { event: 'closed', by: args.by.type } });
  await publishEvent(deps, conversationTopic(args.conversationId), { type: 'state' });
  await publishEvent(deps, districtTopic(district), { type: 'queue' });
  // a seat freed up: the next waiting resident may be assigned
  await assignWaiting(deps, district);
}

export interface DeskMessage {
  id: number;
  conversationId: number;
  authorType: AuthorType;
  authorId: string;
  kind: MessageKind;
  body: string;
  payload: unknown;
  at: string;
}

/** Messages after a cursor, oldest first; residents never see internal notes. */
export async function messagesAfter(
  q: Queryable,
  conversationId: number,
  after: number,
  audience: 'resident' | 'agent',
  limit = 500,
): Promise<DeskMessage[]> {
  const { rows } = await q.query<{ id: string; author_type: AuthorType; author_id: string; kind: MessageKind; body: string; payload: unknown; created_at: Date }>(
    `SELECT id, author_type, author_id, kind, body, payload, created_at FROM desk_messages
      WHERE conversation_id = $1 AND id > $2 ${audience === 'resident' ? `AND kind <> 'note'` : ''}
      ORDER BY id LIMIT $3`,
    [conversationId, after, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    conversationId,
    authorType: r.author_type,
    authorId: audience === 'resident' && r.author_type === 'agent' ? 'agent' : r.author_id,
    kind: r.kind,
    body: r.body,
    payload: r.payload,
    at: new Date(r.created_at).toISOString(),
  }));
}

/** Links the conversation to the taxpayer the agent found. */
export async function linkTaxpayer(q: Queryable, conversationId: number, taxpayerId: number): Promise<void> {
  await q.query('UPDATE conversations SET taxpayer_id = $2 WHERE id = $1', [conversationId, taxpayerId]);
}

/** Read indicator: the highest message id a side has seen (never moves back). */
export async function markRead(deps: DeskDeps, conversationId: number, side: 'resident' | 'agent', upTo: number): Promise<void> {
  const column = side === 'resident' ? 'resident_read_id' : 'agent_read_id';
  const { rowCount } = await deps.db.query(`UPDATE conversations SET ${column} = $2 WHERE id = $1 AND ${column} < $2`, [conversationId, upTo]);
  if (rowCount > 0) await publishEvent(deps, conversationTopic(conversationId), { type: 'read', side, upTo });
}
