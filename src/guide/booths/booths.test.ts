import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { createStaffAccount } from '../../platform/auth/staff.repository.ts';
import { DEMO_PAGES, seedDemoBooths } from './booths.demo.ts';
import { publishedPagesForSearch } from './booths.repository.ts';

// The guide's booths, FAQ and promotions over real HTTP on both engines:
// officials write, edit and publish in the console; residents see
// published pages only; script is refused with nothing stored; other
// districts and other roles are refused; every save is audited.

forEachEngine('guide booths and FAQ', (ctx) => {
  let server: TestServer;
  let staff: Record<'tax_official' | 'admin' | 'desk_agent', string>;
  let other: string;
  const D = 'booth1';
  before(async () => {
    server = await startTestServer(ctx.db);
    staff = await createDistrictWithStaff(ctx.db, D, ['tax_official', 'admin', 'desk_agent'], { ko: '부스구', en: 'Booth-gu' });
    other = (await createDistrictWithStaff(ctx.db, 'booth2', ['tax_official'])).tax_official;
  });
  after(async () => {
    await server?.close();
  });

  const signedIn = async (username: string) => {
    const client = new TestClient(server.url);
    await client.login(username, TEST_PASSWORD);
    return client;
  };
  const resident = () => new TestClient(server.url);

  type Fields = { kind?: string; slug?: string; position?: string; status?: string; titleKo?: string; bodyKo?: string; titleEn?: string; bodyEn?: string };
  const post = (client: TestClient, path: string, fields: Fields) =>
    client.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: client.csrfToken ?? '', ...fields }).toString(),
    });
  const booth: Fields = {
    kind: 'booth', slug: 'registration-tax', position: '5', status: 'draft',
    titleKo: '등록면허세 안내 부스', bodyKo: '# 등록면허세\n\n등기·등록을 할 때 **신고**하고 냅니다.\n\n- 부동산 등기\n- [위택스](https://www.wetax.go.kr)',
  };
  const idFrom = (response: Response) => Number(/\/console\/guide\/pages\/(\d+)\?/.exec(response.headers.get('location') ?? '')![1]);
  const count = async (sql: string, params: unknown[] = []) => (await ctx.db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const pageCount = () => count('SELECT count(*)::int AS n FROM guide_pages');
  const auditCount = () => count("SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'guide_page'");

  test('an official writes a draft, edits it and publishes it; residents see it only once published; each save is audited', async () => {
    const official = await signedIn(staff.tax_official);
    const list = await official.request('/console/guide/pages?lang=ko');
    assert.equal(list.status, 200);
    assert.match(await list.text(), /<h1>세무 안내 페이지<\/h1>/);
    const form = await official.request('/console/guide/pages/new?kind=faq&lang=en');
    assert.equal(form.status, 200);
    assert.match(await form.text(), /id="kind-faq" name="kind" value="faq" checked/);

    const created = await post(official, '/console/guide/pages?lang=ko', booth);
    assert.equal(created.status, 303);
    const id = idFrom(created);
    assert.equal(created.headers.get('location'), `/console/guide/pages/${id}?lang=ko&saved=1`);
    const editPage = await (await official.request(`/console/guide/pages/${id}?lang=ko&saved=1`)).text();
    assert.match(editPage, /저장했습니다\./);
    assert.match(editPage, /<h4>등록면허세<\/h4>/, 'the preview renders the Markdown, its # under the preview headings');

    // a draft: not on the residents' pages
    assert.doesNotMatch(await (await resident().request(`/r/guide/${D}/booths`)).text(), /등록면허세 안내 부스/);
    assert.equal((await resident().request(`/r/guide/${D}/booths/registration-tax`)).status, 404);

    const edited = await post(official, `/console/guide/pages/${id}?lang=ko`, { ...booth, titleKo: '등록면허세 부스', titleEn: 'Registration tax booth', bodyEn: '# Registration tax\n\nFiled and paid when you **register**.' });
    assert.equal(edited.status, 303);
    assert.equal((await resident().request(`/r/guide/${D}/booths/registration-tax`)).status, 404, 'still a draft');

    const published = await post(official, `/console/guide/pages/${id}?lang=en`, { ...booth, titleKo: '등록면허세 부스', titleEn: 'Registration tax booth', bodyEn: '# Registration tax\n\nFiled and paid when you **register**.', status: 'published' });
    assert.equal(published.status, 303);

    const listKo = await (await resident().request(`/r/guide/${D}/booths?lang=ko`)).text();
    assert.match(listKo, /<a href="\/r\/guide\/booth1\/booths\/registration-tax\?lang=ko">등록면허세 부스<\/a>/);
    assert.match(listKo, /등기·등록을 할 때 신고하고 냅니다\./, 'a plain-text summary of the booth');
    const pageKo = await resident().request(`/r/guide/${D}/booths/registration-tax?lang=ko`);
    assert.equal(pageKo.status, 200);
    const htmlKo = await pageKo.text();
    assert.match(htmlKo, /<h1>등록면허세 부스<\/h1>/);
    assert.match(htmlKo, /<h2>등록면허세<\/h2>/, 'Markdown # is a heading under the page title');
    assert.match(htmlKo, /<a href="https:\/\/www\.wetax\.go\.kr" rel="noopener">위택스<\/a>/);
    const htmlEn = await (await resident().request(`/r/guide/${D}/booths/registration-tax?lang=en`)).text();
    assert.match(htmlEn, /<html lang="en">/);
    assert.match(htmlEn, /<h1>Registration tax booth<\/h1>/);
    assert.doesNotMatch(htmlEn, /only available in Korean/);

    const { rows } = await ctx.db.query<{ action: string; actor_type: string; actor_id: string; source: string; details: { changed: string[]; kind: string; published: boolean } }>(
      "SELECT action, actor_type, actor_id, source, details FROM audit_log WHERE entity_type = 'guide_page' AND entity_id = $1 ORDER BY id",
      [String(id)],
    );
    const officialId = (await ctx.db.query<{ id: string }>('SELECT id FROM staff_accounts WHERE username = $1', [staff.tax_official])).rows[0]!.id;
    assert.deepEqual(rows.map((r) => r.action), ['guide_page.created', 'guide_page.updated', 'guide_page.published']);
    assert.ok(rows.every((r) => r.actor_type === 'staff' && String(r.actor_id) === String(officialId) && r.source === 'official'));
    assert.deepEqual(rows.map((r) => r.details.changed), [[], ['title_ko', 'title_en', 'body_en'], ['published']]);
    assert.doesNotMatch(JSON.stringify(rows), /등록면허세|Registration/, 'the audit names fields, never the text');
  });

  test('a page without an English version shows its Korean text marked lang="ko" with a note in English; the FAQ opens each answer from its question', async () => {
    const admin = await signedIn(staff.admin);
    const faq = await post(admin, '/console/guide/pages', { kind: 'faq', slug: 'when-property-tax', position: '1', status: 'published', titleKo: '재산세는 언제 내나요?', bodyKo: '7월과 9월에 냅니다.' });
    assert.equal(faq.status, 303);
    const draft = await post(admin, '/console/guide/pages', { kind: 'faq', slug: 'draft-question', position: '2', status: 'draft', titleKo: '초안 질문', bodyKo: '아직 공개 전' });
    assert.equal(draft.status, 303);
    const promo = await post(admin, '/console/guide/pages', { kind: 'promotion', slug: 'e-notice', position: '1', status: 'published', titleKo: '전자고지 신청', bodyKo: '신청하세요.', titleEn: 'Sign up for e-notices', bodyEn: 'Sign up.' });
    assert.equal(promo.status, 303);

    const en = await (await resident().request(`/r/guide/${D}/faq?lang=en`)).text();
    assert.match(en, /<details class="faq" id="faq-when-property-tax">\s*<summary id="faq-when-property-tax-question"><span lang="ko">재산세는 언제 내나요\?<\/span><\/summary>/);
    assert.match(en, /<p class="hint only-korean" lang="en">This is only available in Korean\.<\/p><div class="guide-page-body" lang="ko"><p>7월과 9월에 냅니다\.<\/p>/);
    assert.doesNotMatch(en, /초안 질문/, 'drafts are not shown');
    const ko = await (await resident().request(`/r/guide/${D}/faq?lang=ko`)).text();
    assert.doesNotMatch(ko, /only available in Korean|lang="ko">재산세/, 'no note and no lang mark on the Korean page');

    const boothsEn = await (await resident().request(`/r/guide/${D}/booths?lang=en`)).text();
    assert.match(boothsEn, /<h2 id="promotions-heading">News and campaigns<\/h2>/);
    assert.match(boothsEn, /<h3 id="promotion-e-notice-title">Sign up for e-notices<\/h3>/);
  });

  test('script in Markdown is refused naming the field, and nothing is stored', async () => {
    const official = await signedIn(staff.tax_official);
    const [pagesBefore, auditBefore] = [await pageCount(), await auditCount()];
    const cases: [Fields, RegExp][] = [
      [{ bodyKo: '안내\n\n<script>alert(1)</script>' }, /한국어 본문: 페이지에는 스크립트를 넣을 수 없습니다\./],
      [{ bodyKo: '[위택스](javascript:alert(1))' }, /한국어 본문: 페이지에는 스크립트를/],
      [{ bodyKo: '<img src=x onerror=alert(1)>' }, /한국어 본문: 페이지에는 스크립트를/],
      [{ titleKo: '<a href="jav&#x61;script:alert(1)">제목</a>' }, /한국어 제목: 페이지에는 스크립트를/],
    ];
    for (const [fields, message] of cases) {
      const refused = await post(official, '/console/guide/pages?lang=ko', { ...booth, slug: 'scripted', ...fields });
      assert.equal(refused.status, 400, JSON.stringify(fields));
      const body = await refused.text();
      assert.match(body, message);
      assert.match(body, /<title>오류: /);
      assert.match(body, /class="error-summary"/);
    }
    const english = await post(official, '/console/guide/pages?lang=en', { ...booth, slug: 'scripted', titleEn: 'Title', bodyEn: 'Text <svg onload=alert(1)>' });
    assert.equal(english.status, 400);
    const englishBody = await english.text();
    assert.match(englishBody, /<a href="#body-en">English text: script is not allowed in pages\./);
    assert.match(englishBody, /id="body-en" name="bodyEn"[^>]*aria-invalid="true"/);
    assert.equal(await pageCount(), pagesBefore, 'no page stored');
    assert.equal(await auditCount(), auditBefore, 'nothing audited');

    // nor an edit of a stored page
    const created = await post(official, '/console/guide/pages', { ...booth, slug: 'clean-page', status: 'published' });
    const id = idFrom(created);
    const edit = await post(official, `/console/guide/pages/${id}`, { ...booth, slug: 'clean-page', status: 'published', bodyKo: 'x <script src="//evil.example/x.js"></script>' });
    assert.equal(edit.status, 400);
    const { rows } = await ctx.db.query<{ body_ko: string }>('SELECT body_ko FROM guide_pages WHERE id = $1', [id]);
    assert.equal(rows[0]!.body_ko, booth.bodyKo);
  });

  test('a stored page with script (written before the check, or straight into the database) is sanitised at display', async () => {
    await ctx.db.query(
      `INSERT INTO guide_pages (district_code, kind, slug, title_ko, body_ko, published) VALUES ($1, 'booth', 'legacy', '옛 부스', $2, true)`,
      [D, '<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">링크</a><iframe src="https://example.com"></iframe><img src=x onerror=alert(3)>'],
    );
    const body = await (await resident().request(`/r/guide/${D}/booths/legacy`)).text();
    const main = body.slice(body.indexOf('<main'), body.indexOf('</main>'));
    assert.doesNotMatch(main, /<script|javascript:|onclick|onerror|<iframe|<img/i);
    assert.match(main, /<a rel="noopener">링크<\/a>/);
  });

  test('the form names every field it refuses: a wrong slug, order, kind and a missing English title; a slug taken in the district', async () => {
    const official = await signedIn(staff.tax_official);
    const before = await pageCount();
    const wrong = await post(official, '/console/guide/pages?lang=en', { kind: 'poster', slug: 'Bad Slug', position: '-1', status: 'draft', titleKo: '', bodyKo: '본문', bodyEn: 'English text' });
    assert.equal(wrong.status, 400);
    const html = await wrong.text();
    for (const anchor of ['#kind-booth', '#slug', '#position', '#title-ko', '#title-en']) assert.match(html, new RegExp(`<a href="${anchor}">`), anchor);
    assert.match(html, /Enter the Korean title\./);
    assert.match(html, /Enter the English title too/);
    assert.match(html, /value="Bad Slug"/, 'what was typed is kept');
    await post(official, '/console/guide/pages', { ...booth, slug: 'taken-slug' });
    const taken = await post(official, '/console/guide/pages?lang=ko', { ...booth, kind: 'faq', slug: 'taken-slug' });
    assert.equal(taken.status, 400);
    assert.match(await taken.text(), /이미 이 주소 이름을 씁니다/);
    assert.equal(await pageCount(), before + 1);
    // another district may use the same slug
    const elsewhere = await post(await signedIn(other), '/console/guide/pages', { ...booth, slug: 'taken-slug' });
    assert.equal(elsewhere.status, 303);
  });

  test("another district's official cannot read or change the district's pages", async () => {
    const official = await signedIn(staff.tax_official);
    const id = idFrom(await post(official, '/console/guide/pages', { ...booth, slug: 'ours-only' }));
    const stranger = await signedIn(other);
    assert.equal((await stranger.request(`/console/guide/pages/${id}`)).status, 404);
    const change = await post(stranger, `/console/guide/pages/${id}`, { ...booth, slug: 'ours-only', titleKo: '가로챈 제목', status: 'published' });
    assert.equal(change.status, 404);
    const { rows } = await ctx.db.query<{ title_ko: string; published: boolean }>('SELECT title_ko, published FROM guide_pages WHERE id = $1', [id]);
    assert.deepEqual(rows[0], { title_ko: booth.titleKo, published: false });
    assert.doesNotMatch(await (await stranger.request('/console/guide/pages')).text(), /ours-only/, 'their list shows their own district only');
  });

  test('a desk agent and a visitor without a session are refused', async () => {
    const before = await pageCount();
    const agent = await signedIn(staff.desk_agent);
    assert.equal((await agent.request('/console/guide/pages')).status, 403);
    assert.equal((await agent.request('/console/guide/pages/new')).status, 403);
    assert.equal((await post(agent, '/console/guide/pages', { ...booth, slug: 'by-agent' })).status, 403);
    const anonymous = await resident().request('/console/guide/pages');
    assert.equal(anonymous.status, 303, 'a browser without a session is sent to sign in');
    assert.match(anonymous.headers.get('location') ?? '', /^\/login/);
    const anonymousPost = await post(resident(), '/console/guide/pages', { ...booth, slug: 'by-visitor' });
    assert.ok([401, 303].includes(anonymousPost.status), String(anonymousPost.status));
    assert.equal(await pageCount(), before);
  });

  test('an unknown district or booth is a page saying so', async () => {
    const unknown = await resident().request('/r/guide/nowhere/booths?lang=en');
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /District not found/);
    const missing = await resident().request(`/r/guide/${D}/booths/no-such-booth?lang=ko`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /안내 페이지를 찾을 수 없습니다/);
  });

  test('publishedPagesForSearch gives the published pages as plain text, Markdown stripped', async () => {
    const pages = await publishedPagesForSearch(ctx.db, D);
    const registration = pages.find((p) => p.slug === 'registration-tax')!;
    assert.deepEqual(registration.title, { ko: '등록면허세 부스', en: 'Registration tax booth' });
    assert.equal(registration.kind, 'booth');
    assert.equal(registration.text.ko, '등록면허세 등기·등록을 할 때 신고하고 냅니다. 부동산 등기 위택스');
    assert.equal(registration.text.en, 'Registration tax Filed and paid when you register.');
    assert.equal(pages.find((p) => p.slug === 'when-property-tax')!.text.en, '', 'no English version');
    assert.ok(!pages.some((p) => p.slug === 'draft-question' || p.slug === 'ours-only'), 'drafts are not searchable');
    assert.deepEqual(await publishedPagesForSearch(ctx.db, 'booth2'), []);
  });

  test("the demo seeds Seocho-gu's three booths, six FAQ entries and a promotion, bilingual and published, once", async () => {
    await ctx.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ('seocho', '서초구', 'Seocho-gu') ON CONFLICT DO NOTHING");
    await createStaffAccount(ctx.db, { districtCode: 'seocho', username: 'seocho.official', displayName: '윤세무', role: 'tax_official', password: TEST_PASSWORD });
    await seedDemoBooths({ db: ctx.db, cipher: server.deps.cipher });
    await seedDemoBooths({ db: ctx.db, cipher: server.deps.cipher });
    const { rows } = await ctx.db.query<{ kind: string; n: number; english: number; published: number }>(
      `SELECT kind, count(*)::int AS n, count(*) FILTER (WHERE title_en <> '')::int AS english, count(*) FILTER (WHERE published)::int AS published
         FROM guide_pages WHERE district_code = 'seocho' GROUP BY kind ORDER BY kind`,
    );
    assert.deepEqual(rows, [
      { kind: 'booth', n: 3, english: 3, published: 3 },
      { kind: 'faq', n: 6, english: 6, published: 6 },
      { kind: 'promotion', n: 1, english: 1, published: 1 },
    ]);
    for (const locale of ['ko', 'en']) {
      const pages = [`/r/guide/seocho/booths?lang=${locale}`, `/r/guide/seocho/faq?lang=${locale}`, ...DEMO_PAGES.filter((p) => p.kind === 'booth').map((p) => `/r/guide/seocho/booths/${p.slug}?lang=${locale}`)];
      for (const path of pages) {
        const response = await resident().request(path);
        assert.equal(response.status, 200, path);
        const main = (await response.text()).split('<main')[1]!;
        assert.doesNotMatch(main, /\*\*|\]\(|<p>\|/, `${path}: every bold, link and table rendered`);
        assert.doesNotMatch(main, /<del>/, `${path}: the ranges written with a tilde stay ranges`);
      }
    }
  });
});
