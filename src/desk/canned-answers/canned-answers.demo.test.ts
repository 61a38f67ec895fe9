import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { DEMO_PASSWORD, seedDemo } from '../../platform/demo/seed.ts';
import { startTestServer, TestClient } from '../../../test-support/test-server.ts';
import { seedDemoCannedAnswers, DEMO_CANNED_ANSWERS } from './canned-answers.demo.ts';

// The demo's canned answers on both engines: each demo district's desk agent
// finds them through the console's API in both languages, the district's own
// name filled in; seeding again adds nothing, and a district that wrote its
// own is left alone.

forEachEngine('demo canned answers', (ctx) => {
  test('each demo district has the canned answers once, its name filled in, read through the API', async () => {
    await seedDemo({ db: ctx.db, cipher: testCipher }, [seedDemoCannedAnswers]);
    await seedDemo({ db: ctx.db, cipher: testCipher }, [seedDemoCannedAnswers]);
    const server = await startTestServer(ctx.db);
    try {
      for (const [district, name] of [['gangnam', { ko: '강남구', en: 'Gangnam-gu' }], ['seocho', { ko: '서초구', en: 'Seocho-gu' }]] as const) {
        const agent = new TestClient(server.url);
        await agent.login(`${district}.desk`, DEMO_PASSWORD);
        const response = await agent.request('/api/desk/canned-answers');
        assert.equal(response.status, 200);
        const list = ((await response.json()) as { answers: { title: string; bodyKo: string; bodyEn: string }[] }).answers;
        assert.deepEqual(list.map((a) => a.title).sort(), DEMO_CANNED_ANSWERS.map((a) => a.title).sort(), `${district}: each once`);
        const greeting = list.find((a) => a.title === DEMO_CANNED_ANSWERS[0]!.title)!;
        assert.ok(greeting.bodyKo.includes(name.ko) && greeting.bodyEn.includes(name.en), 'the district names itself');
        for (const a of list) {
          assert.doesNotMatch(`${a.bodyKo}${a.bodyEn}`, /\{district\}/);
          // web addresses in brackets aside, no Latin letters inside the Korean text
          assert.doesNotMatch(a.bodyKo.replace(/\([^)]*\)/g, ''), /[A-Za-z]/, `${a.title}: no English inside the Korean text`);
        }
      }
    } finally {
      await server.close();
    }
  });

  test('a demo district with canned answers of its own is left alone', async () => {
    await ctx.db.query(`DELETE FROM desk_canned_answers WHERE district_code = 'seocho'`);
    await ctx.db.query(`INSERT INTO desk_canned_answers (district_code, title, body_ko, body_en) VALUES ('seocho', '우리 답변', '내용', 'Text')`);
    await seedDemoCannedAnswers({ db: ctx.db, cipher: testCipher });
    const { rows } = await ctx.db.query<{ title: string }>(`SELECT title FROM desk_canned_answers WHERE district_code = 'seocho'`);
    assert.deepEqual(rows.map((r) => r.title), ['우리 답변']);
  });
});
