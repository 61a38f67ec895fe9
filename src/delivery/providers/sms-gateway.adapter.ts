import type { OutboundMessage, ProviderAdapter, SendOutcome } from '../provider.ts';
import { GATEWAY_MAX_BATCH, type SmsWireMessage } from './gateway.schema.ts';
import { outcomesFor, postGatewayBatch, type GatewayClientOptions } from './gateway.client.ts';

export interface SmsGatewayAdapterOptions extends GatewayClientOptions {
  /** Provider name, unique among providers, e.g. 'sms-primary'; default 'sms'. */
  name?: string;
  /** Messages per call, at most 1,000; default 500. */
  maxBatchSize?: number;
}

export const SMS_BATCH_PATH = 'v1/sms/messages:batch';

/** SMS (90 bytes) and LMS (long, with a subject) through an HTTP gateway. */
export class SmsGatewayAdapter implements ProviderAdapter {
  readonly name: string;
  readonly channel = 'sms' as const;
  readonly maxBatchSize: number;

  constructor(private readonly options: SmsGatewayAdapterOptions) {
    this.name = options.name ?? 'sms';
    this.maxBatchSize = Math.min(options.maxBatchSize ?? 500, GATEWAY_MAX_BATCH);
  }

  async sendBatch(messages: OutboundMessage[], signal?: AbortSignal): Promise<SendOutcome[]> {
    const local = new Map<number, SendOutcome>();
    const wire: SmsWireMessage[] = [];
    const wired: OutboundMessage[] = [];
    messages.forEach((m, i) => {
      if (!m.sms) {
        local.set(i, { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'provider_rejected', detail: 'no SMS content rendered for this attempt' });
        return;
      }
      if (!m.to.phone) {
        local.set(i, { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'no_contact', detail: 'no phone number' });
        return;
      }
      wire.push({
        idempotency_key: m.idempotencyKey,
        phone: m.to.phone,
        type: m.sms.kind === 'lms' ? 'LMS' : 'SMS',
        ...(m.sms.kind === 'lms' && m.sms.subject ? { subject: m.sms.subject } : {}),
        text: m.sms.text,
        ...(m.sender?.smsNumber ? { sender: m.sender.smsNumber } : {}),
      });
      wired.push(m);
    });
    let remote: SendOutcome[] = [];
    if (wire.length > 0) {
      const results = await postGatewayBatch(this.name, this.options, SMS_BATCH_PATH, { messages: wire }, signal);
      remote = outcomesFor(this.name, wired, results);
    }
    let next = 0;
    return messages.map((_, i) => local.get(i) ?? remote[next++]!);
  }
}
