import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { issueSeason } from '../../delivery/queue/queue.ts';
import { failAttempts } from '../../delivery/dispatch/attempts.repository.ts';
import { sealPersonalFields } from '../../taxpayers/taxpayers.repository.ts';
import { lastSent } from '../self-service/self-service.test-support.ts';

// Official edits over real HTTP on both engines: look-up by number and by
// name and date of birth, masked contacts, the API change with its problems,
// the console's form → check answers → confirmation, history, roles, CSRF,
// and a Seocho official who never learns anything about Gangnam's taxpayers.

function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  return p.toString();
}

forEachEngine('official edits of contact data', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let desk: TestClient;
  let seocho: TestClient;
  let anonymous: TestClient;
  let kim = 0;
  let lee = 0;
  let messageId = 0;
  const api = (c: TestClient, path: string, method = 'GET', body?: unknown) =>
    c.json(path, method, body, c.csrfToken ? { 'x-csrf-token': c.csrfToken } : {});
  const post = (c: TestClient, path: string, fields: Record<string, string | string[]>) =>
    c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: form({ _csrf: c.csrfToken ?? '', ...fields }) });

  before(async () => {
    server = await startTestServer(ctx.db);
    await createDistrictWithStaff(ctx.db, 'gangnam', ['tax_official', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    const cipher = server.deps.cipher;
    [kim] = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+82161234567', email: 'kim@hanmail.com', enrol: ['sms'] }], cipher) as [number];
    // Lee: found by name and date of birth
    const s = sealPersonalFields(cipher, { birthDate: '1975-05-05', identityKey: null, mobileE164: '+821098765432', email: null });
    lee = (await ctx.db.query<{ id: number }>(
      `INSERT INTO taxpayers (district_code, taxpayer_no, name, birth_date_enc, birth_date_hash, mobile_enc, mobile_hash, postal_code, address, enrol_sms)
       VALUES ('gangnam', 'G-LEE-1', '이영희', $1, $2, $3, $4, '06236', '서울', true) RETURNING id`,
      [s.birth_date_enc, s.birth_date_hash, s.mobile_enc, s.mobile_hash],
    )).rows[0]!.id;
    await createNotices(ctx.db, 'gangnam', [kim], { dueDate: '2099-07-31' });
    await issueSeason(ctx.db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const { rows } = await ctx.db.query<{ id: number; message_id: number }>(
      `SELECT a.id, a.message_id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.taxpayer_id = $1 AND a.state = 'queued'`,
      [kim],
    );
    messageId = rows[0]!.message_id;
    await failAttempts(ctx.db, [{ attemptId: rows[0]!.id, cause: 'dead_prefix', detail: 'not in service' }], 'sim-sms');

    official = new TestClient(server.url);
    await official.login('gangnam.tax-official');
    desk = new TestClient(server.url);
    await desk.login('gangnam.desk-agent');
    seocho = new TestClient(server.url);
    await seocho.login('seocho.tax-official');
    anonymous = new TestClient(server.url);
  });
  after(async () => {
    await server?.close();
  });

  test('look-up by taxpayer number and by name and date of birth, contacts masked; desk agents may look up', async () => {
    const no = (await ctx.db.query<{ taxpayer_no: string }>('SELECT taxpayer_no FROM taxpayers WHERE id = $1', [kim])).rows[0]!.taxpayer_no;
    const byNo = await api(desk, '/api/taxpayers/search', 'POST', { taxpayerNo: no });
    assert.equal(byNo.status, 200);
    const body = (await byNo.json()) as { id: number; mobileMasked: string; emailMasked: string; enrol: Record<string, boolean> };
    assert.equal(body.id, kim);
    assert.equal(body.mobileMasked, '016-***-4567');
    assert.equal(body.emailMasked, 'k****@hanmail.com');
    const byName = await api(official, '/api/taxpayers/search', 'POST', { name: '이영희', birthDate: '1975-05-05' });
    assert.equal(((await byName.json()) as { id: number }).id, lee);
    assert.equal((await api(official, '/api/taxpayers/search', 'POST', { name: '이영희', birthDate: '1975-05-06' })).status, 404);
    assert.equal((await api(official, '/api/taxpayers/search', 'POST', { name: '이영희', birthDate: '5 May 1975' })).status, 400);
    assert.equal((await api(anonymous, '/api/taxpayers/search', 'POST', { taxpayerNo: no })).status, 401);
  });

  test('a Seocho official learns nothing about a Gangnam taxpayer: the same 404 as for nobody', async () => {
    const no = (await ctx.db.query<{ taxpayer_no: string }>('SELECT taxpayer_no FROM taxpayers WHERE id = $1', [kim])).rows[0]!.taxpayer_no;
    const found = await api(seocho, '/api/taxpayers/search', 'POST', { taxpayerNo: no });
    const nobody = await api(seocho, '/api/taxpayers/search', 'POST', { taxpayerNo: 'NOBODY-1' });
    assert.equal(found.status, 404);
    assert.equal(nobody.status, 404);
    const a = (await found.json()) as Record<string, unknown>;
    const b = (await nobody.json()) as Record<string, unknown>;
    assert.deepEqual(a, b);
    assert.equal((await api(seocho, '/api/taxpayers/search', 'POST', { name: '이영희', birthDate: '1975-05-05' })).status, 404);
    for (const path of [`/api/taxpayers/${kim}`, `/api/taxpayers/${kim}/history`, `/console/taxpayers/${kim}`, `/console/taxpayers/${kim}/edit`]) {
      assert.equal((await seocho.request(path, { headers: { accept: 'application/json' } })).status, 404, path);
    }
    const patch = await api(seocho, `/api/taxpayers/${kim}/contacts`, 'PATCH', { mobile: '010-1111-2222', reason: 'x' });
    assert.equal(patch.status, 404);
    const search = await post(seocho, '/console/taxpayers/search?lang=en', { by: 'number', taxpayerNo: no });
    assert.equal(search.status, 404);
    assert.match(await search.text(), /No taxpayer of this district matches/);
  });

  test('PATCH with bad input: 400 with one problem per field, nothing changed; desk agents may not change', async () => {
    const bad = await api(official, `/api/taxpayers/${kim}/contacts`, 'PATCH', { mobile: '018-123-4567', email: 'kim@navr.com', reason: '' });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = (await bad.json()) as { code: string; errors: { field: string; reason: string }[] };
    assert.equal(problem.code, 'contact_change_invalid');
    assert.deepEqual(problem.errors.map((e) => e.field), ['mobile', 'email', 'reason']);
    assert.match(problem.errors[1]!.reason, /naver\.com/);
    assert.doesNotMatch(JSON.stringify(problem), /123-4567|kim@/, 'the problem does not echo the values');
    assert.equal((await api(desk, `/api/taxpayers/${kim}/contacts`, 'PATCH', { mobile: '010-1111-2222', reason: 'x' })).status, 403);
    const noCsrf = await official.json(`/api/taxpayers/${kim}/contacts`, 'PATCH', { mobile: '010-1111-2222', reason: 'x' });
    assert.equal(noCsrf.status, 403);
    const audit = await ctx.db.query(`SELECT 1 FROM audit_log WHERE entity_type = 'taxpayer' AND entity_id = $1`, [String(kim)]);
    assert.equal(audit.rowCount, 0);
  });

  test('console: required reason (error summary), check answers, confirmation with reference, resend, history', async () => {
    // the edit form with no reason
    const noReason = await post(official, `/console/taxpayers/${kim}/edit/check?lang=en`, { mobile: '010-2345-6789', enrol: 'sms', reason: '' });
    assert.equal(noReason.status, 400);
    const errorPage = await noReason.text();
    assert.match(errorPage, /<title>Error: /);
    assert.match(errorPage, /data-error-summary/);
    assert.match(errorPage, /href="#reason">Enter the reason for the change/);
    assert.match(errorPage, /value="010-2345-6789"/, 'what was typed is kept');

    const fields = { mobile: '010-2345-6789', email: 'kim@hanmail.net', enrol: ['sms', 'email'], reason: 'Phoned the office' };
    const check = await post(official, `/console/taxpayers/${kim}/edit/check?lang=en`, fields);
    assert.equal(check.status, 200);
    const checkHtml = await check.text();
    assert.match(checkHtml, /Check the change before you save it/);
    assert.match(checkHtml, /016-\*\*\*-4567 → <span class="visually-hidden">After the change: <\/span><strong data-field="mobile">010-2345-6789<\/strong>/);
    assert.match(checkHtml, /id="edit-save"/);
    // "Change" goes back to the form with the answers kept
    const back = await post(official, `/console/taxpayers/${kim}/edit?lang=en`, { ...fields, action: 'change' });
    assert.match(await back.text(), /value="kim@hanmail.net"/);

    // The check step sent a code to each new contact, for the taxpayer to read out.
    assert.match(checkHtml, /<label class="label" for="code-mobile">Code sent to 010-\*\*\*\*-6789<\/label>/);
    assert.match(checkHtml, /<label class="label" for="code-email">Code sent to k\*\*\*\*@hanmail\.net<\/label>/);
    const cipher = server.deps.cipher;
    const sent = await ctx.db.query<{ recipient_enc: Uint8Array; variables_enc: Uint8Array }>(
      `SELECT recipient_enc, variables_enc FROM messages WHERE taxpayer_id = $1 AND topic = 'one_time_code' ORDER BY id`, [kim],
    );
    const codes = Object.fromEntries(sent.rows.map((r) => [Object.keys(JSON.parse(cipher.decrypt(r.recipient_enc)))[0], JSON.parse(cipher.decrypt(r.variables_enc)).code as string]));
    assert.deepEqual(Object.keys(codes).sort(), ['email', 'phone'], 'one code to the new number, one to the new address');
    const wrong = (c: string) => (c === '000000' ? '111111' : '000000');

    // Without the codes, or with a wrong one, nothing is saved.
    const noCodes = await post(official, `/console/taxpayers/${kim}/edit?lang=en`, { ...fields, action: 'confirm' });
    assert.equal(noCodes.status, 400);
    const noCodesHtml = await noCodes.text();
    assert.match(noCodesHtml, /href="#code-mobile">Enter the code/);
    const wrongCode = await post(official, `/console/taxpayers/${kim}/edit?lang=en`, { ...fields, action: 'confirm', codeMobile: wrong(codes.phone!), codeEmail: codes.email! });
    assert.equal(wrongCode.status, 400);
    assert.match(await wrongCode.text(), /The code is not right\. 4 more tries/);
    assert.equal((await ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'taxpayer.contact_updated' AND entity_id = $1`, [String(kim)])).rowCount, 0);

    const save = await post(official, `/console/taxpayers/${kim}/edit?lang=en`, { ...fields, action: 'confirm', codeMobile: codes.phone!, codeEmail: codes.email! });
    assert.equal(save.status, 303);
    const location = save.headers.get('location')!;
    assert.match(location, new RegExp(`^/console/taxpayers/${kim}/changes/\\d+\\?lang=en$`));
    const done = await (await official.request(location)).text();
    assert.match(done, /Contact details changed/);
    assert.match(done, /<strong id="reference">CU-\d{7}<\/strong>/);
    assert.match(done, /1 undelivered notice\(s\) were resent/);

    const m = await ctx.db.query<{ state: string }>('SELECT state FROM messages WHERE id = $1', [messageId]);
    assert.equal(m.rows[0]!.state, 'pending');

    const history = (await (await api(desk, `/api/taxpayers/${kim}/history`)).json()) as {
      contactChanges: { reference: string; source: string; reason: string; actorId: string; old: { mobile: string }; new: { mobile: string } }[];
      messages: { id: number; kind: string; events: { event: string }[] }[];
    };
    assert.equal(history.contactChanges.length, 1);
    const c = history.contactChanges[0]!;
    assert.deepEqual([c.source, c.reason, c.actorId, c.old.mobile, c.new.mobile], ['official', 'Phoned the office', 'gangnam.tax-official', '016-***-4567', '010-****-6789']);
    assert.match(done, new RegExp(c.reference));
    assert.ok(history.messages.find((x) => x.id === messageId)!.events.some((e) => e.event === 'resend'));
    assert.deepEqual(history.messages.map((x) => x.kind).sort(), ['guidance', 'guidance', 'notice', 'one_time_code', 'one_time_code'], 'the codes, and the old number and address told of the change');

    const page = await (await desk.request(`/console/taxpayers/${kim}?lang=en`)).text();
    assert.match(page, /010-\*\*\*\*-6789/);
    assert.match(page, /Phoned the office/);
    assert.doesNotMatch(page, /id="edit-contacts"/, 'desk agents see no edit button');
    assert.doesNotMatch(page, /2345-6789|kim@hanmail/, 'no raw contact on the page');
    assert.equal((await desk.request(`/console/taxpayers/${kim}/edit`)).status, 403);
  });

  test('console search: errors, not found, found by name and date of birth', async () => {
    const empty = await post(official, '/console/taxpayers/search?lang=en', { by: 'name', name: '', birthDate: '1975' });
    assert.equal(empty.status, 400);
    const text = await empty.text();
    assert.match(text, /href="#name">Enter the full name/);
    assert.match(text, /href="#birth-date">Enter the date of birth like 1970-01-02/);
    const found = await post(official, '/console/taxpayers/search?lang=ko', { by: 'name', name: '이영희', birthDate: '1975-05-05' });
    assert.equal(found.status, 303);
    assert.equal(found.headers.get('location'), `/console/taxpayers/${lee}?lang=ko`);
  });

  test('PATCH: a new contact needs the code sent to it; then the change answers the changed fields and a reference, and the old contact is told', async () => {
    const unconfirmed = await api(official, `/api/taxpayers/${lee}/contacts`, 'PATCH', { email: 'lee@naver.com', enrol: { email: true }, reason: 'Asked at the desk' });
    assert.equal(unconfirmed.status, 409);
    const problem = (await unconfirmed.json()) as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'contact_not_confirmed');
    assert.deepEqual(problem.errors.map((e) => e.field), ['email']);
    assert.equal((await api(desk, `/api/taxpayers/${lee}/contact-codes`, 'POST', { email: 'lee@naver.com' })).status, 403, 'desk agents may not');
    assert.equal((await api(official, `/api/taxpayers/${lee}/contact-codes`, 'POST', { email: 'lee@navr.com' })).status, 400);
    const codes = await api(official, `/api/taxpayers/${lee}/contact-codes`, 'POST', { email: 'lee@naver.com' });
    assert.equal(codes.status, 202);
    assert.deepEqual(await codes.json(), { sent: [{ field: 'email', to: 'l****@naver.com' }] });
    const code = (await lastSent(ctx.db, server.deps.cipher, 'one_time_code', lee))!;
    assert.deepEqual(code.recipient, { email: 'lee@naver.com' });
    const wrong = await api(official, `/api/taxpayers/${lee}/contacts`, 'PATCH', { email: 'lee@naver.com', reason: 'x', codes: { email: code.variables.code === '000000' ? '111111' : '000000' } });
    assert.equal(wrong.status, 400);
    assert.deepEqual(((await wrong.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['codes.email']);

    const response = await api(official, `/api/taxpayers/${lee}/contacts`, 'PATCH', { email: 'lee@naver.com', enrol: { email: true }, reason: 'Asked at the desk', codes: { email: code.variables.code } });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { changedFields: string[]; resentMessageIds: number[]; reference: string };
    assert.deepEqual(body.changedFields, ['email', 'enrol_email']);
    assert.deepEqual(body.resentMessageIds, []);
    assert.match(body.reference, /^CU-\d{7}$/);
    const again = (await (await api(official, `/api/taxpayers/${lee}/contacts`, 'PATCH', { email: 'lee@naver.com', reason: 'again' })).json()) as { reference: string | null };
    assert.equal(again.reference, null);
    assert.equal((await ctx.db.query(`SELECT 1 FROM messages WHERE taxpayer_id = $1 AND topic = 'contact_changed'`, [lee])).rowCount, 0, 'Lee had no e-mail before: nobody to tell');
    // The mobile on record is replaced: the old number is told.
    const mobileCodes = await api(official, `/api/taxpayers/${lee}/contact-codes`, 'POST', { mobile: '010-5555-1234' });
    assert.equal(mobileCodes.status, 202);
    const mobileCode = (await lastSent(ctx.db, server.deps.cipher, 'one_time_code', lee))!;
    const changed = await api(official, `/api/taxpayers/${lee}/contacts`, 'PATCH', { mobile: '010-5555-1234', reason: 'New phone', codes: { mobile: mobileCode.variables.code } });
    assert.equal(changed.status, 200);
    const told = (await lastSent(ctx.db, server.deps.cipher, 'contact_changed', lee))!;
    assert.deepEqual(told.recipient, { phone: '+821098765432' });
    assert.doesNotMatch(JSON.stringify(told.variables), /5555|1234/);
  });
});
