import { createHash } from 'node:crypto';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { FailureCause, Receipt } from '../provider.ts';
import { parseDeliveryStatusReport, type DeliveryStatusReport, type DsnRecipient } from './dsn.ts';
import { attemptIdFromBounceAddress } from './smtp.adapter.ts';

export interface BounceListenerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Provider name the receipts are recorded under; default 'smtp'. */
  provider?: string;
  /** Must resolve only once the receipts are stored: the sender is answered after it. */
  onReceipts(receipts: Receipt[]): Promise<void>;
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
 * The inbound SMTP listener for bounces: accepts mail to bounce+<attemptId>@…
 * only, reads delivery status notifications and hands their receipts over.
 * The sender gets 250 only after onReceipts resolved; a failure there answers
 * 451, so the relay keeps the report and tries again later.
 */
export async function startBounceListener(options: BounceListenerOptions): Promise<BounceListener> {
  const provider = options.provider ?? 'smtp';
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const server = new SMTPServer({
    name: 'taxstation-bounces',
    banner: 'Tax Station bounce listener',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (attemptIdFromBounceAddress(address.address) === undefined) {
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
        const report = parseDeliveryStatusReport(Buffer.concat(chunks));
        if (!report) {
          options.onIgnored?.('not_a_report');
          callback();
          return;
        }
        const receipts: Receipt[] = [];
        for (const rcpt of session.envelope.rcptTo) {
          receipts.push(...receiptsFromReport(provider, report, attemptIdFromBounceAddress(rcpt.address)));
        }
        if (receipts.length === 0) {
          options.onIgnored?.('no_receipts');
          callback();
          return;
        }
        options.onReceipts(receipts).then(
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
