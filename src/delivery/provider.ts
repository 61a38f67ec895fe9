// The one interface every delivery provider stands behind: send a batch,
// parse a receipt, classify an error as permanent or transient. The dispatch
// worker knows nothing else about a provider.

import type { ElectronicChannel } from '../taxpayers/channels.ts';
import type { EmailContent as RenderedEmail, KakaoContent, SmsContent } from '../notices/render/message-content.ts';

// The channels are the taxpayers' vocabulary (enrolment per channel), the
// rendered content the notices' (what the renderer produces); named here too
// for the adapters.
export { ELECTRONIC_CHANNELS, type Channel, type ElectronicChannel } from '../taxpayers/channels.ts';
export type { KakaoContent, SmsContent } from '../notices/render/message-content.ts';

/** An e-mail as the adapters send it: the rendered content, and what delivery adds to it. */
export interface EmailContent extends RenderedEmail {}

/** Why a delivery failed, in words an official can act on (stable codes). */
export const FAILURE_CAUSES = [
  'dead_prefix', // 011/016/017/018/019: no personal line in service since 2023-06-30
  'number_changed', // the number now belongs to someone else or is out of service
  'not_kakao_user', // the identification key or number has no KakaoTalk account
  'hard_bounce', // the mailbox does not exist (or its domain, or it is disabled): the address is dead
  'mailbox_full', // over quota: the address works, the attempt failed
  'sender_rejected', // refused for the sender's reasons (SPF/DKIM/DMARC, block list, policy, spam): the district's problem, never the taxpayer's
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

/**
 * What an e-mail is, for the headers it carries (providers/mail-headers.ts):
 * - `legal`: a legal notice (its service has legal effect): no
 *   List-Unsubscribe, no Precedence: bulk;
 * - `bulk`: sent to many at once and not legal (reminders, campaigns):
 *   List-Unsubscribe and Precedence: bulk;
 * - `transactional`: one person's own business (one-time codes, links they
 *   asked for, desk replies, contact-change alerts): neither, since
 *   unsubscribing from them means nothing and bulk mail may be delayed or
 *   filed away.
 * Every class carries Auto-Submitted: auto-generated and
 * X-Auto-Response-Suppress: All.
 */
export type EmailClass = 'legal' | 'bulk' | 'transactional';

/** An e-mail as sent: the rendered content (a plain-text part beside the HTML) and its class; without one, `legal` (the safe side). */
export type OutboundEmail = EmailContent & { class?: EmailClass };

/**
 * Who a message is from, as the district set it (delivery_settings, read in
 * the claim): the SMS caller number (digits; it must be registered with the
 * provider) and the e-mail sender. Absent: the provider's configured sender.
 */
export interface Sender {
  smsNumber?: string;
  email?: { name?: string; address: string };
}

export interface OutboundMessage {
  /** Our delivery attempt id. */
  attemptId: string;
  /** Sent to the provider; the same key twice never delivers twice. */
  idempotencyKey: string;
  channel: ElectronicChannel;
  to: Recipient;
  /** The district's own sender; adapters use it instead of their configured one. */
  sender?: Sender;
  kakao?: KakaoContent;
  sms?: SmsContent;
  email?: OutboundEmail;
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

/** An attempt a provider accepted and has not reported on yet, as a result poller is asked about it. */
export interface PolledAttempt {
  attemptId: string;
  idempotencyKey: string;
  /** What `sendBatch` returned for it (an adapter may pack several of the service's ids in it). */
  providerMessageId: string;
  acceptedAt: Date;
}

/**
 * For a service that reports results only when asked (a query API, no
 * webhook for results): the runtime calls `poll` every `intervalMs` with the
 * provider's accepted attempts, a page at a time, until each is final or its
 * receipt deadline passes (the engine then fails it `no_receipt`). `poll`
 * returns receipts for the attempts the service has a final (or `opened`)
 * result for and leaves the others out; a receipt's `receiptId` must be the
 * same each time the same result is read, so reading it twice changes
 * nothing. Throws ProviderError when the call failed; the next round asks
 * again.
 */
export interface ResultPoller {
  readonly provider: string;
  readonly intervalMs: number;
  /** Attempts per call to `poll`. */
  readonly pageSize: number;
  poll(attempts: PolledAttempt[], signal?: AbortSignal): Promise<Receipt[]>;
}
