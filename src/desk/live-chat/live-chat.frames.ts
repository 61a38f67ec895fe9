import { z } from 'zod';
import { MAX_BODY_CHARS } from '../conversations/conversations.limits.ts';
import type { QueueItem } from '../conversations/queue-item.ts';

// JSON frames over the desk sockets. Every frame a client sends is parsed
// with these schemas; anything else is answered with an error frame. The
// browser scripts (src/desk/browser/) import these types too, so this module
// imports nothing that needs Node (tsconfig.browser.json checks it).

export const MAX_FRAME_BYTES = 16 * 1024;

const body = z.string().trim().min(1).max(MAX_BODY_CHARS);
const cursor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const residentFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), district: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/), locale: z.enum(['ko', 'en']) }),
  z.object({ type: z.literal('resume'), resume: z.string().min(1).max(100), after: cursor }),
  z.object({ type: z.literal('send'), body }),
  z.object({ type: z.literal('typing') }),
  z.object({ type: z.literal('read'), upTo: cursor }),
  z.object({ type: z.literal('close') }),
]);
export type ResidentFrame = z.infer<typeof residentFrame>;

export const agentFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch'), conversationId: id, after: cursor }),
  z.object({ type: z.literal('unwatch'), conversationId: id }),
  z.object({ type: z.literal('send'), conversationId: id, body, note: z.boolean().default(false) }),
  z.object({ type: z.literal('typing'), conversationId: id }),
  z.object({ type: z.literal('read'), conversationId: id, upTo: cursor }),
]);
export type AgentFrame = z.infer<typeof agentFrame>;

/** Parses one text frame; null when it is not JSON or not a known frame. */
export function parseFrame<T>(schema: z.ZodType<T>, raw: string): { ok: true; frame: T } | { ok: false; code: 'bad_frame' | 'message_too_long' } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_frame' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, frame: result.data };
  const tooLong = result.error.issues.some((i) => i.code === 'too_big' && i.path[i.path.length - 1] === 'body');
  return { ok: false, code: tooLong ? 'message_too_long' : 'bad_frame' };
}

// What the sockets send back. The socket's send() takes only these, and the
// browser scripts (src/desk/browser/) read them with the same types.

/** One message of the conversation; agents also see the author's id and internal notes. */
export interface MessageFrame {
  type: 'message';
  conversationId: number;
  id: number;
  authorType: 'resident' | 'agent' | 'system';
  authorId?: string;
  kind: 'text' | 'note' | 'form' | 'attachment' | 'event';
  body: string;
  /** By kind: a form's fields, an attachment's file, an event's details, a notice's link. */
  payload?: unknown;
  at: string;
}

export interface ErrorFrame {
  type: 'error';
  code: string;
  message: { ko: string; en: string };
}

export type ConversationState = 'waiting' | 'assigned' | 'closed';

/** To a resident: their conversation's resume token, its messages and state, the agent typing or reading. */
export type ResidentServerFrame =
  | { type: 'session'; conversationId: number; resumeToken: string; district: string; locale: 'ko' | 'en' }
  | MessageFrame
  /**
   * The conversation's state. While it waits: its place in the queue when the
   * desk is open, or deskClosed (and no place: nobody answers before the
   * desk opens) when it is not.
   */
  | { type: 'state'; state: ConversationState; queue?: { position: number; estimatedWaitSeconds: number }; deskClosed?: true; agentReadId: number }
  | { type: 'typing'; side: 'agent' }
  | { type: 'read'; side: 'agent'; upTo: number }
  | ErrorFrame;

/** GET /r/desk/config: the districts a resident can chat with, each open now or not, with its own words for when it is closed. */
export interface DeskConfig {
  districts: { code: string; name: { ko: string; en: string }; open: boolean; outOfHours: { ko: string; en: string } }[];
}

export type AgentAvailability = 'available' | 'away';

/** To an agent: the district's queue and agents, and their own status. */
export interface QueueFrame {
  type: 'queue';
  items: QueueItem[];
  agents: { id: number; name: string; status: AgentAvailability }[];
  me: { id: number; status: AgentAvailability; maxConcurrent: number };
}

/** To an agent: the queue, and for each conversation they watch its messages, state and the resident typing or reading. */
export type AgentServerFrame =
  | QueueFrame
  | MessageFrame
  | { type: 'watching'; conversationId: number; residentReadId: number; state: ConversationState; taxpayerId: number | null }
  | { type: 'typing'; side: 'resident'; conversationId: number }
  | { type: 'read'; side: 'resident'; conversationId: number; upTo: number }
  | ErrorFrame;
