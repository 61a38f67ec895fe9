import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { insertQuestion, markPublished } from '../board/board.repository.ts';
import { dailyCounts } from './videos.repository.ts';
import { PLAYBACK_REPORTS_PER_ADDRESS } from './videos.routes.ts';
import { ENGLISH_VTT, KOREAN_VTT, makeTestVideo } from './videos.test-support.ts';

// Lecture videos over real HTTP on both engines: uploads read by ffprobe
// (a real video made by ffmpeg here; a text file named .mp4; a file over
// the limit), captions, publication (now, scheduled by the injected clock,
// refused without Korean captions), range requests, roles and districts,
// and the view and completion counts.

const LIMIT = 400_000;

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

forEachEngine('lecture videos', (ctx) => {
  let server: TestServer;
  let work: string;
  let storageDir: string;
  let mp4: Buffer;
  let webm: Buffer;
  let now = new Date('2026-03-02T01:00:00Z');
  let lecturer: TestClient;
  let official: TestClient;
  let district = '';
  let other = '';

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'lecture-test-'));
    storageDir = join(work, 'storage');
    mp4 = await readFile(await makeTestVideo(work, { format: 'mp4', seconds: 3 }));
    webm = await readFile(await makeTestVideo(work, { format: 'webm', seconds: 3 }));
    server = await startTestServer(ctx.db, { TAXSTATION_LECTURE_DIR: storageDir, TAXSTATION_LECTURE_MAX_BYTES: String(LIMIT) });
    server.deps.clock = () => now;
    district = `lv${process.pid % 1000}a`;
    other = `lv${process.pid % 1000}b`;
    const mine = await createDistrictWithStaff(ctx.db, district, ['lecturer', 'tax_official', 'admin', 'desk_agent']);
    const theirs = await createDistrictWithStaff(ctx.db, other, ['tax_official']);
    lecturer = new TestClient(server.url);
    await lecturer.login(mine.lecturer);
    official = new TestClient(server.url);
    await official.login(theirs.tax_official);
  });
  after(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  const upload = (client: TestClient, o: { bytes: Buffer; name: string; type: string; title?: string; field?: string; json?: boolean; lang?: string }) => {
    const form = new FormData();
    form.append('_csrf', client.csrfToken ?? '');
    form.append('title', o.title ?? '재산세 바로 알기');
    form.append('summary', '7월과 9월 재산세');
    form.append('field', o.field ?? 'property_tax');
    form.append('video', new Blob([new Uint8Array(o.bytes)], { type: o.type }), o.name);
    return client.request(`/console/lectures?lang=${o.lang ?? 'ko'}`, { method: 'POST', body: form, headers: o.json ? { accept: 'application/json' } : {} });
  };

  const postForm = (client: TestClient, path: string, fields: Record<string, string>) =>
    client.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: client.csrfToken ?? '', ...fields }).toString(),
    });

  const captions = (client: TestClient, id: number, lang: string, text: string, pageLang = 'en') => {
    const form = new FormData();
    form.append('_csrf', client.csrfToken ?? '');
    form.append('lang', lang);
    form.append('captions', new Blob([text], { type: 'text/vtt' }), `${lang}.vtt`);
    return client.request(`/console/lectures/${id}/captions?lang=${pageLang}`, { method: 'POST', body: form });
  };

  const idFrom = (response: Response) => Number(/\/console\/lectures\/(\d+)\?/.exec(response.headers.get('location') ?? '')?.[1]);

  const lectureCount = async () => Number((await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lectures WHERE district_code = $1', [district])).rows[0]!.n);

  test('a real MP4 is read by ffprobe, stored with a poster frame, and shown in the console list', async () => {
    const response = await upload(lecturer, { bytes: mp4, name: 'lecture.mp4', type: 'video/mp4' });
    assert.equal(response.status, 303, await response.clone().text());
    const id = idFrom(response);
    assert.ok(id > 0);
    const { rows } = await ctx.db.query<{ video_content_type: string; video_codec: string; audio_codec: string; duration_ms: number; width: number; video_bytes: string; publish_at: Date | null }>(
      'SELECT video_content_type, video_codec, audio_codec, duration_ms, width, video_bytes, publish_at FROM lectures WHERE id = $1',
      [id],
    );
    assert.equal(rows[0]!.video_content_type, 'video/mp4');
    assert.equal(rows[0]!.video_codec, 'h264');
    assert.equal(rows[0]!.audio_codec, 'aac');
    assert.ok(Math.abs(rows[0]!.duration_ms - 3000) < 200, String(rows[0]!.duration_ms));
    assert.equal(rows[0]!.width, 320);
    assert.equal(Number(rows[0]!.video_bytes), mp4.length);
    assert.equal(rows[0]!.publish_at, null, 'a draft');

    const poster = await lecturer.request(`/r/lectures/${id}/poster.jpg`);
    assert.equal(poster.status, 200);
    assert.equal(poster.headers.get('content-type'), 'image/jpeg');
    const jpeg = Buffer.from(await poster.arrayBuffer());
    assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);

    const page = await lecturer.request(`/console/lectures/${id}?lang=en&done=uploaded`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /The video is uploaded\./);
    assert.match(html, /MP4 · video h264 · audio aac · 0:03/);
    const list = await (await lecturer.request('/console/lectures?lang=ko')).text();
    assert.match(list, /재산세 바로 알기/);
    assert.match(list, /작성 중/);
  });

  test('a text file named .mp4 is refused as not a video; nothing is stored', async () => {
    const before = await filesUnder(storageDir);
    const count = await lectureCount();
    const fake = Buffer.from('This is not a video at all.\n'.repeat(50));
    const response = await upload(lecturer, { bytes: fake, name: 'lecture.mp4', type: 'video/mp4', lang: 'en' });
    assert.equal(response.status, 415);
    const html = await response.text();
    assert.match(html, /This is not a video\. Upload an MP4 or WebM video\. Nothing was stored\./);
    assert.match(html, /href="#video"/, 'the summary links to the file field');
    assert.match(html, /value="재산세 바로 알기"/, 'what was typed is kept');
    assert.equal(await lectureCount(), count);
    assert.deepEqual(await filesUnder(storageDir), before);

    const empty = await upload(lecturer, { bytes: Buffer.alloc(0), name: '', type: 'application/octet-stream', lang: 'en' });
    assert.equal(empty.status, 400, 'no file chosen');
    assert.match(await empty.text(), /Choose the lecture video file\./);
    const untitled = await upload(lecturer, { bytes: mp4, name: 'lecture.mp4', type: 'video/mp4', title: ' ', field: 'astrology', lang: 'en' });
    assert.equal(untitled.status, 400);
    const untitledHtml = await untitled.text();
    assert.match(untitledHtml, /<a href="#title">Enter the title of the lecture\.<\/a>/);
    assert.match(untitledHtml, /<a href="#field">Choose the field of the lecture\.<\/a>/);
    assert.equal(await lectureCount(), count);
    assert.deepEqual(await filesUnder(storageDir), before);

    const json = await upload(lecturer, { bytes: fake, name: 'x.webm', type: 'video/webm', json: true });
    assert.equal(json.status, 415);
    const problem = (await json.json()) as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'not_a_video');
    assert.equal(problem.errors[0]!.field, 'video');
  });

  test('a file over the limit is refused with the limit named; nothing is stored', async () => {
    const before = await filesUnder(storageDir);
    const count = await lectureCount();
    const big = randomBytes(LIMIT + 200_000);
    const response = await upload(lecturer, { bytes: big, name: 'big.mp4', type: 'video/mp4' });
    assert.equal(response.status, 413);
    const html = await response.text();
    assert.match(html, /영상 파일이 너무 큽니다\. 390.6 KB까지 올릴 수 있습니다|영상 파일이 너무 큽니다\. 391 KB까지 올릴 수 있습니다/);
    assert.equal(await lectureCount(), count);
    assert.deepEqual(await filesUnder(storageDir), before);
    // just past the limit, under the framing allowance: refused while it streams
    const json = await upload(lecturer, { bytes: randomBytes(LIMIT + 10), name: 'big.webm', type: 'video/webm', json: true });
    assert.equal(json.status, 413);
    assert.equal(((await json.json()) as { code: string }).code, 'video_too_large');
    assert.equal(await lectureCount(), count);
    assert.deepEqual(await filesUnder(storageDir), before);
  });

  test('captions: a bad WebVTT is refused naming its line; publishing needs Korean captions', async () => {
    const created = await upload(lecturer, { bytes: webm, name: 'lecture.webm', type: 'video/webm', json: true, title: '자동차세 연납' });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: number };

    const bad = await captions(lecturer, id, 'ko', 'WEBVTT\n\n00:00.000 --> 00:01.000\nfine\n\n00:01.000 -> 00:02.000\nbroken\n');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Caption file, line 6: A cue timing line/);
    const late = await captions(lecturer, id, 'ko', 'WEBVTT\n\n00:00.000 --> 00:01.000\nfine\n\n00:09.000 --> 00:10.000\ntoo late\n');
    assert.equal(late.status, 400);
    assert.match(await late.text(), /line 6: the cue starts after the end of the video \(0:03\)/);

    const english = await captions(lecturer, id, 'en', ENGLISH_VTT);
    assert.equal(english.status, 303);
    const refused = await postForm(lecturer, `/console/lectures/${id}/publish?lang=en`, { when: 'now' });
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), /A lecture can only be published with Korean captions\./);
    assert.equal((await lecturer.request(`/r/lectures/${id}`)).status, 200, 'staff of the district preview the draft');
    assert.equal((await new TestClient(server.url).request(`/r/lectures/${id}`)).status, 404, 'residents do not see a draft');

    assert.equal((await captions(lecturer, id, 'ko', KOREAN_VTT)).status, 303);
    const published = await postForm(lecturer, `/console/lectures/${id}/publish?lang=ko`, { when: 'now' });
    assert.equal(published.status, 303);
    assert.equal(published.headers.get('location'), `/console/lectures/${id}?lang=ko&done=published`);

    const resident = new TestClient(server.url);
    const page = await resident.request(`/r/lectures/${id}?lang=ko`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<track kind="captions" srclang="ko" label="한국어" src="\/r\/lectures\/\d+\/captions\/ko.vtt" default>/);
    assert.match(html, /<track kind="captions" srclang="en" label="영어"/);
    assert.match(html, /안녕하세요\. 재산세 강의입니다\./, 'the transcript');
    assert.match(html, /납부 기한을 확인하세요\./, 'voice tags removed');
    const vtt = await resident.request(`/r/lectures/${id}/captions/ko.vtt`);
    assert.equal(vtt.headers.get('content-type'), 'text/vtt; charset=utf-8');
    assert.equal(await vtt.text(), KOREAN_VTT);
    const list = await (await resident.request('/r/lectures?lang=en')).text();
    assert.match(list, /자동차세 연납/);
    assert.match(list, /<h2 id="field-property_tax">Property tax<\/h2>/);
  });

  test('a scheduled publication shows the lecture once the clock reaches it', async () => {
    const created = await upload(lecturer, { bytes: webm, name: 'v.webm', type: 'video/webm', json: true, title: '예약 게시 강의' });
    const { id } = (await created.json()) as { id: number };
    assert.equal((await captions(lecturer, id, 'ko', KOREAN_VTT)).status, 303);
    now = new Date('2026-03-02T01:00:00Z'); // 10:00 in Seoul
    const past = await postForm(lecturer, `/console/lectures/${id}/publish?lang=en`, { when: 'schedule', publishAt: '2026-03-02 09:00' });
    assert.equal(past.status, 400);
    assert.match(await past.text(), /A scheduled time must be in the future\./);
    const wrong = await postForm(lecturer, `/console/lectures/${id}/publish?lang=en`, { when: 'schedule', publishAt: 'tomorrow' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Write the publication time as &quot;2026-07-01 09:00&quot; \(Seoul time\)\./);
    const scheduled = await postForm(lecturer, `/console/lectures/${id}/publish?lang=en`, { when: 'schedule', publishAt: '2026-03-03 09:00' });
    assert.equal(scheduled.status, 303);
    assert.match(scheduled.headers.get('location') ?? '', /done=scheduled/);
    assert.match(await (await lecturer.request(`/console/lectures/${id}?lang=en`)).text(), /Scheduled for 3 March 2026, 09:00:00 KST/);

    const resident = new TestClient(server.url);
    assert.equal((await resident.request(`/r/lectures/${id}`)).status, 404);
    assert.doesNotMatch(await (await resident.request('/r/lectures')).text(), /예약 게시 강의/);
    now = new Date('2026-03-03T00:00:00Z'); // 09:00 in Seoul
    assert.equal((await resident.request(`/r/lectures/${id}`)).status, 200);
    assert.match(await (await resident.request('/r/lectures')).text(), /예약 게시 강의/);

    const withdrawn = await postForm(lecturer, `/console/lectures/${id}/unpublish?lang=en`, {});
    assert.equal(withdrawn.status, 303);
    assert.equal((await resident.request(`/r/lectures/${id}`)).status, 404);
  });

  test('range requests: 206 with Content-Range, 416 beyond the end, the whole file otherwise', async () => {
    const created = await upload(lecturer, { bytes: mp4, name: 'r.mp4', type: 'video/mp4', json: true, title: '구간 요청' });
    const { id } = (await created.json()) as { id: number };
    await captions(lecturer, id, 'ko', KOREAN_VTT);
    await postForm(lecturer, `/console/lectures/${id}/publish`, { when: 'now' });
    const resident = new TestClient(server.url);
    const url = `/r/lectures/${id}/video`;
    const size = mp4.length;
    const get = (range?: string, extra: Record<string, string> = {}) => resident.request(url, { headers: { ...(range ? { range } : {}), ...extra } });

    const whole = await get();
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'video/mp4');
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(whole.headers.get('content-length'), String(size));
    assert.ok(whole.headers.get('etag'));
    assert.ok(whole.headers.get('last-modified'));
    assert.ok(Buffer.from(await whole.arrayBuffer()).equals(mp4));

    const head = await resident.request(url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(size));
    assert.equal(head.headers.get('accept-ranges'), 'bytes');
    assert.equal((await head.arrayBuffer()).byteLength, 0);

    const open = await get('bytes=0-');
    assert.equal(open.status, 206);
    assert.equal(open.headers.get('content-range'), `bytes 0-${size - 1}/${size}`);
    assert.ok(Buffer.from(await open.arrayBuffer()).equals(mp4));

    const middle = await get('bytes=100-199');
    assert.equal(middle.status, 206);
    assert.equal(middle.headers.get('content-range'), `bytes 100-199/${size}`);
    assert.equal(middle.headers.get('content-length'), '100');
    assert.ok(Buffer.from(await middle.arrayBuffer()).equals(mp4.subarray(100, 200)));

    const suffix = await get('bytes=-500');
    assert.equal(suffix.status, 206);
    assert.equal(suffix.headers.get('content-range'), `bytes ${size - 500}-${size - 1}/${size}`);
    assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(mp4.subarray(size - 500)));

    const clipped = await get(`bytes=${size - 10}-${size + 1000}`);
    assert.equal(clipped.status, 206);
    assert.equal(clipped.headers.get('content-range'), `bytes ${size - 10}-${size - 1}/${size}`);
    assert.equal((await clipped.arrayBuffer()).byteLength, 10);

    const backwards = await get('bytes=100-99');
    assert.equal(backwards.status, 200, 'an invalid range is ignored');
    assert.equal((await backwards.arrayBuffer()).byteLength, size);

    const beyond = await get(`bytes=${size}-`);
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${size}`);
    assert.equal(((await beyond.json()) as { code: string }).code, 'range_unsatisfiable');

    const several = await get('bytes=0-9,20-29');
    assert.equal(several.status, 200, 'several ranges get the whole file');
    assert.equal((await several.arrayBuffer()).byteLength, size);

    const etag = whole.headers.get('etag')!;
    const stale = await get('bytes=0-9', { 'if-range': '"something-else"' });
    assert.equal(stale.status, 200, 'If-Range that does not match: the whole file');
    await stale.arrayBuffer();
    const fresh = await get('bytes=0-9', { 'if-range': etag });
    assert.equal(fresh.status, 206);
    await fresh.arrayBuffer();
    const unchanged = await get(undefined, { 'if-none-match': etag });
    assert.equal(unchanged.status, 304);
  });

  test('roles and districts: another district sees nothing, a desk agent is refused', async () => {
    const created = await upload(lecturer, { bytes: webm, name: 'd.webm', type: 'video/webm', json: true, title: '우리 구 초안' });
    const { id } = (await created.json()) as { id: number };
    assert.equal((await official.request(`/console/lectures/${id}?lang=en`)).status, 404);
    assert.equal((await captions(official, id, 'ko', KOREAN_VTT)).status, 404);
    assert.equal((await postForm(official, `/console/lectures/${id}/publish`, { when: 'now' })).status, 404);
    assert.equal((await postForm(official, `/console/lectures/${id}/delete`, {})).status, 404);
    assert.equal((await official.request(`/r/lectures/${id}/video`)).status, 404, "another district's official does not preview a draft");
    assert.doesNotMatch(await (await official.request('/console/lectures')).text(), /우리 구 초안/);

    const agent = new TestClient(server.url);
    await agent.login(`${district}.desk-agent`);
    assert.equal((await agent.request('/console/lectures')).status, 403);
    assert.equal((await upload(agent, { bytes: webm, name: 'a.webm', type: 'video/webm', json: true })).status, 403);
    assert.equal((await new TestClient(server.url).request('/console/lectures', { headers: { accept: 'application/json' } })).status, 401);

    const deleted = await postForm(lecturer, `/console/lectures/${id}/delete?lang=ko`, {});
    assert.equal(deleted.status, 303);
    assert.equal((await lecturer.request(`/console/lectures/${id}`)).status, 404);
  });

  test('details, chapters and answered questions; a wrong chapter line is named', async () => {
    const created = await upload(lecturer, { bytes: webm, name: 'c.webm', type: 'video/webm', json: true, title: '목차 강의' });
    const { id } = (await created.json()) as { id: number };
    const bad = await postForm(lecturer, `/console/lectures/${id}?lang=en`, { title: '목차 강의', summary: '', field: 'vehicle_tax', chapters: '0:00 시작\nsoon 끝', questions: '' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Chapters, line 2: write a start time and a title/);
    const late = await postForm(lecturer, `/console/lectures/${id}?lang=en`, { title: '목차 강의', summary: '', field: 'vehicle_tax', chapters: '', questions: '7 0:09' });
    assert.equal(late.status, 400);
    assert.equal((await lecturer.request(`/console/lectures/${id}/publish?lang=ko`)).headers.get('location'), `/console/lectures/${id}?lang=ko`, "the language switch of a page answering a form leads back to the lecture's page");
    assert.match(await late.text(), /Questions answered, line 1: the time is after the end of the video \(0:03\)\./);
    // a published question of the board (through the board's repository) shows with its title; an unknown number as "Question n"
    const staffId = Number((await ctx.db.query<{ id: string }>('SELECT id FROM staff_accounts WHERE username = $1', [`${district}.lecturer`])).rows[0]!.id);
    const reference = `LQ-${String(process.pid % 100000).padStart(5, '2').replace(/[01]/g, '7')}ABC`;
    const questionId = await insertQuestion(ctx.db, server.deps.cipher, {
      districtCode: district, reference, locale: 'ko', nickname: '주민', title: '자동차세 연납은 언제 신청하나요?', body: '1월에만 되나요?', field: 'vehicle', maskedKinds: [], contact: null, now,
    });
    await markPublished(ctx.db, { id: questionId, staffId, now });
    const saved = await postForm(lecturer, `/console/lectures/${id}?lang=en`, { title: '목차 강의', summary: '요약', field: 'vehicle_tax', chapters: '0:02 정리\n0:00 시작', questions: `#${questionId} 0:01\n999999 2` });
    assert.equal(saved.status, 303);
    await captions(lecturer, id, 'ko', KOREAN_VTT);
    await postForm(lecturer, `/console/lectures/${id}/publish`, { when: 'now' });
    const html = await (await new TestClient(server.url).request(`/r/lectures/${id}?lang=en&t=2`)).text();
    assert.match(html, /id="chapter-1" data-seek="0"><span class="lecture-time">0:00<\/span> 시작/);
    assert.match(html, /id="chapter-2" data-seek="2"><span class="lecture-time">0:02<\/span> 정리/);
    assert.match(html, new RegExp(`href="/r/lectures/\\d+\\?lang=en&amp;t=1#lecture-video" class="lecture-seek" id="question-${questionId}" data-seek="1"><span class="lecture-time">0:01</span> 자동차세 연납은 언제 신청하나요\\?</a>`));
    assert.match(html, /id="question-999999" data-seek="2"><span class="lecture-time">0:02<\/span> Question 999999<\/a>/);
    assert.match(html, /src="\/r\/lectures\/\d+\/video#t=2"/, 'a link with a time starts the video there');
    const edit = await (await lecturer.request(`/console/lectures/${id}?lang=en`)).text();
    assert.match(edit, />0:00 시작\n0:02 정리<\/textarea>/);
    assert.match(edit, new RegExp(`>${questionId} 0:01\n999999 0:02</textarea>`));
  });

  test('views and completions: once per tab and day, no personal data kept', async () => {
    const created = await upload(lecturer, { bytes: webm, name: 'n.webm', type: 'video/webm', json: true, title: '시청 수' });
    const { id } = (await created.json()) as { id: number };
    const resident = new TestClient(server.url);
    const event = (kind: string, tab: string) => resident.json(`/r/lectures/${id}/events`, 'POST', { kind, tab });
    const tabA = 'a'.repeat(32);
    const tabB = 'b'.repeat(32);
    assert.equal((await event('view', tabA)).status, 404, 'a draft counts nothing for residents');
    await captions(lecturer, id, 'ko', KOREAN_VTT);
    await postForm(lecturer, `/console/lectures/${id}/publish`, { when: 'now' });

    assert.deepEqual(await (await event('view', tabA)).json(), { counted: true });
    assert.deepEqual(await (await event('view', tabA)).json(), { counted: false }, 'the same tab again');
    assert.deepEqual(await (await event('view', tabB)).json(), { counted: true });
    assert.deepEqual(await (await event('completion', tabA)).json(), { counted: true });
    assert.deepEqual(await (await event('completion', tabA)).json(), { counted: false });
    assert.equal((await event('view', 'short')).status, 400);
    assert.equal((await event('replay', tabA)).status, 400);
    const day1 = new Date(now);
    now = new Date(now.getTime() + 24 * 3600_000);
    assert.deepEqual(await (await event('view', tabA)).json(), { counted: true }, 'the next day counts again');
    now = day1;

    const counts = await dailyCounts(ctx.db, id);
    assert.deepEqual(counts.map((c) => [c.views, c.completions]), [[2, 1], [1, 0]]);
    const marks = await ctx.db.query<{ mark: Buffer }>('SELECT mark FROM lecture_count_marks');
    for (const { mark } of marks.rows) assert.ok(!Buffer.from(mark).toString('latin1').includes(tabA), 'only hashes are kept');
    const list = await (await lecturer.request('/console/lectures?lang=en')).text();
    assert.match(list, new RegExp(`id="lecture-${id}">시청 수</a></td>[\\s\\S]*?<td class="num">3</td>\\s*<td class="num">1</td>`));
  });

  test('a client address that reports more than a few players’ worth is refused: fresh tab ids do not inflate the counts', async () => {
    const created = await upload(lecturer, { bytes: webm, name: 'r.webm', type: 'video/webm', json: true, title: '부풀리기' });
    const { id } = (await created.json()) as { id: number };
    await captions(lecturer, id, 'ko', KOREAN_VTT);
    await postForm(lecturer, `/console/lectures/${id}/publish`, { when: 'now' });
    const flooder = new TestClient(server.url, { 'x-forwarded-for': '10.66.6.6' });
    const statuses: number[] = [];
    for (let i = 0; i < PLAYBACK_REPORTS_PER_ADDRESS + 5; i++) statuses.push((await flooder.json(`/r/lectures/${id}/events`, 'POST', { kind: 'view', tab: `tab${String(i).padStart(16, '0')}` })).status);
    assert.equal(statuses.filter((s) => s === 200).length, PLAYBACK_REPORTS_PER_ADDRESS);
    assert.deepEqual(statuses.slice(PLAYBACK_REPORTS_PER_ADDRESS), [429, 429, 429, 429, 429]);
    const counts = await dailyCounts(ctx.db, id);
    assert.equal(counts.reduce((n, c) => n + c.views, 0), PLAYBACK_REPORTS_PER_ADDRESS);
    const other = new TestClient(server.url, { 'x-forwarded-for': '10.66.7.7' });
    assert.equal((await other.json(`/r/lectures/${id}/events`, 'POST', { kind: 'view', tab: 'z'.repeat(32) })).status, 200, 'other addresses are not affected');
  });
});
