import { z } from 'zod';

// The wire shapes of the SENS calls Tax Station makes (docs/providers.md,
// "Naver Cloud SENS"), for the adapters, the result poller and the simulator.
// Answers are parsed loosely (unknown fields pass): the service adds fields.

/** Messages per send call (SMS and AlimTalk alike). */
export const SENS_MAX_MESSAGES_PER_CALL = 100;

export const SENS_PATHS = {
  smsMessages: (serviceId: string) => `/sms/v2/services/${encodeURIComponent(serviceId)}/messages`,
  smsMessage: (serviceId: string, messageId: string) => `/sms/v2/services/${encodeURIComponent(serviceId)}/messages/${encodeURIComponent(messageId)}`,
  alimtalkMessages: (serviceId: string) => `/alimtalk/v2/services/${encodeURIComponent(serviceId)}/messages`,
  alimtalkMessage: (serviceId: string, messageId: string) => `/alimtalk/v2/services/${encodeURIComponent(serviceId)}/messages/${encodeURIComponent(messageId)}`,
  alimtalkTemplates: (serviceId: string) => `/alimtalk/v2/services/${encodeURIComponent(serviceId)}/templates`,
};

/** Domestic number as SENS takes it: digits only, e.g. 01012345678. */
export const SENS_TO = /^0\d{8,10}$/;

export const smsSendRequestSchema = z.object({
  type: z.enum(['SMS', 'LMS']),
  contentType: z.enum(['COMM', 'AD']).default('COMM'),
  countryCode: z.string().regex(/^\d{1,4}$/).default('82'),
  from: z.string().regex(/^\d{3,16}$/),
  subject: z.string().optional(),
  content: z.string(),
  messages: z
    .array(z.object({ to: z.string().min(1), subject: z.string().optional(), content: z.string().optional() }))
    .min(1)
    .max(SENS_MAX_MESSAGES_PER_CALL),
});
export type SmsSendRequest = z.input<typeof smsSendRequestSchema>;

export const sendAcceptedSchema = z.looseObject({
  requestId: z.string().min(1),
  requestTime: z.string().optional(),
  statusCode: z.string(),
  statusName: z.string(),
});

export const alimtalkButtonSchema = z.object({
  type: z.string(),
  name: z.string(),
  linkMobile: z.string().optional(),
  linkPc: z.string().optional(),
});

export const alimtalkSendRequestSchema = z.object({
  plusFriendId: z.string().min(1),
  templateCode: z.string().min(1),
  messages: z
    .array(
      z.object({
        countryCode: z.string().optional(),
        to: z.string().min(1),
        content: z.string().min(1),
        buttons: z.array(alimtalkButtonSchema).max(5).optional(),
        useSmsFailover: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(SENS_MAX_MESSAGES_PER_CALL),
});
export type AlimtalkSendRequest = z.infer<typeof alimtalkSendRequestSchema>;

export const alimtalkAcceptedSchema = sendAcceptedSchema.extend({
  messages: z.array(
    z.looseObject({
      messageId: z.string().optional(),
      to: z.string(),
      requestStatusCode: z.string(),
      requestStatusName: z.string().optional(),
      requestStatusDesc: z.string().optional(),
    }),
  ),
});

/** One message in the answer of the list-by-request call (SMS). */
export const smsResultSchema = z.looseObject({
  messageId: z.string(),
  to: z.string(),
  status: z.string().optional(),
  statusCode: z.string().optional(),
  statusName: z.string().optional(),
  statusMessage: z.string().optional(),
  completeTime: z.string().optional(),
});
export type SmsResult = z.infer<typeof smsResultSchema>;

/** One message in the answer of the list-by-request call (AlimTalk). */
export const alimtalkResultSchema = z.looseObject({
  messageId: z.string(),
  to: z.string(),
  requestStatusCode: z.string().optional(),
  messageStatusCode: z.string().optional(),
  messageStatusName: z.string().optional(),
  messageStatusDesc: z.string().optional(),
  completeTime: z.string().optional(),
});
export type AlimtalkResult = z.infer<typeof alimtalkResultSchema>;

export const smsListSchema = z.looseObject({ requestId: z.string().optional(), statusCode: z.string(), statusName: z.string(), messages: z.array(smsResultSchema) });
export const alimtalkListSchema = z.looseObject({ requestId: z.string().optional(), statusCode: z.string(), statusName: z.string(), messages: z.array(alimtalkResultSchema) });

export const templateSchema = z.looseObject({
  templateCode: z.string(),
  templateName: z.string().optional(),
  content: z.string().optional(),
  /** REG registered, REQ under inspection, APR approved, REJ rejected. */
  templateInspectionStatus: z.string().optional(),
});
export const templateListSchema = z.array(templateSchema);

/** The gateway's error body. */
export const sensErrorSchema = z.looseObject({ error: z.looseObject({ errorCode: z.string().optional(), message: z.string().optional(), details: z.string().optional() }) });

/** "2026-07-10 10:02:03" (Korean time, as SENS writes its times) → Date. */
export function parseSensTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(value);
  if (!m) return undefined;
  const utc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 9, +m[5]!, +m[6]!, Number((m[7] ?? '0').padEnd(3, '0')));
  return Number.isNaN(utc) ? undefined : new Date(utc);
}

/** Date → "2026-07-10 10:02:03.120" in Korean time. */
export function formatSensTime(at: Date): string {
  const k = new Date(at.getTime() + 9 * 3600_000);
  return k.toISOString().replace('T', ' ').replace('Z', '');
}

/** +821012345678 → { countryCode: '82', to: '01012345678' }; undefined outside Korea or not a number. */
export function sensNumber(e164: string): { countryCode: string; to: string } | undefined {
  const m = /^\+82(1\d{8,9}|[2-9]\d{7,9})$/.exec(e164);
  return m ? { countryCode: '82', to: `0${m[1]}` } : undefined;
}
