import { ReceiptRejected, type Receipt, type ReceiptParser } from '../provider.ts';
import { receiptCodeToCause, receiptWebhookSchema } from './gateway.schema.ts';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_MS, TIMESTAMP_HEADER, verifyGatewaySignature } from './gateway-signature.ts';

export interface GatewayReceiptParserOptions {
  /** Provider name the receipts are recorded under, the same as the adapter's. */
  provider: string;
  /** Shared webhook secret (one or several while rotating). */
  secret: string | string[];
  toleranceMs?: number;
  now?: () => number;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Verifies and parses the receipt webhook of the KakaoTalk and SMS gateways
 * (one parser per provider, as each has its own secret). Messages never
 * contain the body: it may hold message ids a person could link to someone.
 */
export class GatewayReceiptParser implements ReceiptParser {
  readonly provider: string;
  private readonly secrets: string[];
  private readonly toleranceMs: number;
  private readonly now: () => number;

  constructor(options: GatewayReceiptParserOptions) {
    this.provider = options.provider;
    this.secrets = Array.isArray(options.secret) ? options.secret : [options.secret];
    if (this.secrets.length === 0 || this.secrets.some((s) => s.length < 16)) {
      throw new Error(`webhook secret of provider ${options.provider} must be at least 16 characters`);
    }
    this.toleranceMs = options.toleranceMs ?? SIGNATURE_TOLERANCE_MS;
    this.now = options.now ?? Date.now;
  }

  parseWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Receipt[] {
    const signature = header(headers, SIGNATURE_HEADER);
    const timestamp = header(headers, TIMESTAMP_HEADER);
    if (!signature || !timestamp) throw new ReceiptRejected('unsigned', `receipt from ${this.provider} without ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} headers`);
    if (!/^\d{1,12}$/.test(timestamp)) throw new ReceiptRejected('bad_signature', `receipt from ${this.provider} with a timestamp that is not unix seconds`);
    if (!this.secrets.some((secret) => verifyGatewaySignature(secret, timestamp, rawBody, signature))) {
      throw new ReceiptRejected('bad_signature', `receipt from ${this.provider} whose signature does not match the shared secret`);
    }
    // Checked after the signature so an attacker learns nothing from the answer.
    if (Math.abs(this.now() - Number(timestamp) * 1000) > this.toleranceMs) {
      throw new ReceiptRejected('stale', `receipt from ${this.provider} signed more than ${Math.round(this.toleranceMs / 60000)} minutes from now`);
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new ReceiptRejected('malformed', `receipt from ${this.provider} is not JSON`);
    }
    const parsed = receiptWebhookSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new ReceiptRejected('malformed', `receipt from ${this.provider} does not have the documented shape (${where})`);
    }
    return parsed.data.receipts.map((r): Receipt => ({
      provider: this.provider,
      receiptId: r.receipt_id,
      providerMessageId: r.message_id,
      idempotencyKey: r.idempotency_key,
      status: r.status,
      ...(r.status === 'failed' ? { cause: receiptCodeToCause(r.code), detail: r.code ?? 'failed without a code' } : {}),
      occurredAt: new Date(r.occurred_at),
    }));
  }
}
