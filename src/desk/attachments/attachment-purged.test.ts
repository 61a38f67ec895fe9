import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { runRetentionPurges } from '../../platform/retention/retention.ts';
import { setRetentionForDesk } from '../retention/retention.repository.ts';
import { deskRetentionPurger } from '../retention/retention.service.ts';
import { storeAttachment } from './attachments.repository.ts';

// A desk file the retention purge removed, over real HTTP on both engines:
// the download answers 410 with the day it went and what to do, in Korean
// and in English; a browser that opens the console's link gets a page in
// words (no problem code, no ISO date), a program the problem as JSON.

const NOW = new Date('2027-06-01T03:00:00Z'); // noon in Seoul, 1 June 2027
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-purged')]);

forEachEngine('a purged desk attachment', (ctx) => {
  let server: TestServer;
  let agent: TestClient;
  let other: TestClient;
  let purgedId: number;
  let keptId: number;

  before(async () => {
    server = await startTestServer(ctx.db);
    const staff = await createDistrictWithStaff(ctx.db, 'mapo', ['desk_agent'], { ko: '마포구', en: 'Mapo-gu' });
    const jongno = await createDistrictWithStaff(ctx.db, 'jongno', ['desk_agent'], { ko: '종로구', en: 'Jongno-gu' });
    const conversation = async (closedDaysAgo: number) => {
      const { rows } = await ctx.db.query<{ id: number }>(
        `INSERT INTO conversations (district_code, source, resident_ref, state, resume_token_hash, created_at, closed_at, closed_by)
         VALUES ('mapo', 'web', $1, 'closed', $2, $3, $3, 'agent') RETURNING id`,
        [randomBytes(6).toString('hex'), randomBytes(32), new Date(NOW.getTime() - closedDaysAgo * 86_400_000)],
      );
      return (await storeAttachment(ctx.db, { districtCode: 'mapo', conversationId: Number(rows[0]!.id), bytes: PNG, fileName: '고지서.png' })).id;
    };
    purgedId = await conversation(120);
    keptId = await conversation(10);
    await setRetentionForDesk(ctx.db, 'mapo', { chatDays: 180, attachmentDays: 90, offlineDays: 180 });
    await runRetentionPurges(ctx.db, [deskRetentionPurger], { now: NOW, districtCode: 'mapo', dryRun: false, batchSize: 10, actor: { type: 'system', id: 'test' } });
    agent = new TestClient(server.url);
    await agent.login(staff.desk_agent);
    other = new TestClient(server.url);
    await other.login(jongno.desk_agent);
  });
  after(() => server?.close());

  const PAGE = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  test('a program gets 410 with the problem as JSON, its detail in the language asked for', async () => {
    for (const [lang, detail] of [
      ['ko', '구의 보존 기간이 지나 2027. 6. 1.에 첨부파일을 삭제했습니다. 아직 필요하면 민원인에게 다시 보내 달라고 요청해 주세요.'],
      ['en', 'The attachment was removed on 1 June 2027, after the district’s retention period. If it is still needed, ask the resident to send it again.'],
    ] as const) {
      const answer = await agent.request(`/api/desk/attachments/${purgedId}?lang=${lang}`);
      assert.equal(answer.status, 410, lang);
      assert.match(answer.headers.get('content-type')!, /^application\/problem\+json/);
      const problem = (await answer.json()) as { code: string; detail: string; status: number };
      assert.deepEqual({ code: problem.code, status: problem.status, detail: problem.detail }, { code: 'attachment_purged', status: 410, detail }, lang);
    }
    const kept = await agent.request(`/api/desk/attachments/${keptId}`);
    assert.equal(kept.status, 200, 'a file within the period is still served');
    assert.deepEqual(Buffer.from(await kept.arrayBuffer()), PNG);
  });

  test("the console's link opened in a browser: a page in words, in Korean and in English, with no code in it", async () => {
    for (const [lang, title, detail] of [
      ['ko', /<h1 class="heading-l">[^<]+<\/h1>/, /2027\. 6\. 1\.에 첨부파일을 삭제했습니다\. 아직 필요하면 민원인에게 다시 보내 달라고 요청해 주세요\./],
      ['en', /<h1 class="heading-l">[^<]+<\/h1>/, /The attachment was removed on 1 June 2027, after the district’s retention period\. If it is still needed, ask the resident to send it again\./],
    ] as const) {
      const answer = await agent.request(`/api/desk/attachments/${purgedId}?lang=${lang}`, { headers: { accept: PAGE } });
      assert.equal(answer.status, 410, lang);
      assert.match(answer.headers.get('content-type')!, /^text\/html/);
      const page = await answer.text();
      assert.match(page, new RegExp(`<html lang="${lang}"`));
      assert.match(page, title);
      assert.match(page, detail);
      const visible = page.replace(/<head>[\s\S]*<\/head>/, '').replace(/<[^>]+>/g, ' ');
      assert.doesNotMatch(visible, /attachment_purged|2027-06-01|\{date\}/, `${lang}: no code, no ISO date, no placeholder on the page`);
      if (lang === 'ko') assert.doesNotMatch(visible.replace(/Jongno|Mapo/g, ''), /\b(The|attachment|removed|retention)\b/, 'no English on the Korean page');
    }
  });

  test("another district's agent gets 404, as for an attachment that never was", async () => {
    assert.equal((await other.request(`/api/desk/attachments/${purgedId}`)).status, 404);
    const page = await other.request(`/api/desk/attachments/${purgedId}?lang=en`, { headers: { accept: PAGE } });
    assert.equal(page.status, 404);
    assert.match(await page.text(), /Attachment not found\. Reload the conversation and open it from there\./);
  });
});
