import { z } from 'zod';

// The inbound webhook of the messenger gateway (KakaoTalk-channel-like):
// one resident message or a "left the chat" event per call. Attachments come
// inline as base64; the size is checked on the decoded bytes.

const base64 = z.string().max(7_100_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const messengerInboundSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('message'),
    user_key: z.string().min(1).max(100).regex(/^[\w.:-]+$/),
    message_id: z.string().min(1).max(100),
    sent_at: z.iso.datetime({ offset: true }),
    type: z.enum(['text', 'photo', 'file']),
    content: z.string().max(2000).optional(),
    attachment: z.object({ name: z.string().max(200), content_type: z.string().max(100), data: base64 }).optional(),
  }),
  z.object({
    event: z.literal('leave'),
    user_key: z.string().min(1).max(100).regex(/^[\w.:-]+$/),
    message_id: z.string().min(1).max(100),
    sent_at: z.iso.datetime({ offset: true }),
  }),
]).superRefine((value, ctx) => {
  if (value.event !== 'message') return;
  if (value.type === 'text' && !value.content?.trim()) ctx.addIssue({ code: 'custom', path: ['content'], message: 'a text message needs content' });
  if (value.type !== 'text' && !value.attachment) ctx.addIssue({ code: 'custom', path: ['attachment'], message: `a ${value.type} message needs an attachment` });
});
export type MessengerInbound = z.infer<typeof messengerInboundSchema>;

export const messengerWebhookAnswerSchema = z.object({
  conversation_id: z.number().int(),
  duplicate: z.boolean(),
  /** Set when an attachment was refused: the text the gateway may show the resident (it is also sent as a reply). */
  refused: z.object({ code: z.string(), ko: z.string(), en: z.string() }).optional(),
});
