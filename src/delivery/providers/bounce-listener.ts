import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { classifyBounce } from '../bounces/bounce-classifier.ts';
import { receiptsFromClassification } from '../bounces/bounce-outcome.ts';
import type { BounceKind, BounceReason } from '../bounces/bounce-rules.ts';
import type { Receipt } from '../provider.ts';
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
  /** Largest message accepted, in bytes; default 1 MiB (RET=HDRS reports are small); larger: 552 5.3.4. The classifier reads at most its first 512 KiB. */
  maxBytes?: number;
  /**
   * Told about mail to a signed return path that changes nothing: not a
   * bounce (auto-replies, abuse reports, anything unrecognised), a delay or
   * a relay report. Only the classification's codes: never the recipient,
   * the diagnostic or any other content.
   */
  onIgnored?(what: { kind: BounceKind; reason: BounceReason; format: string }): void;
}

export interface BounceListener {
  port: number;
  close(): Promise<void>;
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
 * and the provider the report is about: the message is read by the
 * classifier of returned mail (bounces/bounce-classifier.ts, any format:
 * RFC 3464 reports, malformed ones, the plain-text reports of Exim, qmail,
 * Gmail and others) and its receipts handed over: a hard bounce fails the
 * attempt as hard_bounce or invalid_recipient (the only causes that condemn
 * the address), a soft one fails it with a cause that does not (the notice
 * moves to its next channel), a delay or anything that is not a bounce
 * changes nothing. A receipt that matches no attempt is stored all the
 * same and kept for inspection (outcome unknown_message). An unsigned or wrongly signed one (a guessed or forged
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
          // Never throws; bounded work whatever the bytes (see bounces/mime.ts).
          const classification = classifyBounce(raw);
          const receivedAt = new Date();
          for (const v of verified) receipts.push(...receiptsFromClassification(v.provider, classification, v.attemptId, receivedAt));
          if (receipts.length === 0) options.onIgnored?.({ kind: classification.kind, reason: classification.reason, format: classification.format });
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
