import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { signedWebhookHeaders } from '../providers/gateway-signature.ts';

// A messenger-channel gateway shaped like a KakaoTalk channel consultation
// (상담톡) relay: residents' messages are POSTed, signed, to the office's
// webhook; the office answers through the gateway's send API, which this
// simulator records. Runs in-process for tests, or on its own.

export const messengerSendSchema = z.object({
  user_key: z.string().min(1).max(100),
  idempotency_key: z.string().min(1).max(100),
  text: z.string().min(1).max(4000),
  buttons: z.array(z.object({ name: z.string().max(30), url: z.string().url().max(500) })).max(3).optional(),
});
export type MessengerSend = z.infer<typeof messengerSendSchema>;

export interface SentReply extends MessengerSend {
  messageId: string;
  receivedAt: string;
}

export interface InboundSpec {
  userKey: string;
  text?: string;
  attachment?: { name: string; contentType: string; bytes: Uint8Array };
  event?: 'message' | 'leave';
  messageId?: string;
}

export interface MessengerSimulator {
  url: string;
  apiKey: string;
  webhookSecret: string;
  /** Replies the office sent, in arrival order (a duplicate idempotency key is recorded once). */
  replies(userKey?: string): SentReply[];
  /** Resolves when `count` replies to the user have arrived (or rejects after timeoutMs). */
  waitForReplies(userKey: string, count: number, timeoutMs?: number): Promise<SentReply[]>;
  /** POSTs a resident's message, signed, to the webhook; returns the office's answer. */
  sendInbound(webhookUrl: string, spec: InboundSpec): Promise<{ status: number; body: unknown; messageId: string }>;
  /** Next n send calls are answered 503. */
  failNext(n: number): void;
  close(): Promise<void>;
}

export function inboundBody(spec: InboundSpec, messageId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    event: spec.event ?? 'message',
    user_key: spec.userKey,
    message_id: messageId,
    sent_at: new Date().toISOString(),
  };
  if (spec.attachment) {
    body.type = spec.attachment.contentType === 'application/pdf' ? 'file' : 'photo';
    body.attachment = { name: spec.attachment.name, content_type: spec.attachment.contentType, data: Buffer.from(spec.attachment.bytes).toString('base64') };
    if (spec.text) body.content = spec.text;
  } else if ((spec.event ?? 'message') === 'message') {
    body.type = 'text';
    body.content = spec.text ?? '';
  }
  return body;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startMessengerSimulator(options: { host?: string; port?: number; apiKey?: string; webhookSecret?: string } = {}): Promise<MessengerSimulator> {
  const apiKey = options.apiKey ?? `msg-${randomBytes(12).toString('hex')}`;
  const webhookSecret = options.webhookSecret ?? randomBytes(24).toString('hex');
  const sent: SentReply[] = [];
  const byKey = new Set<string>();
  const waiters = new Set<() => void>();
  let failing = 0;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v1/messenger/messages') return json(res, 404, { error: { code: 'not_found' } });
      if (req.headers.authorization !== `Bearer ${apiKey}`) return json(res, 401, { error: { code: 'bad_api_key' } });
      if (failing > 0) {
        failing--;
        return json(res, 503, { error: { code: 'unavailable' } });
      }
      let parsed: MessengerSend;
      try {
        parsed = messengerSendSchema.parse(JSON.parse((await readBody(req, 64 * 1024)).toString('utf8')));
      } catch {
        return json(res, 400, { error: { code: 'malformed' } });
      }
      const existing = sent.find((s) => s.idempotency_key === parsed.idempotency_key);
      if (existing) return json(res, 200, { message_id: existing.messageId, duplicate: true });
      const messageId = `m-${randomUUID()}`;
      byKey.add(parsed.idempotency_key);
      sent.push({ ...parsed, messageId, receivedAt: new Date().toISOString() });
      for (const wake of [...waiters]) wake();
      return json(res, 200, { message_id: messageId });
    })().catch(() => json(res, 500, { error: { code: 'internal' } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const replies = (userKey?: string) => sent.filter((s) => userKey === undefined || s.user_key === userKey);

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    apiKey,
    webhookSecret,
    replies,
    waitForReplies(userKey, count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const got = replies(userKey);
          if (got.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(got);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`messenger simulator: ${replies(userKey).length} of ${count} replies to the user arrived`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async sendInbound(webhookUrl, spec) {
      const messageId = spec.messageId ?? `in-${randomUUID()}`;
      const raw = JSON.stringify(inboundBody(spec, messageId));
      const response = await fetch(webhookUrl, { method: 'POST', headers: signedWebhookHeaders(webhookSecret, raw), body: raw });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body, messageId };
    },
    failNext(n) {
      failing = n;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
