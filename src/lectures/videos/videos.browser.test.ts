import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { assertAccessible, BROWSER_SKIP, launchChromium, signInAsStaff } from '../../../test-support/browser.ts';
import { createDistrictWithStaff, startTestServer, TestClient, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { dailyCounts } from './videos.repository.ts';
import { ENGLISH_VTT, KOREAN_VTT, makeTestVideo } from './videos.test-support.ts';

// Watching a captioned lecture in Chromium: the video plays (its time
// advances), the Korean caption track is showing and has an active cue, a
// chapter button seeks, the view and the completion are reported; axe finds
// nothing on the list and the player in both languages, nor on the console's
// pages; the console's upload with progress lands on the new lecture.

describe('lecture player in the browser', { skip: BROWSER_SKIP }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let work: string;
  let lectureId = 0;
  let videoPath = '';
  const district = 'lbrowser';

  before(async () => {
    database = await createTestDatabase('pglite');
    work = await mkdtemp(join(tmpdir(), 'lecture-browser-'));
    server = await startTestServer(database.db, { TAXSTATION_LECTURE_DIR: join(work, 'storage') });
    await createDistrictWithStaff(database.db, district, ['lecturer']);
    videoPath = await makeTestVideo(work, { format: 'webm', seconds: 6 });
    const client = new TestClient(server.url);
    await client.login(`${district}.lecturer`);
    const form = new FormData();
    form.append('_csrf', client.csrfToken!);
    form.append('title', '재산세 강의');
    form.append('summary', '재산세 납부 기한');
    form.append('field', 'property_tax');
    form.append('video', new Blob([new Uint8Array(await readFile(videoPath))], { type: 'video/webm' }), 'lecture.webm');
    const created = await client.request('/console/lectures', { method: 'POST', body: form, headers: { accept: 'application/json' } });
    assert.equal(created.status, 201);
    lectureId = ((await created.json()) as { id: number }).id;
    for (const [lang, text] of [['ko', KOREAN_VTT], ['en', ENGLISH_VTT]] as const) {
      const captions = new FormData();
      captions.append('_csrf', client.csrfToken!);
      captions.append('lang', lang);
      captions.append('captions', new Blob([text], { type: 'text/vtt' }), `${lang}.vtt`);
      assert.equal((await client.request(`/console/lectures/${lectureId}/captions`, { method: 'POST', body: captions })).status, 303);
    }
    const post = (path: string, fields: Record<string, string>) =>
      client.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: client.csrfToken!, ...fields }).toString() });
    assert.equal((await post(`/console/lectures/${lectureId}`, { title: '재산세 강의', summary: '재산세 납부 기한', field: 'property_tax', chapters: '0:00 들어가며\n0:04 정리', questions: '' })).status, 303);
    assert.equal((await post(`/console/lectures/${lectureId}/publish`, { when: 'now' })).status, 303);
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  test('the lecture plays with Korean captions, a chapter seeks, view and completion are reported; axe finds nothing', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'ko-KR' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    try {
      for (const locale of ['ko', 'en'] as const) {
        assert.equal((await page.goto(`${server.url}/r/lectures?lang=${locale}`))?.status(), 200);
        assert.ok(await page.isVisible(`#lecture-${lectureId}`));
        await assertAccessible(page, `${locale} lecture list`);
      }
      await page.click(`#lecture-${lectureId}`);
      await page.waitForURL(new RegExp(`/r/lectures/${lectureId}\\?lang=en`));
      await page.goto(`${server.url}/r/lectures/${lectureId}?lang=ko`);
      await page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).readyState >= 1);
      await assertAccessible(page, 'ko player');

      // the Korean track is the default and shows
      await page.waitForFunction(() => {
        const tracks = Array.from((document.querySelector('video') as HTMLVideoElement).textTracks);
        return tracks.find((t) => t.language === 'ko')?.mode === 'showing';
      });
      const modes = await page.evaluate(() => Array.from((document.querySelector('video') as HTMLVideoElement).textTracks).map((t) => `${t.language}:${t.kind}:${t.mode}`));
      assert.deepEqual(modes, ['ko:captions:showing', 'en:captions:disabled']);

      const view = page.waitForResponse((r) => r.url().endsWith(`/r/lectures/${lectureId}/events`) && (r.request().postData() ?? '').includes('"view"'));
      await page.evaluate(() => {
        const video = document.querySelector('video') as HTMLVideoElement;
        video.muted = true;
        return video.play();
      });
      // playing: the time advances, and a Korean cue is active
      await page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).currentTime > 0.5);
      await page.waitForFunction(() => {
        const ko = Array.from((document.querySelector('video') as HTMLVideoElement).textTracks).find((t) => t.language === 'ko');
        return (ko?.activeCues?.length ?? 0) > 0;
      });
      const cue = await page.evaluate(() => {
        const ko = Array.from((document.querySelector('video') as HTMLVideoElement).textTracks).find((t) => t.language === 'ko')!;
        return (ko.activeCues![0] as VTTCue).text;
      });
      assert.match(cue, /재산세 강의입니다|납부 기한/);
      assert.deepEqual(await (await view).json(), { counted: true });

      // pause, then the second chapter (0:04) seeks there by keyboard
      const paused = await page.evaluate(() => {
        const video = document.querySelector('video') as HTMLVideoElement;
        video.pause();
        return video.currentTime;
      });
      assert.ok(paused < 4, `paused before the chapter: ${paused}`);
      const completion = page.waitForResponse((r) => r.url().endsWith(`/r/lectures/${lectureId}/events`) && (r.request().postData() ?? '').includes('"completion"'));
      await page.focus('#chapter-2');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).currentTime >= 4);
      assert.deepEqual(await (await completion).json(), { counted: true }, 'playing on from 0:04 reaches 90 %');
      const counts = await dailyCounts(database.db, lectureId);
      assert.deepEqual(counts.map((c) => [c.views, c.completions]), [[1, 1]]);

      // the transcript is there for those who cannot watch
      assert.match((await page.textContent('.lecture-transcript')) ?? '', /안녕하세요\. 재산세 강의입니다\./);
      await page.goto(`${server.url}/r/lectures/${lectureId}?lang=en`);
      assert.match((await page.textContent('.lecture-transcript')) ?? '', /Hello\. This is a lecture on property tax\./);
      await assertAccessible(page, 'en player');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the console: upload with progress lands on the new lecture; its pages pass axe', async () => {
    const { context, page, errors } = await signInAsStaff(browser, { baseUrl: server.url, username: `${district}.lecturer`, password: TEST_PASSWORD, locale: 'en' });
    try {
      await page.goto(`${server.url}/console/lectures?lang=en`);
      await assertAccessible(page, 'console list');
      await page.fill('#title', 'Uploaded in the browser');
      await page.selectOption('#field', 'vehicle_tax');
      await page.setInputFiles('#video', videoPath);
      await Promise.all([page.waitForURL(/\/console\/lectures\/\d+\?lang=en&done=uploaded/), page.click('#upload')]);
      assert.match((await page.textContent('#flash')) ?? '', /The video is uploaded\./);
      assert.match((await page.textContent('#facts')) ?? '', /WebM · video vp8 · audio opus/);
      await assertAccessible(page, 'console lecture page');

      // a refusal from the script's upload shows in an error summary
      await page.goto(`${server.url}/console/lectures?lang=en`);
      await page.fill('#title', 'Not a video');
      await page.setInputFiles('#video', { name: 'fake.mp4', mimeType: 'video/mp4', buffer: Buffer.from('plain text, not a video') });
      await page.click('#upload');
      await page.waitForSelector('[data-upload-error]');
      assert.match((await page.textContent('[data-upload-error]')) ?? '', /This is not a video\./);
      assert.deepEqual(errors.filter((e) => !/status of 415/.test(e)), []);
    } finally {
      await context.close();
    }
  });
});
