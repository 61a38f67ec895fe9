import { createHash } from 'node:crypto';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { FailureCause, Receipt } from '../provider.ts';
import { parseDeliveryStatusReport, type DeliveryStatusReport, type DsnRecipient } from './dsn.ts';
import type { BounceSigner } from './smtp.adapter.ts';

/**
 * Mail to a return path of ours whose signature does not hold: never read as
 * a report, kept as it came for inspection.
 */
export interface RefusedReport {
  reason: 'unsigned' | 'bad_signature';
  /** The attempt the address names, as written there (unverified). */
  attemptId?: string;
  envelopeRecipient: string;
  envelopeSender: string;
  clientAddress: string;
  clientHostname: string;
  receivedAt: Date;
  sizeBytes: number;
  /** The message as received, up to the first 64 KiB. */
  message: Buffer;
}

const KEPT_BYTES = 64 * 1024;

export interface BounceListenerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** The e-mail providers whose return paths come here; a receipt is recorded under the one whose signature the address carries. Default ['smtp']. */
  providers?: readonly string[];
  /** Checks the signatures of return paths (the key every sending process signs with). */
  signer: BounceSigner;
  /** Must resolve only once the receipts are stored: the sender is answered after it. */
  onReceipts(receipts: Receipt[]): Promise<void>;
  /** Must resolve only once the refused mail is stored; it is never read as a report. */
  onRefused(reports: RefusedReport[]): Promise<void>;
  /** Largest report accepted, in bytes; default 1 MiB (RET=HDRS reports are small). */
  maxBytes?: number;
  /** Told (without content) about mail that is not a delivery status report. */
  onIgnored?(reason: 'not_a_report' | 'no_receipts'): void;
}

export interface BounceListener {
  port: number;
  close(): Promise<void>;
}

/** A DSN recipient status in our words; undefined for what changes nothing (delayed, relayed). */
export function receiptStatusOf(recipient: DsnRecipient): { status: 'delivered' } | { status: 'failed'; cause: FailureCause } | undefined {
  if (recipient.action === 'delivered') return { status: 'delivered' };
  if (recipient.action !== 'failed') return undefined;
  if (recipient.status === '5.2.2') return { status: 'failed', cause: 'mailbox_full' };
  if (recipient.status.startsWith('5.')) return { status: 'failed', cause: 'hard_bounce' };
  // 4.x.x in a "failed" action: the relay gave up after its own retries.
  return { status: 'failed', cause: 'no_receipt' };
}

/** Receipts from one report addressed to bounce+<attemptId>@…. */
export function receiptsFromReport(provider: string, report: DeliveryStatusReport, attemptId: string | undefined, receivedAt = new Date()): Receipt[] {
  const receipts: Receipt[] = [];
  report.recipients.forEach((recipient, index) => {
    const mapped = receiptStatusOf(recipient);
    if (!mapped) return;
    // The same report delivered twice (the relay retried after a lost answer) yields the same id.
    const receiptId = createHash('sha256')
      .update([report.reportMessageId ?? '', report.envelopeId ?? '', attemptId ?? '', String(index), recipient.action, recipient.status].join('|'))
      .digest('hex')
      .slice(0, 40);
    receipts.push({
      provider,
      receiptId: `dsn.${receiptId}`,
      ...(report.originalMessageId ? { providerMessageId: report.originalMessageId } : {}),
      ...(attemptId ? { attemptId } : {}),
      ...(report.envelopeId ? { idempotencyKey: report.envelopeId } : {}),
      status: mapped.status,
      ...(mapped.status === 'failed' ? { cause: mapped.cause, detail: `DSN ${recipient.status}` } : {}),
      occurredAt: recipient.lastAttemptDate ?? report.arrivalDate ?? receivedAt,
    });
  });
  return receipts;
}

class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The inbound SMTP listener for bounces: accepts mail to bounce+…@ only
 * (anything else: 550). An address whose signature holds names the attempt
 * and the provider the report is about: the report is read and its receipts
 * handed over. An unsigned or wrongly signed one (a guessed or forged
 * return path) is accepted too, but only to be kept for inspection: it is
 * checked before the message is read and never becomes a receipt. The
 * sender gets 250 only after what it sent is stored; a failure there
 * answers 451, so the relay keeps the report and tries again later.
 */
export async function startBounceListener(options: BounceListenerOptions): Promise<BounceListener> {
  const providers = options.providers ?? ['smtp'];
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const server = new SMTPServer({
    name: 'taxstation-bounces',
    banner: 'Tax Station bounce listener',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      // Any bounce+…@ is taken (a forged one, to be kept); the signature is judged with the message.
      const checked = options.signer.check(address.address, providers);
      if (!checked.ok && checked.reason === 'not_ours') {
        callback(new SmtpReply(550, '5.1.1 Only bounce+<attempt>@ addresses are served here'));
        return;
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(new SmtpReply(552, '5.3.4 Report too large'));
          return;
        }
        const raw = Buffer.concat(chunks);
        // The addresses first, independently of what the message says.
        const verified: { provider: string; attemptId: string }[] = [];
        const refused: RefusedReport[] = [];
        for (const rcpt of session.envelope.rcptTo) {
          const checked = options.signer.check(rcpt.address, providers);
          if (checked.ok) verified.push(checked);
          else if (checked.reason !== 'not_ours') {
            refused.push({
              reason: checked.reason,
              ...(checked.attemptId ? { attemptId: checked.attemptId } : {}),
              envelopeRecipient: rcpt.address,
              envelopeSender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              clientAddress: session.remoteAddress,
              clientHostname: session.hostNameAppearsAs ?? '',
              receivedAt: new Date(),
              sizeBytes: raw.length,
              message: raw.subarray(0, KEPT_BYTES),
            });
          }
        }
        const receipts: Receipt[] = [];
        if (verified.length > 0) {
          const report = parseDeliveryStatusReport(raw);
          if (!report) options.onIgnored?.('not_a_report');
          else for (const v of verified) receipts.push(...receiptsFromReport(v.provider, report, v.attemptId));
          if (report && receipts.length === 0) options.onIgnored?.('no_receipts');
        }
        if (receipts.length === 0 && refused.length === 0) {
          callback();
          return;
        }
        Promise.all([receipts.length > 0 ? options.onReceipts(receipts) : undefined, refused.length > 0 ? options.onRefused(refused) : undefined]).then(
          () => callback(),
          () => callback(new SmtpReply(451, '4.3.0 Could not store the report now, try again later')),
        );
      });
      stream.on('error', () => callback(new SmtpReply(451, '4.3.0 Read error')));
    },
  });
  server.on('error', () => {
    // A broken client connection; the server keeps serving the others.
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
