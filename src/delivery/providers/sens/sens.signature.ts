import { createHmac, timingSafeEqual } from 'node:crypto';

// Naver Cloud's API Gateway signature (signature v2), as every SENS call
// carries it: HMAC-SHA256, keyed with the secret key, of
//   METHOD + " " + path-with-query + "\n" + timestamp + "\n" + accessKey
// in base64; the timestamp is milliseconds since the epoch and the gateway
// refuses one more than five minutes from its own clock. See docs/providers.md.

export const SENS_MAX_SKEW_MS = 5 * 60_000;

export interface SensCredentials {
  accessKey: string;
  secretKey: string;
}

export function sensStringToSign(method: string, pathWithQuery: string, timestamp: string, accessKey: string): string {
  return `${method.toUpperCase()} ${pathWithQuery}\n${timestamp}\n${accessKey}`;
}

export function sensSignature(secretKey: string, method: string, pathWithQuery: string, timestamp: string, accessKey: string): string {
  return createHmac('sha256', secretKey).update(sensStringToSign(method, pathWithQuery, timestamp, accessKey)).digest('base64');
}

/** The three headers of a signed call. */
export function sensHeaders(credentials: SensCredentials, method: string, pathWithQuery: string, nowMs: number): Record<string, string> {
  const timestamp = String(nowMs);
  return {
    'x-ncp-apigw-timestamp': timestamp,
    'x-ncp-iam-access-key': credentials.accessKey,
    'x-ncp-apigw-signature-v2': sensSignature(credentials.secretKey, method, pathWithQuery, timestamp, credentials.accessKey),
  };
}

export type SensAuthFailure = 'unsigned' | 'bad_timestamp' | 'expired' | 'unknown_key' | 'bad_signature';

/**
 * Checks a call the way the gateway does (the simulator's side): headers
 * present, timestamp within five minutes, a known access key, the signature
 * equal in constant time. Returns the reason it fails, or null.
 */
export function verifySensRequest(
  headers: Record<string, string | string[] | undefined>,
  method: string,
  pathWithQuery: string,
  secretOf: (accessKey: string) => string | undefined,
  nowMs: number,
): SensAuthFailure | null {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = one('x-ncp-apigw-timestamp');
  const accessKey = one('x-ncp-iam-access-key');
  const signature = one('x-ncp-apigw-signature-v2');
  if (!timestamp || !accessKey || !signature) return 'unsigned';
  if (!/^\d{1,16}$/.test(timestamp)) return 'bad_timestamp';
  if (Math.abs(nowMs - Number(timestamp)) > SENS_MAX_SKEW_MS) return 'expired';
  const secret = secretOf(accessKey);
  if (secret === undefined) return 'unknown_key';
  const expected = Buffer.from(sensSignature(secret, method, pathWithQuery, timestamp, accessKey));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'bad_signature';
}
