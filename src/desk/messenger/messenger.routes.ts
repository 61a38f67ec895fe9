import { z } from 'zod';
import { requireStaff } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { saveMessengerChannel } from './messenger-channels.repository.ts';
import { forwardMessengerReplies, handleMessengerWebhook } from './messenger.service.ts';
import { messengerWebhookAnswerSchema } from './messenger.schema.ts';

// The messenger channel's HTTP side: the gateway's signed webhook, the
// channel settings (admins), and the loop that sends replies out through the
// gateway. Attachments are downloaded through attachments.routes.ts.

/** How often each serve process looks for replies to send when nothing woke it. */
export const FORWARD_INTERVAL_MS = 1000;

export const messengerRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = deskDepsFrom(appDeps);

  let running: Promise<unknown> | null = null;
  let again = false;
  const kick = () => {
    if (running) {
      again = true;
      return;
    }
    running = forwardMessengerReplies(deps)
      .catch((error: unknown) => deps.log.warn({ err: error }, 'messenger forwarder failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const timer = setInterval(kick, FORWARD_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });

  await app.register(async (hook) => {
    // The signature covers the raw bytes: this scope keeps JSON as a Buffer.
    hook.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    hook.post(
      '/api/webhooks/messenger/:district',
      {
        schema: {
          tags: ['desk'],
          summary: 'Messenger channel inbound message (signed: X-Gateway-Timestamp, X-Gateway-Signature over "<timestamp>.<body>")',
          params: z.object({ district: z.string().max(40) }),
          response: { 200: messengerWebhookAnswerSchema },
        },
      },
      async (request) => {
        const { district } = request.params as { district: string };
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await handleMessengerWebhook(deps, district, request.headers, raw);
        kick();
        return { conversation_id: result.conversationId, duplicate: result.duplicate, ...(result.refused ? { refused: result.refused } : {}) };
      },
    );
  });

  app.put(
    '/api/desk/messenger/channel',
    {
      preValidation: requireStaff(['admin']),
      schema: {
        tags: ['desk'],
        summary: "Set this district's messenger gateway (URL, API key, webhook secret)",
        body: z.object({
          gatewayUrl: z.url().max(500).regex(/^https?:\/\//),
          apiKey: z.string().min(8).max(200),
          webhookSecret: z.string().min(16).max(200),
          enabled: z.boolean().default(true),
        }),
        response: { 200: z.object({ districtCode: z.string(), webhookPath: z.string(), enabled: z.boolean() }) },
      },
    },
    async (request) => {
      const districtCode = request.staff!.districtCode;
      await saveMessengerChannel(deps.db, deps.cipher, { districtCode, ...request.body });
      return { districtCode, webhookPath: `/api/webhooks/messenger/${districtCode}`, enabled: request.body.enabled };
    },
  );
};
