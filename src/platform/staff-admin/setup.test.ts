import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-strength.ts';
import { addDistrict, addStaff, disableStaff, resetStaff, type Operator } from './staff-admin.service.ts';

// The set-up link's page over real HTTP: the rule in words, weak passwords
// refused on the form, single use, expiry on an injected clock, then signed in.

const operator: Operator = { actor: { type: 'system', id: 'cli:test' }, source: 'system', reason: 'test set-up' };
const GOOD = 'lantern copper meadow drift';

test('the password rule: length first, then zxcvbn: common, keyboard, personal words refused; a few unrelated words pass', () => {
  assert.equal(passwordProblem('', []), 'password_required');
  assert.equal(passwordProblem('short', []), 'password_too_short');
  assert.equal(passwordProblem('password1234', []), 'password_common');
  assert.equal(passwordProblem('qwertyuiop[]', []), 'password_pattern');
  assert.equal(passwordProblem('mapo.admin.2026', ['mapo.admin', 'mapo']), 'password_personal');
  assert.equal(passwordProblem(GOOD, ['mapo.admin']), null);
  fc.assert(fc.property(fc.string({ maxLength: MIN_PASSWORD_LENGTH - 1 }), (p) => passwordProblem(p, []) !== null));
  fc.assert(fc.property(fc.string({ minLength: 257, maxLength: 400 }), (p) => passwordProblem(p, []) !== null));
});

forEachEngine('set-up link page', (ctx) => {
  let server: TestServer;
  let now = new Date('2026-12-01T00:00:00Z');
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_PUBLIC_URL: 'https://tax.example.go.kr' });
    server.deps.clock = () => now;
    await addDistrict(ctx.db, { code: 'mapo', nameKo: '마포구', nameEn: 'Mapo-gu' }, operator);
  });
  after(() => server?.close());

  const deps = () => ({ db: ctx.db, publicUrl: 'https://tax.example.go.kr', clock: () => now });
  const pathOf = (url: string) => new URL(url).pathname;
  const form = (client: TestClient, path: string, fields: Record<string, string>) =>
    client.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body: new URLSearchParams(fields).toString() });

  test('GET shows the account and the rule in words (ko and en); weak and mismatched passwords are refused on the form', async () => {
    const added = await addStaff(deps(), { districtCode: 'mapo', username: 'mapo.admin', role: 'admin' }, operator);
    assert.ok(added.changed);
    const path = pathOf(added.link.url);
    const client = new TestClient(server.url);
    const en = await client.request(`${path}?lang=en`);
    assert.equal(en.status, 200);
    assert.equal(en.headers.get('cache-control'), 'no-store');
    const enPage = await en.text();
    assert.match(enPage, /Choose the password of your Mapo-gu tax staff account &quot;mapo.admin&quot;/);
    assert.match(enPage, /at least 12 characters.*unrelated words.*Common or breached passwords/s);
    const ko = await (await client.request(`${path}?lang=ko`)).text();
    assert.match(ko, /마포구 세무 직원 계정 &quot;mapo.admin&quot;/);
    assert.match(ko, /12자 이상/);

    const weak = await form(client, `${path}?lang=en`, { password: 'password1234', confirm: 'password1234' });
    assert.equal(weak.status, 400);
    const weakPage = await weak.text();
    assert.match(weakPage, /<title>Error: /);
    assert.match(weakPage, /too close to a common or breached one/);
    const mismatch = await form(client, `${path}?lang=en`, { password: GOOD, confirm: `${GOOD}!` });
    assert.equal(mismatch.status, 400);
    assert.match(await mismatch.text(), /The two passwords are not the same/);
    const { rows } = await ctx.db.query<{ has: boolean }>(`SELECT password_hash IS NOT NULL AS has FROM staff_accounts WHERE username = 'mapo.admin'`);
    assert.equal(rows[0]!.has, false, 'nothing set yet');
  });

  test('a good password signs the person in; the link then is used up; the choice is audited', async () => {
    const account = await ctx.db.query<{ id: string }>(`SELECT id FROM staff_accounts WHERE username = 'mapo.admin'`);
    const reset = await resetStaff(deps(), { districtCode: 'mapo', username: 'mapo.admin' }, operator);
    const path = pathOf(reset.link.url);
    const client = new TestClient(server.url);
    const done = await form(client, path, { password: GOOD, confirm: GOOD });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/console/start', 'on to the role’s start page');
    const session = await client.request('/api/session');
    assert.equal(session.status, 200);
    assert.equal(((await session.json()) as { staff: { username: string } }).staff.username, 'mapo.admin');
    // The same link again, by GET or POST: refused, nothing changed.
    const again = await new TestClient(server.url).request(`${path}?lang=en`);
    assert.equal(again.status, 404);
    assert.match(await again.text(), /has expired, has been used already or was replaced/);
    const replay = await form(new TestClient(server.url), path, { password: 'another good phrase here', confirm: 'another good phrase here' });
    assert.equal(replay.status, 404);
    // The password works at the sign-in.
    await new TestClient(server.url).login('mapo.admin', GOOD);
    const audit = await ctx.db.query<{ actor_type: string; actor_id: string }>(`SELECT actor_type, actor_id FROM audit_log WHERE action = 'staff.password_set'`);
    assert.deepEqual(audit.rows, [{ actor_type: 'staff', actor_id: account.rows[0]!.id.toString() }]);
  });

  test('a link expires after 72 hours (injected clock); a replaced link, a disabled account and a malformed token get the same page', async () => {
    const added = await addStaff(deps(), { districtCode: 'mapo', username: 'mapo.lee', role: 'tax_official' }, operator);
    assert.ok(added.changed);
    const path = pathOf(added.link.url);
    const client = new TestClient(server.url);
    now = new Date(now.getTime() + 71 * 3600_000);
    assert.equal((await client.request(path)).status, 200);
    now = new Date(now.getTime() + 1 * 3600_000);
    assert.equal((await client.request(path)).status, 404, 'at 72 h the link has expired');
    assert.equal((await form(client, path, { password: GOOD, confirm: GOOD })).status, 404);

    const first = await resetStaff(deps(), { districtCode: 'mapo', username: 'mapo.lee' }, operator);
    const second = await resetStaff(deps(), { districtCode: 'mapo', username: 'mapo.lee' }, operator);
    assert.equal((await client.request(pathOf(first.link.url))).status, 404, 'replaced by the newer link');
    assert.equal((await client.request(pathOf(second.link.url))).status, 200);
    await disableStaff(deps(), { districtCode: 'mapo', username: 'mapo.lee' }, operator);
    assert.equal((await client.request(pathOf(second.link.url))).status, 404);
    assert.equal((await client.request('/setup/not-a-token')).status, 404);
  });
});
