import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { markdownText, renderMarkdown, scriptIn } from './booths.markdown.ts';
import { checkPage } from './booths.schema.ts';

// Property tests of the guide pages' Markdown: whatever an official (or
// anyone who reached the database) writes, the rendered HTML carries no
// script, no event attribute and no javascript: address; and the save-time
// check refuses script however it is dressed.

/** Pieces of attacks and of ordinary Markdown, mixed at random with random text. */
const ATTACKS = [
  '<script>alert(1)</script>', '<SCRIPT SRC=//x.example/a.js>', '<scr<script>ipt>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>', '<a href="javascript:alert(1)">x</a>', '[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))',
  '[x](java&#x73;cript:alert(1))', '[x](&#106;avascript:alert(1))', '[x]( javascript:alert(1) )', '<a href="jav\tascript:alert(1)">t</a>',
  '<iframe src="https://x.example"></iframe>', '<style>body{display:none}</style>', '<div onclick="x()">d</div>', '<p style="x" onmouseover=alert(1)>',
  '![i](javascript:alert(1))', '<img src="javascript:alert(1)">', '[ref]\n\n[ref]: javascript:alert(1)', '<a href=vbscript:msgbox(1)>v</a>',
  '<object data="javascript:alert(1)"></object>', '<form action="javascript:alert(1)"><button>b</button></form>', '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>', '<details open ontoggle=alert(1)>', '<body onload=alert(1)>',
  '`<script>`', '<!-- <script> -->', '<<script>script>', '</script>',
];
const MARKDOWN = ['# ', '## ', '\n\n', '\n', '- ', '1. ', '**', '*', '_', '`', '```\n', '> ', '| a | b |\n|---|---|\n| 1 | 2 |\n', '[', '](', ')', '<', '>', '"', "'", '=', ' ', '&', ';', 'https://www.wetax.go.kr', 'mailto:a@b.example', '취득세', 'on', 'onerror', 'javascript', ':'];
const markdown = fc
  .array(fc.oneof(fc.constantFrom(...ATTACKS), fc.constantFrom(...MARKDOWN), fc.string({ maxLength: 12 })), { maxLength: 30 })
  .map((parts) => parts.join(''));

/** Every address attribute of every tag (not text), decoded as a browser would read it. */
function urls(html: string): string[] {
  return (html.match(/<[a-z][^>]*>/gi) ?? []).flatMap((tag) => [...tag.matchAll(/\s(?:href|src|action|data|formaction|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map((m) =>
    (m[1] ?? m[2] ?? m[3] ?? '')
      .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
      .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&colon;/gi, ':')
      .replace(/[\s\u0000-\u001f]+/g, '')
      .toLowerCase(),
  ));
}

test('whatever the Markdown, the rendered HTML has no <script, no on…= attribute and no javascript: address', () => {
  fc.assert(
    fc.property(markdown, fc.constantFrom(1 as const, 2 as const, 3 as const), (md, offset) => {
      const out = renderMarkdown(md, offset).value;
      assert.doesNotMatch(out, /<script/i);
      for (const tag of out.match(/<[a-z][^>]*>/gi) ?? []) assert.doesNotMatch(tag, /[\s"'/]on[a-z]+\s*=/i, tag);
      for (const url of urls(out)) assert.doesNotMatch(url, /^(?:javascript|vbscript|data):/, url);
      assert.doesNotMatch(out, /<(?:iframe|style|img|object|embed|form|svg|math|body|details|input|button)\b/i);
      for (const a of out.match(/<a\b[^>]*>/gi) ?? []) assert.match(a, /rel="noopener"/, a);
    }),
    { numRuns: 1500 },
  );
});

test('links keep http, https and mailto and lose every other scheme', () => {
  assert.equal(renderMarkdown('[위택스](https://www.wetax.go.kr)').value, '<p><a href="https://www.wetax.go.kr" rel="noopener">위택스</a></p>\n');
  assert.match(renderMarkdown('[메일](mailto:tax@example.go.kr)').value, /href="mailto:tax@example\.go\.kr"/);
  assert.match(renderMarkdown('[x](//evil.example/a)').value, /<a rel="noopener">x<\/a>/, 'no protocol-relative address');
  assert.match(renderMarkdown('<a href="https://x.example" rel="opener" target="_blank">x</a>').value, /<a href="https:\/\/x\.example" rel="noopener">x<\/a>/);
  assert.match(renderMarkdown('| a | b |\n|---|--:|\n| 1 | 2 |').value, /^<div class="table-wrap"><table>[\s\S]*<td align="right">2<\/td>[\s\S]*<\/table><\/div>\n?$/);
  assert.match(renderMarkdown('# 제목', 2).value, /^<h3>제목<\/h3>/);
  assert.match(renderMarkdown('## 절\n\n### 소절', 1).value, /^<h2>절<\/h2>\n<h3>소절<\/h3>/, 'the shallowest heading written sits right under the title');
  assert.equal(renderMarkdown('오전 10시~12시, 오후 2시~4시 (1월~6월)').value, '<p>오전 10시~12시, 오후 2시~4시 (1월~6월)</p>\n', 'a tilde is a range, not a strike-through');
  assert.equal(renderMarkdown('~~폐지~~ 된 제도').value, '<p><del>폐지</del> 된 제도</p>\n');
});

test('script is found however it is written; harmless Markdown is not refused', () => {
  const dangerous = fc.constantFrom(...ATTACKS.filter((a) => !a.startsWith('<iframe') && !a.startsWith('<style') && !a.startsWith('`<script') && !a.startsWith('<!--') && !a.startsWith('<a href="data:')));
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), dangerous, fc.string({ maxLength: 40 }), (before, attack, after) => {
      assert.notEqual(scriptIn(before + attack + after), null, attack);
      const checked = checkPage({ kind: 'faq', slug: 'q', status: 'draft', titleKo: '질문', bodyKo: before + attack + after });
      assert.equal(checked.page, null);
      assert.ok(checked.problems.some((p) => p.field === 'bodyKo' && /script is not allowed in pages/.test(p.message.en)));
    }),
    { numRuns: 500 },
  );
  const harmless = fc.array(fc.constantFrom('# 재산세\n\n', '- 7월과 9월\n', '**납부**', '[이택스](https://etax.seoul.go.kr)', ' one = two ', 'on time', '1 < 2 > 0', '\n\n| 세목 | 기한 |\n|---|---|\n| 재산세 | 7월 |\n'), { minLength: 1, maxLength: 12 });
  fc.assert(
    fc.property(harmless, (parts) => {
      const md = parts.join('');
      assert.equal(scriptIn(md), null, md);
      assert.notEqual(checkPage({ kind: 'booth', slug: 'property-tax', position: '3', status: 'published', titleKo: '재산세', bodyKo: md }).page, null);
    }),
  );
});

test('plain text for search keeps the words and drops the markup', () => {
  assert.equal(markdownText('# 취득세\n\n**60일** 안에 [이택스](https://etax.seoul.go.kr)에서 신고 & 납부\n\n- 하나\n- 둘 <script>x()</script>'), '취득세 60일 안에 이택스에서 신고 & 납부 하나 둘');
  fc.assert(
    fc.property(markdown, (md) => {
      const text = markdownText(md);
      // one line of words: what the rendered page shows, never its tags (a '<' typed as text may stay)
      assert.equal(text, text.trim());
      assert.doesNotMatch(text, /\s{2,}|\n/);
      assert.doesNotMatch(text, /rel="noopener"|<\/(?:p|li|h\d|strong|em)>/);
    }),
    { numRuns: 300 },
  );
});
