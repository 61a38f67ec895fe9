import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { classifySmtpReply } from '../bounces/bounce-classifier.ts';
import { SENDER_SIDE_REASONS } from '../bounces/bounce-rules.ts';
import type { FailureCause, OutboundMessage, ProviderAdapter, SendOutcome } from '../provider.ts';
import { ProviderError } from '../provider.ts';
import { listUnsubscribeFor, mailHeaders } from './mail-headers.ts';

/** DKIM signing (RFC 6376) by nodemailer: rsa-sha256, relaxed/relaxed. */
export interface DkimSigning {
  /** d=: the domain whose DNS publishes the key, the From address's domain or a parent of it (DMARC alignment). */
  domainName: string;
  /** s=: the key is published at <keySelector>._domainkey.<domainName>. */
  keySelector: string;
  /** PEM private key. Never logged. */
  privateKey: string;
}

export interface SmtpAdapterOptions {
  /** Provider name, unique among providers; default 'smtp'. */
  name?: string;
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** Skip certificate checks (a relay on the local network with a self-signed certificate). */
  allowUnauthorizedTls?: boolean;
  /** The From header, e.g. '"강남구청 세무과" <notice@gangnam.go.kr>'. */
  from: string;
  /** Domain whose bounce listener receives bounce+<attemptId>.<signature>@<bounceDomain>. */
  bounceDomain: string;
  /** Signs the return paths; the bounce listener checks them with the same key. */
  bounceSigner: BounceSigner;
  /** Right-hand side of Message-IDs; default bounceDomain. */
  messageIdDomain?: string;
  /** Pooled connections to the relay; default 5. */
  maxConnections?: number;
  maxBatchSize?: number;
  /** Per SMTP step (connect, greeting, each command); default 30 s. */
  timeoutMs?: number;
  /** Sign every message with this key (DKIM); unsigned without it. */
  dkim?: DkimSigning;
  /** List-Unsubscribe target (mailto: or https:) of bulk mail; default a mail to the From address. */
  listUnsubscribe?: string;
}

/** What the signing key of return paths is derived for (PersonalDataCipher.deriveKey): every process derives the same. */
export const BOUNCE_KEY_PURPOSE = 'bounce-address';

// Hex of the first 10 bytes of the HMAC: 80 bits, lower case (relays may
// change the case of a local part), and the whole address stays well within
// the 64 characters a local part may have: bounce+<id>.<20 hex>.
const SIGNATURE_BYTES = 10;

/** What a return path says about itself, before anything is believed. */
export type BounceAddressCheck =
  | { ok: true; provider: string; attemptId: string }
  | { ok: false; reason: 'not_ours' }
  | { ok: false; reason: 'unsigned' | 'bad_signature'; attemptId?: string };

/**
 * Signs return paths: `bounce+<attemptId>.<signature>@<bounceDomain>`, the
 * signature a keyed HMAC of the provider and the attempt. A report mailed to
 * the bounce listener counts only when its address carries the signature of
 * an attempt: a sequential id alone can be guessed, the signature cannot.
 */
export class BounceSigner {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the bounce signing key must be at least 32 bytes');
  }

  private signature(provider: string, attemptId: string): Buffer {
    return createHmac('sha256', this.key).update('taxstation/bounce/v1').update('\0').update(provider).update('\0').update(attemptId).digest().subarray(0, SIGNATURE_BYTES);
  }

  /** The return path of one attempt sent by one provider: its reports come back addressed to it. */
  address(provider: string, attemptId: string, bounceDomain: string): string {
    return `bounce+${encodeAttemptId(attemptId)}.${this.signature(provider, attemptId).toString('hex')}@${bounceDomain}`;
  }

  /**
   * Checks an address against the providers that may have sent from it (the
   * signature names one); compares in constant time.
   */
  check(address: string, providers: readonly string[]): BounceAddressCheck {
    const local = /^bounce\+([^@]+)@[^@]+$/i.exec(address.trim().replace(/^<|>$/g, ''))?.[1]?.toLowerCase();
    if (!local) return { ok: false, reason: 'not_ours' };
    // Signed: ends in '.' and exactly the signature's length of hex (an id is never
    // read from inside the signature, whatever the id looks like, e.g. 'x').
    const dot = local.lastIndexOf('.');
    const signed = dot > 0 && new RegExp(`^[0-9a-f]{${SIGNATURE_BYTES * 2}}$`).test(local.slice(dot + 1));
    const attemptId = decodeAttemptId(signed ? local.slice(0, dot) : local);
    if (!signed) return { ok: false, reason: 'unsigned', ...(attemptId ? { attemptId } : {}) };
    const given = Buffer.from(local.slice(dot + 1), 'hex');
    if (attemptId !== undefined && given.length === SIGNATURE_BYTES) {
      for (const provider of providers) {
        if (timingSafeEqual(given, this.signature(provider, attemptId))) return { ok: true, provider, attemptId };
      }
    }
    return { ok: false, reason: 'bad_signature', ...(attemptId ? { attemptId } : {}) };
  }
}

// Local parts allow few characters safely, and relays may change their case:
// ids of digits, lower-case letters, '_' and '-' travel as they are, others as x.<hex>.
function encodeAttemptId(attemptId: string): string {
  return /^[a-z0-9_-]{1,40}$/.test(attemptId) ? attemptId : `x.${Buffer.from(attemptId, 'utf8').toString('hex')}`;
}

function decodeAttemptId(token: string): string | undefined {
  if (token.startsWith('x.')) {
    const hex = token.slice(2);
    return /^(?:[0-9a-f]{2})+$/.test(hex) ? Buffer.from(hex, 'hex').toString('utf8') : undefined;
  }
  return /^[a-z0-9_-]{1,40}$/.test(token) ? token : undefined;
}

/**
 * The Message-ID of an attempt, derived from its idempotency key: a resend
 * after a crash carries the same id, so the relay and the recipient's
 * mailbox can tell it is the same message.
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<ts.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL']);

/**
 * An SMTP refusal at sending time (4xx or 5xx to RCPT or DATA) in our words,
 * read by the same rules as returned mail: only a reply naming a dead or
 * malformed address condemns it (`hard_bounce`, `invalid_recipient`); a
 * full mailbox is `mailbox_full`; a refusal for the sender's reasons
 * (SPF/DKIM/DMARC, block lists, policy, spam) is `sender_rejected`; any
 * other refusal `provider_rejected`. A 550 5.7.1 from a block list is the
 * district's problem, not the taxpayer's.
 */
export function classifySmtpRejection(responseCode: number, response: string): { cause: FailureCause; reason: string } {
  const verdict = classifySmtpReply(responseCode, response);
  if (verdict.kind === 'hard') return { cause: verdict.reason === 'invalid_address' ? 'invalid_recipient' : 'hard_bounce', reason: verdict.reason };
  if (verdict.reason === 'mailbox_full') return { cause: 'mailbox_full', reason: verdict.reason };
  if (SENDER_SIDE_REASONS.has(verdict.reason)) return { cause: 'sender_rejected', reason: verdict.reason };
  return { cause: 'provider_rejected', reason: verdict.reason };
}

/**
 * E-mail over SMTP with a pooled transport. Each message asks the relay for
 * delivery status notifications (RFC 3461) on success, failure and delay,
 * so the bounce listener learns the fate of every message, not only the
 * failures; the envelope id is the idempotency key.
 */
export class SmtpAdapter implements ProviderAdapter {
  readonly name: string;
  readonly channel = 'email' as const;
  readonly maxBatchSize: number;
  private readonly transport: Transporter;
  private readonly listUnsubscribe: string | undefined;

  constructor(private readonly options: SmtpAdapterOptions) {
    this.name = options.name ?? 'smtp';
    this.maxBatchSize = options.maxBatchSize ?? 50;
    const timeout = options.timeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({
      pool: true,
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.allowUnauthorizedTls ? { tls: { rejectUnauthorized: false } } : {}),
      maxConnections: options.maxConnections ?? 5,
      maxMessages: Infinity,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // Signed once the message is built, over the headers below too (List-Unsubscribe among them).
      ...(options.dkim ? { dkim: { domainName: options.dkim.domainName, keySelector: options.dkim.keySelector, privateKey: options.dkim.privateKey } } : {}),
    });
    this.listUnsubscribe = listUnsubscribeFor(options.listUnsubscribe, options.from);
  }

  async sendBatch(messages: OutboundMessage[], signal?: AbortSignal): Promise<SendOutcome[]> {
    const messageIdDomain = this.options.messageIdDomain ?? this.options.bounceDomain;
    const settled = await Promise.all(
      messages.map(async (m): Promise<SendOutcome | { transient: SmtpFailure }> => {
        if (!m.email) return { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'provider_rejected', detail: 'no e-mail content rendered for this attempt' };
        if (!m.to.email) return { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'no_contact', detail: 'no e-mail address' };
        if (signal?.aborted) return { transient: { code: 'EABORTED' } };
        const messageId = messageIdFor(m.idempotencyKey, messageIdDomain);
        try {
          await this.transport.sendMail({
            // The district's sender when it set one (its domain must pass SPF/DKIM as ours does), else the configured From.
            from: m.sender?.email ? { name: m.sender.email.name ?? '', address: m.sender.email.address } : this.options.from,
            to: m.to.email,
            subject: m.email.subject,
            // multipart/alternative: the plain text first, the HTML after it.
            text: m.email.text,
            html: m.email.html,
            messageId,
            headers: mailHeaders(m.email.class ?? 'legal', this.listUnsubscribe),
            envelope: { from: this.options.bounceSigner.address(this.name, m.attemptId, this.options.bounceDomain), to: [m.to.email] },
            dsn: { id: m.idempotencyKey, return: 'headers', notify: ['success', 'failure', 'delay'], recipient: m.to.email },
          });
          return { attemptId: m.attemptId, status: 'accepted', providerMessageId: messageId };
        } catch (error) {
          const e = error as SmtpFailure;
          const responseCode = e.responseCode ?? 0;
          if (responseCode >= 500 && responseCode < 600) {
            // The reply quotes our command, which names the address: keep only the status and the reason.
            const { cause, reason } = classifySmtpRejection(responseCode, e.response ?? '');
            return { attemptId: m.attemptId, status: 'rejected', permanent: true, cause, detail: `SMTP ${responseCode} ${enhancedStatus(e.response)} ${reason} at ${e.command ?? 'send'}`.replace(/ +/g, ' ') };
          }
          return { transient: e };
        }
      }),
    );
    const anyDone = settled.some((s) => 'status' in s && s.status === 'accepted');
    const transient = settled.filter((s): s is { transient: SmtpFailure } => 'transient' in s);
    // Nothing got through and the relay could not be talked to: the whole call failed.
    if (!anyDone && transient.length > 0 && transient.length === settled.length) {
      const first = transient[0]!.transient;
      const connection = first.code !== undefined && CONNECTION_CODES.has(first.code);
      throw new ProviderError(
        `${this.name}: ${connection ? 'could not talk to the SMTP relay' : `the SMTP relay answered ${first.responseCode ?? 'with an error'}`}`,
        true,
        first.responseCode ? { status: first.responseCode } : {},
      );
    }
    return settled.map((s, i): SendOutcome => {
      if ('status' in s) return s;
      const code = s.transient.responseCode;
      return { attemptId: messages[i]!.attemptId, status: 'rejected', permanent: false, cause: 'provider_error', detail: code ? `SMTP ${code} ${enhancedStatus(s.transient.response)}`.trim() : `SMTP ${s.transient.code ?? 'error'}` };
    });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

function enhancedStatus(response: string | undefined): string {
  return /\b[245]\.\d{1,3}\.\d{1,3}\b/.exec(response ?? '')?.[0] ?? '';
}
