import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';

// The offline message form as a plain HTML form on both engines: field
// errors with a summary and "Error:" in the title, check answers, change
// without re-entering, send, confirmation with a reference, sealed contact.

const KEY = Buffer.alloc(32, 7).toString('base64');
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

forEachEngine('desk offline form', (ctx) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: KEY });
    await createDistrictWithStaff(ctx.db, 'seocho', ['desk_agent'], { ko: '서초구', en: 'Seocho-gu' });
  });
  after(async () => {
    await server?.close();
  });

  test('empty and bad answers: 400, error summary, "Error:" in the title, answers kept', async () => {
    const c = new TestClient(server.url);
    const page = await c.request('/r/desk/offline?lang=en');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Leave a message for the desk/);
    const bad = await c.request('/r/desk/offline?lang=en', form({ district: 'nowhere', name: '', replyChannel: 'sms', contact: '016-123-4567', question: '' }));
    assert.equal(bad.status, 400);
    const body = await bad.text();
    assert.match(body, /<title>Error: /);
    for (const field of ['district', 'name', 'contact', 'question']) assert.match(body, new RegExp(`href="#${field}"`));
    assert.match(body, /value="016-123-4567"/, 'answers are kept');
    const script = await c.request('/r/desk/offline?lang=ko', form({ district: 'seocho', name: '<script>x</script>', replyChannel: 'email', contact: 'no-at-sign', question: 'q' }));
    assert.equal(script.status, 400);
    assert.doesNotMatch(await script.text(), /<script>x/, 'input is escaped');
  });

  test('check answers, change, send, confirmation with a reference; the contact is sealed', async () => {
    const c = new TestClient(server.url);
    const answers = { district: 'seocho', name: '이영희', replyChannel: 'sms', contact: '010-9876-5432', question: '자동차세 연납 신청은 언제까지인가요?' };
    const checkPage = await c.request('/r/desk/offline?lang=ko', form(answers));
    assert.equal(checkPage.status, 200);
    const html = await checkPage.text();
    assert.match(html, /보내기 전에 확인하세요/);
    assert.match(html, /서초구/);
    const changed = await c.request('/r/desk/offline/change?lang=ko', form(answers));
    assert.match(await changed.text(), /value="이영희"/);
    const sent = await c.request('/r/desk/offline/send?lang=ko', form(answers));
    assert.equal(sent.status, 303);
    const location = sent.headers.get('location')!;
    const ref = /ref=(DQ-[A-Z2-9]{8})/.exec(location)![1]!;
    const done = await c.request(location);
    assert.equal(done.status, 200);
    assert.match(await done.text(), new RegExp(ref));
    const { rows } = await ctx.db.query<{ district_code: string; reply_channel: string; contact_enc: Uint8Array; locale: string }>('SELECT district_code, reply_channel, contact_enc, locale FROM desk_offline_messages WHERE reference = $1', [ref]);
    assert.equal(rows[0]!.district_code, 'seocho');
    assert.equal(rows[0]!.reply_channel, 'sms');
    assert.equal(testCipher.decrypt(Buffer.from(rows[0]!.contact_enc)), '+821098765432');
    assert.ok(!Buffer.from(rows[0]!.contact_enc).toString('latin1').includes('9876'), 'sealed at rest');
    assert.equal((await c.request('/r/desk/offline/done?ref=nope')).status, 400);
  });
});
