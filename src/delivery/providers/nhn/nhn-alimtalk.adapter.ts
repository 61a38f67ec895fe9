import { setTimeout as delay } from 'node:timers/promises';
import { ProviderError, type OutboundMessage, type PolledAttempt, type ProviderAdapter, type Receipt, type ResultPoller, type SendOutcome } from '../../provider.ts';
import { nhnCall, type NhnClientOptions } from './nhn.client.ts';
import { alimtalkFinal } from './nhn.codes.ts';
import { dateWindow, newSenderGroupingKey, outcomesFromAnswers, UncertainBatches, unpackMessageId } from './nhn-send.ts';
import {
  domesticNumber,
  nhnAlimtalkQueryResponseSchema,
  nhnAlimtalkSendResponseSchema,
  parseNhnTime,
  type NhnAlimtalkResult,
  type NhnAlimtalkSendRequest,
} from './nhn.schema.ts';

// NHN Cloud KakaoTalk Bizmessage, AlimTalk (API v2.3): the full text as
// rendered (the service compares it with the approved template), its
// buttons, one template per request and up to 1,000 recipients, the
// service's own SMS substitution switched off for every recipient
// (resendParameter.isResend false): our engine falls back to SMS itself and
// must not pay twice. Results by polling the list of a request.

export interface NhnAlimtalkAdapterOptions extends NhnClientOptions {
  senderKey: string;
  /** Our template code → the code approved at NHN Cloud, where they differ. */
  templateCodes: Record<string, string>;
  maxBatchSize: number;
  pollIntervalMs: number;
  now?: () => number;
}

const SEND_PATH = 'alimtalk/v2.3/appkeys/{appKey}/raw-messages';
const LIST_PATH = 'alimtalk/v2.3/appkeys/{appKey}/messages';
const PAGE = 1000;
/** The most an AlimTalk text may hold. */
const MAX_CONTENT = 1000;

export class NhnAlimtalkAdapter implements ProviderAdapter, ResultPoller {
  readonly name: string;
  readonly provider: string;
  readonly channel = 'kakao' as const;
  readonly maxBatchSize: number;
  readonly intervalMs: number;
  readonly pageSize = PAGE;
  private readonly uncertain = new UncertainBatches();
  private readonly now: () => number;

  constructor(private readonly options: NhnAlimtalkAdapterOptions) {
    this.name = this.provider = options.provider;
    this.maxBatchSize = Math.min(options.maxBatchSize, 1000);
    this.intervalMs = options.pollIntervalMs;
    this.now = options.now ?? Date.now;
  }

  /** The code a template was approved under at NHN Cloud. */
  templateCodeOf(ours: string): string {
    return this.options.templateCodes[ours] ?? ours;
  }

  async sendBatch(messages: OutboundMessage[], signal?: AbortSignal): Promise<SendOutcome[]> {
    const outcomes = new Map<OutboundMessage, SendOutcome>();
    await this.settleUncertain(messages, outcomes, signal);
    const byTemplate = new Map<string, { m: OutboundMessage; no: string }[]>();
    const refuse = (m: OutboundMessage, cause: 'provider_rejected' | 'no_contact' | 'invalid_recipient', detail: string) =>
      outcomes.set(m, { attemptId: m.attemptId, status: 'rejected', permanent: true, cause, detail });
    for (const m of messages) {
      if (outcomes.has(m)) continue;
      if (!m.kakao) refuse(m, 'provider_rejected', 'no KakaoTalk content rendered for this attempt');
      else if (!m.to.phone) refuse(m, 'no_contact', 'NHN Cloud AlimTalk needs a phone number (it takes no identification key)');
      else if (/#\{[^}]*\}/.test(m.kakao.text)) refuse(m, 'provider_rejected', 'the text has a template variable left unfilled: it cannot match the approved template');
      else if ([...m.kakao.text].length > MAX_CONTENT) refuse(m, 'provider_rejected', `the text is longer than ${MAX_CONTENT} characters`);
      else {
        const no = domesticNumber(m.to.phone);
        if (!no) refuse(m, 'invalid_recipient', 'not a Korean number in E.164 form');
        else {
          const code = this.templateCodeOf(m.kakao.templateCode);
          let group = byTemplate.get(code);
          if (!group) byTemplate.set(code, (group = []));
          group.push({ m, no });
        }
      }
    }
    for (const [templateCode, group] of byTemplate) {
      const senderGroupingKey = newSenderGroupingKey();
      const request: NhnAlimtalkSendRequest & { senderGroupingKey: string } = {
        senderKey: this.options.senderKey,
        templateCode,
        senderGroupingKey,
        recipientList: group.map(({ m, no }) => ({
          recipientNo: no,
          content: m.kakao!.text,
          ...(m.kakao!.buttons.length > 0
            ? { buttons: m.kakao!.buttons.map((b, i) => ({ ordering: i + 1, type: 'WL' as const, name: b.name, linkMo: b.url, linkPc: b.url })) }
            : {}),
          resendParameter: { isResend: false as const },
          recipientGroupingKey: m.idempotencyKey,
        })),
      };
      let answer;
      try {
        answer = await nhnCall(this.options, 'POST', SEND_PATH, nhnAlimtalkSendResponseSchema, request, signal);
      } catch (error) {
        this.uncertain.remember(error, group.map(({ m }) => m.idempotencyKey), senderGroupingKey, 'at', this.now());
        throw error;
      }
      const message = answer.message;
      if (!message) throw new ProviderError(`${this.name}: NHN Cloud accepted the request without a request id`, true);
      const sent = group.map(({ m }) => m);
      outcomesFromAnswers(this.name, 'at', message.requestId, sent, message.sendResults).forEach((o, i) => outcomes.set(sent[i]!, o));
    }
    return messages.map((m) => outcomes.get(m)!);
  }

  private async settleUncertain(messages: OutboundMessage[], outcomes: Map<OutboundMessage, SendOutcome>, signal?: AbortSignal): Promise<void> {
    const batches = this.uncertain.batchesOf(messages);
    if (batches.length === 0) return;
    const wait = UncertainBatches.waitBeforeLookup(batches, this.now(), this.options.timeoutMs);
    if (wait > 0) await delay(wait, undefined, { signal });
    const window = dateWindow(this.now(), 48);
    const taken = new Map<string, NhnAlimtalkResult>();
    for (const b of batches) {
      const q = new URLSearchParams({ senderGroupingKey: b.senderGroupingKey, startRequestDate: window.start, endRequestDate: window.end, pageNum: '1', pageSize: String(PAGE) });
      const answer = await nhnCall(this.options, 'GET', `${LIST_PATH}?${q}`, nhnAlimtalkQueryResponseSchema, undefined, signal);
      for (const r of answer.messageSearchResultResponse?.messages ?? []) if (r.recipientGroupingKey) taken.set(r.recipientGroupingKey, r);
    }
    for (const m of messages) {
      const r = taken.get(m.idempotencyKey);
      if (r) outcomes.set(m, { attemptId: m.attemptId, status: 'accepted', providerMessageId: `at:${r.requestId}:${r.recipientSeq}` });
    }
    this.uncertain.forget(messages.map((m) => m.idempotencyKey));
  }

  async poll(attempts: PolledAttempt[], signal?: AbortSignal): Promise<Receipt[]> {
    const byRequest = new Map<string, Map<number, PolledAttempt>>();
    for (const a of attempts) {
      const id = unpackMessageId(a.providerMessageId);
      if (!id || id.prefix !== 'at') continue;
      let entry = byRequest.get(id.requestId);
      if (!entry) byRequest.set(id.requestId, (entry = new Map()));
      entry.set(id.recipientSeq, a);
    }
    const receipts: Receipt[] = [];
    for (const [requestId, bySeq] of byRequest) {
      for (let pageNum = 1; ; pageNum++) {
        const q = new URLSearchParams({ requestId, pageNum: String(pageNum), pageSize: String(PAGE) });
        const answer = await nhnCall(this.options, 'GET', `${LIST_PATH}?${q}`, nhnAlimtalkQueryResponseSchema, undefined, signal);
        const list = answer.messageSearchResultResponse;
        for (const r of list?.messages ?? []) {
          const attempt = bySeq.get(r.recipientSeq);
          if (!attempt) continue;
          const final = alimtalkFinal(r.messageStatus, r.resultCode);
          if (!final) continue;
          receipts.push({
            provider: this.name,
            receiptId: `${attempt.providerMessageId}.${final.status}`,
            providerMessageId: attempt.providerMessageId,
            attemptId: attempt.attemptId,
            idempotencyKey: attempt.idempotencyKey,
            status: final.status,
            ...(final.status === 'failed' ? { cause: final.cause, detail: `nhn ${r.messageStatus}, resultCode ${r.resultCode ?? 'none'}` } : {}),
            occurredAt: parseNhnTime(r.receiveDate) ?? new Date(this.now()),
          });
        }
        if ((list?.messages.length ?? 0) < PAGE || pageNum * PAGE >= (list?.totalCount ?? 0)) break;
      }
    }
    return receipts;
  }
}
