import type { OutboundMessage, ProviderAdapter, SendOutcome } from '../provider.ts';
import { GATEWAY_MAX_BATCH, type KakaoWireMessage } from './gateway.schema.ts';
import { outcomesFor, postGatewayBatch, type GatewayClientOptions } from './gateway.client.ts';

export interface KakaoGatewayAdapterOptions extends GatewayClientOptions {
  /** Provider name, unique among providers, e.g. 'kakao-primary'; default 'kakao'. */
  name?: string;
  /** Messages per call, at most 1,000; default 500. */
  maxBatchSize?: number;
}

export const KAKAO_BATCH_PATH = 'v1/kakao/messages:batch';

/**
 * KakaoTalk business messages (알림톡) through a licensed relay: to the
 * identification key (CI) when known, which reaches the phone registered in
 * the person's name, else to the phone number.
 */
export class KakaoGatewayAdapter implements ProviderAdapter {
  readonly name: string;
  readonly channel = 'kakao' as const;
  readonly maxBatchSize: number;

  constructor(private readonly options: KakaoGatewayAdapterOptions) {
    this.name = options.name ?? 'kakao';
    this.maxBatchSize = Math.min(options.maxBatchSize ?? 500, GATEWAY_MAX_BATCH);
  }

  async sendBatch(messages: OutboundMessage[], signal?: AbortSignal): Promise<SendOutcome[]> {
    const local = new Map<number, SendOutcome>();
    const wire: KakaoWireMessage[] = [];
    const wired: OutboundMessage[] = [];
    messages.forEach((m, i) => {
      // Refused here rather than by the gateway: one bad message must not fail the whole call.
      if (!m.kakao) {
        local.set(i, { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'provider_rejected', detail: 'no KakaoTalk content rendered for this attempt' });
        return;
      }
      const recipient = m.to.identityKey ? { ci: m.to.identityKey } : m.to.phone ? { phone: m.to.phone } : undefined;
      if (!recipient) {
        local.set(i, { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'no_contact', detail: 'neither an identification key nor a phone number' });
        return;
      }
      wire.push({
        idempotency_key: m.idempotencyKey,
        recipient,
        template_code: m.kakao.templateCode,
        variables: m.kakao.variables,
        text: m.kakao.text,
        buttons: m.kakao.buttons,
      });
      wired.push(m);
    });
    let remote: SendOutcome[] = [];
    if (wire.length > 0) {
      const results = await postGatewayBatch(this.name, this.options, KAKAO_BATCH_PATH, { messages: wire }, signal);
      remote = outcomesFor(this.name, wired, results);
    }
    let next = 0;
    return messages.map((_, i) => local.get(i) ?? remote[next++]!);
  }
}
