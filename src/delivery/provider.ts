// The one interface every delivery provider stands behind: send a batch,
// parse a receipt, classify an error as permanent or transient. The dispatch
// worker knows nothing else about a provider.

export const ELECTRONIC_CHANNELS = ['kakao', 'sms', 'email'] as const;
export type ElectronicChannel = (typeof ELECTRONIC_CHANNELS)[number];
export type Channel = ElectronicChannel | 'paper';

/** Why a delivery failed, in words an official can act on (stable codes). */
export const FAILURE_CAUSES = [
  'dead_prefix', // 011/016/017/018/019: no personal line in service since 2023-06-30
  'number_changed', // the number now belongs to someone else or is out of service
  'not_kakao_user', // the identification key or number has no KakaoTalk account
  'hard_bounce', // the mailbox does not exist
  'mailbox_full',
  'invalid_recipient', // malformed address or number
  'no_receipt', // no receipt within the configured time
  'provider_rejected', // the provider refused the message for good
  'provider_error', // retries exhausted on transient errors
  'no_contact', // enrolled in a channel without the contact data it needs
  'unreadable_contact', // the stored contact (or message data) does not open with this server's key
] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

export interface Recipient {
  /** Identification key (CI), for KakaoTalk without a phone number. */
  identityKey?: string;
  /** E.164, e.g. +821012345678. */
  phone?: string;
  email?: string;
}

export interface KakaoContent {
  /** Code of the template approved in advance; variables fill its fixed slots. */
  templateCode: string;
  variables: Record<string, string>;
  /** The template text with the variables filled, as the recipient sees it. */
  text: string;
  buttons: { name: string; url: string }[];
}

export interface SmsContent {
  /** sms: up to 90 bytes in EUC-KR; lms: longer, with a subject. */
  kind: 'sms' | 'lms';
  subject?: string;
  text: string;
}

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export interface OutboundMessage {
  /** Our delivery attempt id. */
  attemptId: string;
  /** Sent to the provider; the same key twice never delivers twice. */
  idempotencyKey: string;
  channel: ElectronicChannel;
  to: Recipient;
  kakao?: KakaoContent;
  sms?: SmsContent;
  email?: EmailContent;
}

export type SendOutcome =
  | { attemptId: string; status: 'accepted'; providerMessageId: string }
  | { attemptId: string; status: 'rejected'; permanent: boolean; cause: FailureCause; detail: string };

export type ReceiptStatus = 'delivered' | 'failed' | 'opened';

export interface Receipt {
  provider: string;
  /** Unique per receipt as the provider sent it: the same receipt twice changes nothing. */
  receiptId: string;
  providerMessageId?: string;
  attemptId?: string;
  idempotencyKey?: string;
  status: ReceiptStatus;
  cause?: FailureCause;
  detail?: string;
  occurredAt: Date;
}

/** A provider error: transient ones are retried with backoff, permanent ones move to the next channel. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly details: { status?: number; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

/** A receipt webhook call that must be refused (4xx): unsigned, forged or malformed. */
export class ReceiptRejected extends Error {
  constructor(
    readonly reason: 'unsigned' | 'bad_signature' | 'malformed' | 'stale',
    message: string,
  ) {
    super(message);
    this.name = 'ReceiptRejected';
  }
}

export interface ProviderAdapter {
  /** Unique provider name, e.g. 'kakao-sim', 'sms-primary', 'smtp'. */
  readonly name: string;
  readonly channel: ElectronicChannel;
  readonly maxBatchSize: number;
  /**
   * Sends a batch; one outcome per message in the same order. Throws
   * ProviderError when the whole call failed (transient: retry later).
   */
  sendBatch(messages: OutboundMessage[], signal?: AbortSignal): Promise<SendOutcome[]>;
  close?(): Promise<void>;
}

export interface ReceiptParser {
  readonly provider: string;
  /** Verifies and parses one webhook call; throws ReceiptRejected. */
  parseWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Receipt[];
}
