import { createHmac } from 'node:crypto';
import { ProviderError, type OutboundMessage, type ProviderAdapter, type SendOutcome } from '../../provider.ts';
import { alimtalkRequestOutcome } from './sens.codes.ts';
import { sensCall, type SensClientOptions } from './sens.client.ts';
import {
  alimtalkAcceptedSchema,
  sendAcceptedSchema,
  sensNumber,
  SENS_MAX_MESSAGES_PER_CALL,
  SENS_PATHS,
  type AlimtalkSendRequest,
  type SmsSendRequest,
} from './sens.schema.ts';

// Naver Cloud SENS behind the provider interface: SMS/LMS and AlimTalk.
// SENS takes up to 100 messages per call, one message type (SMS or LMS) and
// one template per call, and answers with a request id; results are fetched
// later by that id (sens.poller.ts). The attempt keeps
//   <requestId>/<recipient tag>[/<messageId>]
// as its provider message id: the tag is a keyed hash of the recipient
// number (never the number), unique within a call because a call never
// holds one number twice, so a result is matched to its attempt by the
// number SENS reports with it.

export interface SensAdapterOptions extends SensClientOptions {
  /** Provider name, unique among providers, e.g. 'sens-sms'. */
  name: string;
  /** The SENS service id, e.g. ncp:sms:kr:123456789012:taxstation. */
  serviceId: string;
  /** Messages per call, at most 100 (the default). */
  maxBatchSize?: number;
}

export interface SensSmsOptions extends SensAdapterOptions {
  /** The sender (calling) number registered with SENS, digits only. */
  from: string;
}

export interface SensAlimtalkOptions extends SensAdapterOptions {
  /** The KakaoTalk channel id (plusFriendId), e.g. @gangnamgu. */
  plusFriendId: string;
  /** Our template code → the code the template was approved under in SENS, when they differ. */
  templateCodes?: Record<string, string>;
}

/** Bytes of a text in EUC-KR: Hangul and other wide characters take two. */
export function eucKrBytes(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return n;
}

export const SMS_MAX_BYTES = 90;
export const LMS_MAX_BYTES = 2000;

/** The recipient's tag in a provider message id (sens.poller.ts computes the same from the number SENS reports). */
export function recipientTag(key: string, to: string): string {
  return createHmac('sha256', key).update(`sens-to\0${to}`).digest('base64url').slice(0, 16);
}

export function sensMessageId(requestId: string, tag: string, messageId?: string): string {
  return messageId ? `${requestId}/${tag}/${messageId}` : `${requestId}/${tag}`;
}

export function parseSensMessageId(id: string): { requestId: string; tag: string; messageId?: string } | undefined {
  const parts = id.split('/');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) return undefined;
  return { requestId: parts[0], tag: parts[1], ...(parts[2] ? { messageId: parts[2] } : {}) };
}

interface Wired<T> {
  index: number;
  message: OutboundMessage;
  to: string;
  wire: T;
}

/** Calls of at most `max` messages, none holding one number twice, by group key. */
function chunk<T>(items: Wired<T>[], groupOf: (w: Wired<T>) => string, max: number): Wired<T>[][] {
  const calls: Wired<T>[][] = [];
  const open = new Map<string, { items: Wired<T>[]; numbers: Set<string> }[]>();
  for (const item of items) {
    const group = groupOf(item);
    const list = open.get(group) ?? [];
    open.set(group, list);
    let target = list.find((c) => c.items.length < max && !c.numbers.has(item.to));
    if (!target) {
      target = { items: [], numbers: new Set() };
      list.push(target);
      calls.push(target.items);
    }
    target.items.push(item);
    target.numbers.add(item.to);
  }
  return calls;
}

const rejected = (m: OutboundMessage, permanent: boolean, cause: Extract<SendOutcome, { status: 'rejected' }>['cause'], detail: string): SendOutcome => ({
  attemptId: m.attemptId,
  status: 'rejected',
  permanent,
  cause,
  detail,
});

/** The number SENS takes for a message with content, or why it cannot be sent. */
function numberOf(m: OutboundMessage, content: unknown, what: string, noPhone: string): { countryCode: string; to: string } | SendOutcome {
  if (!content) return rejected(m, true, 'provider_rejected', `no ${what} content rendered for this attempt`);
  if (!m.to.phone) return rejected(m, true, 'no_contact', noPhone);
  return sensNumber(m.to.phone) ?? rejected(m, true, 'invalid_recipient', 'not a Korean number in E.164 form');
}

/**
 * Sends the calls in turn. When a call fails after an earlier one of the
 * same batch went through, the batch is not thrown back (that would send the
 * earlier calls again): the failed call's messages, and those of the calls
 * not tried, are refused one by one, transient or not as the error was.
 */
async function sendCalls<T>(calls: Wired<T>[][], outcomes: Map<number, SendOutcome>, send: (call: Wired<T>[]) => Promise<SendOutcome[]>): Promise<void> {
  let sentOne = false;
  let failure: ProviderError | undefined;
  for (const call of calls) {
    if (failure) {
      for (const w of call) outcomes.set(w.index, rejected(w.message, !failure.transient, failure.transient ? 'provider_error' : 'provider_rejected', `not sent: ${failure.message}`));
      continue;
    }
    try {
      const results = await send(call);
      call.forEach((w, i) => outcomes.set(w.index, results[i]!));
      sentOne = true;
    } catch (error) {
      if (!sentOne || !(error instanceof ProviderError)) throw error;
      failure = error;
      for (const w of call) outcomes.set(w.index, rejected(w.message, !error.transient, error.transient ? 'provider_error' : 'provider_rejected', error.message));
    }
  }
}

abstract class SensAdapter {
  readonly name: string;
  readonly maxBatchSize: number;

  constructor(protected readonly options: SensAdapterOptions) {
    this.name = options.name;
    this.maxBatchSize = Math.min(options.maxBatchSize ?? SENS_MAX_MESSAGES_PER_CALL, SENS_MAX_MESSAGES_PER_CALL);
  }

  protected tag(to: string): string {
    return recipientTag(this.options.secretKey, to);
  }
}

/** SMS (up to 90 bytes) and LMS (up to 2,000 bytes, with a subject) through SENS. */
export class SensSmsAdapter extends SensAdapter implements ProviderAdapter {
  readonly channel = 'sms' as const;

  constructor(protected override readonly options: SensSmsOptions) {
    super(options);
  }

  async sendBatch(messages: OutboundMessage[], signal?: AbortSignal): Promise<SendOutcome[]> {
    const outcomes = new Map<number, SendOutcome>();
    const wired: Wired<{ type: 'SMS' | 'LMS'; subject?: string; content: string }>[] = [];
    messages.forEach((m, index) => {
      const number = numberOf(m, m.sms, 'SMS', 'no phone number');
      if ('status' in number) return outcomes.set(index, number);
      if (!m.sms) return;
      const bytes = eucKrBytes(m.sms.text);
      // SENS cuts a text over the limit and sends the rest: a notice is sent whole or not at all.
      if (bytes > LMS_MAX_BYTES) return outcomes.set(index, rejected(m, true, 'provider_rejected', `text is ${bytes} bytes, LMS takes at most ${LMS_MAX_BYTES}`));
      const type = m.sms.kind === 'lms' || bytes > SMS_MAX_BYTES ? 'LMS' : 'SMS';
      wired.push({ index, message: m, to: number.to, wire: { type, ...(type === 'LMS' && m.sms.subject ? { subject: m.sms.subject } : {}), content: m.sms.text } });
    });
    // One call carries one caller number: the district's (delivery settings) or the configured one.
    const fromOf = (w: (typeof wired)[number]) => w.message.sender?.smsNumber ?? this.options.from;
    const calls = chunk(wired, (w) => `${w.wire.type}\0${fromOf(w)}`, this.maxBatchSize);
    await sendCalls(calls, outcomes, async (call) => {
      const type = call[0]!.wire.type;
      const body: SmsSendRequest = {
        type,
        contentType: 'COMM',
        countryCode: '82',
        from: fromOf(call[0]!),
        content: call[0]!.wire.content,
        messages: call.map((w) => ({ to: w.to, content: w.wire.content, ...(w.wire.subject ? { subject: w.wire.subject } : {}) })),
      };
      const answer = await sensCall(this.name, this.options, 'POST', SENS_PATHS.smsMessages(this.options.serviceId), body, signal);
      const parsed = sendAcceptedSchema.safeParse(answer.json);
      if (!parsed.success) throw new ProviderError(`${this.name}: SENS answered ${answer.status} without a request id`, true, { status: answer.status });
      const requestId = parsed.data.requestId;
      return call.map((w): SendOutcome => ({ attemptId: w.message.attemptId, status: 'accepted', providerMessageId: sensMessageId(requestId, this.tag(w.to)) }));
    });
    return messages.map((_, i) => outcomes.get(i)!);
  }
}

/**
 * KakaoTalk AlimTalk through SENS, to the phone number (SENS takes no
 * identification key). SENS's own SMS substitution is always off
 * (`useSmsFailover: false`): the engine falls back to the next channel
 * itself and must not pay twice.
 */
export class SensAlimtalkAdapter extends SensAdapter implements ProviderAdapter {
  readonly channel = 'kakao' as const;

  constructor(protected override readonly options: SensAlimtalkOptions) {
    super(options);
  }

  async sendBatch(messages: OutboundMessage[], signal?: AbortSignal): Promise<SendOutcome[]> {
    const outcomes = new Map<number, SendOutcome>();
    const wired: Wired<{ templateCode: string; message: AlimtalkSendRequest['messages'][number] }>[] = [];
    messages.forEach((m, index) => {
      const number = numberOf(m, m.kakao, 'KakaoTalk', 'no phone number (SENS sends AlimTalk to a number, not to an identification key)');
      if ('status' in number) return outcomes.set(index, number);
      if (!m.kakao) return;
      if (/#\{[^}]*\}/.test(m.kakao.text)) return outcomes.set(index, rejected(m, true, 'provider_rejected', 'the text has a template variable left unfilled: it cannot match the approved template'));
      wired.push({
        index,
        message: m,
        to: number.to,
        wire: {
          templateCode: this.options.templateCodes?.[m.kakao.templateCode] ?? m.kakao.templateCode,
          message: {
            countryCode: number.countryCode,
            to: number.to,
            content: m.kakao.text,
            ...(m.kakao.buttons.length > 0 ? { buttons: m.kakao.buttons.map((b) => ({ type: 'WL', name: b.name, linkMobile: b.url, linkPc: b.url })) } : {}),
            useSmsFailover: false,
          },
        },
      });
    });
    const calls = chunk(wired, (w) => w.wire.templateCode, this.maxBatchSize);
    await sendCalls(calls, outcomes, async (call) => {
      const body: AlimtalkSendRequest = { plusFriendId: this.options.plusFriendId, templateCode: call[0]!.wire.templateCode, messages: call.map((w) => w.wire.message) };
      const answer = await sensCall(this.name, this.options, 'POST', SENS_PATHS.alimtalkMessages(this.options.serviceId), body, signal);
      const parsed = alimtalkAcceptedSchema.safeParse(answer.json);
      if (!parsed.success) throw new ProviderError(`${this.name}: SENS answered ${answer.status} without a request id and per-message results`, true, { status: answer.status });
      const { requestId, messages: results } = parsed.data;
      const byNumber = new Map(results.map((r) => [r.to, r]));
      return call.map((w): SendOutcome => {
        const r = byNumber.get(w.to);
        // A number the answer leaves out was taken with the call: its result comes by polling.
        if (!r) return { attemptId: w.message.attemptId, status: 'accepted', providerMessageId: sensMessageId(requestId, this.tag(w.to)) };
        const outcome = alimtalkRequestOutcome(r.requestStatusCode);
        if (outcome.accepted) return { attemptId: w.message.attemptId, status: 'accepted', providerMessageId: sensMessageId(requestId, this.tag(w.to), r.messageId) };
        return rejected(w.message, outcome.permanent, outcome.cause, `SENS ${r.requestStatusCode}${r.requestStatusDesc ? `: ${r.requestStatusDesc.slice(0, 120)}` : ''}`);
      });
    });
    return messages.map((_, i) => outcomes.get(i)!);
  }
}
