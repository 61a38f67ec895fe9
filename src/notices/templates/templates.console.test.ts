import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { fillOfficeContact } from '../../platform/districts/districts.repository.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

// The templates API and console over real HTTP on both engines: an unknown
// {{variable}} is refused with the variable named (API and form), a preview
// renders sample values, a reset brings back the built-in template, and a
// district's template is its own.

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

forEachEngine('templates: API and console', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let seocho: TestClient;
  let expert: TestClient;
  const api = (c: TestClient, path: string, method = 'GET', body?: unknown) => c.json(path, method, body, { 'x-csrf-token': c.csrfToken ?? '' });
  const post = (c: TestClient, path: string, fields: Record<string, string>) =>
    c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: form({ _csrf: c.csrfToken ?? '', ...fields }) });

  before(async () => {
    server = await startTestServer(ctx.db);
    const g = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official', 'expert'], { ko: '강남구', en: 'Gangnam-gu' });
    const s = await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    official = new TestClient(server.url);
    await official.login(g.tax_official);
    expert = new TestClient(server.url);
    await expert.login(g.expert);
    seocho = new TestClient(server.url);
    await seocho.login(s.tax_official);
  });
  after(async () => {
    await server?.close();
  });

  test('guards: no session 401, a role without templates 403', async () => {
    assert.equal((await api(new TestClient(server.url), '/api/templates')).status, 401);
    assert.equal((await api(expert, '/api/templates')).status, 403);
    assert.equal((await expert.request('/console/templates', { headers: { accept: 'text/html' } })).status, 403);
  });

  test('an unknown variable is refused with the variable named (API and form); preview; reset', async () => {
    const refused = await api(official, '/api/templates/notice/kakao/en', 'PUT', { kakaoTemplateCode: 'TS_NOTICE_EN', body: 'Pay {{amount}} by {{due_dat}}', buttons: [] });
    assert.equal(refused.status, 422);
    const problem = (await refused.json()) as { code: string; detail: string; errors: { field: string; reason: string }[] };
    assert.equal(problem.code, 'template_unknown_variable');
    assert.match(problem.detail, /\{\{due_dat\}\}/);
    assert.deepEqual(problem.errors, [{ field: 'body', label: '본문', reason: '쓸 수 없는 변수 {{due_dat}}: 쓸 수 있는 변수 중에서 고르세요' }]);

    const preview = await api(official, '/api/templates/notice/sms/en/preview', 'POST', { body: 'Pay {{amount}} by {{effective_due_date}}' });
    assert.equal(preview.status, 200);
    assert.deepEqual(await preview.json(), { channel: 'sms', content: { kind: 'sms', text: 'Pay KRW 1,284,500 by 31 July 2026' } });

    const formRefused = await post(official, '/console/templates/notice/sms/ko?lang=en', { action: 'save', subject: 'x', body: '{{amount}} {{nickname}}' });
    assert.equal(formRefused.status, 422);
    const html = await formRefused.text();
    assert.match(html, /<title>Error: /);
    assert.match(html, /data-error-summary/);
    assert.match(html, /<a href="#tpl-body">Unknown variable \{\{nickname\}\}/);
    assert.match(html, /<span class="visually-hidden">Error:<\/span> Unknown variable/);

    const formPreview = await post(official, '/console/templates/notice/sms/ko?lang=en', { action: 'preview', subject: 'x', body: '{{amount}} 납부' });
    assert.equal(formPreview.status, 200);
    assert.match(await formPreview.text(), /1,284,500원 납부/);

    const formSaved = await post(official, '/console/templates/notice/sms/ko', { action: 'save', subject: '고지', body: '{{amount}} 납부 {{link}}' });
    assert.equal(formSaved.status, 303);
    assert.match(formSaved.headers.get('location') ?? '', /done=saved/);
    const reset = await post(official, '/console/templates/notice/sms/ko/reset', {});
    assert.equal(reset.status, 303);
    assert.equal(((await (await api(official, '/api/templates/notice/sms/ko')).json()) as { source: string }).source, 'builtin');
    const del = await official.request('/api/templates/notice/sms/ko', { method: 'DELETE', headers: { 'x-csrf-token': official.csrfToken! } });
    assert.deepEqual(await del.json(), { reset: false });
    const all = (await (await api(official, '/api/templates')).json()) as { templates: unknown[] };
    assert.equal(all.templates.length, 4 * 4 * 2);
  });

  test('the list and the editor name kinds, channels and languages in words, and link back to the seasons', async () => {
    const list = await (await official.request('/console/templates?lang=en', { headers: { accept: 'text/html' } })).text();
    assert.match(list, /<td>Arrears<\/td><td>KakaoTalk<\/td><td>Korean<\/td>/);
    assert.match(list, /aria-label="Edit the Notice E-mail template in English"/);
    assert.match(list, /<a href="\/console\/seasons\?lang=en">Notice seasons<\/a>/);
    assert.match(list, /<a href="\/console\/templates\?lang=en" aria-current="page">Templates<\/a>/);
    const edit = await (await official.request('/console/templates/reminder/paper/ko?lang=ko', { headers: { accept: 'text/html' } })).text();
    assert.match(edit, /<h1>납부 안내 · 종이 · 한국어 서식<\/h1>/);
  });

  test('the paper preview is the print page: the office’s address and phone and how to object, every part of it', async () => {
    await fillOfficeContact(ctx.db, 'gangnam', { phone: '02-3423-5114', address: '서울특별시 강남구 학동로 426' });
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const lang of ['ko', 'en'] as const) {
      const page = await post(official, `/console/templates/notice/paper/${lang}?lang=${lang}`, { action: 'preview', subject: '{{tax_item}} 고지', body: '{{taxpayer_name}}님, {{amount}}을(를) 내 주세요.' });
      assert.equal(page.status, 200);
      const html = await page.text();
      const preview = html.slice(html.indexOf('id="preview"'));
      assert.match(preview, lang === 'ko' ? /강남구청 세무과 · 주소 서울특별시 강남구 학동로 426 · 전화 02-3423-5114/ : /Tax office, Gangnam-gu Office · Address: 서울특별시 강남구 학동로 426 · Phone: 02-3423-5114/);
      assert.match(preview, lang === 'ko' ? /이 고지에 이의가 있으면<\/dt><dd>고지서를 받은 날부터 90일 이내에 강남구청에 이의신청을/ : /If you disagree with this notice<\/dt><dd>Within 90 days of receiving this notice/);
      // Every text of the print page the PDF draws is in the preview (the API gives the same PrintPage).
      const api = await official.json(`/api/templates/notice/paper/${lang}/preview`, 'POST', { subject: '{{tax_item}} 고지', body: '{{taxpayer_name}}님, {{amount}}을(를) 내 주세요.' }, { 'x-csrf-token': official.csrfToken ?? '' });
      const { content } = (await api.json()) as { content: Record<string, unknown> };
      const texts: string[] = [];
      const walk = (v: unknown, key: string) => {
        if (typeof v === 'string') texts.push(...(key === 'locale' ? [] : v.split('\n')));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
      };
      walk(content, '');
      assert.ok(texts.length > 20);
      for (const text of texts) assert.ok(preview.includes(escape(text)), `${lang}: the preview shows “${text}”`);
    }
  });

  test('district isolation: a district’s template is its own', async () => {
    const saved = await api(official, '/api/templates/notice/sms/ko', 'PUT', { body: '[강남구] {{tax_item}} {{amount}} {{link}}', subject: '강남구 고지' });
    assert.equal(saved.status, 200);
    assert.equal(((await saved.json()) as { source: string }).source, 'district');
    const theirs = (await (await api(seocho, '/api/templates/notice/sms/ko')).json()) as { source: string; body: string };
    assert.equal(theirs.source, 'builtin');
    assert.doesNotMatch(theirs.body, /강남구/);
  });
});
