import sanitizeHtml from 'sanitize-html';
import { checkTemplateLink, type LinkPolicy, type LinkProblem } from './template-links.ts';

// The e-mail HTML a district may write, as one policy used twice: when a
// template is saved, anything outside it is named and the template refused
// (never silently changed); when a message is rendered, the maintained
// sanitiser (sanitize-html) keeps only what the policy allows, whatever is
// stored. Allowed: the structure and text of a document (headings,
// paragraphs, lists, tables, links, images), inline styles without url()
// or expressions, links and images only to the allowed hosts. Not allowed:
// scripts, event handlers, forms, frames, objects, <style>/<link>/<base>,
// meta refresh, and any javascript:, data: or foreign address.

const ALLOWED_TAGS = [
  'html', 'head', 'meta', 'title', 'body',
  'main', 'header', 'footer', 'section', 'article', 'nav', 'aside', 'div', 'span', 'center',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'address',
  'strong', 'b', 'em', 'i', 'u', 's', 'small', 'sub', 'sup', 'mark', 'abbr', 'font',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'a', 'img',
];

const GLOBAL_ATTRIBUTES = ['style', 'lang', 'dir', 'title', 'class', 'id', 'role', 'align', 'valign', 'width', 'height', 'bgcolor', 'aria-*'];
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': GLOBAL_ATTRIBUTES,
  meta: ['charset', 'name', 'content'],
  a: ['href', 'target', 'rel'],
  img: ['src', 'alt', 'border'],
  table: ['border', 'cellpadding', 'cellspacing', 'summary'],
  th: ['scope', 'colspan', 'rowspan', 'headers', 'abbr'],
  td: ['colspan', 'rowspan', 'headers'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'type', 'reversed'],
  font: ['color', 'face', 'size'],
};
const URL_ATTRIBUTES: Record<string, string> = { a: 'href', img: 'src' };

/** Something in the HTML that the policy does not allow. */
export type HtmlFinding =
  | { kind: 'element'; name: string }
  | { kind: 'event_handler'; name: string; element: string }
  | { kind: 'attribute'; name: string; element: string }
  | { kind: 'form_action'; url: string }
  | { kind: 'link'; url: string; problem: LinkProblem }
  | { kind: 'style'; element: string };

function attributeAllowed(tag: string, name: string): boolean {
  const allowed = [...GLOBAL_ATTRIBUTES, ...(ALLOWED_ATTRIBUTES[tag] ?? [])];
  return allowed.includes(name) || (name.startsWith('aria-') && /^aria-[a-z]+$/.test(name));
}

/** A style that could fetch something or run something (url(), expression(), @import, behaviour, javascript:). */
function unsafeStyle(style: string): boolean {
  return /url\s*\(|expression\s*\(|@import|behaviou?r\s*:|-moz-binding|javascript:|\{\{/i.test(style);
}

function options(policy: LinkPolicy, onOpenTag?: (tag: string, attribs: Record<string, string>) => void): sanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    // Every address is checked by the policy below; the sanitiser's own scheme list is the floor.
    allowedSchemes: ['http', 'https'],
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action'],
    allowProtocolRelative: false,
    selfClosing: ['br', 'hr', 'img', 'meta', 'col'],
    disallowedTagsMode: 'discard',
    // meta only for charset and the viewport (no refresh, no http-equiv).
    exclusiveFilter: (frame) => frame.tag === 'meta' && !('charset' in frame.attribs) && frame.attribs.name !== 'viewport',
    transformTags: {
      '*': (tagName, attribs) => {
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(attribs)) {
          if (name === URL_ATTRIBUTES[tagName] && checkTemplateLink(value, policy, tagName === 'a') !== null) continue;
          if (name === 'style' && unsafeStyle(value)) continue;
          kept[name] = value;
        }
        return { tagName, attribs: kept };
      },
    },
    onOpenTag,
  };
}

/** Everything in the HTML that the policy does not allow, in document order (at most one finding per thing). */
export function inspectEmailHtml(source: string, policy: LinkPolicy): HtmlFinding[] {
  const findings: HtmlFinding[] = [];
  const seen = new Set<string>();
  const add = (finding: HtmlFinding) => {
    const key = JSON.stringify(finding);
    if (!seen.has(key)) findings.push(finding), seen.add(key);
  };
  sanitizeHtml(
    source,
    options(policy, (tag, attribs) => {
      if (!ALLOWED_TAGS.includes(tag)) add({ kind: 'element', name: tag });
      if (tag === 'form' && attribs.action !== undefined) add({ kind: 'form_action', url: attribs.action });
      for (const [name, value] of Object.entries(attribs)) {
        if (/^on/i.test(name)) add({ kind: 'event_handler', name, element: tag });
        else if (name === URL_ATTRIBUTES[tag]) {
          const problem = checkTemplateLink(value, policy, tag === 'a');
          if (problem) add({ kind: 'link', url: value, problem });
        } else if (name === 'style' && unsafeStyle(value)) add({ kind: 'style', element: tag });
        else if (ALLOWED_TAGS.includes(tag) && !attributeAllowed(tag, name) && !(tag === 'form' && name === 'action')) {
          add({ kind: 'attribute', name, element: tag });
        }
        // Addresses in attributes of elements refused anyway (iframe src, object data…) are covered by the element.
      }
      if (tag === 'meta' && !('charset' in attribs) && attribs.name !== 'viewport') add({ kind: 'element', name: 'meta' });
    }),
  );
  return findings;
}

const cache = new Map<string, string>();
const CACHE_LIMIT = 200;

/**
 * The HTML as the policy allows it: what sanitize-html keeps, written back
 * the way the template wrote it (its doctype kept, void elements without the
 * XHTML slash), so that an allowed template renders exactly as written.
 * Cached per source and policy: templates are few, messages many.
 */
export function sanitizeEmailHtml(source: string, policy: LinkPolicy): string {
  const key = `${policy.hosts.join(' ')}\0${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const doctype = /^\s*<!doctype html>\s*/i.exec(source)?.[0] ?? '';
  const kept = sanitizeHtml(source, options(policy)).replace(/ \/>/g, '>');
  const clean = doctype ? doctype + kept.trimStart() : kept;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, clean);
  return clean;
}
