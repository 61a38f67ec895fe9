import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../platform/errors.ts';
import { builtinTemplates } from './templates.defaults.ts';
import { ALLOWED_VARIABLES, compileTemplate, escapeHtml, TEMPLATE_CHANNELS, TEMPLATE_KINDS } from './templates.engine.ts';
import { validateTemplate } from './templates.repository.ts';

const allowed = ALLOWED_VARIABLES.notice;

describe('template language', () => {
  test('fills slots, tolerating spaces inside the braces', () => {
    const t = compileTemplate('{{ taxpayer_name }}님, {{amount}} / {{amount}}', allowed);
    assert.deepEqual(t.variables, ['taxpayer_name', 'amount']);
    assert.equal(t.render({ taxpayer_name: '홍길동', amount: '1,000원' }), '홍길동님, 1,000원 / 1,000원');
  });

  test('escapes values in HTML and leaves them raw in text', () => {
    const t = compileTemplate('<p>{{taxpayer_name}}</p>', allowed);
    assert.equal(t.render({ taxpayer_name: '<b>A&B "C"</b>' }, 'html'), '<p>&lt;b&gt;A&amp;B &quot;C&quot;&lt;/b&gt;</p>');
    assert.equal(t.render({ taxpayer_name: '<b>A&B</b>' }), '<p><b>A&B</b></p>');
  });

  test('refuses an unknown variable, naming it and the field', () => {
    assert.throws(
      () => compileTemplate('{{taxpayer_name}} {{resident_number}}', allowed, 'subject'),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'template_unknown_variable');
        assert.match(error.messages.en, /\{\{resident_number\}\}/);
        assert.match(error.messages.en, /subject/);
        assert.match(error.messages.ko, /\{\{resident_number\}\}/);
        assert.deepEqual(error.problems.map((p) => ({ field: p.field, reason: p.reason, label: p.label?.en })), [{ field: 'subject', reason: 'unknown variable {{resident_number}}', label: 'Subject' }]);
        return true;
      },
    );
  });

  test('arrears-only variables are refused in a notice template', () => {
    assert.throws(() => compileTemplate('{{total_due}}', ALLOWED_VARIABLES.notice), { code: 'template_unknown_variable' });
    assert.doesNotThrow(() => compileTemplate('{{total_due}} {{additional_dues}}', ALLOWED_VARIABLES.arrears));
  });

  test('refuses logic and unmatched braces', () => {
    for (const bad of ['{{#if amount}}x{{/if}}', '{{amount | upper}}', 'Total {{amount', 'x }} y', '{{}}']) {
      assert.throws(() => compileTemplate(bad, allowed), { code: 'template_syntax' }, bad);
    }
  });

  test('property: text without braces renders unchanged; html escaping never leaves a raw < or "', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes('{') && !s.includes('}')), fc.string(), (literal, value) => {
        assert.equal(compileTemplate(literal, allowed).render({}), literal);
        const html = compileTemplate('{{taxpayer_name}}', allowed).render({ taxpayer_name: value }, 'html');
        assert.equal(html, escapeHtml(value));
        assert.ok(!/[<>"']/.test(html));
      }),
    );
  });

  test('every built-in template is valid for its kind, in both languages', () => {
    for (const kind of TEMPLATE_KINDS) {
      for (const locale of ['ko', 'en'] as const) {
        const set = builtinTemplates(kind, locale);
        for (const channel of TEMPLATE_CHANNELS) {
          assert.doesNotThrow(() => validateTemplate(set[channel], { hosts: [] }), `${kind}/${channel}/${locale}`);
          assert.equal(set[channel].channel, channel);
        }
        assert.match(set.kakao.kakaoTemplateCode ?? '', /^TS_[A-Z_]+_V1$/);
        assert.deepEqual(set.kakao.buttons.map((b) => b.url), ['{{link}}']);
        assert.match(set.email.htmlBody ?? '', new RegExp(`<html lang="${locale}">`));
        assert.doesNotMatch(set.email.htmlBody ?? '', /<img/i);
      }
    }
  });
});
