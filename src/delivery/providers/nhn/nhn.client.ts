import type { z } from 'zod';
import { ProviderError } from '../../provider.ts';
import { parseRetryAfter } from '../gateway.client.ts';
import { HEADER_CODES, headerFailure } from './nhn.codes.ts';
import type { nhnEnvelopeSchema } from './nhn.schema.ts';

// One call to an NHN Cloud Notification API: the app key in the path, the
// secret key in X-Secret-Key. Every failure of the call becomes a
// ProviderError, transient when asking again can help; its message names the
// provider and the reason, never a recipient, a text or a key.

export interface NhnClientOptions {
  provider: string;
  baseUrl: string;
  appKey: string;
  secretKey: string;
  timeoutMs: number;
}

export async function nhnCall<S extends typeof nhnEnvelopeSchema>(
  options: NhnClientOptions,
  method: 'GET' | 'POST',
  /** After the base URL, with `{appKey}` where the app key goes. */
  path: string,
  schema: S,
  body?: unknown,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  const { provider } = options;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const url = new URL(path.replace('{appKey}', encodeURIComponent(options.appKey)), options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: { 'x-secret-key': options.secretKey, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json;charset=UTF-8' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await response.text();
  } catch (error) {
    throw new ProviderError(`${provider}: ${timeout.aborted ? 'no answer within the timeout' : 'could not reach NHN Cloud'}`, true, {}, { cause: error });
  }
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const retry = retryAfterMs !== undefined ? { retryAfterMs } : {};
  if (status === 429) throw new ProviderError(`${provider}: rate limited by NHN Cloud (429)`, true, { status, ...retry });
  if (status >= 500 || status === 408) throw new ProviderError(`${provider}: NHN Cloud answered ${status}`, true, { status, ...retry });
  if (status === 401 || status === 403) {
    const code = codeOf(text);
    const advice = code !== undefined && HEADER_CODES[code] ? HEADER_CODES[code].advice : 'the secret key is wrong, expired or reissued; check appKey and secretKey';
    throw new ProviderError(`${provider}: NHN Cloud refused our credentials (${status}${code !== undefined ? `, code ${code}` : ''}): ${advice}`, false, { status });
  }
  if (text.trim() === '') throw new ProviderError(`${provider}: NHN Cloud answered ${status} with an empty body`, status < 400, { status });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProviderError(`${provider}: NHN Cloud answered ${status} with a body that is not JSON (an HTML page?)`, status < 400, { status });
  }
  const header = (json as { header?: { isSuccessful?: unknown; resultCode?: unknown } } | null)?.header;
  if (header && header.isSuccessful === false && typeof header.resultCode === 'number') {
    const failure = headerFailure(header.resultCode);
    throw new ProviderError(`${provider}: NHN Cloud refused the request (${header.resultCode}): ${failure.advice}`, failure.transient, { status, ...retry });
  }
  if (status >= 400) throw new ProviderError(`${provider}: NHN Cloud refused the request (${status}${codeOf(text) !== undefined ? `, code ${codeOf(text)}` : ''})`, false, { status });
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ProviderError(`${provider}: NHN Cloud answered ${status} with an unexpected shape`, true, { status });
  return parsed.data as z.infer<S>;
}

function codeOf(text: string): number | undefined {
  try {
    const code = (JSON.parse(text) as { header?: { resultCode?: unknown } }).header?.resultCode;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}
