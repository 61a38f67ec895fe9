import { z } from 'zod';

// The shapes NHN Cloud's Notification APIs answer with, as far as the
// adapters read them (docs/providers.md, "NHN Cloud"): unknown fields pass,
// missing ones we need fail the parse. The simulator builds its answers with
// the same types.

/** Every answer's header (SMS API v3.0 and AlimTalk API v2.3 alike). */
export const nhnHeaderSchema = z.object({
  isSuccessful: z.boolean(),
  resultCode: z.number().int(),
  resultMessage: z.string().default(''),
});
export type NhnHeader = z.infer<typeof nhnHeaderSchema>;

export const nhnEnvelopeSchema = z.object({ header: nhnHeaderSchema });

// ---- SMS API v3.0 ---------------------------------------------------------------------------

export interface NhnSmsSendRequest {
  /** '##body##': each recipient's own text comes as its templateParameter. */
  body: string;
  /** LMS only (sender/mms): '##title##'. */
  title?: string;
  sendNo: string;
  recipientList: { recipientNo: string; countryCode: string; templateParameter: Record<string, string>; recipientGroupingKey: string }[];
  senderGroupingKey?: string;
}

export const nhnSmsSendResponseSchema = nhnEnvelopeSchema.extend({
  body: z
    .object({
      data: z.object({
        requestId: z.string().min(1),
        statusCode: z.string().optional(),
        sendResultList: z.array(
          z.object({
            recipientNo: z.string(),
            resultCode: z.number().int(),
            resultMessage: z.string().default(''),
            recipientSeq: z.number().int(),
            recipientGroupingKey: z.string().nullish(),
          }),
        ),
      }),
    })
    .nullish(),
});
export type NhnSmsSendResponse = z.infer<typeof nhnSmsSendResponseSchema>;

export const nhnSmsResultSchema = z.object({
  requestId: z.string(),
  recipientSeq: z.number().int(),
  recipientNo: z.string().default(''),
  /** 0 failed, 1 requesting, 2 processing, 3 delivered, 4 cancelled, 5 refused as a duplicate. */
  msgStatus: z.string(),
  resultCode: z.string().nullish(),
  resultDate: z.string().nullish(),
  recipientGroupingKey: z.string().nullish(),
});
export type NhnSmsResult = z.infer<typeof nhnSmsResultSchema>;

export const nhnSmsQueryResponseSchema = nhnEnvelopeSchema.extend({
  body: z.object({ pageNum: z.number().int().optional(), pageSize: z.number().int().optional(), totalCount: z.number().int(), data: z.array(nhnSmsResultSchema) }).nullish(),
});

export const nhnSendNosResponseSchema = nhnEnvelopeSchema.extend({
  body: z.object({ data: z.array(z.object({ sendNo: z.string(), useYn: z.string(), blockYn: z.string().nullish(), blockReason: z.string().nullish() })) }).nullish(),
});

// ---- KakaoTalk Bizmessage AlimTalk API v2.3 -----------------------------------------------

export interface NhnAlimtalkButton {
  ordering: number;
  /** WL: web link. */
  type: 'WL';
  name: string;
  linkMo: string;
  linkPc: string;
}

export interface NhnAlimtalkSendRequest {
  senderKey: string;
  templateCode: string;
  recipientList: {
    recipientNo: string;
    content: string;
    buttons?: NhnAlimtalkButton[];
    /** Always { isResend: false }: our engine owns fallback to SMS. */
    resendParameter: { isResend: false };
    recipientGroupingKey: string;
  }[];
}

export const nhnAlimtalkSendResponseSchema = nhnEnvelopeSchema.extend({
  message: z
    .object({
      requestId: z.string().min(1),
      sendResults: z.array(
        z.object({
          recipientSeq: z.number().int(),
          recipientNo: z.string(),
          resultCode: z.number().int(),
          resultMessage: z.string().default(''),
          recipientGroupingKey: z.string().nullish(),
        }),
      ),
    })
    .nullish(),
});
export type NhnAlimtalkSendResponse = z.infer<typeof nhnAlimtalkSendResponseSchema>;

export const nhnAlimtalkResultSchema = z.object({
  requestId: z.string(),
  recipientSeq: z.number().int(),
  recipientNo: z.string().default(''),
  /** READY, IN_PROGRESS, COMPLETED, FAILED, CANCEL. */
  messageStatus: z.string(),
  resultCode: z.string().nullish(),
  receiveDate: z.string().nullish(),
  recipientGroupingKey: z.string().nullish(),
});
export type NhnAlimtalkResult = z.infer<typeof nhnAlimtalkResultSchema>;

export const nhnAlimtalkQueryResponseSchema = nhnEnvelopeSchema.extend({
  messageSearchResultResponse: z.object({ messages: z.array(nhnAlimtalkResultSchema), totalCount: z.number().int() }).nullish(),
});

export const nhnSenderResponseSchema = nhnEnvelopeSchema.extend({
  sender: z.object({ senderKey: z.string(), status: z.string(), kakaoStatus: z.string().nullish(), kakaoProfileStatus: z.string().nullish() }).nullish(),
});

export const nhnTemplatesResponseSchema = nhnEnvelopeSchema.extend({
  templateListResponse: z
    .object({ templates: z.array(z.object({ templateCode: z.string(), templateContent: z.string().nullish(), status: z.string() })), totalCount: z.number().int() })
    .nullish(),
});

/** A service time as written by the APIs (Korean time, "yyyy-MM-dd HH:mm:ss[.SSS]"), or null. */
export function parseNhnTime(text: string | null | undefined): Date | null {
  if (!text) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?$/.exec(text.trim());
  if (!m) return null;
  const at = new Date(`${m[1]}T${m[2]}${m[3] ?? ''}+09:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The same format, for the simulator. */
export function formatNhnTime(at: Date): string {
  const k = new Date(at.getTime() + 9 * 3600_000).toISOString();
  return `${k.slice(0, 10)} ${k.slice(11, 23)}`;
}

/** +821012345678 → 01012345678 (the services take domestic numbers with countryCode 82). */
export function domesticNumber(e164: string): string | null {
  const m = /^\+82(\d{8,11})$/.exec(e164);
  return m ? `0${m[1]}` : null;
}
