import { createHash } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import type { DistrictSettingsMessageKey } from './district-settings.messages.ts';

// An uploaded district logo, checked before it is stored: a PNG by its
// signature and header (its size read from IHDR), or an SVG rewritten
// through an allow-list (sanitize-html in XML mode): drawing elements and
// presentation attributes only, no script, no event handler, no
// foreignObject, no reference outside the file (href only to '#…', no url()
// but url(#…)). A document type declaration (entities) refuses the file. The
// logo is then only ever shown as an <img>, and served under a policy that
// runs nothing (district-profile.section.ts): three walls, not one.

export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_MAX_SIDE = 1024;

export type LogoContentType = 'image/png' | 'image/svg+xml';

export interface CheckedLogo {
  contentType: LogoContentType;
  content: Buffer;
  sha256: Buffer;
  width: number | null;
  height: number | null;
}

export type LogoCheck = { ok: true; logo: CheckedLogo } | { ok: false; reason: Extract<DistrictSettingsMessageKey, `logo_${string}`> };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const SVG_TAGS = [
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern',
];
const SVG_ATTRIBUTES = [
  'id', 'class', 'style', 'transform', 'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin',
  'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'opacity', 'clip-path', 'clip-rule', 'mask', 'color',
  'display', 'visibility', 'd', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'dx', 'dy', 'width', 'height',
  'points', 'viewBox', 'preserveAspectRatio', 'xmlns', 'xmlns:xlink', 'version', 'offset', 'stop-color', 'stop-opacity', 'gradientUnits',
  'gradientTransform', 'spreadMethod', 'clipPathUnits', 'maskUnits', 'maskContentUnits', 'patternUnits', 'patternContentUnits',
  'patternTransform', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing',
  'href', 'xlink:href',
];

/** A value that reaches outside the file: url(…) to anything but '#…', or a script scheme. */
function reachesOutside(value: string): boolean {
  return /url\(\s*['"]?\s*(?!#)/i.test(value) || /(java|vb)script:|data:|@import|expression\s*\(/i.test(value);
}

/** The SVG rewritten through the allow-list; null when it must be refused. */
export function sanitiseSvg(text: string): string | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return null;
  const clean = sanitizeHtml(text, {
    allowedTags: SVG_TAGS,
    allowedAttributes: Object.fromEntries(SVG_TAGS.map((tag) => [tag, SVG_ATTRIBUTES])),
    // Only '#…' survives (checked below); these keep sanitize-html from judging href by HTML's rules.
    allowedSchemes: [],
    allowedSchemesAppliedToAttributes: [],
    allowProtocolRelative: false,
    // The contents of what is dropped go with it.
    nonTextTags: ['script', 'style', 'foreignObject', 'iframe', 'object', 'embed', 'metadata', 'noscript', 'textarea', 'option'],
    disallowedTagsMode: 'discard',
    parser: { xmlMode: true, lowerCaseTags: false, lowerCaseAttributeNames: false, decodeEntities: true },
    transformTags: {
      '*': (tagName, attribs) => {
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(attribs)) {
          if ((name === 'href' || name === 'xlink:href') && !value.trim().startsWith('#')) continue;
          if (reachesOutside(value)) continue;
          kept[name] = value;
        }
        return { tagName, attribs: kept };
      },
    },
  }).trim();
  if (!/^<svg[\s>]/.test(clean) || !/<(path|rect|circle|ellipse|line|polyline|polygon|text|use)\b/.test(clean)) return null;
  return clean;
}

/** The PNG's size from its header, or null when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function checked(contentType: LogoContentType, content: Buffer, size: { width: number; height: number } | null): LogoCheck {
  return { ok: true, logo: { contentType, content, sha256: createHash('sha256').update(content).digest(), width: size?.width ?? null, height: size?.height ?? null } };
}

/** The file as uploaded (its type read from its bytes, never from its name or the browser's word). */
export function checkLogo(bytes: Buffer): LogoCheck {
  if (bytes.length === 0) return { ok: false, reason: 'logo_missing' };
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, reason: 'logo_too_large' };
  const png = pngSize(bytes);
  if (png) {
    if (png.width < 1 || png.height < 1 || png.width > LOGO_MAX_SIDE || png.height > LOGO_MAX_SIDE) return { ok: false, reason: 'logo_too_wide' };
    return checked('image/png', bytes, png);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  // A declaration of entities can make an SVG expand or reach files: refused, not cleaned.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, reason: /<svg[\s>]/i.test(text) ? 'logo_svg_unsafe' : 'logo_not_image' };
  if (!/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) return { ok: false, reason: 'logo_not_image' };
  const svg = sanitiseSvg(text);
  if (!svg) return { ok: false, reason: 'logo_svg_unsafe' };
  return checked('image/svg+xml', Buffer.from(svg, 'utf8'), null);
}
