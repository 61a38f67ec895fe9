import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createCipher } from '../../platform/crypto.ts';
import { seedDemo } from '../../platform/demo/seed.ts';
import { seedDemoBoard } from '../board/board.demo.ts';
import { boardQuestions } from './board-questions.ts';
import { captionsOf, publishedLectures, questionLinksOf } from './videos.repository.ts';
import { DEMO_LECTURES, seedDemoLecturesInto } from './videos.demo.ts';

// The demo's two captioned lectures of Seocho-gu, made by ffmpeg at first
// start; a second start adds nothing; without ffmpeg the step is skipped.

forEachEngine('demo lectures', (ctx) => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'demo-lectures-'));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('two published lectures with Korean and English captions, once', async () => {
    const deps = { db: ctx.db, cipher: createCipher(Buffer.alloc(32, 7)) };
    await seedDemo(deps);
    await seedDemoBoard(deps);

    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      assert.deepEqual(await seedDemoLecturesInto(deps, folder), { created: 0, skipped: 'no_ffmpeg' });
    } finally {
      process.env.PATH = saved;
    }

    assert.deepEqual(await seedDemoLecturesInto(deps, folder), { created: 2 });
    const lectures = (await publishedLectures(ctx.db, new Date(), 'seocho')).filter((l) => DEMO_LECTURES.some((d) => d.title === l.title));
    assert.equal(lectures.length, 2);
    for (const l of lectures) {
      assert.equal(l.videoContentType, 'video/webm');
      assert.ok(l.durationMs >= 7500 && l.durationMs <= 8500, String(l.durationMs));
      assert.ok(l.videoBytes < 400_000, `small: ${l.videoBytes}`);
      assert.deepEqual((await captionsOf(ctx.db, l.id)).map((c) => c.lang), ['ko', 'en']);
      assert.equal(l.chapters.length, 2);
      const titles = await boardQuestions(ctx.db, 'seocho', (await questionLinksOf(ctx.db, l.id)).map((q) => q.questionId));
      assert.equal(titles.size, 2, "linked to two published questions of the board's demo");
    }
    const files = await readdir(join(folder, 'seocho'));
    assert.equal(files.filter((f) => f.endsWith('.webm')).length, 2);
    assert.equal(files.filter((f) => f.endsWith('-poster.jpg')).length, 2);
    assert.deepEqual(await seedDemoLecturesInto(deps, folder), { created: 0 }, 'a second start adds nothing');
  });
});
