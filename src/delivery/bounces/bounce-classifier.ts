import {
  AUTHORITATIVE_STATUS,
  AUTO_REPLY_BODY,
  AUTO_REPLY_HEADERS,
  AUTO_REPLY_SUBJECT,
  BOUNCE_SUBJECT,
  CHALLENGE_RESPONSE,
  DAEMON_FROM,
  DELAY_MARKERS,
  DELAY_SUBJECT,
  DELIVERED_SUBJECT,
  FAILURE_MARKERS,
  HARD_REASONS,
  MAIL_SYSTEM_FORMATS,
  PHRASE_RULES,
  RETURNED_MESSAGE_MARKERS,
  STATUS_REASONS,
  type BounceKind,
  type BounceReason,
  type PhraseRule,
  type StatusRule,
} from './bounce-rules.ts';
import { bodyText, headerOf, htmlToText, parseFields, parseMessage, walk, type HeaderField, type MimeEntity, type MimeLimits } from './mime.ts';

// The classifier of returned mail (issue 18): for any message that arrives
// at the bounce address, whether it is a delivery report at all and, if so,
// for each recipient: the address, the enhanced status code, the reason and
// the class (hard, soft, delayed, delivered). The rules are data, in
// bounce-rules.ts; this file reads the message and applies them.
//
// It never throws and its work is bounded (see mime.ts): anything it cannot
// read is `not_a_bounce`. Recipient addresses and diagnostics are personal
// data: callers must not log them.

export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface RecipientVerdict {
  kind: Exclude<BounceKind, 'not_a_bounce'>;
  reason: BounceReason;
  /** Enhanced status code, e.g. 5.1.1; null when the report gives none. */
  status: string | null;
  recipient: string | null;
  /** The report's Action for this recipient, when it has one. */
  action: DsnAction | null;
  /** What the remote system said, shortened (personal data). */
  diagnostic: string | null;
  /** The rule that named the reason (a PHRASE_RULES id, `status X.Y.Z`), or null. */
  rule: string | null;
}

export interface BounceClassification {
  kind: BounceKind;
  reason: BounceReason;
  status: string | null;
  recipient: string | null;
  diagnostic: string | null;
  rule: string | null;
  /** The mail system the report was recognised as: rfc3464, postfix, exim, qmail, gmail, … or unknown. */
  format: string;
  /** Every recipient of the report (one for most reports); the verdict above is the most severe. */
  recipients: RecipientVerdict[];
  /** ENVID given at sending (RFC 3461), from the report. */
  envelopeId: string | null;
  /** Message-ID of the returned message (from its returned headers). */
  originalMessageId: string | null;
  /** Message-ID of the report itself. */
  reportMessageId: string | null;
  /** Last-Attempt-Date, Arrival-Date or the report's Date. */
  occurredAt: Date | null;
  /** The input was longer than the bytes looked at. */
  truncated: boolean;
}

export interface ClassifyOptions extends Partial<MimeLimits> {
  /** Characters of human-readable text read (default 64 Ki). */
  maxTextChars?: number;
}

const MAX_DIAGNOSTIC = 300;
const MAX_BLOCK = 4000;

// ------------------------------------------------------------------ text

/** Lower case, SMTP reply prefixes at line starts removed, white space collapsed. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/^[ \t>]{0,8}[2-5]\d\d[- ](?:#?[245]\.\d{1,3}\.\d{1,3}[ \t]+)?/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g;
const FAILURE_ENHANCED = /(?<![\d.])([45])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/;
const BASIC_REPLY = /(?:^|[\s(#:;'"])([45][0-5]\d)(?=[\s:;,'"-]|$)/m;

/** The first enhanced status code of a failure (4.x.x or 5.x.x) in a text. */
function failureCodeIn(text: string): string | undefined {
  const m = FAILURE_ENHANCED.exec(text);
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : undefined;
}

/** The first enhanced code of the given class that is more specific than X.0.0. */
function specificCodeIn(text: string, cls: string): string | undefined {
  ENHANCED.lastIndex = 0;
  for (let m = ENHANCED.exec(text); m; m = ENHANCED.exec(text)) {
    if (m[1] === cls && !(m[2] === '0' && m[3] === '0')) return `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
  }
  return undefined;
}

const STATUS_PATTERNS = new Map<string, RegExp>();

/** `5.1.*` or `*.7.26` against `5.7.26`. */
function statusMatches(pattern: string, status: string): boolean {
  let re = STATUS_PATTERNS.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('.').map((part) => (part === '*' ? '\\d{1,3}' : part)).join('\\.')}$`);
    STATUS_PATTERNS.set(pattern, re);
  }
  return re.test(status);
}

const ADDRESS_SOURCE = "[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,8}";
const ADDRESS = new RegExp(ADDRESS_SOURCE);

/** `rfc822; <someone@example.kr>` → `someone@example.kr`. */
function addressOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const semi = value.indexOf(';');
  const rest = semi >= 0 ? value.slice(semi + 1) : value;
  const m = ADDRESS.exec(rest);
  return m ? m[0].replace(/\.+$/, '') : undefined;
}

function decodeXtext(value: string): string {
  return value.replace(/\+([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function dateOf(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value.replace(/\s*\([^)]{0,40}\)\s*$/, ''));
  return Number.isNaN(date.getTime()) ? null : date;
}

function shorten(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  return t.length > MAX_DIAGNOSTIC ? `${t.slice(0, MAX_DIAGNOSTIC - 1)}…` : t;
}

// ------------------------------------------------------------------ rules

interface Named {
  reason: BounceReason;
  rule: string;
  soft: boolean;
}

// The phrases of all rules in one index keyed by their first (up to) three
// UTF-16 units, so a text is scanned once for all of them, not once a phrase.
interface Indexed {
  phrase: string;
  rule: number;
}
const PHRASE_INDEX = new Map<number, Indexed[]>();
const keyAt = (text: string, i: number, length: number) =>
  length === 1 ? text.charCodeAt(i) : length === 2 ? text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1) : (text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1)) * 65536 + text.charCodeAt(i + 2) + 2 ** 40;
const KEY_LENGTHS = new Set<number>();
PHRASE_RULES.forEach((rule, index) => {
  for (const phrase of rule.phrases ?? []) {
    const length = Math.min(3, phrase.length);
    KEY_LENGTHS.add(length);
    const key = keyAt(phrase, 0, length);
    const list = PHRASE_INDEX.get(key) ?? [];
    list.push({ phrase, rule: index });
    PHRASE_INDEX.set(key, list);
  }
});
const KEYS = [...KEY_LENGTHS].sort((a, b) => b - a);

/** Which rules have one of their phrases in the text (by index into PHRASE_RULES). */
function rulesWithPhrases(text: string): boolean[] {
  const found: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    for (const length of KEYS) {
      if (i + length > text.length) continue;
      const candidates = PHRASE_INDEX.get(keyAt(text, i, length));
      if (!candidates) continue;
      for (const c of candidates) if (!found[c.rule] && text.startsWith(c.phrase, i)) found[c.rule] = true;
    }
  }
  return found;
}

function phraseMatches(rule: PhraseRule, index: number, text: string, found: boolean[], status: string | null): boolean {
  if (rule.status && !(status && rule.status.some((p) => statusMatches(p, status)))) return false;
  if (found[index]) return true;
  return rule.patterns?.some((re) => re.test(text)) ?? false;
}

function byStatus(rules: readonly StatusRule[], status: string | null): StatusRule | undefined {
  return status ? rules.find((r) => statusMatches(r.code, status)) : undefined;
}

/** The reason for one failure: authoritative codes, then phrases (the recipient's text first), then the code. */
function nameReason(texts: string[], status: string | null): Named | undefined {
  const authoritative = byStatus(AUTHORITATIVE_STATUS, status);
  if (authoritative) return { reason: authoritative.reason, rule: `status ${authoritative.code}`, soft: false };
  for (const text of texts) {
    if (!text) continue;
    const found = rulesWithPhrases(text);
    for (let i = 0; i < PHRASE_RULES.length; i++) {
      const rule = PHRASE_RULES[i]!;
      if (phraseMatches(rule, i, text, found, status)) return { reason: rule.reason, rule: rule.id, soft: rule.soft === true };
    }
  }
  const fallback = byStatus(STATUS_REASONS, status);
  return fallback ? { reason: fallback.reason, rule: `status ${fallback.code}`, soft: false } : undefined;
}

// ------------------------------------------------------------------ reading the message

interface Reading {
  root: MimeEntity;
  from: string;
  subject: string;
  statusBodies: string[];
  feedback: boolean;
  readReceipt: boolean;
  reportType: string | undefined;
  /** Human-readable text, the returned message cut off. */
  text: string;
  /** The same, normalised for phrase matching. */
  norm: string;
  /** The normalised text and, for Sendmail's "Returned mail: <reason>", the subject. */
  globalNorm: string;
  returned: MimeEntity | undefined;
  truncated: boolean;
}

function cutReturnedMessage(text: string): string {
  let end = text.length;
  for (const marker of RETURNED_MESSAGE_MARKERS) {
    const m = marker.exec(text);
    if (m && m.index < end && m.index > 0) end = m.index;
  }
  return text.slice(0, end);
}

function read(raw: Uint8Array | string, options: ClassifyOptions): Reading {
  const parsed = parseMessage(raw, options);
  const root = parsed.root;
  const maxText = options.maxTextChars ?? 64 * 1024;
  const statusBodies: string[] = [];
  const texts: string[] = [];
  let feedback = false;
  let readReceipt = false;
  let reportType: string | undefined;
  let returned: MimeEntity | undefined;
  let textLength = 0;
  // In a multipart/alternative, the HTML is read only when there is no plain text.
  const skipHtml = new Set<MimeEntity>();
  walk(root, (entity, inside) => {
    const type = entity.contentType.type;
    if (inside) {
      if (!returned && entity.headers.length > 0 && entity !== root) returned = entity;
      return;
    }
    if (type === 'multipart/alternative' && entity.children.some((c) => c.contentType.type === 'text/plain')) {
      for (const c of entity.children) if (c.contentType.type === 'text/html') skipHtml.add(c);
    }
    if (type === 'multipart/report') reportType ??= entity.contentType.params.get('report-type')?.toLowerCase();
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') statusBodies.push(bodyText(entity));
    else if (type === 'message/feedback-report') feedback = true;
    else if (type === 'message/disposition-notification' || type === 'message/global-disposition-notification') readReceipt = true;
    else if ((type === 'text/plain' || type === 'text/html' || (type.startsWith('multipart/') && entity.children.length === 0)) && textLength < maxText) {
      // (a multipart whose boundary never appears is read as the text it is)
      if (skipHtml.has(entity)) return;
      if (entity !== root && /^attachment/i.test(headerOf(entity, 'content-disposition') ?? '') && texts.length > 0) return;
      const body = bodyText(entity);
      const text = type === 'text/html' ? htmlToText(body) : body;
      const kept = text.slice(0, maxText - textLength);
      texts.push(kept);
      textLength += kept.length;
    }
  });
  const from = headerOf(root, 'from') ?? '';
  const subject = headerOf(root, 'subject') ?? '';
  const text = cutReturnedMessage(texts.join('\n\n'));
  const norm = normalise(text);
  const subjectReason = /^returned mail: (?!see transcript)(.{1,200})$/i.exec(subject)?.[1];
  const globalNorm = subjectReason ? `${norm} ${normalise(subjectReason)}` : norm;
  return { root, from, subject, statusBodies, feedback, readReceipt, reportType, text, norm, globalNorm, returned, truncated: parsed.truncated };
}

// ------------------------------------------------------------------ RFC 3464

interface DsnRecipientFields {
  finalRecipient?: string;
  originalRecipient?: string;
  action?: DsnAction;
  status?: string;
  diagnostic?: string;
  lastAttempt?: string;
}

interface DsnReport {
  perMessage: Map<string, string>;
  recipients: DsnRecipientFields[];
}

const RECIPIENT_FIELDS = new Set(['final-recipient', 'original-recipient', 'action', 'status', 'diagnostic-code', 'remote-mta', 'last-attempt-date', 'will-retry-until', 'x-actual-recipient']);
const ACTIONS = new Set<DsnAction>(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

function get(fields: HeaderField[], name: string): string | undefined {
  return fields.find((f) => f.name === name)?.value;
}

/**
 * The field groups of a delivery-status body. Tolerates what real reports
 * do wrong: per-recipient fields in the per-message group, groups without an
 * Action, several recipients in one group (a new Final-Recipient starts a
 * new recipient).
 */
function readDsn(body: string): DsnReport | undefined {
  const groups = body
    .split(/\r?\n[ \t]*\r?\n/)
    .slice(0, 200)
    .map((g) => g.trim())
    .filter((g) => g.length > 0)
    .map((g) => parseFields(g));
  const perMessage = new Map<string, string>();
  const recipients: DsnRecipientFields[] = [];
  for (const group of groups) {
    let current: HeaderField[] = [];
    const flush = () => {
      if (current.some((f) => RECIPIENT_FIELDS.has(f.name))) recipients.push(recipientOf(current));
      current = [];
    };
    for (const field of group) {
      if (!RECIPIENT_FIELDS.has(field.name)) {
        if (!perMessage.has(field.name)) perMessage.set(field.name, field.value);
        continue;
      }
      if ((field.name === 'final-recipient' || field.name === 'original-recipient') && current.some((f) => f.name === field.name)) flush();
      current.push(field);
    }
    flush();
  }
  const usable = recipients.filter((r) => r.finalRecipient || r.originalRecipient || r.status || r.action);
  return usable.length > 0 ? { perMessage, recipients: usable.slice(0, 100) } : undefined;
}

function recipientOf(fields: HeaderField[]): DsnRecipientFields {
  const actionWord = get(fields, 'action')?.toLowerCase().split(/[\s(;]/)[0] as DsnAction | undefined;
  const statusField = get(fields, 'status') ?? '';
  const enhanced = /^\s*([245])\.(\d{1,3})\.(\d{1,3})/.exec(statusField);
  const basic = /^\s*([245])\d\d\b/.exec(statusField);
  const status = enhanced ? `${enhanced[1]}.${Number(enhanced[2])}.${Number(enhanced[3])}` : basic ? `${basic[1]}.0.0` : undefined;
  const diagnostic = get(fields, 'diagnostic-code');
  const finalRecipient = addressOf(get(fields, 'final-recipient') ?? get(fields, 'x-actual-recipient'));
  const originalRecipient = addressOf(get(fields, 'original-recipient'));
  const lastAttempt = get(fields, 'last-attempt-date');
  return {
    ...(finalRecipient ? { finalRecipient } : {}),
    ...(originalRecipient ? { originalRecipient } : {}),
    ...(actionWord && ACTIONS.has(actionWord) ? { action: actionWord } : {}),
    ...(status ? { status } : {}),
    ...(diagnostic ? { diagnostic: diagnostic.replace(/^\s*[a-z0-9-]{1,20};\s*/i, '') } : {}),
    ...(lastAttempt ? { lastAttempt } : {}),
  };
}

/** DSN fields written into a text part (some systems do): read from the first Final-Recipient or Reporting-MTA line on. */
function dsnInText(text: string): DsnReport | undefined {
  const start = /^(?:reporting-mta|final-recipient|original-recipient):/im.exec(text);
  if (!start) return undefined;
  const report = readDsn(text.slice(start.index, start.index + 16_384));
  return report?.recipients.some((r) => r.status || r.action) ? report : undefined;
}

// ------------------------------------------------------------------ plain text

interface TextRecipient {
  address: string;
  block: string;
}

const RECIPIENT_LINE = new RegExp(
  [
    // <addr>: …   <addr>... …   <addr>   (Postfix, qmail, Yahoo, Sendmail)
    `^[ \\t]{0,12}<(${ADDRESS_SOURCE})>(?:[ \\t]*$|:|\\.\\.\\.|[ \\t]+\\()`,
    // addr alone on its line, perhaps "on <date>" (Exim, Exchange, older Gmail)
    `^[ \\t]{0,12}(${ADDRESS_SOURCE})(?:[ \\t]+on[ \\t][^\\n]{0,60})?[ \\t]*$`,
    // sentences of the big providers and of Korean reports
    `(?:delivered|message) to <?(${ADDRESS_SOURCE})>? ?(?:because|couldn't|could not|can't|cannot|has not|hasn't|wasn't|was not|has been|is delayed)`,
    `(?:받는 ?사람|수신자|수신인|받는 ?주소|수신 ?주소)[ \\t]*[:：]?[ \\t]*<?(${ADDRESS_SOURCE})`,
  ].join('|'),
  'gim',
);

function recipientsInText(text: string, exclude: Set<string>): TextRecipient[] {
  const found: { address: string; index: number }[] = [];
  const seen = new Set<string>();
  RECIPIENT_LINE.lastIndex = 0;
  for (let m = RECIPIENT_LINE.exec(text); m && found.length < 50; m = RECIPIENT_LINE.exec(text)) {
    if (m[0].length === 0) RECIPIENT_LINE.lastIndex++;
    const address = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').replace(/\.+$/, '');
    const key = address.toLowerCase();
    if (!address || exclude.has(key) || /^(?:mailer-daemon|postmaster|no-?reply|bounce[s+]?)/i.test(address)) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ address, index: m.index });
  }
  return found.map((f, i) => ({ address: f.address, block: text.slice(f.index, Math.min(found[i + 1]?.index ?? text.length, f.index + MAX_BLOCK)) }));
}

function detectFormat(reading: Reading): string | undefined {
  for (const format of MAIL_SYSTEM_FORMATS) {
    if (format.body?.some((b) => reading.norm.includes(b))) return format.id;
  }
  for (const format of MAIL_SYSTEM_FORMATS) {
    if (format.from?.test(reading.from) && (DAEMON_FROM.test(reading.from) || BOUNCE_SUBJECT.test(reading.subject))) return format.id;
  }
  return undefined;
}

function isAutoReply(reading: Reading): boolean {
  const headers = reading.root.headers;
  if (AUTO_REPLY_HEADERS.some((h) => headers.some((f) => f.name === h.name && (!h.value || h.value.test(f.value))))) return true;
  if (AUTO_REPLY_SUBJECT.test(reading.subject)) return true;
  return AUTO_REPLY_BODY.some((p) => reading.norm.slice(0, 2000).includes(p));
}

// ------------------------------------------------------------------ verdicts

const SEVERITY: Record<RecipientVerdict['kind'], number> = { hard: 4, soft: 3, delayed: 2, delivered: 1 };

interface FailureInput {
  recipient: string | null;
  action: DsnAction | null;
  status: string | null;
  /** The recipient's own text (diagnostic, paragraph), raw. */
  own: string;
  /** What to show as the diagnostic (the Diagnostic-Code when there is one). */
  shown: string;
  /** Whether this is a delay rather than a final failure. */
  delayed: boolean;
}

function verdictOf(input: FailureInput, reading: Reading): RecipientVerdict {
  const { recipient, action, status } = input;
  const ownNorm = normalise(input.own);
  const diagnostic = shorten(input.shown);
  if (action === 'delivered' || action === 'relayed' || action === 'expanded' || (!action && status?.startsWith('2.'))) {
    return { kind: 'delivered', reason: action === 'relayed' || action === 'expanded' ? action : 'delivered', status, recipient, action, diagnostic, rule: null };
  }
  const basic = BASIC_REPLY.exec(input.own)?.[1];
  const transient = status ? status.startsWith('4.') : basic ? basic.startsWith('4') : false;
  const named = nameReason([ownNorm, reading.globalNorm], status);
  let reason: BounceReason = named?.reason ?? 'unknown';
  let rule = named?.rule ?? null;
  if (input.delayed) return { kind: 'delayed', reason, status, recipient, action, diagnostic, rule };
  // A final failure with only a temporary code: the relay gave up after its retries.
  if (transient && (reason === 'network_error' || reason === 'system_error' || reason === 'unknown')) {
    reason = 'expired';
    rule = rule ? `${rule}+retries` : 'retries';
  }
  const hard = HARD_REASONS.has(reason) && !transient && !named?.soft;
  return { kind: hard ? 'hard' : 'soft', reason, status, recipient, action, diagnostic, rule };
}

function textSaysDelay(reading: Reading): boolean {
  return DELAY_SUBJECT.test(reading.subject) || DELAY_MARKERS.some((m) => reading.norm.includes(m));
}

function textSaysFailure(reading: Reading): boolean {
  if (BOUNCE_SUBJECT.test(reading.subject) && !DELAY_SUBJECT.test(reading.subject)) return true;
  return FAILURE_MARKERS.some((m) => reading.norm.includes(m));
}

function notABounce(reason: BounceReason, reading: Reading, format = 'unknown'): BounceClassification {
  return {
    kind: 'not_a_bounce',
    reason,
    status: null,
    recipient: null,
    diagnostic: null,
    rule: null,
    format,
    recipients: [],
    envelopeId: null,
    originalMessageId: null,
    reportMessageId: headerOf(reading.root, 'message-id') ?? null,
    occurredAt: null,
    truncated: reading.truncated,
  };
}

function fromVerdicts(verdicts: RecipientVerdict[], reading: Reading, format: string, dsn: DsnReport | undefined): BounceClassification {
  let primary = verdicts[0]!;
  for (const v of verdicts) if (SEVERITY[v.kind] > SEVERITY[primary.kind]) primary = v;
  const envelope = dsn?.perMessage.get('original-envelope-id');
  const returnedId = reading.returned ? headerOf(reading.returned, 'message-id') : undefined;
  const lastAttempt = dsn?.recipients.find((r) => r.lastAttempt)?.lastAttempt;
  return {
    kind: primary.kind,
    reason: primary.reason,
    status: primary.status,
    recipient: primary.recipient,
    diagnostic: primary.diagnostic,
    rule: primary.rule,
    format,
    recipients: verdicts,
    envelopeId: envelope ? decodeXtext(envelope.trim()) : null,
    originalMessageId: returnedId?.trim() || null,
    reportMessageId: headerOf(reading.root, 'message-id') ?? null,
    occurredAt: dateOf(lastAttempt) ?? dateOf(dsn?.perMessage.get('arrival-date')) ?? dateOf(headerOf(reading.root, 'date')),
    truncated: reading.truncated,
  };
}

function fallbackRecipient(reading: Reading): string | null {
  const failed = headerOf(reading.root, 'x-failed-recipients');
  const fromFailed = addressOf(failed);
  if (fromFailed) return fromFailed;
  const to = reading.returned ? headerOf(reading.returned, 'to') : undefined;
  return addressOf(to) ?? null;
}

function classifyDsn(reading: Reading, dsn: DsnReport, format: string): BounceClassification {
  const exclude = excludedAddresses(reading);
  const paragraphs = recipientsInText(reading.text, exclude);
  const delayedByText = textSaysDelay(reading);
  const failedByText = textSaysFailure(reading);
  const verdicts = dsn.recipients.map((r) => {
    const recipient = r.finalRecipient ?? r.originalRecipient ?? fallbackRecipient(reading);
    const paragraph = recipient ? paragraphs.find((p) => p.address.toLowerCase() === recipient.toLowerCase())?.block : undefined;
    const own = [r.diagnostic ?? '', paragraph ?? ''].join('\n');
    // Status X.0.0 (or none) often hides the real code in the Diagnostic-Code.
    let status = r.status ?? null;
    const cls = status?.[0];
    if (!status || /^\d\.0\.0$/.test(status)) {
      const better = cls ? specificCodeIn(own, cls) : failureCodeIn(own);
      if (better) status = better;
    }
    const action = r.action ?? null;
    let delayed = action === 'delayed';
    if (!action && status?.startsWith('4.')) delayed = delayedByText || !failedByText;
    if (!action && !status) delayed = delayedByText && !/undeliver|failure|failed/i.test(reading.subject);
    return verdictOf({ recipient, action, status, own, shown: r.diagnostic ?? paragraph ?? '', delayed }, reading);
  });
  return fromVerdicts(verdicts, reading, format, dsn);
}

function excludedAddresses(reading: Reading): Set<string> {
  const out = new Set<string>();
  for (const name of ['from', 'to', 'return-path', 'reply-to', 'sender']) {
    const a = addressOf(headerOf(reading.root, name));
    if (a) out.add(a.toLowerCase());
  }
  return out;
}

function classifyText(reading: Reading, format: string): BounceClassification {
  const delayed = textSaysDelay(reading);
  const paragraphs = recipientsInText(reading.text, excludedAddresses(reading));
  const items = paragraphs.length > 0 ? paragraphs : [{ address: fallbackRecipient(reading), block: reading.text.slice(0, MAX_BLOCK) }];
  const verdicts = items.map((p) => {
    const status = failureCodeIn(p.block) ?? null;
    return verdictOf({ recipient: p.address, action: null, status, own: p.block, shown: p.block, delayed }, reading);
  });
  return fromVerdicts(verdicts, reading, format, undefined);
}

/**
 * Classifies one message that arrived at the bounce address. Never throws;
 * a message it cannot read is `not_a_bounce`.
 */
export function classifyBounce(raw: Uint8Array | string, options: ClassifyOptions = {}): BounceClassification {
  let reading: Reading;
  try {
    reading = read(raw, options);
  } catch {
    reading = read('', options);
  }
  try {
    return classifyReading(reading);
  } catch {
    return notABounce('not_a_report', reading);
  }
}

function classifyReading(reading: Reading): BounceClassification {
  if (reading.feedback || reading.reportType === 'feedback-report') return notABounce('feedback_report', reading, 'arf');
  if (reading.readReceipt || reading.reportType === 'disposition-notification') return notABounce('read_receipt', reading, 'mdn');
  const format = detectFormat(reading);
  for (const body of reading.statusBodies) {
    const dsn = readDsn(body);
    if (dsn) return classifyDsn(reading, dsn, format ?? 'rfc3464');
  }
  const daemon = DAEMON_FROM.test(reading.from);
  const failedHeader = headerOf(reading.root, 'x-failed-recipients') !== undefined;
  const strong = format !== undefined || failedHeader || daemon;
  if (CHALLENGE_RESPONSE.some((p) => reading.norm.includes(p) || reading.subject.toLowerCase().includes(p))) return notABounce('challenge_response', reading);
  if (!strong && isAutoReply(reading)) return notABounce('auto_reply', reading);
  const inText = dsnInText(reading.text);
  if (inText && (strong || BOUNCE_SUBJECT.test(reading.subject))) return classifyDsn(reading, inText, format ?? 'rfc3464');
  if (daemon && DELIVERED_SUBJECT.test(reading.subject)) {
    const recipient = recipientsInText(reading.text, excludedAddresses(reading))[0]?.address ?? fallbackRecipient(reading);
    return fromVerdicts([{ kind: 'delivered', reason: 'delivered', status: null, recipient, action: null, diagnostic: null, rule: null }], reading, format ?? 'generic', undefined);
  }
  const subjectSays = BOUNCE_SUBJECT.test(reading.subject) || DELAY_SUBJECT.test(reading.subject);
  const textSays = textSaysFailure(reading) || textSaysDelay(reading);
  if ((format !== undefined && format !== 'korean') || failedHeader || ((daemon || subjectSays) && textSays) || (format === 'korean' && (daemon || subjectSays))) {
    return classifyText(reading, format ?? 'generic');
  }
  if (isAutoReply(reading)) return notABounce('auto_reply', reading);
  return notABounce('not_a_report', reading);
}

export interface ReplyVerdict {
  kind: 'hard' | 'soft';
  reason: BounceReason;
  /** The enhanced status code in the reply; null when it has none. */
  status: string | null;
  rule: string | null;
}

/**
 * An SMTP reply refused at sending time (the relay said 4xx or 5xx to RCPT
 * or DATA) by the same rules as a returned report: hard only when the reply
 * names a dead address and is not temporary. For the SMTP adapter, whose
 * own mapping still calls every 550 a hard bounce.
 */
export function classifySmtpReply(responseCode: number, response: string): ReplyVerdict {
  const text = response.slice(0, 16_384);
  const status = failureCodeIn(text) ?? null;
  const transient = status ? status.startsWith('4.') : responseCode >= 400 && responseCode < 500;
  const named = nameReason([normalise(text)], status);
  const reason: BounceReason = named?.reason ?? 'unknown';
  const hard = HARD_REASONS.has(reason) && !transient && !named?.soft;
  return { kind: hard ? 'hard' : 'soft', reason, status, rule: named?.rule ?? null };
}
