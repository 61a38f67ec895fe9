import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { insertQuestion, markPublished, recordAnswer } from '../../lectures/board/board.repository.ts';
import { insertPage } from '../booths/booths.repository.ts';
import { guideDepsFrom } from '../guide.deps.ts';
import { INDEX_MAX_AGE_MS, rebuildIndex, searchGuide } from './search.service.ts';

// One search over the district's guide on both engines: calendar items,
// the refund guide, booths and FAQ, answered questions — a Korean word
// found inside a longer word, an English word in either case; drafts and
// unanswered questions are not found; the index catches up within a
// minute of a change; another district's guide is not searched.

forEachEngine('guide: search', (ctx) => {
  let server: TestServer;
  let now = new Date('2026-12-06T03:00:00Z');
  let staffId = 0;

  before(async () => {
    server = await startTestServer(ctx.db);
    server.deps.clock = () => now;
    await createDistrictWithStaff(ctx.db, 'srchgu', ['tax_official'], { ko: '검색구', en: 'Search-gu' });
    await createDistrictWithStaff(ctx.db, 'othergu', ['tax_official'], { ko: '다른구', en: 'Other-gu' });
    staffId = Number((await ctx.db.query<{ id: string }>("SELECT id FROM staff_accounts WHERE district_code = 'srchgu'")).rows[0]!.id);
    await insertPage(ctx.db, 'srchgu', { kind: 'booth', slug: 'acquisition', position: 1, title: { ko: '취득세 안내 부스', en: 'Acquisition tax booth' }, body: { ko: '부동산을 취득하면 **60일 안에** 신고하고 냅니다.', en: 'Report and pay within **60 days** of acquiring property.' }, published: true }, staffId);
    await insertPage(ctx.db, 'srchgu', { kind: 'faq', slug: 'prepay', position: 1, title: { ko: '자동차세 연납은 언제 하나요?', en: '' }, body: { ko: '1월, 3월, 6월, 9월에 신청할 수 있습니다.', en: '' }, published: true }, staffId);
    await insertPage(ctx.db, 'srchgu', { kind: 'booth', slug: 'draft', position: 2, title: { ko: '비밀 초안 부스', en: 'Secret draft booth' }, body: { ko: '초안', en: 'draft' }, published: false }, staffId);
    const question = (title: string, body: string) => insertQuestion(ctx.db, server.deps.cipher, { districtCode: 'srchgu', reference: `LQ-${Math.random().toString(36).slice(2, 10).toUpperCase().replace(/[01IO]/g, 'A').padEnd(8, 'B')}`, locale: 'ko', nickname: '주민', title, body, field: 'property', maskedKinds: [], contact: null, now });
    const answered = await question('재산세 분할납부 되나요?', '금액이 커서 나누어 내고 싶습니다.');
    await markPublished(ctx.db, { id: answered, staffId, now });
    await recordAnswer(ctx.db, { id: answered, staffId, answer: '250만 원을 넘으면 분납할 수 있습니다.', messageId: null, now });
    const unanswered = await question('재산세 고지서가 안 왔어요', '주소가 바뀌었습니다.');
    await markPublished(ctx.db, { id: unanswered, staffId, now });
  });
  after(async () => {
    await server?.close();
  });

  const search = async (q: string, lang: 'ko' | 'en' = 'ko', district = 'srchgu') =>
    (await new TestClient(server.url, { 'x-forwarded-for': `10.5.${Math.floor(Math.random() * 250)}.1` }).request(`/r/guide/${district}/search?q=${encodeURIComponent(q)}&lang=${lang}`)).text();

  test('a word inside a longer Korean word, and words in any order, find their documents; titles first', async () => {
    const page = await search('연납');
    assert.match(page, /자동차세 연납은 언제 하나요\?/, 'the FAQ');
    assert.match(page, /자동차세 연납\(1월\)/, 'the calendar item');
    assert.match(page, /href="\/r\/guide\/srchgu\/faq\?lang=ko#faq-prepay"/, 'the language before the answer’s anchor');
    const split = await search('분할 재산세');
    assert.match(split, /재산세 분할납부 되나요\?/, 'an answered question');
    assert.doesNotMatch(split, /고지서가 안 왔어요/, 'unanswered questions are not in the guide');
    const refund = await search('환급');
    assert.match(refund, /지방세 환급 신청 안내/);
  });

  test('English: any case; a Korean-only text is marked as Korean on the English page; drafts are not found', async () => {
    const page = await search('ACQUISITION', 'en');
    assert.match(page, /Results for “ACQUISITION”: 1/);
    assert.match(page, /Acquisition tax booth/);
    assert.match(page, /within 60 days of acquiring/, 'Markdown is searched as text');
    const korean = await search('연납', 'en');
    assert.match(korean, /lang="ko">자동차세 연납은 언제 하나요\?/);
    assert.match(korean, /Available in Korean only/);
    assert.match(await search('초안'), /맞는 안내가 없습니다/);
    assert.match(await search('취득세', 'ko', 'othergu'), /맞는 안내가 없습니다/, 'another district’s guide is not searched');
  });

  test('the index catches up with a change once it is a minute old; an empty query searches nothing', async () => {
    const deps = guideDepsFrom(server.deps);
    await rebuildIndex(deps, 'srchgu');
    await insertPage(ctx.db, 'srchgu', { kind: 'promotion', slug: 'new', position: 3, title: { ko: '새 알림 등록면허세', en: 'New notice' }, body: { ko: '새 알림', en: 'new' }, published: true }, staffId);
    assert.equal((await searchGuide(deps, 'srchgu', '새 알림', 'ko')).length, 0, 'within a minute the old index answers');
    now = new Date(now.getTime() + INDEX_MAX_AGE_MS);
    const found = await searchGuide(deps, 'srchgu', '새 알림', 'ko');
    assert.deepEqual(found.map((r) => [r.kind, r.title]), [['promotion', '새 알림 등록면허세']]);
    assert.deepEqual(await searchGuide(deps, 'srchgu', ' ?! ', 'ko'), []);
    // searches that found it stale at once: the one that waited for the lock does not rebuild again
    now = new Date(now.getTime() + INDEX_MAX_AGE_MS);
    const rebuilt = await Promise.all([rebuildIndex(deps, 'srchgu', undefined, INDEX_MAX_AGE_MS), rebuildIndex(deps, 'srchgu', undefined, INDEX_MAX_AGE_MS)]);
    assert.equal(rebuilt.filter((n) => n !== null).length, 1, 'rebuilt once');
    const page = await search('');
    assert.doesNotMatch(page, /results-heading|no-results/);
  });
});
