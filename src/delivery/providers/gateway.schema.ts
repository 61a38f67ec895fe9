import { z } from 'zod';
import type { FailureCause } from '../provider.ts';

// The wire shapes of the KakaoTalk business-message (알림톡) gateway and the
// SMS/LMS gateway, shared by the adapters (which send them), the receipt
// parser (which checks them) and the simulator (which answers them).
// docs/providers.md describes the same shapes for a person.

/** Most messages one batch call may carry; larger batches are refused with 400. */
export const GATEWAY_MAX_BATCH = 1000;

export const idempotencyKeySchema = z.string().min(1).max(128);

const button = z.object({ name: z.string().min(1).max(28), url: z.string().min(1).max(1000) });

export const kakaoMessageSchema = z.object({
  idempotency_key: idempotencyKeySchema,
  // One of the two: a CI reaches the phone registered in the person's name.
  recipient: z.union([z.object({ ci: z.string().min(1).max(200) }), z.object({ phone: z.string().min(1).max(32) })]),
  template_code: z.string().max(64),
  variables: z.record(z.string(), z.string()),
  text: z.string().max(4000),
  buttons: z.array(button).max(5).default([]),
});
export type KakaoWireMessage = z.infer<typeof kakaoMessageSchema>;

export const kakaoBatchRequestSchema = z.object({ messages: z.array(kakaoMessageSchema).min(1).max(GATEWAY_MAX_BATCH) });
export type KakaoBatchRequest = z.infer<typeof kakaoBatchRequestSchema>;

export const smsMessageSchema = z.object({
  idempotency_key: idempotencyKeySchema,
  phone: z.string().min(1).max(32),
  type: z.enum(['SMS', 'LMS']),
  subject: z.string().max(120).optional(),
  text: z.string().max(4000),
  /** The caller number shown to the recipient (digits, registered with the gateway); absent: the gateway account's own. */
  sender: z.string().regex(/^\d{8,13}$/).optional(),
});
export type SmsWireMessage = z.infer<typeof smsMessageSchema>;

export const smsBatchRequestSchema = z.object({ messages: z.array(smsMessageSchema).min(1).max(GATEWAY_MAX_BATCH) });
export type SmsBatchRequest = z.infer<typeof smsBatchRequestSchema>;

/**
 * Why the gateway refuses one message at the door. `throttled` and
 * `temporarily_unavailable` may succeed later; the others never will.
 */
export const GATEWAY_REJECT_CODES = [
  'invalid_recipient', // not an E.164 number / not a CI
  'template_mismatch', // the text does not match the approved template (e.g. an unfilled #{variable})
  'template_not_found',
  'content_too_long', // SMS over 90 bytes (EUC-KR), LMS over 2,000 bytes
  'blocked_recipient', // the recipient refused messages from this sender
  'throttled',
  'temporarily_unavailable',
] as const;
export type GatewayRejectCode = (typeof GATEWAY_REJECT_CODES)[number];

export const sendResultSchema = z.discriminatedUnion('status', [
  z.object({ idempotency_key: idempotencyKeySchema, status: z.literal('accepted'), message_id: z.string().min(1).max(200) }),
  z.object({
    idempotency_key: idempotencyKeySchema,
    status: z.literal('rejected'),
    // Unknown codes from a newer gateway are kept as text and treated as permanent.
    code: z.string().min(1).max(64),
    message: z.string().max(500).optional(),
  }),
]);
export type SendResult = z.infer<typeof sendResultSchema>;

export const batchResponseSchema = z.object({ results: z.array(sendResultSchema) });
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** Error body of a whole call refused (400, 401, 403, 429, 5xx). */
export const gatewayErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** Why a message accepted by the gateway was not delivered, as reported in a receipt. */
export const GATEWAY_RECEIPT_CODES = [
  'dead_prefix', // 011/016/017/018/019: no line in service
  'number_changed', // the number is out of service or belongs to someone else
  'not_kakao_user', // no KakaoTalk account for the CI or number
  'invalid_recipient',
  'blocked_recipient',
  'expired', // the carrier gave up after its own retries
  'carrier_error',
] as const;
export type GatewayReceiptCode = (typeof GATEWAY_RECEIPT_CODES)[number];

export const gatewayReceiptSchema = z.object({
  receipt_id: z.string().min(1).max(200),
  message_id: z.string().min(1).max(200),
  idempotency_key: idempotencyKeySchema,
  status: z.enum(['delivered', 'failed', 'opened']),
  code: z.string().min(1).max(64).optional(),
  occurred_at: z.iso.datetime({ offset: true }),
});
export type GatewayReceipt = z.infer<typeof gatewayReceiptSchema>;

export const receiptWebhookSchema = z.object({ receipts: z.array(gatewayReceiptSchema).min(1).max(5000) });
export type ReceiptWebhookBody = z.infer<typeof receiptWebhookSchema>;

/** A refused message: our cause and whether another try can succeed. */
export function classifyRejectCode(code: string): { permanent: boolean; cause: FailureCause } {
  switch (code) {
    case 'invalid_recipient':
      return { permanent: true, cause: 'invalid_recipient' };
    case 'throttled':
    case 'temporarily_unavailable':
      return { permanent: false, cause: 'provider_error' };
    default:
      return { permanent: true, cause: 'provider_rejected' };
  }
}

/** A failed receipt's gateway code in our words. */
export function receiptCodeToCause(code: string | undefined): FailureCause {
  switch (code) {
    case 'dead_prefix':
    case 'number_changed':
    case 'not_kakao_user':
    case 'invalid_recipient':
      return code;
    case 'expired':
      return 'no_receipt';
    case 'carrier_error':
      return 'provider_error';
    default:
      return 'provider_rejected';
  }
}

/** A phone number in E.164 form, e.g. +821012345678. */
export const E164 = /^\+[1-9]\d{6,14}$/;
