import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { trustedHtml, type Html } from '../../platform/web/html.ts';

// The guide pages' Markdown: rendered by marked, then cleaned by
// sanitize-html with an allow-list (headings, paragraphs, lists, links with
// http, https or mailto and rel="noopener", emphasis, code, quotes, tables),
// so nothing else reaches a page: no script, style, frame, image, form or
// event attribute. Saving refuses Markdown with script in it (scriptIn); the
// display sanitises anyway, whatever is stored.

export type HeadingOffset = 1 | 2 | 3;

const marked = new Marked({
  gfm: true,
  async: false,
  tokenizer: {
    // Korean writes ranges with a tilde (7월 16일~31일): only ~~two tildes~~ strike text through
    del(src) {
      const m = /^~~(?=[^\s~])([\s\S]*?[^\s~])~~(?!~)/.exec(src);
      if (!m) return undefined;
      return { type: 'del', raw: m[0], text: m[1]!, tokens: this.lexer.inlineTokens(m[1]!) };
    },
  },
});

/**
 * Markdown to HTML with its headings moved under the page's own: the
 * shallowest heading written (# or ##, as the writer chose) becomes
 * h(1 + offset), the others keep their distance to it, h6 at most.
 */
function markdownHtml(markdown: string, offset: HeadingOffset): string {
  const tokens = marked.lexer(markdown);
  let top = 7;
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') top = Math.min(top, token.depth);
  });
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') token.depth = Math.min(6, token.depth - top + 1 + offset);
  });
  return marked.parser(tokens);
}

const ALLOW: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'a', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    ol: ['start'],
    th: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
    td: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // rel is set here, never taken from the input
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener' } }) },
};

/** The sanitised HTML of a page's Markdown (tables wrapped so they scroll on a phone); `#` is h(1 + offset). */
export function renderMarkdown(markdown: string, headingOffset: HeadingOffset = 1): Html {
  const raw = markdownHtml(markdown, headingOffset);
  const clean = sanitizeHtml(raw, ALLOW);
  // After sanitising, every `<table>` is a real tag (text would read &lt;table&gt;).
  return trustedHtml(clean.replaceAll('<table>', '<div class="table-wrap"><table>').replaceAll('</table>', '</table></div>'));
}

const TEXT_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' };

/** The words of a page's Markdown without its markup, in one line (for search). */
export function markdownText(markdown: string): string {
  const raw = markdownHtml(markdown, 1);
  const text = sanitizeHtml(raw, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, name: string) => TEXT_ENTITIES[name]!)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text a browser would see in an attribute: character references decoded, invisible characters gone. */
function decodedForSchemes(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Math.min(Number(dec), 0x10ffff)))
    .replace(/&colon;/gi, ':')
    .replace(/&(tab|newline);/gi, '')
    .replace(/[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+/g, '')
    .toLowerCase();
}

export type ScriptKind = 'script_tag' | 'script_url' | 'event_attribute';

/**
 * What kind of script a text carries, or null: a <script> tag, a
 * javascript: (or vbscript:) address however it is encoded, or an event
 * attribute (onerror=, onclick= …) inside a tag.
 */
export function scriptIn(text: string): ScriptKind | null {
  if (/<\s*\/?\s*script/i.test(text)) return 'script_tag';
  if (/<[^>]*[\s"'/]on[a-z]+\s*=/i.test(text)) return 'event_attribute';
  if (/(?:java|vb)script:/.test(decodedForSchemes(text))) return 'script_url';
  return null;
}
