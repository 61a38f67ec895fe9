import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startTestServer, TestClient, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { createStaffAccount } from '../../platform/auth/staff.repository.ts';
import { bookVideoConsultation } from '../video.test-support.ts';

// The console page of the rooms' opening time, over real HTTP on both engines.

forEachEngine('video room settings page', (ctx) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  const form = (client: TestClient, value: string, lang = 'ko') =>
    client.request(`/console/video/settings?lang=${lang}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: client.csrfToken ?? '', openBeforeMinutes: value }).toString(),
    });

  test('an administrator sets it; a wrong number is refused naming the field; officials only read it', async () => {
    const b = await bookVideoConsultation(ctx.db, server.deps.cipher);
    await createStaffAccount(ctx.db, { districtCode: b.district, username: `${b.district}.admin`, displayName: '관리자', role: 'admin', password: TEST_PASSWORD });
    const admin = new TestClient(server.url);
    await admin.login(`${b.district}.admin`);
    const page = await admin.request('/console/video/settings?lang=ko');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<h1>화상 상담실 설정<\/h1>/);
    assert.match(html, /name="openBeforeMinutes" type="text" value="10"/);

    const wrong = await form(admin, '90', 'en');
    assert.equal(wrong.status, 400);
    const wrongHtml = await wrong.text();
    assert.match(wrongHtml, /Enter a number from 0 to 60\./);
    assert.match(wrongHtml, /href="#open-before"/, 'the error summary links to the field');

    const saved = await form(admin, '15');
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), '/console/video/settings?lang=ko&saved=1');
    const api = await admin.request('/api/video/settings');
    assert.deepEqual(await api.json(), { openBeforeMinutes: 15 });

    const official = new TestClient(server.url);
    await official.login(b.official.username, b.official.password);
    const read = await official.request('/console/video/settings?lang=en');
    assert.equal(read.status, 200);
    const readHtml = await read.text();
    assert.match(readHtml, /<dd class="summary-value" id="open-before">15<\/dd>/, 'shown, not a form without a button');
    assert.doesNotMatch(readHtml, /name="openBeforeMinutes"/);
    assert.match(readHtml, /Only administrators can change the settings\./);
    assert.equal((await form(official, '5')).status, 403);
    assert.deepEqual(await (await admin.request('/api/video/settings')).json(), { openBeforeMinutes: 15 }, 'unchanged');
  });
});
