import { ProviderError, type PolledAttempt, type Receipt, type ResultPoller } from '../../provider.ts';
import { parseSensMessageId, recipientTag } from './sens.adapter.ts';
import { alimtalkResultOutcome, smsResultOutcome, type SensResultOutcome } from './sens.codes.ts';
import { sensCall, type SensClientOptions } from './sens.client.ts';
import { alimtalkListSchema, parseSensTime, SENS_PATHS, smsListSchema } from './sens.schema.ts';

// SENS results by polling (it has no result webhook for these calls): for a
// page of accepted attempts, one list call per SENS request id, and a receipt
// for each message SENS reports final. A message still READY or PROCESSING
// is left out and asked about again next round; one SENS reports that we did
// not ask about (an unknown message) is left out too. The receipt id is the
// SENS message id and the outcome, so reading the same result twice changes
// nothing, and a result for an attempt already final is ignored when applied.

export interface SensPollerOptions extends SensClientOptions {
  name: string;
  channel: 'sms' | 'kakao';
  serviceId: string;
  /** Default 15 s. */
  intervalMs?: number;
  /** Attempts per poll; default 500 (a few list calls). */
  pageSize?: number;
  /** List calls in flight at once; default 4. */
  concurrency?: number;
}

interface Final {
  messageId: string;
  to: string;
  code: string;
  outcome: SensResultOutcome;
  completeTime?: string;
}

export class SensResultPoller implements ResultPoller {
  readonly provider: string;
  readonly intervalMs: number;
  readonly pageSize: number;
  /** Results SENS reported for a number we did not ask about in that request (counted, never logged with the number). */
  unknownResults = 0;

  constructor(private readonly options: SensPollerOptions) {
    this.provider = options.name;
    this.intervalMs = options.intervalMs ?? 15_000;
    this.pageSize = options.pageSize ?? 500;
  }

  async poll(attempts: PolledAttempt[], signal?: AbortSignal): Promise<Receipt[]> {
    const byRequest = new Map<string, Map<string, PolledAttempt>>();
    for (const a of attempts) {
      const id = parseSensMessageId(a.providerMessageId);
      if (!id) continue;
      const tags = byRequest.get(id.requestId) ?? new Map<string, PolledAttempt>();
      tags.set(id.tag, a);
      byRequest.set(id.requestId, tags);
    }
    const requests = [...byRequest.entries()];
    const receipts: Receipt[] = [];
    const errors: unknown[] = [];
    let next = 0;
    const lane = async () => {
      while (next < requests.length) {
        const [requestId, tags] = requests[next++]!;
        try {
          for (const result of await this.finalResults(requestId, signal)) {
            const attempt = tags.get(recipientTag(this.options.secretKey, result.to));
            if (!attempt) {
              this.unknownResults++;
              continue;
            }
            receipts.push(this.receipt(attempt, result));
          }
        } catch (error) {
          // An answer about one request that cannot be read does not hold up the others.
          errors.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, requests.length) }, lane));
    // Nothing could be asked: the call itself fails (bad key, outage); the runtime asks again next round.
    if (errors.length > 0 && errors.length === requests.length) throw errors[0];
    const refused = errors.find((e) => e instanceof ProviderError && !e.transient);
    if (refused) throw refused;
    return receipts;
  }

  private async finalResults(requestId: string, signal?: AbortSignal): Promise<Final[]> {
    const path = `${this.options.channel === 'sms' ? SENS_PATHS.smsMessages(this.options.serviceId) : SENS_PATHS.alimtalkMessages(this.options.serviceId)}?requestId=${encodeURIComponent(requestId)}&pageSize=100`;
    const answer = await sensCall(this.provider, this.options, 'GET', path, undefined, signal);
    if (this.options.channel === 'sms') {
      const parsed = smsListSchema.safeParse(answer.json);
      if (!parsed.success) throw new ProviderError(`${this.provider}: SENS answered a result query with an unexpected shape`, true, { status: answer.status });
      return parsed.data.messages
        .filter((m) => m.status === 'COMPLETED' && m.statusCode !== undefined)
        .map((m) => ({ messageId: m.messageId, to: m.to, code: m.statusCode!, outcome: smsResultOutcome(m.statusCode!, m.statusName, m.to), ...(m.completeTime ? { completeTime: m.completeTime } : {}) }));
    }
    const parsed = alimtalkListSchema.safeParse(answer.json);
    if (!parsed.success) throw new ProviderError(`${this.provider}: SENS answered a result query with an unexpected shape`, true, { status: answer.status });
    return parsed.data.messages
      .filter((m) => m.messageStatusCode !== undefined && (m.messageStatusName === 'success' || m.messageStatusName === 'fail'))
      .map((m) => ({ messageId: m.messageId, to: m.to, code: m.messageStatusCode!, outcome: alimtalkResultOutcome(m.messageStatusCode!, m.messageStatusName, m.to), ...(m.completeTime ? { completeTime: m.completeTime } : {}) }));
  }

  private receipt(attempt: PolledAttempt, result: Final): Receipt {
    const occurredAt = parseSensTime(result.completeTime) ?? new Date((this.options.now ?? Date.now)());
    return {
      provider: this.provider,
      receiptId: `${result.messageId}.${result.outcome.status}`,
      providerMessageId: attempt.providerMessageId,
      attemptId: attempt.attemptId,
      idempotencyKey: attempt.idempotencyKey,
      status: result.outcome.status,
      ...(result.outcome.status === 'failed' ? { cause: result.outcome.cause } : {}),
      detail: `SENS ${result.code}`,
      occurredAt,
    };
  }
}
