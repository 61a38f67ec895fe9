import { createHmac, timingSafeEqual } from 'node:crypto';

// Receipt webhooks are signed like Stripe's: HMAC-SHA256 over the timestamp,
// a dot and the raw body, so neither the body nor the time can be replayed
// separately. The version prefix lets a gateway rotate the scheme.

export const SIGNATURE_HEADER = 'x-gateway-signature';
export const TIMESTAMP_HEADER = 'x-gateway-timestamp';
/** Receipts signed longer ago than this are refused as replays. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

/** `v1=<hex>` for a body sent at `timestamp` (unix seconds, as a string). */
export function signGatewayBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `v1=${mac.digest('hex')}`;
}

/** Headers for a signed webhook call made now. */
export function signedWebhookHeaders(secret: string, rawBody: Buffer | string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'content-type': 'application/json',
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: signGatewayBody(secret, timestamp, rawBody),
  };
}

/**
 * Constant-time check of one signature header; the header may carry several
 * comma-separated `v1=` values during a secret rotation.
 */
export function verifyGatewaySignature(secret: string, timestamp: string, rawBody: Buffer, header: string): boolean {
  const expected = Buffer.from(signGatewayBody(secret, timestamp, rawBody).slice(3), 'hex');
  for (const part of header.split(',')) {
    const match = /^\s*v1=([0-9a-fA-F]{64})\s*$/.exec(part);
    if (!match?.[1]) continue;
    const given = Buffer.from(match[1], 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}
