import { z } from 'zod';

// Test support for raw-code-walker.test.ts (not a test): the text a person
// sees on a page (or in a problem answer), in the language it is marked as,
// the machine words found in it, and the forms a page holds.

export interface TextRun {
  /** The language the text is in: the nearest lang attribute around it. */
  lang: string;
  text: string;
  /** Where it came from: 'text', or the attribute's name. */
  source: string;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Attributes a person reads or hears (screen readers), besides element text. */
const SHOWN_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'alt', 'label']);
const BUTTON_TYPES = new Set(['submit', 'button', 'reset']);

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[lower]!;
  });
}

export function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of source.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attributes[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attributes;
}

const TOKEN = /<!--[\s\S]*?-->|<![^>]*>|<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>|<(\/?)([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|[^<]+|</g;

/**
 * The text of a page as it is shown or read out: element text (scripts,
 * styles and comments left out; <template> content kept, since scripts show
 * it), the attributes people read or hear (title, aria-label, placeholder,
 * alt, a button's value, and data-text-* strings that scripts put on the
 * page), each with the language of the nearest lang attribute. Text marked
 * translate="no" (a secret to type into an app, a file's column as the file
 * names it, a reference number) is the data it shows, left out.
 */
export function visibleText(page: string): TextRun[] {
  const runs: TextRun[] = [];
  const stack: { name: string; lang: string; data: boolean; template: boolean }[] = [{ name: '#document', lang: '', data: false, template: false }];
  const top = () => stack[stack.length - 1]!;
  const lang = () => top().lang;
  for (const m of page.matchAll(TOKEN)) {
    const [token, raw, closing, name, attributeSource] = m;
    if (raw || token.startsWith('<!')) continue;
    if (!name) {
      const text = decodeEntities(token).replace(/\s+/g, ' ').trim();
      if (text && !top().data) runs.push({ lang: lang(), text, source: top().template ? 'template' : 'text' });
      continue;
    }
    const tag = name.toLowerCase();
    if (closing) {
      const at = stack.map((s) => s.name).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attributes = parseAttributes(attributeSource ?? '');
    const here = attributes.lang ?? lang();
    const data = top().data || attributes.translate === 'no';
    const template = top().template || tag === 'template';
    for (const [key, value] of Object.entries(attributes)) {
      const shown =
        SHOWN_ATTRIBUTES.has(key) ||
        key.startsWith('data-text') ||
        (key === 'value' && tag === 'input' && BUTTON_TYPES.has(attributes.type ?? ''));
      if (shown && value.trim() && !data) runs.push({ lang: here, text: value.replace(/\s+/g, ' ').trim(), source: template ? `template ${key}` : key });
    }
    if (!VOID.has(tag) && !token.endsWith('/>')) stack.push({ name: tag, lang: here, data, template });
  }
  return runs;
}

/** Parts of a text that are addresses or data, not words: URLs, paths, e-mail addresses, file names. */
const NOT_WORDS = [
  /\bhttps?:\/\/[^\s<>"')]+/g,
  /[\w.*+-]+@[\w-]+(\.[\w-]+)+/g, // e-mail addresses, masked ones too
  /(^|[\s(])\/[\w\-./?=&%:#]+/g, // site paths such as /r/update/…
  /\b[\w-]+(\/[\w.-]+)+/g, // file paths such as docs/providers.md
  /\{\{\s*\w+\s*\}\}/g, // a template's variables, in the syntax officials write templates in
  /\b[\w.-]+\.(csv|pdf|txt|json|xlsx|zip|png|jpe?g|ics|mp4|webm)\b/gi, // file names
];

export function withoutAddresses(text: string): string {
  return NOT_WORDS.reduce((t, pattern) => t.replace(pattern, ' '), text);
}

/** zod's own English messages (v3 and v4), which must never reach a person ("Required" only as a field's reason: a column may be headed so). */
const ZOD_DEFAULTS = /Invalid input|Too (big|small)\b|expected (string|number|boolean|object|array|int|date|nonoptional)|received (undefined|null|NaN|string|number)|Unrecognized keys?\b|Invalid (option|string|email|url|uuid|date|enum|literal)\b|String must contain|Number must be|:\s*Required\b/;

/**
 * Latin words a Korean page may show, and why: channel and file format
 * names Korean officials and residents write in Latin letters (SMS, LMS,
 * QR, PDF, CSV, A4 via the digit rule below), units, and the office's
 * abbreviations of identifiers that have no Korean spelling.
 */
export const KOREAN_PAGE_LATIN = new Set([
  'SMS', 'LMS', 'MMS', 'QR', 'PDF', 'CSV', 'URL', 'ID', 'OTP', 'PIN',
  'KB', 'MB', 'GB', 'km', 'm', 'x',
  // file formats and codecs staff choose files by, named as their programs name them
  'JSON', 'PNG', 'SVG', 'JPEG', 'GIF', 'WebP', 'WebM', 'WebVTT', 'iCalendar', 'opus', 'Tiled',
  'Google', 'Microsoft', 'Authenticator', // authenticator apps, by the names app stores list them under
  'CI', // 연계정보(CI): the identity-linking key, written so in Korean law and by the identity services
  'W', 'A', 'S', 'D', 'Enter', 'Esc', // keys, as printed on Korean keyboards
  'KST', // the time zone mark on instants a legal moment may hang on (platform/web/format.ts formatSeoulTime)
  'qwerty', // the password hint's example of a keyboard pattern: letters typed, not a word
  'WCAG', 'AA', // the accessibility standard and its level, named so in Korean accessibility statements
  'ARS', // the national automated phone payment line, spelled so on every Korean tax bill
]);

/** Proper nouns and format names that look like camelCase but are no code. */
const NOT_CODES = new Set(['iCalendar']);

export interface MachineWord {
  kind: 'code' | 'zod' | 'latin';
  word: string;
}

/**
 * Codes (snake_case, camelCase, a {placeholder} left unfilled), zod's
 * defaults, and (on a Korean run) Latin words outside the allowed list and
 * the page's own `codes` (identifiers such as district codes, shown as codes).
 */
export function machineWords(run: TextRun, pageLang: string, codes: ReadonlySet<string> = new Set()): MachineWord[] {
  const found: MachineWord[] = [];
  const zod = ZOD_DEFAULTS.exec(run.text) ?? (run.source === 'reason' && run.text === 'Required' ? ['Required'] : null);
  if (zod) found.push({ kind: 'zod', word: zod[0] });
  let text = withoutAddresses(run.text);
  // A script fills the {placeholders} of its data-text-* strings and <template>s; anywhere else one is a message left unfilled.
  if (run.source.startsWith('data-text') || run.source.startsWith('template')) text = text.replace(/\{\w+\}/g, ' ');
  for (const m of text.matchAll(/\{\w+\}/g)) found.push({ kind: 'code', word: m[0] });
  for (const m of text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) found.push({ kind: 'code', word: m[0] });
  for (const m of text.matchAll(/\b[a-z]+(?:[A-Z][a-z0-9]+)+\b/g)) if (!NOT_CODES.has(m[0])) found.push({ kind: 'code', word: m[0] });
  if ((run.lang || pageLang) === 'ko') {
    // A word of Latin letters only (a token with a digit is a code such as
    // A4 or a notice number; a dotted token is a username or host name).
    for (const m of text.matchAll(/(?<![\w.@-])[A-Za-z]+(?:['’][a-z]+)?(?![\w.@-])/g)) {
      if (!KOREAN_PAGE_LATIN.has(m[0]) && !codes.has(m[0])) found.push({ kind: 'latin', word: m[0] });
    }
  }
  return found;
}

export interface FormField {
  tag: 'input' | 'textarea' | 'select';
  name: string;
  type: string;
  value: string;
  attributes: Record<string, string>;
  /** For a select: its options' values. */
  options?: string[];
}

export interface PageForm {
  method: string;
  action: string;
  enctype: string;
  attributes: Record<string, string>;
  fields: FormField[];
}

/** The forms of a page with their fields (nested forms do not exist in HTML). */
export function parseForms(page: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = parseAttributes(m[1]!);
    const body = m[2]!;
    const fields: FormField[] = [];
    for (const f of body.matchAll(/<(input|textarea|select)\b((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>(?:([\s\S]*?)<\/\1>)?/gi)) {
      const tag = f[1]!.toLowerCase() as FormField['tag'];
      const a = parseAttributes(f[2]!);
      if (!a.name || a.disabled !== undefined) continue;
      if (tag === 'input') {
        const type = (a.type ?? 'text').toLowerCase();
        if ((type === 'checkbox' || type === 'radio') && a.checked === undefined) {
          fields.push({ tag, name: a.name, type, value: '', attributes: a });
          continue;
        }
        fields.push({ tag, name: a.name, type, value: a.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''), attributes: a });
      } else if (tag === 'textarea') {
        fields.push({ tag, name: a.name, type: 'textarea', value: decodeEntities(f[3] ?? ''), attributes: a });
      } else {
        const options = [...(f[3] ?? '').matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => {
          const oa = parseAttributes(o[1]!);
          return { value: oa.value ?? decodeEntities(o[2]!.trim()), selected: oa.selected !== undefined };
        });
        fields.push({ tag, name: a.name, type: 'select', value: (options.find((o) => o.selected) ?? options[0])?.value ?? '', attributes: a, options: options.map((o) => o.value) });
      }
    }
    // The first named submit button: a browser sends its name and value with the form (pressing Enter too).
    const button = [...body.matchAll(/<button\b([^>]*)>/gi)].map((b) => parseAttributes(b[1]!)).find((a) => (a.type ?? 'submit') === 'submit');
    if (button?.name) fields.push({ tag: 'input', name: button.name, type: 'submit', value: button.value ?? '', attributes: button });
    forms.push({
      method: (attributes.method ?? 'get').toLowerCase(),
      action: new URL(attributes.action || pageUrl, 'http://local' + pageUrl).pathname + (attributes.action?.includes('?') ? '?' + attributes.action.split('?')[1] : ''),
      enctype: attributes.enctype ?? 'application/x-www-form-urlencoded',
      attributes,
      fields,
    });
  }
  return forms;
}

/** The same-site links of a page (paths with their query). */
export function pageLinks(page: string): string[] {
  const links = new Set<string>();
  for (const m of page.matchAll(/<a\b[^>]*\bhref="([^"#][^"]*)"/gi)) {
    const href = decodeEntities(m[1]!);
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    links.add(href);
  }
  return [...links];
}

interface Def {
  type?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The most characters a request schema takes for a form field (the field's
 * string maximum, through optional, default, pipes and unions); null when
 * the schema sets none or has no such field.
 */
export function serverMaxLength(schema: unknown, field: string): number | null {
  if (!(schema instanceof z.ZodType)) return null;
  const expand = (s: z.ZodType, depth = 0): z.ZodType[] => {
    const def = defOf(s);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    const further = depth > 10 ? [] : inner ? [inner] : def.type === 'union' ? (def.options ?? []) : def.type === 'intersection' ? [def.left!, def.right!] : [];
    return [s, ...further.flatMap((x) => expand(x, depth + 1))];
  };
  const fields = expand(schema).flatMap((node) => (defOf(node).type === 'object' && defOf(node).shape?.[field] ? [defOf(node).shape![field]!] : []));
  const maxima = fields
    .flatMap((f) => expand(f))
    .filter((node) => defOf(node).type === 'string')
    .flatMap((node) => (node as unknown as { _zod: { def: { checks?: { _zod: { def: { check?: string; maximum?: number } } }[] } } })._zod.def.checks ?? [])
    .map((check) => (check._zod.def.check === 'max_length' ? check._zod.def.maximum : undefined))
    .filter((m): m is number => typeof m === 'number');
  return maxima.length ? Math.min(...maxima) : null;
}

const MONTH_NAMES = 'January|February|March|April|May|June|July|August|September|October|November|December';
const MONTH_SHORT = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
/** Dates written in no page's format, whatever the language: ISO days and instants, slashes, Korean 년월일 with a year, month-first English, 12-hour clocks, dotted days without their spaces or with padded months. */
const FOREIGN_DATES: RegExp[] = [
  /(?<![\d-])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])/g,
  /\d{4}년\s*\d{1,2}월\s*\d{1,2}일/g,
  new RegExp(`\\b(?:${MONTH_NAMES}|${MONTH_SHORT})\\.? \\d{1,2}(?:st|nd|rd|th)?, \\d{4}\\b`, 'g'),
  /(?:오전|오후)\s?\d{1,2}:\d{2}/g,
  /\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:AM|PM|am|pm|a\.m\.|p\.m\.)/g,
  /(?<![\d.])\d{4}\.\d{1,2}\.\d{1,2}\b/g,
  /(?<![\d.])\d{4}\. 0\d\. \d{1,2}\.|(?<![\d.])\d{4}\. \d{1,2}\. 0\d\./g,
];
/**
 * Words that make a text an example of what to type ("예: 2026-07-10 09:00",
 * "2027-04-14처럼 입력하세요", "enter a date like 2026-07-31", "as
 * year-month-day"): there an ISO day is the form the field, the API or the
 * roll file takes, not a date shown to be read.
 */
const INPUT_EXAMPLE = /예\s*:|처럼|형식|for example|\blike\b|\be\.g\.|\bas ["\d]|year-month-day|연-월-일/i;
const SLASH_DATE = /(?<![\d/])\d{1,4}\/\d{1,2}\/\d{2,4}(?![\d/])/g;
/** The other language's own format: a Korean day on an English page, an English one on a Korean page. */
const OTHER_LANGUAGE_DATES: Record<string, RegExp> = {
  en: /(?<![\d.])\d{4}\. \d{1,2}\. \d{1,2}\./g,
  ko: new RegExp(`\\b\\d{1,2} (?:${MONTH_NAMES}|${MONTH_SHORT}) \\d{4}\\b`, 'g'),
};

/**
 * Dates in a text written otherwise than the one format of its language
 * (platform/web/format.ts: "2026. 6. 12." in Korean, "12 June 2026" in
 * English; times on the 24-hour clock): an ISO day shown as text, "2026년
 * 6월 12일", "6/12/2026", "Jun 12, 2026", toLocaleString's "오후 2:05:00",
 * or the other language's format. Addresses (a link's ?day=2026-06-12) are
 * no text and left out; so is an ISO day in a text that gives it as an
 * example of what to type (INPUT_EXAMPLE).
 */
export function foreignDates(run: TextRun, pageLang: string): string[] {
  const text = withoutAddresses(run.text);
  // A hint or reason that shows what to type into a text field, an API or a roll file gives the form those take (ISO).
  const example = INPUT_EXAMPLE.test(text);
  const found = FOREIGN_DATES.flatMap((pattern, i) => (i === 0 && example ? [] : [...text.matchAll(pattern)].map((m) => m[0])));
  // Slashes: file paths are taken out as addresses, so this looks at the text with only links and site paths gone.
  const linkless = run.text.replace(NOT_WORDS[0]!, ' ').replace(NOT_WORDS[2]!, ' ');
  found.push(...[...linkless.matchAll(SLASH_DATE)].map((m) => m[0]));
  const other = OTHER_LANGUAGE_DATES[run.lang || pageLang];
  if (other) found.push(...[...text.matchAll(other)].map((m) => m[0]));
  return found;
}
