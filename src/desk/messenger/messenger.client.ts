import { ProviderError } from '../../delivery/provider.ts';
import type { MessengerChannel } from './messenger-channels.repository.ts';

// The outbound half of the messenger gateway: one reply per call. The
// idempotency key makes a retry after a lost answer harmless.

export interface MessengerReply {
  userKey: string;
  idempotencyKey: string;
  text: string;
  buttons?: { name: string; url: string }[];
}

export async function sendMessengerReply(channel: Pick<MessengerChannel, 'gatewayUrl' | 'apiKey'>, reply: MessengerReply, timeoutMs = 10_000): Promise<{ gatewayMessageId: string }> {
  const url = new URL('v1/messenger/messages', channel.gatewayUrl.endsWith('/') ? channel.gatewayUrl : `${channel.gatewayUrl}/`);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${channel.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ user_key: reply.userKey, idempotency_key: reply.idempotencyKey, text: reply.text, ...(reply.buttons ? { buttons: reply.buttons } : {}) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new ProviderError('messenger: could not reach the gateway', true, {}, { cause: error });
  }
  if (response.status === 429 || response.status >= 500 || response.status === 408) {
    throw new ProviderError(`messenger: gateway answered ${response.status}`, true, { status: response.status });
  }
  if (!response.ok) throw new ProviderError(`messenger: gateway refused the reply (${response.status})`, false, { status: response.status });
  try {
    const id = (JSON.parse(text) as { message_id?: unknown }).message_id;
    if (typeof id !== 'string') throw new Error('no message_id');
    return { gatewayMessageId: id };
  } catch {
    throw new ProviderError('messenger: gateway answered without a message id', true, { status: response.status });
  }
}
