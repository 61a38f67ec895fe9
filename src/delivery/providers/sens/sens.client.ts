import { ProviderError } from '../../provider.ts';
import { parseRetryAfter } from '../gateway.client.ts';
import { sensErrorSchema } from './sens.schema.ts';
import { sensHeaders, type SensCredentials } from './sens.signature.ts';

// One signed call to SENS, and the reading of its answer. Whole-call
// failures become ProviderError, transient unless retrying cannot help;
// messages name the status and the gateway's error code, never a number or
// a text sent.

export interface SensClientOptions extends SensCredentials {
  /** https://sens.apigw.ntruss.com (public), https://sens.apigw.gov-ntruss.com (public sector), or the simulator. */
  baseUrl: string;
  /** Per call, including the body; default 10 s. */
  timeoutMs?: number;
  /** The clock the timestamp is taken from (tests). */
  now?: () => number;
}

export interface SensAnswer {
  status: number;
  json: unknown;
}

export async function sensCall(
  provider: string,
  options: SensClientOptions,
  method: 'GET' | 'POST',
  pathWithQuery: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<SensAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const url = options.baseUrl.replace(/\/+$/, '') + pathWithQuery;
  const headers: Record<string, string> = { ...sensHeaders(options, method, pathWithQuery, (options.now ?? Date.now)()), accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    text = await response.text();
  } catch (error) {
    throw new ProviderError(`${provider}: ${timeout.aborted ? 'SENS did not answer within the timeout' : 'could not reach SENS'}`, true, {}, { cause: error });
  }
  const status = response.status;
  const code = errorCode(text);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new ProviderError(`${provider}: SENS rate limit (429${code})`, true, { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status >= 500 || status === 408) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new ProviderError(`${provider}: SENS error ${status}${code}`, true, { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status === 401) {
    throw new ProviderError(`${provider}: SENS refused the signature (401${code}): check the access key, the secret key and this server's clock`, false, { status });
  }
  if (status === 403) throw new ProviderError(`${provider}: SENS forbids this key the service (403${code}): check the service id and the key's permissions`, false, { status });
  if (status === 404) throw new ProviderError(`${provider}: SENS knows no such service or message (404${code}): check the service id`, false, { status });
  if (status >= 400) throw new ProviderError(`${provider}: SENS refused the call (${status}${code})`, false, { status });
  if (text.trim() === '') throw new ProviderError(`${provider}: SENS answered ${status} with an empty body`, true, { status });
  try {
    return { status, json: JSON.parse(text) };
  } catch {
    throw new ProviderError(`${provider}: SENS answered ${status} with a body that is not JSON`, true, { status });
  }
}

function errorCode(text: string): string {
  try {
    const parsed = sensErrorSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return '';
    const e = parsed.data.error;
    return `, ${[e.errorCode, e.message].filter(Boolean).join(' ').slice(0, 80)}`;
  } catch {
    return '';
  }
}
