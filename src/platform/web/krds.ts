import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import postcss, { type AtRule, type Rule } from 'postcss';

// KRDS, the Korean government's design system (npm krds-uiux), in our
// stylesheet. site.css imports three virtual files that esbuild bundles from
// the package when the server starts:
//
//   krds:fonts       @font-face for Pretendard GOV (Regular, Medium, Bold;
//                    woff2, font-display: swap), served from /assets/
//   krds:tokens      the design tokens (CSS custom properties), light mode
//   krds:components  the rules of the components the pages use, nothing else:
//                    component.css is 540 KB for some forty components
//
// KRDS writes sizes in rem for a root of 10px (its reset sets html to 62.5%);
// our pages keep the browser's root, so each KRDS rem becomes 10px here (the
// page zooms as before). Its high-contrast and dark modes hang on a
// data-krds-mode attribute that no page sets, and are left out. Our own
// class names take KRDS's look like Sass's @extend: `.button` is a
// `.krds-btn.primary`, `.input` a `.krds-input`, a `.table-wrap` table a
// `.krds-table-wrap .tbl.data`, so every page's buttons and tables follow
// KRDS without each view naming KRDS classes.

const require = createRequire(import.meta.url);
/** resources/ of the installed krds-uiux. */
export const KRDS_DIR = join(dirname(require.resolve('krds-uiux/package.json')), 'resources');
const COMPONENT_DIR = join(KRDS_DIR, 'css', 'component');

/** The Pretendard GOV weights the pages use (KRDS: regular body, medium labels, bold headings). */
export const KRDS_FONTS = [
  { weight: 400, file: 'PretendardGOV-Regular.subset.woff2' },
  { weight: 500, file: 'PretendardGOV-Medium.subset.woff2' },
  { weight: 700, file: 'PretendardGOV-Bold.subset.woff2' },
] as const;

/**
 * The components kept, by the start of a selector (its first compound), and
 * the parts of them the pages do not use (logos of KRDS itself, social and
 * quick links, calendar and clear-input buttons, the 732px minimum width KRDS
 * gives every table on a phone).
 */
const KEEP = [
  '#krds-skip-link',
  '#krds-masthead',
  '#krds-footer',
  '.krds-identifier',
  '.krds-btn',
  '.krds-input',
  'textarea.krds-input',
  '.is-error .krds-input',
  '.form-group',
  '.krds-step-wrap',
  '.krds-table-wrap',
];
const DROP = /\.foot-quick|\.f-logo|\.link-sns|\.footer-banner|krds-identifier-txt|\.btn-ico-wrap|calendar|\[data-delete|\.krds-identifier \.logo|\.krds-btn\.(icon|text|link|xsmall|xlarge)|\.btn-delete|\.textarea-/;
/** Declarations left out of kept rules: KRDS's phone-width table. */
const DROP_IN_MEDIA: readonly [RegExp, RegExp][] = [[/^\.krds-table-wrap( \.tbl)?$/, /^(min-width|width)$/]];

/** KRDS selector → ours, added beside it (the KRDS class still works). First match wins. */
const ALIASES: readonly [RegExp, readonly string[]][] = [
  [/\.krds-table-wrap \.tbl\.data/g, ['.table-wrap table']],
  [/\.krds-table-wrap \.tbl/g, ['.table-wrap table']],
  [/\.krds-table-wrap/g, ['.table-wrap']],
  [/\.krds-btn\.primary/g, ['.button']],
  [/\.krds-btn\.secondary/g, ['.button.button-secondary']],
  [/\.krds-btn\.tertiary/g, ['.button.button-tertiary']],
  [/\.krds-btn\.small/g, ['.button.button-small']],
  [/\.krds-btn\.medium/g, ['.button.button-medium']],
  [/\.krds-btn/g, ['.button']],
  [/\.is-error \.krds-input/g, ['.field-error .input', '.field-error .select', '.field-error .textarea']],
  [/textarea\.krds-input/g, ['textarea.textarea']],
  [/\.krds-input/g, ['.input', '.select', '.textarea']],
];

function keep(selector: string): boolean {
  const first = selector.trim();
  return KEEP.some((prefix) => first === prefix || first.startsWith(`${prefix} `) || first.startsWith(`${prefix}.`) || first.startsWith(`${prefix}:`) || first.startsWith(`${prefix}[`) || first.startsWith(`${prefix}>`) || first.startsWith(`${prefix}::`))
    && !DROP.test(first);
}

function aliases(selector: string): string[] {
  const found = ALIASES.find(([from]) => selector.match(from));
  return found ? found[1].map((to) => selector.replace(found[0], to).replace(/\.krds-btn/g, '.button').replace(/\.krds-input/g, '.input')) : [];
}

/** 1.7rem → 17px (KRDS's rem is 10px); inside values only. */
export function remToPx(value: string): string {
  return value.replace(/(-?\d*\.?\d+)rem\b/g, (_, n: string) => `${Number((Number(n) * 10).toFixed(3))}px`);
}

/**
 * KRDS's compiled CSS names its icons one folder too deep (img/img/); the
 * path is set right, and a picture that is not in the package drops its
 * declaration rather than fail the build.
 */
function fixUrls(value: string): string | null {
  if (!value.includes('url(')) return value;
  let missing = false;
  const fixed = value.replace(/url\((['"]?)([^'")]+)\1\)/g, (whole, _q: string, path: string) => {
    if (path.startsWith('data:')) return whole;
    const right = path.replace('/img/img/', '/img/');
    if (!existsSync(resolve(COMPONENT_DIR, right))) missing = true;
    return `url(${right})`;
  });
  return missing ? null : fixed;
}

function inModes(rule: Rule): boolean {
  for (let node = rule.parent; node && node.type !== 'root'; node = node.parent) {
    if (node.type === 'atrule' && /prefers-color-scheme|forced-colors/.test((node as AtRule).params)) return true;
  }
  return false;
}

/** The kept rules of component.css (aliases beside them), rem in px, as CSS. */
export function extractKrdsComponents(css: string = readFileSync(join(COMPONENT_DIR, 'component.css'), 'utf8')): string {
  const root = postcss.parse(css);
  root.walkRules((rule) => {
    if (inModes(rule) || rule.parent?.type === 'rule') {
      rule.remove();
      return;
    }
    const selectors = rule.selectors.filter((s) => !/data-krds-mode|\.is-gnb|#wrap|#container|hasScroll/.test(s) && keep(s));
    if (selectors.length === 0) {
      rule.remove();
      return;
    }
    const aliased = [...new Set(selectors.flatMap(aliases))].filter((s) => !selectors.includes(s));
    rule.selectors = [...selectors, ...aliased];
    const inMedia = rule.parent?.type === 'atrule';
    rule.walkDecls((decl) => {
      if (inMedia && DROP_IN_MEDIA.some(([sel, prop]) => selectors.some((s) => sel.test(s)) && prop.test(decl.prop))) {
        decl.remove();
        return;
      }
      const value = fixUrls(remToPx(decl.value));
      if (value === null) decl.remove();
      else decl.value = value;
    });
    if (!rule.nodes?.length) rule.remove();
  });
  root.walkAtRules((at) => {
    if (at.name === 'charset' || (at.name !== 'font-face' && !at.nodes?.length)) at.remove();
  });
  root.walkAtRules((at) => {
    if (at.name === 'media' && !at.nodes?.length) at.remove();
  });
  root.walkComments((comment) => { comment.remove(); });
  return root.toString();
}

const VAR = /var\((--krds-[a-z0-9-]+)/g;

/** The --krds-… properties a stylesheet reads. */
export function krdsVarsIn(css: string): Set<string> {
  return new Set([...css.matchAll(VAR)].map((m) => m[1]!));
}

/**
 * The tokens of the light mode (the high-contrast ones only serve a mode no
 * page sets), rem in px; with `used`, only those read there and the tokens
 * they read in turn (the package defines some 750, the pages read a tenth).
 */
export function extractKrdsTokens(used?: ReadonlySet<string>, css: string = readFileSync(join(KRDS_DIR, 'css', 'token', 'krds_tokens.css'), 'utf8')): string {
  const root = postcss.parse(css);
  // A few more (font weights, icon sizes, transitions, the focus ring) are set in common.css, KRDS's reset, which is not shipped.
  postcss.parse(readFileSync(join(KRDS_DIR, 'css', 'common', 'common.css'), 'utf8')).each((node) => {
    if (node.type === 'rule' && node.selector === ':root') root.append(node.clone());
    if (node.type === 'atrule' && node.name === 'media' && node.nodes?.every((n) => n.type === 'rule' && n.selector === ':root')) root.append(node.clone());
  });
  let needed: Set<string> | undefined;
  if (used) {
    const definitions = new Map<string, string>();
    root.walkDecls((decl) => { if (decl.prop.startsWith('--')) definitions.set(decl.prop, `${definitions.get(decl.prop) ?? ''} ${decl.value}`); });
    needed = new Set();
    const queue = [...used];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (needed.has(name)) continue;
      needed.add(name);
      queue.push(...krdsVarsIn(definitions.get(name) ?? ''));
    }
  }
  root.walkRules((rule) => {
    if (rule.selector.includes('data-krds-mode') || inModes(rule)) {
      rule.remove();
      return;
    }
    rule.walkDecls((decl) => {
      if (decl.prop.startsWith('--krds-high-contrast-') || (needed && decl.prop.startsWith('--') && !needed.has(decl.prop))) decl.remove();
      else decl.value = remToPx(decl.value);
    });
    if (!rule.nodes?.length) rule.remove();
  });
  root.walkAtRules((at) => {
    if (at.name === 'charset' || (at.name === 'media' && !at.nodes?.length)) at.remove();
  });
  root.walkComments((comment) => { comment.remove(); });
  return root.toString();
}

/** @font-face for Pretendard GOV, the family the KRDS tokens name (--krds-typo-font-type). */
export function krdsFontFaces(): string {
  return KRDS_FONTS.map(
    (font) => `@font-face { font-family: "Pretendard GOV"; font-style: normal; font-weight: ${font.weight}; font-display: swap; src: url("../../fonts/${font.file}") format("woff2"); }`,
  ).join('\n');
}

const SRC_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Every stylesheet under src/ (the pages' own and the kept components): the tokens any of them reads. */
function tokensRead(): Set<string> {
  const files = readdirSync(SRC_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.css'));
  const texts = [extractKrdsComponents(), ...files.map((f) => readFileSync(join(SRC_DIR, f), 'utf8'))];
  return new Set(texts.flatMap((text) => [...krdsVarsIn(text)]));
}

/** The esbuild plugin behind `@import "krds:…"`; files referred to resolve from the package's css/component folder. */
export const krdsPlugin: Plugin = {
  name: 'krds',
  setup(build) {
    build.onResolve({ filter: /^krds:/ }, (args) => ({ path: args.path.slice('krds:'.length), namespace: 'krds' }));
    build.onLoad({ filter: /.*/, namespace: 'krds' }, (args) => {
      const contents = args.path === 'fonts' ? krdsFontFaces() : args.path === 'tokens' ? extractKrdsTokens(tokensRead()) : args.path === 'components' ? extractKrdsComponents() : undefined;
      if (contents === undefined) return { errors: [{ text: `krds:${args.path} is not a KRDS stylesheet (krds:fonts, krds:tokens or krds:components)` }] };
      return { contents, loader: 'css', resolveDir: COMPONENT_DIR };
    });
  },
};
