import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { ReceiptRejected, type ReceiptParser } from '../provider.ts';
import type { ReceiptWriter } from './receipts.service.ts';
import type { Logger } from '../../platform/logger.ts';
import { AppError } from '../../platform/errors.ts';

// Receipt webhooks, one path per provider. The signature is checked over the
// raw body, so this scope reads JSON as bytes. A forged, unsigned or
// malformed call gets a 4xx and a log line without personal data; a valid one
// is answered only once its receipts are stored.

export interface ReceiptRouteDeps {
  parsers: Map<string, ReceiptParser>;
  writer: ReceiptWriter;
  log: Logger;
}

const REASON_KO: Record<ReceiptRejected['reason'], string> = {
  unsigned: '서명이 없습니다.',
  bad_signature: '서명이 맞지 않습니다.',
  stale: '시각이 너무 오래되었습니다.',
  malformed: '형식이 잘못되었습니다.',
};

const STATUS: Record<ReceiptRejected['reason'], number> = { unsigned: 401, bad_signature: 401, stale: 401, malformed: 400 };

export async function receiptWebhookRoutes(app: FastifyInstance, deps: ReceiptRouteDeps): Promise<void> {
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post(
    '/api/webhooks/receipts/:provider',
    {
      schema: {
        tags: ['delivery'],
        summary: 'Delivery receipts from a provider (signed: X-Gateway-Timestamp, X-Gateway-Signature)',
        params: z.object({ provider: z.string().max(60) }),
        response: { 200: z.object({ stored: z.number().int() }) },
      },
    },
    async (request) => {
      const { provider } = request.params as { provider: string };
      const parser = deps.parsers.get(provider);
      if (!parser) {
        throw new AppError('unknown_provider', 404, { ko: `알 수 없는 제공자입니다: ${provider}`, en: `No provider named ${provider} is configured.` });
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : '');
      try {
        const receipts = parser.parseWebhook(request.headers, raw);
        await deps.writer.write(receipts);
        return { stored: receipts.length };
      } catch (error) {
        if (error instanceof ReceiptRejected) {
          deps.log.warn({ provider, reason: error.reason, bytes: raw.length }, 'receipt webhook refused');
          throw new AppError(`receipt_${error.reason}`, STATUS[error.reason], {
            ko: `수신 확인을 거부했습니다: ${REASON_KO[error.reason]}`,
            en: `Receipt refused: ${error.message}`,
          });
        }
        throw error;
      }
    },
  );
}
