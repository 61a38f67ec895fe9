import { createHash } from 'node:crypto';

// Delivery status notifications (RFC 3464): read by the bounce listener and
// written by the simulator's relay. mailparser does not install from our
// registry, and a DSN needs little of MIME: the multipart/report structure,
// the message/delivery-status part (header-like field groups) and the
// returned headers for the original Message-ID.

export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface DsnRecipient {
  finalRecipient?: string;
  originalRecipient?: string;
  action: DsnAction;
  /** Enhanced status code, e.g. 5.1.1. */
  status: string;
  diagnosticCode?: string;
  lastAttemptDate?: Date;
}

export interface DeliveryStatusReport {
  /** Message-ID of the report itself. */
  reportMessageId?: string;
  /** ENVID given at sending: our idempotency key. */
  envelopeId?: string;
  /** Message-ID of the message the report is about (from the returned headers). */
  originalMessageId?: string;
  arrivalDate?: Date;
  recipients: DsnRecipient[];
}

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

function splitHeaderBody(text: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, body: '' };
  return { head: text.slice(0, match.index), body: text.slice(match.index + match[0].length) };
}

/** Header-like fields: unfolded, names lower-cased, the first of a repeated name kept. */
function parseFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

function parsePart(text: string): MimePart {
  const { head, body } = splitHeaderBody(text);
  return { headers: parseFields(head), body };
}

/** `type/subtype` lower-cased and its parameters. */
function contentType(value: string | undefined): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (!value) return { type: 'text/plain', params };
  const [type = '', ...rest] = value.split(';');
  const paramText = rest.join(';');
  const re = /([A-Za-z0-9!#$%&'*+.^_`{|}~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/g;
  for (let m = re.exec(paramText); m; m = re.exec(paramText)) {
    params.set(m[1]!.toLowerCase(), (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1'));
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = Buffer.from(part.body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  }
  return part.body;
}

function childParts(part: MimePart, depth: number): MimePart[] {
  const ct = contentType(part.headers.get('content-type'));
  const boundary = ct.params.get('boundary');
  if (!ct.type.startsWith('multipart/') || !boundary || depth > 4) return [part];
  const out: MimePart[] = [part];
  const delimiter = `--${boundary}`;
  const lines = part.body.split(/\r?\n/);
  let current: string[] | undefined;
  for (const line of lines) {
    if (line === delimiter || line.startsWith(`${delimiter} `) || line.trimEnd() === delimiter) {
      if (current) out.push(...childParts(parsePart(current.join('\r\n')), depth + 1));
      current = [];
    } else if (line.trimEnd() === `${delimiter}--`) {
      if (current) out.push(...childParts(parsePart(current.join('\r\n')), depth + 1));
      current = undefined;
      break;
    } else if (current) {
      current.push(line);
    }
  }
  return out;
}

function decodeXtext(value: string): string {
  return value.replace(/\+([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export function encodeXtext(value: string): string {
  return Array.from(Buffer.from(value, 'utf8'))
    .map((b) => (b >= 33 && b <= 126 && b !== 43 && b !== 61 ? String.fromCharCode(b) : `+${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** `rfc822; someone@example.kr` → `someone@example.kr`. */
function addressOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const semi = value.indexOf(';');
  const address = (semi >= 0 ? value.slice(semi + 1) : value).trim().replace(/^<|>$/g, '');
  return address || undefined;
}

function dateOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const ACTIONS = new Set<DsnAction>(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/**
 * Reads a delivery status notification; undefined when the message is not
 * one (an auto-reply, a bounce in free text, spam to the bounce address).
 */
export function parseDeliveryStatusReport(raw: Buffer | string): DeliveryStatusReport | undefined {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const root = parsePart(text);
  const parts = childParts(root, 0);
  const statusPart = parts.find((p) => {
    const type = contentType(p.headers.get('content-type')).type;
    return type === 'message/delivery-status' || type === 'message/global-delivery-status';
  });
  if (!statusPart) return undefined;
  const groups = decodeBody(statusPart)
    .split(/\r?\n[ \t]*\r?\n/)
    .map((g) => g.trim())
    .filter((g) => g.length > 0)
    .map(parseFields);
  const perMessage = groups[0];
  if (!perMessage) return undefined;
  const recipients: DsnRecipient[] = [];
  for (const fields of groups.slice(1)) {
    const action = fields.get('action')?.toLowerCase().split(/[\s(]/)[0] as DsnAction | undefined;
    const status = /^\d\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0];
    if (!action || !ACTIONS.has(action) || !status) continue;
    const finalRecipient = addressOf(fields.get('final-recipient'));
    const originalRecipient = addressOf(fields.get('original-recipient'));
    const diagnosticCode = fields.get('diagnostic-code');
    const lastAttemptDate = dateOf(fields.get('last-attempt-date'));
    recipients.push({
      action,
      status,
      ...(finalRecipient ? { finalRecipient } : {}),
      ...(originalRecipient ? { originalRecipient } : {}),
      ...(diagnosticCode ? { diagnosticCode } : {}),
      ...(lastAttemptDate ? { lastAttemptDate } : {}),
    });
  }
  if (recipients.length === 0) return undefined;
  const returned = parts.find((p) => {
    const type = contentType(p.headers.get('content-type')).type;
    return type === 'text/rfc822-headers' || type === 'message/rfc822' || type === 'message/global-headers';
  });
  const originalMessageId = returned ? parseFields(splitHeaderBody(decodeBody(returned)).head).get('message-id') : undefined;
  const envelopeId = perMessage.get('original-envelope-id');
  const arrivalDate = dateOf(perMessage.get('arrival-date'));
  const reportMessageId = root.headers.get('message-id');
  return {
    recipients,
    ...(reportMessageId ? { reportMessageId } : {}),
    ...(envelopeId ? { envelopeId: decodeXtext(envelopeId.trim()) } : {}),
    ...(originalMessageId ? { originalMessageId } : {}),
    ...(arrivalDate ? { arrivalDate } : {}),
  };
}

export interface DsnToWrite {
  reportingMta: string;
  /** Where the report goes: the return path of the original message. */
  to: string;
  envelopeId?: string;
  arrivalDate: Date;
  recipient: { address: string; action: 'delivered' | 'failed' | 'delayed'; status: string; diagnostic?: string };
  /** Headers of the original message, returned with RET=HDRS. */
  originalHeaders: string;
  date?: Date;
}

/** A multipart/report DSN as a relay writes one, ready to send raw. */
export function writeDeliveryStatusReport(dsn: DsnToWrite): string {
  const date = dsn.date ?? new Date();
  const id = createHash('sha256')
    .update(`${dsn.envelopeId ?? ''}|${dsn.recipient.address}|${dsn.recipient.action}|${dsn.recipient.status}|${dsn.arrivalDate.toISOString()}`)
    .digest('hex')
    .slice(0, 32);
  const boundary = `dsn-${id.slice(0, 16)}`;
  const outcome = dsn.recipient.action === 'delivered' ? 'Success' : dsn.recipient.action === 'delayed' ? 'Delay' : 'Failure';
  const human =
    dsn.recipient.action === 'delivered'
      ? 'Your message was delivered to the recipient.'
      : dsn.recipient.action === 'delayed'
        ? 'Delivery of your message is delayed; the relay will keep trying.'
        : 'Your message could not be delivered to the recipient.';
  const lines = [
    `From: Mail Delivery System <MAILER-DAEMON@${dsn.reportingMta}>`,
    `To: <${dsn.to}>`,
    `Subject: Delivery Status Notification (${outcome})`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <dsn.${id}@${dsn.reportingMta}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    human,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${dsn.reportingMta}`,
    ...(dsn.envelopeId ? [`Original-Envelope-Id: ${encodeXtext(dsn.envelopeId)}`] : []),
    `Arrival-Date: ${dsn.arrivalDate.toUTCString()}`,
    '',
    `Final-Recipient: rfc822; ${dsn.recipient.address}`,
    `Action: ${dsn.recipient.action}`,
    `Status: ${dsn.recipient.status}`,
    ...(dsn.recipient.diagnostic ? [`Diagnostic-Code: smtp; ${dsn.recipient.diagnostic}`] : []),
    `Last-Attempt-Date: ${date.toUTCString()}`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    dsn.originalHeaders.replace(/\r?\n/g, '\r\n').trimEnd(),
    '',
    `--${boundary}--`,
    '',
  ];
  return lines.join('\r\n');
}
