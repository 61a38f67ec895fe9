import { z } from 'zod';
import { MAX_BODY_CHARS } from '../conversations/conversations.service.ts';

// JSON frames over the desk sockets. Every frame a client sends is parsed
// with these schemas; anything else is answered with an error frame.

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
  const tooLong = result.error.issues.some((i) => i.code === 'too_big' && i.path.at(-1) === 'body');
  return { ok: false, code: tooLong ? 'message_too_long' : 'bad_frame' };
}
