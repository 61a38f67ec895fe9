import { randomBytes } from 'node:crypto';
import { ProviderError, type OutboundMessage, type SendOutcome } from '../../provider.ts';
import { sendRefusal } from './nhn.codes.ts';

// What the SMS and AlimTalk adapters share around a send request: answers
// matched to messages, the service's ids packed into providerMessageId, and
// the batches whose answer was lost (a timeout, a garbled body): the service
// may have taken them, and it does not deduplicate recipients, so before
// anything of such a batch is sent again it is looked up by its
// senderGroupingKey, and what was taken is answered from the lookup instead
// of being sent twice. The lookup waits until the lost request can no longer
// be in flight (one more timeout after it was given up): a request the
// service reads after we stopped waiting, but before we looked, would
// otherwise be missing from the list and sent a second time.

export interface NhnRecipientAnswer {
  recipientSeq: number;
  resultCode: number;
  resultMessage: string;
  recipientGroupingKey?: string | null | undefined;
}

/** `<prefix>:<requestId>:<recipientSeq>`; prefix tells which result API to ask (sms, lms, at). */
export function packMessageId(prefix: string, requestId: string, recipientSeq: number): string {
  return `${prefix}:${requestId}:${recipientSeq}`;
}

export function unpackMessageId(id: string): { prefix: string; requestId: string; recipientSeq: number } | null {
  const m = /^([a-z]+):(.+):(\d+)$/.exec(id);
  return m ? { prefix: m[1]!, requestId: m[2]!, recipientSeq: Number(m[3]) } : null;
}

export function newSenderGroupingKey(): string {
  return `ts-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** Outcomes for `sent` in order, from the service's answers matched by recipientGroupingKey (our idempotency key). */
export function outcomesFromAnswers(provider: string, prefix: string, requestId: string, sent: OutboundMessage[], answers: NhnRecipientAnswer[]): SendOutcome[] {
  const byKey = new Map<string, NhnRecipientAnswer>();
  for (const a of answers) if (a.recipientGroupingKey) byKey.set(a.recipientGroupingKey, a);
  return sent.map((m, i) => {
    // Without grouping keys in the answer, the order of the request is the order of the answer.
    const a = byKey.get(m.idempotencyKey) ?? (byKey.size === 0 && answers.length === sent.length ? answers[i] : undefined);
    if (!a) throw new ProviderError(`${provider}: NHN Cloud's answer leaves out recipients it was sent`, true);
    if (a.resultCode === 0) return { attemptId: m.attemptId, status: 'accepted', providerMessageId: packMessageId(prefix, requestId, a.recipientSeq) };
    const { permanent, cause } = sendRefusal(a.resultCode);
    return { attemptId: m.attemptId, status: 'rejected', permanent, cause, detail: `nhn ${a.resultCode}${a.resultMessage ? `: ${a.resultMessage.slice(0, 200)}` : ''}` };
  });
}

/** Batches whose answer was lost, by the idempotency keys they held. */
export interface UncertainBatch {
  senderGroupingKey: string;
  prefix: string;
  /** When the call was given up (ms, the adapter's clock). */
  lostAt: number;
}

export class UncertainBatches {
  private readonly byKey = new Map<string, UncertainBatch>();

  /** Remembers a batch when the call failed in a way that may have left it taken. */
  remember(error: unknown, keys: string[], senderGroupingKey: string, prefix: string, lostAt: number): void {
    if (!(error instanceof ProviderError) || !error.transient) return;
    // A rate limit is answered before anything is taken; after anything else we cannot know.
    if (error.details.status === 429) return;
    for (const k of keys) this.byKey.set(k, { senderGroupingKey, prefix, lostAt });
  }

  /** How long to wait before these lost batches are looked up: until each was given up `settleMs` ago. */
  static waitBeforeLookup(batches: UncertainBatch[], now: number, settleMs: number): number {
    return Math.max(0, ...batches.map((b) => b.lostAt + settleMs - now));
  }

  /** The lost batches some of these messages were in. */
  batchesOf(messages: OutboundMessage[]): UncertainBatch[] {
    const seen = new Map<string, UncertainBatch>();
    for (const m of messages) {
      const b = this.byKey.get(m.idempotencyKey);
      if (b) seen.set(b.senderGroupingKey, b);
    }
    return [...seen.values()];
  }

  forget(keys: Iterable<string>): void {
    for (const k of keys) this.byKey.delete(k);
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** A window around now for the result APIs' date conditions (Korean time, "yyyy-MM-dd HH:mm:ss"). */
export function dateWindow(now: number, hoursBack: number): { start: string; end: string } {
  const fmt = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  return { start: fmt(now - hoursBack * 3600_000), end: fmt(now + 3600_000) };
}
