import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { insertPage } from '../booths/booths.repository.ts';
import { markdownBlocks } from './booklet.service.ts';
import { outlineTitles } from '../../../test-support/pdf.ts';

// The booklet over HTTP on both engines: a PDF with the Korean font
// embedded, a cover, a contents page and the sections as bookmarks, in
// Korean and in English; Markdown pages become headings, paragraphs and
// list items.

forEachEngine('guide: the booklet', (ctx) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(ctx.db);
    server.deps.clock = () => new Date('2026-12-06T03:00:00Z');
    await createDistrictWithStaff(ctx.db, 'bookgu', ['tax_official'], { ko: '책자구', en: 'Booklet-gu' });
    const staffId = Number((await ctx.db.query<{ id: string }>("SELECT id FROM staff_accounts WHERE district_code = 'bookgu'")).rows[0]!.id);
    await insertPage(ctx.db, 'bookgu', { kind: 'booth', slug: 'property', position: 1, title: { ko: '재산세 안내', en: 'Property tax' }, body: { ko: '## 누가 내나요\n6월 1일 현재 소유자가 냅니다.\n\n- 7월: 건축물\n- 9월: 토지', en: '## Who pays\nThe owner on 1 June.\n\n- July: buildings\n- September: land' }, published: true }, staffId);
    await insertPage(ctx.db, 'bookgu', { kind: 'faq', slug: 'prepay', position: 1, title: { ko: '자동차세 연납은 언제 하나요?', en: '' }, body: { ko: '1월, 3월, 6월, 9월에 신청합니다.', en: '' }, published: true }, staffId);
  });
  after(async () => {
    await server?.close();
  });

  test('a PDF with the Korean font, a cover, contents and the sections as bookmarks, in both languages', async () => {
    for (const [lang, expected] of [
      ['ko', ['2026년 지방세 기한', '세목별 안내', '자주 묻는 질문', '지방세 환급 신청']],
      ['en', ['Local-tax deadlines of 2026', 'Tax by tax', 'Frequently asked questions', 'Applying for a local-tax refund']],
    ] as const) {
      const response = await new TestClient(server.url).request(`/r/guide/bookgu/booklet.pdf?lang=${lang}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/pdf');
      const pdf = Buffer.from(await response.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.match(pdf.toString('latin1'), /PretendardGOV/, 'the Korean government typeface is embedded');
      const titles = outlineTitles(pdf);
      assert.ok(expected.every((e) => titles.includes(e)), `bookmarks ${JSON.stringify(titles)}`);
      const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
      assert.ok(pages >= 2 + expected.length, `a cover, the contents and a page at least per section (${pages} pages)`);
    }
    assert.equal((await new TestClient(server.url).request('/r/guide/nowhere/booklet.pdf')).status, 404);
  });

  test('Markdown pages become headings, paragraphs and list items', () => {
    assert.deepEqual(markdownBlocks('## 누가 내나요\n6월 1일 현재 **소유자**가 냅니다.\n\n- 7월: 건축물\n- 9월: [토지](https://example.com)'), [
      { kind: 'heading', text: '누가 내나요' },
      { kind: 'paragraph', text: '6월 1일 현재 소유자가 냅니다.' },
      { kind: 'item', text: '7월: 건축물' },
      { kind: 'item', text: '9월: 토지' },
    ]);
  });
});
