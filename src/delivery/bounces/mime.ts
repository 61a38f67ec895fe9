import iconv from 'iconv-lite';

// A small MIME reader, good enough for returned mail and careful with what
// it is given: returned mail comes from any mail system on the Internet, and
// from anyone who can send mail to the bounce address. It reads multipart
// bodies with or without their closing boundary, message/rfc822 and
// text/rfc822-headers parts, base64 and quoted-printable bodies, RFC 2047
// encoded words and the charsets iconv-lite knows (plus ISO-2022-KR, which
// old Korean mail systems still send).
//
// Every step is bounded: the input is cut at `maxBytes`, nesting at
// `maxDepth` levels, a multipart at `maxParts` parts, and no regular
// expression here can backtrack over more than a line or a bounded run, so
// the work is linear in the bytes kept. It never throws on any input.
//
// mailparser installs from the registry now, but it is asynchronous, merges
// the text parts (the delivery-status part included) into one text by
// default, and reads about 1,200 bounces a second on this machine; the
// classifier needs each part on its own, synchronously, at a bounded cost.

export interface MimeLimits {
  /** Bytes of the message looked at; the rest is ignored (default 512 KiB). */
  maxBytes: number;
  /** Nesting of multiparts and enclosed messages (default 6). */
  maxDepth: number;
  /** Parts read from one multipart (default 64). */
  maxParts: number;
  /** Header fields read from one header block (default 256). */
  maxHeaders: number;
}

export const DEFAULT_MIME_LIMITS: MimeLimits = { maxBytes: 512 * 1024, maxDepth: 6, maxParts: 64, maxHeaders: 256 };

export interface HeaderField {
  /** Lower-case field name. */
  name: string;
  /** The unfolded value, 8-bit bytes decoded, encoded words decoded. */
  value: string;
}

export interface ContentType {
  /** `type/subtype`, lower-case; text/plain when absent or unreadable. */
  type: string;
  params: Map<string, string>;
}

export interface MimeEntity {
  headers: HeaderField[];
  contentType: ContentType;
  /** The undecoded body as a binary string (one char per byte). */
  rawBody: string;
  /** Parts of a multipart; the enclosed message of message/rfc822 (one entity). */
  children: MimeEntity[];
}

/** The first value of a header field, or undefined. */
export function headerOf(entity: MimeEntity, name: string): string | undefined {
  for (const h of entity.headers) if (h.name === name) return h.value;
  return undefined;
}

/** Every value of a header field, in order. */
export function headersOf(entity: MimeEntity, name: string): string[] {
  return entity.headers.filter((h) => h.name === name).map((h) => h.value);
}

// ---------------------------------------------------------------- charsets

const CHARSET_ALIASES: Record<string, string> = {
  'ks_c_5601-1987': 'cp949',
  ks_c_5601: 'cp949',
  'ks_c_5601-1989': 'cp949',
  ksc5601: 'cp949',
  'ksc-5601': 'cp949',
  'euc-kr': 'cp949',
  euckr: 'cp949',
  'x-windows-949': 'cp949',
  'windows-949': 'cp949',
  uhc: 'cp949',
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'ansi_x3.4-1968': 'utf-8',
  'x-unknown': 'utf-8',
  unknown: 'utf-8',
  '': 'utf-8',
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** ISO-2022-KR: SO/SI shifts between ASCII and KS X 1001 (EUC-KR without the high bit). */
function decodeIso2022Kr(bytes: Uint8Array): string {
  const out: number[] = [];
  let shifted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x1b && bytes[i + 1] === 0x24 && bytes[i + 2] === 0x29 && bytes[i + 3] === 0x43) {
      i += 3; // ESC $ ) C designates KS X 1001
    } else if (b === 0x0e) shifted = true;
    else if (b === 0x0f) shifted = false;
    else if (b === 0x0a || b === 0x0d) {
      shifted = false;
      out.push(b);
    } else out.push(shifted && b >= 0x21 && b <= 0x7e ? b | 0x80 : b);
  }
  return iconv.decode(Buffer.from(out), 'cp949');
}

/**
 * Bytes to text in the declared charset. When none is declared, or it says
 * ASCII or UTF-8 and the bytes are not UTF-8, the bytes are read as CP949
 * (EUC-KR): Korean mail systems often send unlabelled or mislabelled Korean.
 * An unknown charset is read the same way. Never throws.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? '').trim().replace(/^["']|["']$/g, '').toLowerCase();
  const name = CHARSET_ALIASES[label] ?? label;
  try {
    if (name === 'iso-2022-kr' || name === 'csiso2022kr') return decodeIso2022Kr(bytes);
    if (name !== 'utf-8' && iconv.encodingExists(name)) return iconv.decode(Buffer.from(bytes), name);
    if (isValidUtf8(bytes)) return Buffer.from(bytes).toString('utf8');
    return iconv.decode(Buffer.from(bytes), 'cp949');
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

// ---------------------------------------------------------------- encodings

/** A binary string (one char per byte) back to its bytes. */
export function binaryBytes(binary: string): Buffer {
  return Buffer.from(binary, 'latin1');
}

function decodeQuotedPrintable(binary: string): Buffer {
  const out = Buffer.allocUnsafe(binary.length);
  let n = 0;
  for (let i = 0; i < binary.length; i++) {
    const c = binary.charCodeAt(i);
    if (c === 0x3d /* = */) {
      const a = binary.charCodeAt(i + 1);
      const b = binary.charCodeAt(i + 2);
      if (a === 0x0d && b === 0x0a) {
        i += 2; // soft line break
        continue;
      }
      if (a === 0x0a) {
        i += 1;
        continue;
      }
      const hi = hexValue(a);
      const lo = hexValue(b);
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function decodeBase64(binary: string): Buffer {
  return Buffer.from(binary.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
}

/** The body's bytes after its Content-Transfer-Encoding. */
export function bodyBytes(entity: MimeEntity): Buffer {
  const encoding = (headerOf(entity, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') return decodeBase64(entity.rawBody);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(entity.rawBody);
  return binaryBytes(entity.rawBody);
}

/** The body as text, in its charset. */
export function bodyText(entity: MimeEntity): string {
  return decodeBytes(bodyBytes(entity), entity.contentType.params.get('charset'));
}

// RFC 2047: =?charset?B|Q?text?= ; a language tag (RFC 2231) may follow the charset.
const ENCODED_WORD = /=\?([^?\s]{1,64})\?([BbQq])\?([^?\s]{0,1000})\?=/g;

const ADJACENT_WORDS = /(=\?[^?\s]{1,64}\?[BbQq]\?[^?\s]{0,1000}\?=)[ \t\r\n]+(?==\?[^?\s]{1,64}\?[BbQq]\?[^?\s]{0,1000}\?=)/g;

/** Decodes RFC 2047 encoded words; whitespace between two of them disappears. Broken words stay as they are. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  const joined = value.replace(ADJACENT_WORDS, '$1');
  return joined.replace(ENCODED_WORD, (whole, charset: string, encoding: string, text: string) => {
    const cs = charset.split('*')[0];
    const bytes = encoding.toUpperCase() === 'B' ? decodeBase64(text) : decodeQuotedPrintable(text.replace(/_/g, ' '));
    return bytes.length === 0 && text.length > 0 ? whole : decodeBytes(bytes, cs);
  });
}

function decodeHeaderValue(binary: string): string {
  // eslint-disable-next-line no-control-regex
  const raw = /[\x80-\xff]/.test(binary) ? decodeBytes(binaryBytes(binary), undefined) : binary;
  return decodeEncodedWords(raw).trim();
}

// ---------------------------------------------------------------- structure

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]{1,76}$/;
/** A field longer than this is junk: the rest is dropped. */
const MAX_FIELD_CHARS = 16_384;

/** Header-like fields (mail headers, DSN field groups): unfolded, names lower-cased, in order. */
export function parseFields(block: string, maxFields = DEFAULT_MIME_LIMITS.maxHeaders): HeaderField[] {
  const fields: HeaderField[] = [];
  let name: string | undefined;
  let value = '';
  const flush = () => {
    if (name !== undefined && fields.length < maxFields) fields.push({ name, value: decodeHeaderValue(value) });
    name = undefined;
  };
  let pos = 0;
  while (pos < block.length && fields.length < maxFields) {
    let end = block.indexOf('\n', pos);
    if (end < 0) end = block.length;
    const line = block.charCodeAt(end - 1) === 0x0d ? block.slice(pos, end - 1) : block.slice(pos, end);
    pos = end + 1;
    if (line.length > 0 && (line[0] === ' ' || line[0] === '\t')) {
      if (name !== undefined && value.length < MAX_FIELD_CHARS) value += ` ${line.slice(0, MAX_FIELD_CHARS).trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const candidate = line.slice(0, colon).trimEnd().toLowerCase();
    if (!FIELD_NAME.test(candidate)) continue;
    name = candidate;
    value = line.slice(colon + 1, colon + 1 + MAX_FIELD_CHARS).trim();
  }
  flush();
  return fields;
}

/** `type/subtype` and its parameters; text/plain for anything unreadable. */
export function parseContentType(value: string | undefined): ContentType {
  const params = new Map<string, string>();
  if (!value) return { type: 'text/plain', params };
  const semi = value.indexOf(';');
  const typePart = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const type = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(typePart) ? typePart : 'text/plain';
  if (semi >= 0) {
    const re = /([A-Za-z0-9!#$%&'*+.^_`{|}~-]{1,64})\s*=\s*(?:"((?:[^"\\]|\\.){0,1000})"|([^;\s]{1,1000}))/g;
    const text = value.slice(semi + 1);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const key = m[1]!.toLowerCase();
      if (!params.has(key)) params.set(key, (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1'));
    }
  }
  return { type, params };
}

function splitHeadBody(text: string): { head: string; body: string } {
  // A message that starts with an empty line has no header.
  if (text.startsWith('\r\n')) return { head: '', body: text.slice(2) };
  if (text.startsWith('\n')) return { head: '', body: text.slice(1) };
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, body: '' };
  return { head: text.slice(0, match.index), body: text.slice(match.index + match[0].length) };
}

/** Types whose body is a message (or its header): read as an entity of its own, never as the report's text. */
export const ENCLOSING = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);

interface Budget {
  parts: number;
}

function splitMultipart(body: string, boundary: string, limits: MimeLimits): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let start = -1;
  let pos = 0;
  while (pos <= body.length) {
    let end = body.indexOf('\n', pos);
    if (end < 0) end = body.length;
    // Only lines that begin with the delimiter are looked at closely.
    if (body.startsWith(delimiter, pos)) {
      const rest = body.slice(pos + delimiter.length, end).trimEnd();
      if (rest === '' || rest === '--') {
        if (start >= 0) {
          const partEnd = pos >= 2 && body.charCodeAt(pos - 2) === 0x0d ? pos - 2 : Math.max(start, pos - 1);
          parts.push(body.slice(start, partEnd));
          if (parts.length >= limits.maxParts) return parts;
        }
        if (rest === '--') return parts;
        start = end + 1;
      }
    }
    pos = end + 1;
  }
  // No closing boundary: the last part runs to the end.
  if (start >= 0 && start <= body.length) parts.push(body.slice(start));
  return parts;
}

function parseEntityAt(text: string, depth: number, limits: MimeLimits, budget: Budget): MimeEntity {
  const { head, body } = splitHeadBody(text);
  const headers = parseFields(head, limits.maxHeaders);
  const contentType = parseContentType(headers.find((h) => h.name === 'content-type')?.value);
  const entity: MimeEntity = { headers, contentType, rawBody: body, children: [] };
  if (depth >= limits.maxDepth) return entity;
  const { type } = contentType;
  if (type.startsWith('multipart/')) {
    const boundary = contentType.params.get('boundary');
    if (boundary && boundary.length <= 200) {
      for (const part of splitMultipart(body, boundary, limits)) {
        if (budget.parts <= 0) break;
        budget.parts--;
        entity.children.push(parseEntityAt(part, depth + 1, limits, budget));
      }
    }
  } else if (ENCLOSING.has(type)) {
    if (budget.parts > 0) {
      budget.parts--;
      entity.children.push(parseEntityAt(binaryOf(bodyBytes(entity)), depth + 1, limits, budget));
    }
  }
  return entity;
}

function binaryOf(bytes: Buffer): string {
  return bytes.toString('latin1');
}

export interface ParsedMessage {
  root: MimeEntity;
  /** The input was longer than maxBytes and was cut. */
  truncated: boolean;
  /** Bytes of the input. */
  size: number;
}

/** Reads a message; never throws, whatever the bytes. */
export function parseMessage(raw: Uint8Array | string, limits: Partial<MimeLimits> = {}): ParsedMessage {
  const l: MimeLimits = { ...DEFAULT_MIME_LIMITS, ...limits };
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const truncated = bytes.length > l.maxBytes;
  const text = bytes.subarray(0, l.maxBytes).toString('latin1');
  try {
    return { root: parseEntityAt(text, 0, l, { parts: l.maxParts * 4 }), truncated, size: bytes.length };
  } catch {
    return { root: { headers: [], contentType: { type: 'text/plain', params: new Map() }, rawBody: text, children: [] }, truncated, size: bytes.length };
  }
}

/** Every entity of the tree, depth first, parents before children. */
export function walk(entity: MimeEntity, visit: (e: MimeEntity, insideMessage: boolean) => void, insideMessage = false): void {
  visit(entity, insideMessage);
  const enclosed = insideMessage || ENCLOSING.has(entity.contentType.type);
  for (const child of entity.children) walk(child, visit, enclosed);
}

/** HTML to plain text, enough to read a report: tags dropped, block ends as line breaks, entities decoded. */
export function htmlToText(html: string): string {
  let text = '';
  let pos = 0;
  const lower = html.toLowerCase();
  // Drop <style> and <script> contents with indexOf: no backtracking on unclosed ones.
  while (pos < html.length) {
    const style = lower.indexOf('<style', pos);
    const script = lower.indexOf('<script', pos);
    const next = style < 0 ? script : script < 0 ? style : Math.min(style, script);
    if (next < 0) {
      text += html.slice(pos);
      break;
    }
    text += html.slice(pos, next);
    const closer = next === style ? '</style' : '</script';
    const close = lower.indexOf(closer, next);
    if (close < 0) break;
    const gt = html.indexOf('>', close);
    pos = gt < 0 ? html.length : gt + 1;
  }
  return text
    .replace(/<(?:br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table|p|div|tr|li)\b[^<>]*>/gi, '\n')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
      const r = ref.toLowerCase();
      if (r.startsWith('#x')) return safeCodePoint(parseInt(r.slice(2), 16), whole);
      if (r.startsWith('#')) return safeCodePoint(parseInt(r.slice(1), 10), whole);
      return NAMED_ENTITIES[r] ?? whole;
    });
}

const NAMED_ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ndash: '-', mdash: '-', rsquo: "'", lsquo: "'", ldquo: '"', rdquo: '"' };

function safeCodePoint(cp: number, fallback: string): string {
  return Number.isInteger(cp) && cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : fallback;
}
