import { ProviderError, type OutboundMessage, type SendOutcome } from '../provider.ts';
import { batchResponseSchema, classifyRejectCode, type SendResult } from './gateway.schema.ts';

// The part the KakaoTalk and SMS adapters share: one batch call over HTTP,
// and the reading of its answer. Whole-call failures become ProviderError
// (transient unless retrying cannot help); per-message answers become
// outcomes in the order of the messages sent.

export interface GatewayClientOptions {
  /** e.g. https://gateway.example.kr or the simulator's URL. */
  baseUrl: string;
  apiKey: string;
  /** Per call, including the body; default 10 s. */
  timeoutMs?: number;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export async function postGatewayBatch(
  provider: string,
  options: GatewayClientOptions,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<SendResult[]> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const url = new URL(path, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await response.text();
  } catch (error) {
    const timedOut = timeout.aborted;
    throw new ProviderError(`${provider}: ${timedOut ? 'no answer within the timeout' : 'could not reach the gateway'}`, true, {}, { cause: error });
  }

  const status = response.status;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new ProviderError(`${provider}: rate limited (429)`, true, { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new ProviderError(`${provider}: gateway error ${status}`, true, { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status === 401 || status === 403) {
    throw new ProviderError(`${provider}: the gateway refused our API key (${status}); check the provider's credentials`, false, { status });
  }
  if (status === 408) throw new ProviderError(`${provider}: gateway timeout (408)`, true, { status });
  if (status >= 400) {
    throw new ProviderError(`${provider}: the gateway refused the batch (${status}): ${errorCode(text)}`, false, { status });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProviderError(`${provider}: the gateway answered ${status} with a body that is not JSON`, true, { status });
  }
  const parsed = batchResponseSchema.safeParse(json);
  if (!parsed.success) throw new ProviderError(`${provider}: the gateway answered ${status} with an unexpected shape`, true, { status });
  return parsed.data.results;
}

function errorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code.slice(0, 64) : 'no error code';
  } catch {
    return 'no error code';
  }
}

/**
 * Outcomes in the order of `sent`, matched by idempotency key. A key the
 * gateway did not answer for means the answer cannot be trusted: the whole
 * call is retried (the keys make that safe).
 */
export function outcomesFor(provider: string, sent: OutboundMessage[], results: SendResult[]): SendOutcome[] {
  const byKey = new Map<string, SendResult>();
  for (const r of results) byKey.set(r.idempotency_key, r);
  return sent.map((m): SendOutcome => {
    const r = byKey.get(m.idempotencyKey);
    if (!r) throw new ProviderError(`${provider}: the gateway's answer leaves out messages it was sent`, true);
    if (r.status === 'accepted') return { attemptId: m.attemptId, status: 'accepted', providerMessageId: r.message_id };
    const { permanent, cause } = classifyRejectCode(r.code);
    return { attemptId: m.attemptId, status: 'rejected', permanent, cause, detail: `${r.code}${r.message ? `: ${r.message.slice(0, 200)}` : ''}` };
  });
}

