import { setTimeout as delay } from 'node:timers/promises';
import { ProviderError, type OutboundMessage, type PolledAttempt, type ProviderAdapter, type Receipt, type ResultPoller, type SendOutcome } from '../../provider.ts';
import { nhnCall, type NhnClientOptions } from './nhn.client.ts';
import { smsFinal } from './nhn.codes.ts';
import { dateWindow, newSenderGroupingKey, outcomesFromAnswers, UncertainBatches, unpackMessageId } from './nhn-send.ts';
import { domesticNumber, nhnSmsQueryResponseSchema, nhnSmsSendResponseSchema, parseNhnTime, type NhnSmsResult, type NhnSmsSendRequest } from './nhn.schema.ts';

// NHN Cloud SMS (API v3.0): SMS and LMS, up to 1,000 recipients a request,
// each recipient's own text through the template parameter of a body that
// is only the parameter. Results by polling the list of a request.

export interface NhnSmsAdapterOptions extends NhnClientOptions {
  sendNo: string;
  maxBatchSize: number;
  pollIntervalMs: number;
  now?: () => number;
}

const PATH = { sms: 'sms/v3.0/appKeys/{appKey}/sender/sms', lms: 'sms/v3.0/appKeys/{appKey}/sender/mms' } as const;
const PAGE = 1000;

export class NhnSmsAdapter implements ProviderAdapter, ResultPoller {
  readonly name: string;
  readonly provider: string;
  readonly channel = 'sms' as const;
  readonly maxBatchSize: number;
  readonly intervalMs: number;
  readonly pageSize = PAGE;
  private readonly uncertain = new UncertainBatches();
  private readonly now: () => number;

  constructor(private readonly options: NhnSmsAdapterOptions) {
    this.name = this.provider = options.provider;
    this.maxBatchSize = Math.min(options.maxBatchSize, 1000);
    this.intervalMs = options.pollIntervalMs;
    this.now = options.now ?? Date.now;
  }

  async sendBatch(messages: OutboundMessage[], signal?: AbortSignal): Promise<SendOutcome[]> {
    const outcomes = new Map<OutboundMessage, SendOutcome>();
    await this.settleUncertain(messages, outcomes, signal);
    // One request per kind and caller number: the district's (delivery settings) or the configured sendNo.
    const groups = new Map<string, { kind: 'sms' | 'lms'; sendNo: string; items: { m: OutboundMessage; no: string }[] }>();
    for (const m of messages) {
      if (outcomes.has(m)) continue;
      if (!m.sms) outcomes.set(m, { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'provider_rejected', detail: 'no SMS content rendered for this attempt' });
      else if (!m.to.phone) outcomes.set(m, { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'no_contact', detail: 'no phone number' });
      else {
        const no = domesticNumber(m.to.phone);
        if (!no) outcomes.set(m, { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'invalid_recipient', detail: 'not a Korean number in E.164 form' });
        else {
          const sendNo = m.sender?.smsNumber ?? this.options.sendNo;
          const key = `${m.sms.kind}\0${sendNo}`;
          const group = groups.get(key) ?? { kind: m.sms.kind, sendNo, items: [] };
          groups.set(key, group);
          group.items.push({ m, no });
        }
      }
    }
    for (const { kind, sendNo, items: group } of groups.values()) {
      const senderGroupingKey = newSenderGroupingKey();
      const request: NhnSmsSendRequest = {
        body: '##body##',
        ...(kind === 'lms' ? { title: '##title##' } : {}),
        sendNo,
        senderGroupingKey,
        recipientList: group.map(({ m, no }) => ({
          recipientNo: no,
          countryCode: '82',
          templateParameter: { body: m.sms!.text, ...(kind === 'lms' ? { title: m.sms!.subject ?? '' } : {}) },
          recipientGroupingKey: m.idempotencyKey,
        })),
      };
      let answer;
      try {
        answer = await nhnCall(this.options, 'POST', PATH[kind], nhnSmsSendResponseSchema, request, signal);
      } catch (error) {
        this.uncertain.remember(error, group.map(({ m }) => m.idempotencyKey), senderGroupingKey, kind, this.now());
        throw error;
      }
      const data = answer.body?.data;
      if (!data) throw new ProviderError(`${this.name}: NHN Cloud accepted the request without a request id`, true);
      const sent = group.map(({ m }) => m);
      outcomesFromAnswers(this.name, kind, data.requestId, sent, data.sendResultList).forEach((o, i) => outcomes.set(sent[i]!, o));
    }
    return messages.map((m) => outcomes.get(m)!);
  }

  /** Messages of a batch whose answer was lost: what the service took is answered from its list, not sent again. */
  private async settleUncertain(messages: OutboundMessage[], outcomes: Map<OutboundMessage, SendOutcome>, signal?: AbortSignal): Promise<void> {
    const batches = this.uncertain.batchesOf(messages);
    if (batches.length === 0) return;
    const wait = UncertainBatches.waitBeforeLookup(batches, this.now(), this.options.timeoutMs);
    if (wait > 0) await delay(wait, undefined, { signal });
    const window = dateWindow(this.now(), 48);
    const taken = new Map<string, NhnSmsResult & { prefix: string }>();
    for (const b of batches) {
      const q = new URLSearchParams({ senderGroupingKey: b.senderGroupingKey, startRequestDate: window.start, endRequestDate: window.end, pageNum: '1', pageSize: String(PAGE) });
      const answer = await nhnCall(this.options, 'GET', `${PATH[b.prefix as 'sms' | 'lms']}?${q}`, nhnSmsQueryResponseSchema, undefined, signal);
      for (const r of answer.body?.data ?? []) if (r.recipientGroupingKey) taken.set(r.recipientGroupingKey, { ...r, prefix: b.prefix });
    }
    for (const m of messages) {
      const r = taken.get(m.idempotencyKey);
      if (r) outcomes.set(m, { attemptId: m.attemptId, status: 'accepted', providerMessageId: `${r.prefix}:${r.requestId}:${r.recipientSeq}` });
    }
    this.uncertain.forget(messages.map((m) => m.idempotencyKey));
  }

  async poll(attempts: PolledAttempt[], signal?: AbortSignal): Promise<Receipt[]> {
    const byRequest = new Map<string, { prefix: 'sms' | 'lms'; attempts: Map<number, PolledAttempt> }>();
    for (const a of attempts) {
      const id = unpackMessageId(a.providerMessageId);
      if (!id || (id.prefix !== 'sms' && id.prefix !== 'lms')) continue;
      const key = `${id.prefix}:${id.requestId}`;
      let entry = byRequest.get(key);
      if (!entry) byRequest.set(key, (entry = { prefix: id.prefix, attempts: new Map() }));
      entry.attempts.set(id.recipientSeq, a);
    }
    const receipts: Receipt[] = [];
    for (const [key, entry] of byRequest) {
      const requestId = key.slice(key.indexOf(':') + 1);
      for (let pageNum = 1; ; pageNum++) {
        const q = new URLSearchParams({ requestId, pageNum: String(pageNum), pageSize: String(PAGE) });
        const answer = await nhnCall(this.options, 'GET', `${PATH[entry.prefix]}?${q}`, nhnSmsQueryResponseSchema, undefined, signal);
        const results = answer.body?.data ?? [];
        for (const r of results) {
          const attempt = entry.attempts.get(r.recipientSeq);
          if (!attempt) continue; // another attempt's (already final) or one we did not send: nothing to apply
          const final = smsFinal(r.msgStatus, r.resultCode, r.recipientNo);
          if (!final) continue;
          receipts.push({
            provider: this.name,
            receiptId: `${attempt.providerMessageId}.${final.status}`,
            providerMessageId: attempt.providerMessageId,
            attemptId: attempt.attemptId,
            idempotencyKey: attempt.idempotencyKey,
            status: final.status,
            ...(final.status === 'failed' ? { cause: final.cause, detail: `nhn msgStatus ${r.msgStatus}, resultCode ${r.resultCode ?? 'none'}` } : {}),
            occurredAt: parseNhnTime(r.resultDate) ?? new Date(this.now()),
          });
        }
        if (results.length < PAGE || pageNum * PAGE >= (answer.body?.totalCount ?? 0)) break;
      }
    }
    return receipts;
  }
}
