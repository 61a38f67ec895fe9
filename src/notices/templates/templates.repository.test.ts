import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { AppError } from '../../platform/errors.ts';
import { renderMessage, sampleView } from '../render/notice-render.ts';
import { loadTemplates, previewTemplate, resetTemplate, saveTemplate } from './templates.repository.ts';

forEachEngine('district templates', (ctx) => {
  before(async () => {
    await ctx.db.query(`INSERT INTO districts (code, name_ko, name_en) VALUES ('gangnam', '강남구', 'Gangnam-gu'), ('seocho', '서초구', 'Seocho-gu')`);
  });

  test('built-ins apply where a district saved nothing', async () => {
    const set = await loadTemplates(ctx.db, 'gangnam', 'notice', 'ko');
    assert.equal(set.kakao.source, 'builtin');
    assert.equal(set.kakao.kakaoTemplateCode, 'TS_NOTICE_V1');
    assert.equal(set.email.source, 'builtin');
  });

  test('a saved template overrides the built-in for that district only', async () => {
    const saved = await saveTemplate(ctx.db, {
      districtCode: 'gangnam',
      kind: 'notice',
      channel: 'sms',
      locale: 'ko',
      body: '[{{district_name}}] {{taxpayer_name}}님 {{tax_item}} {{amount}}',
      updatedBy: 'official.kim',
    });
    assert.equal(saved.source, 'district');
    assert.equal(saved.updatedBy, 'official.kim');
    const mine = await loadTemplates(ctx.db, 'gangnam', 'notice', 'ko');
    assert.equal(mine.sms.source, 'district');
    assert.equal(mine.kakao.source, 'builtin');
    const sms = renderMessage(sampleView('notice', 'ko', '강남구'), 'sms', mine);
    assert.deepEqual(sms, { kind: 'sms', text: '[강남구] 홍길동님 재산세 1,284,500원' });
    assert.equal((await loadTemplates(ctx.db, 'seocho', 'notice', 'ko')).sms.source, 'builtin');
    assert.equal((await loadTemplates(ctx.db, 'gangnam', 'notice', 'en')).sms.source, 'builtin');

    // Saving again replaces, and a reset brings the built-in back.
    await saveTemplate(ctx.db, { districtCode: 'gangnam', kind: 'notice', channel: 'sms', locale: 'ko', body: '{{amount}}', updatedBy: 'official.lee' });
    assert.equal((await loadTemplates(ctx.db, 'gangnam', 'notice', 'ko')).sms.body, '{{amount}}');
    assert.equal(await resetTemplate(ctx.db, { districtCode: 'gangnam', kind: 'notice', channel: 'sms', locale: 'ko' }), true);
    assert.equal((await loadTemplates(ctx.db, 'gangnam', 'notice', 'ko')).sms.source, 'builtin');
  });

  test('an unknown variable is refused at save time, naming the variable and the field, and nothing is saved', async () => {
    await assert.rejects(
      saveTemplate(ctx.db, {
        districtCode: 'gangnam',
        kind: 'notice',
        channel: 'email',
        locale: 'ko',
        subject: '{{tax_item}} 고지',
        body: '{{taxpayer_name}}님',
        htmlBody: '<!doctype html><html lang="ko"><body><p>{{birth_date}}</p></body></html>',
        updatedBy: 'official.kim',
      }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'template_unknown_variable');
        assert.equal(error.status, 422);
        assert.match(error.messages.en, /\{\{birth_date\}\} \(html_body\)/);
        assert.deepEqual(error.problems.map((p) => ({ field: p.field, reason: p.reason, ko: p.reasons?.ko })), [{ field: 'html_body', reason: 'unknown variable {{birth_date}}', ko: '쓸 수 없는 변수 {{birth_date}}: 쓸 수 있는 변수 중에서 고르세요' }]);
        return true;
      },
    );
    const { rows } = await ctx.db.query('SELECT 1 FROM message_templates WHERE district_code = $1 AND channel = $2', ['gangnam', 'email']);
    assert.equal(rows.length, 0);
  });

  test('channel rules: KakaoTalk needs its approved code, e-mail needs lang and text', async () => {
    await assert.rejects(
      saveTemplate(ctx.db, { districtCode: 'gangnam', kind: 'notice', channel: 'kakao', locale: 'ko', body: '{{amount}}', updatedBy: 'x' }),
      (e: unknown) => e instanceof AppError && e.code === 'template_invalid' && e.problems.some((p) => p.field === 'kakao_template_code'),
    );
    await assert.rejects(
      saveTemplate(ctx.db, {
        districtCode: 'gangnam',
        kind: 'notice',
        channel: 'email',
        locale: 'ko',
        subject: 's',
        body: 'b',
        htmlBody: '<html><body><img src="https://tax.example.go.kr/notice.png"></body></html>',
        updatedBy: 'x',
      }, { publicUrl: 'https://tax.example.go.kr' }),
      (e: unknown) => e instanceof AppError && e.code === 'template_invalid' && e.problems.length === 2,
    );
    await assert.rejects(
      saveTemplate(ctx.db, { districtCode: 'gangnam', kind: 'reminder', channel: 'sms', locale: 'ko', body: '', updatedBy: 'x' }),
      (e: unknown) => e instanceof AppError && e.code === 'template_invalid' && e.problems[0]?.field === 'body',
    );
    const kakao = await saveTemplate(ctx.db, {
      districtCode: 'gangnam',
      kind: 'arrears',
      channel: 'kakao',
      locale: 'ko',
      kakaoTemplateCode: 'GANGNAM_ARREARS_2',
      body: '[{{district_name}}] 체납 {{total_due}}',
      buttons: [{ name: '납부하기', url: '{{link}}' }],
      updatedBy: 'official.kim',
    });
    assert.equal(kakao.kakaoTemplateCode, 'GANGNAM_ARREARS_2');
    assert.deepEqual(kakao.buttons, [{ name: '납부하기', url: '{{link}}' }]);
  });

  test('preview renders the current template or a draft with sample values', async () => {
    const current = await previewTemplate(ctx.db, { districtCode: 'gangnam', kind: 'arrears', channel: 'kakao', locale: 'ko' });
    assert.equal(current.channel, 'kakao');
    if (current.channel !== 'kakao') return;
    assert.equal(current.content.templateCode, 'GANGNAM_ARREARS_2');
    assert.equal(current.content.text, '[강남구] 체납 1,323,030원');

    const draft = await previewTemplate(ctx.db, {
      districtCode: 'seocho',
      kind: 'notice',
      channel: 'paper',
      locale: 'en',
      draft: { subject: '{{tax_item}} {{tax_year}}', body: 'Pay {{amount}} by {{due_date}}.' },
    });
    assert.equal(draft.channel, 'paper');
    if (draft.channel === 'paper') {
      assert.equal(draft.content.title, 'Property tax 2026');
      assert.equal(draft.content.explanation, 'Pay KRW 1,284,500 by 31 July 2026.');
      assert.equal(draft.content.districtName, 'Seocho-gu');
    }
    await assert.rejects(
      previewTemplate(ctx.db, { districtCode: 'seocho', kind: 'notice', channel: 'sms', locale: 'ko', draft: { body: '{{nope}}' } }),
      { code: 'template_unknown_variable' },
    );
  });
});
