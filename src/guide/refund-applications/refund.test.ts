import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { stepsOf } from '../../../test-support/step-indicator.ts';

// Refund applications over HTTP on both engines: the resident proves to be
// the notice's taxpayer with a code sent to the contact on record, gives an
// account (sealed, shown as its last four digits), and follows the
// reference; officials move it received → reviewing → approved → paid (or
// rejected with a reason), each step audited and told to the applicant.
// Bad input names the field and stores nothing.

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

forEachEngine('guide: refund applications', (ctx) => {
  let server: TestServer;
  let n = 0;
  const clientAddress = () => `10.77.${++n}.${Math.floor(Math.random() * 250)}`;

  before(async () => {
    server = await startTestServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  async function districtWithNotice(contacts: { mobile?: string; email?: string } = { mobile: '+821055551234', email: 'owner@example.com' }) {
    const code = `rf${++n}x${process.pid % 1000}`;
    const staff = await createDistrictWithStaff(ctx.db, code, ['tax_official', 'desk_agent']);
    const [taxpayer] = await createTaxpayers(ctx.db, code, [{ mobile: contacts.mobile ?? null, email: contacts.email ?? null }], server.deps.cipher);
    const [noticeId] = await createNotices(ctx.db, code, [taxpayer!], { taxYear: 2026, amount: 356000 });
    const { rows } = await ctx.db.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = $1', [noticeId]);
    return { code, staff, noticeNo: rows[0]!.notice_no, noticeId: noticeId! };
  }

  const latestMessage = async (district: string, kind: string) => {
    const { rows } = await ctx.db.query<{ id: string; topic: string; variables_enc: Uint8Array }>(
      'SELECT id, topic, variables_enc FROM messages WHERE district_code = $1 AND kind = $2 ORDER BY id DESC LIMIT 1', [district, kind]);
    return { topic: rows[0]!.topic, vars: JSON.parse(server.deps.cipher.decrypt(Buffer.from(rows[0]!.variables_enc))) as Record<string, string> };
  };

  /** The resident's way through the three forms; returns the details page's hidden fields. */
  async function toDetails(c: TestClient, d: { code: string; noticeNo: string }, field = 'mobile') {
    const choice = await (await c.request(`/r/guide/${d.code}/refund/apply?lang=en`, form({ taxYear: '2026', noticeNo: d.noticeNo }))).text();
    assert.match(choice, /Mobile 010-\*\*\*\*-1234/);
    assert.match(choice, /E-mail [^<@]*\*[^<@]*@example\.com/);
    const details = await (await c.request(`/r/guide/${d.code}/refund/apply/code?lang=en`, form({ taxYear: '2026', noticeNo: d.noticeNo, field }))).text();
    const verificationId = /name="verificationId" value="([^"]+)"/.exec(details)![1]!;
    return { details, base: { taxYear: '2026', noticeNo: d.noticeNo, field, verificationId } };
  }

  test('a resident applies and follows the reference; an official reviews, approves and pays; each step audited and told', async () => {
    const d = await districtWithNotice();
    const resident = new TestClient(server.url, { 'x-forwarded-for': clientAddress() });
    const { details, base } = await toDetails(resident, d);
    assert.match(details, /We sent a code to 010-\*\*\*\*-1234/);
    // Each page of the application names its step (KRDS step indicator), the current one marked.
    const names = ['Your notice', 'Where to send the code', 'Code and account', 'Application received'];
    const applyPage = await (await resident.request(`/r/guide/${d.code}/refund/apply?lang=en`)).text();
    assert.deepEqual(stepsOf(applyPage), { names, current: 'Your notice', done: [], currentText: 'Current step Step 1 Your notice' });
    assert.deepEqual(stepsOf(details), { names, current: 'Code and account', done: names.slice(0, 2), currentText: 'Current step Step 3 Code and account' });
    const code = (await latestMessage(d.code, 'one_time_code')).vars.code!;
    const submitted = await resident.request(`/r/guide/${d.code}/refund/apply/submit?lang=en`, form({
      ...base, code, bankCode: '020', account: '1002-345-678901', holder: '납세자0', reason: 'paid_twice', reasonDetail: '같은 고지서를 두 번 냈습니다.',
    }));
    assert.equal(submitted.status, 303);
    const location = submitted.headers.get('location')!;
    const reference = /ref=(RF-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(location)![1]!;
    const status = await (await resident.request(location)).text();
    assert.match(status, new RegExp(`Your refund application is received\\. Your reference is ${reference}`));
    assert.match(status, /Woori Bank \*\*\*\*8901/);
    assert.equal(stepsOf(status)?.current, 'Application received');
    assert.equal(stepsOf(await (await resident.request(`/r/guide/${d.code}/refund/status?ref=${reference}&lang=en`)).text()), null, 'looked up later, the status is no step');
    assert.doesNotMatch(status, /1002-345|345678/, 'the account is shown masked');
    const { rows: stored } = await ctx.db.query<{ account_sealed: Uint8Array; holder_sealed: Uint8Array }>('SELECT account_sealed, holder_sealed FROM guide_refund_applications WHERE reference = $1', [reference]);
    assert.doesNotMatch(Buffer.from(stored[0]!.account_sealed).toString('latin1'), /345678/, 'sealed at rest');
    const told = await latestMessage(d.code, 'guidance');
    assert.equal(told.topic, 'guide_refund_status');
    assert.deepEqual([told.vars.reference, told.vars.state], [reference, '접수']);

    const official = new TestClient(server.url);
    await official.login(d.staff.tax_official);
    const list = await (await official.request('/console/guide/refunds?lang=en')).text();
    assert.match(list, new RegExp(reference));
    const step = (fields: Record<string, string>) => official.request(`/console/guide/refunds/${reference}?lang=en`, form({ _csrf: official.csrfToken!, ...fields }));
    assert.equal((await step({ action: 'approve', amount: '356000' })).status, 409, 'not before review');
    assert.equal((await step({ action: 'review' })).status, 303);
    const noAmount = await step({ action: 'approve', amount: 'lots' });
    assert.equal(noAmount.status, 400);
    assert.match(await noAmount.text(), /Enter the amount to refund/);
    assert.equal((await step({ action: 'approve', amount: '356,000' })).status, 303);
    assert.match((await latestMessage(d.code, 'guidance')).vars.detail!, /356,000원/);
    assert.equal((await step({ action: 'pay', paidOn: '2026-02-30' })).status, 400);
    assert.equal((await step({ action: 'pay', paidOn: '2026-12-04' })).status, 303);
    const page = await (await official.request(`/console/guide/refunds/${reference}?lang=en`)).text();
    assert.match(page, /Paid on 4 December 2026/);
    assert.match(page, /KRW 356,000/);
    const { rows: audit } = await ctx.db.query<{ action: string }>("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id", [reference]);
    assert.deepEqual(audit.map((a) => a.action), ['refund.applied', 'refund.reviewing', 'refund.approved', 'refund.paid']);
    const { rows: events } = await ctx.db.query<{ to_state: string; message_id: string | null }>('SELECT to_state, message_id FROM guide_refund_events e JOIN guide_refund_applications a ON a.id = e.application_id WHERE a.reference = $1 ORDER BY e.id', [reference]);
    assert.deepEqual(events.map((e) => e.to_state), ['received', 'reviewing', 'approved', 'paid']);
    assert.ok(events.every((e) => e.message_id !== null), 'the applicant was told at every step');

    // the resident follows it, typing the reference loosely
    const followed = await (await resident.request(`/r/guide/${d.code}/refund/status?ref=${encodeURIComponent(` ${reference.toLowerCase()} `)}&lang=ko`)).text();
    assert.match(followed, /환급 완료/);
    assert.doesNotMatch(followed, new RegExp(`${d.code} tax_official`), 'no staff names to the resident');
    const consolePage = await (await official.request(`/console/guide/refunds/${reference}?lang=ko`)).text();
    assert.match(consolePage, new RegExp(`${d.code} tax_official`), 'officials see who took each step');

    // a second application for a refunded notice is refused
    const again = await resident.request(`/r/guide/${d.code}/refund/apply?lang=en`, form({ taxYear: '2026', noticeNo: d.noticeNo }));
    assert.equal(again.status, 409);
    assert.match(await again.text(), /already been approved or paid/);
  });

  test('rejected with a reason, the applicant told it; then a new application may be made', async () => {
    const d = await districtWithNotice({ email: 'only@example.com' });
    const resident = new TestClient(server.url, { 'x-forwarded-for': clientAddress() });
    const choice = await (await resident.request(`/r/guide/${d.code}/refund/apply?lang=ko`, form({ taxYear: '2026', noticeNo: d.noticeNo }))).text();
    assert.doesNotMatch(choice, /휴대전화/, 'only the contacts on record are offered');
    assert.deepEqual(stepsOf(choice)?.names, ['고지서 확인', '인증번호 받을 곳', '인증번호와 계좌', '접수 완료']);
    assert.equal(stepsOf(choice)?.currentText, '현재 단계 2단계 인증번호 받을 곳');
    const details = await (await resident.request(`/r/guide/${d.code}/refund/apply/code?lang=ko`, form({ taxYear: '2026', noticeNo: d.noticeNo, field: 'email' }))).text();
    const verificationId = /name="verificationId" value="([^"]+)"/.exec(details)![1]!;
    const location = (await resident.request(`/r/guide/${d.code}/refund/apply/submit?lang=ko`, form({
      taxYear: '2026', noticeNo: d.noticeNo, field: 'email', verificationId, code: (await latestMessage(d.code, 'one_time_code')).vars.code!,
      bankCode: '090', account: '3333012345678', holder: '납세자0', reason: 'overpaid', reasonDetail: '',
    }))).headers.get('location')!;
    const reference = /ref=(RF-[0-9A-Z-]+)/.exec(location)![1]!;
    // while it is open, a second one is refused
    const open = await resident.request(`/r/guide/${d.code}/refund/apply?lang=en`, form({ taxYear: '2026', noticeNo: d.noticeNo }));
    assert.match(await open.text(), /already being processed/);

    const official = new TestClient(server.url);
    await official.login(d.staff.tax_official);
    const reject = (reason: string) => official.request(`/console/guide/refunds/${reference}?lang=ko`, form({ _csrf: official.csrfToken!, action: 'reject', reason }));
    const empty = await reject('  ');
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /반려 사유를 적으세요/);
    assert.equal((await reject('이미 환급된 세액입니다.')).status, 303);
    const told = await latestMessage(d.code, 'guidance');
    assert.equal(told.vars.state, '반려');
    assert.match(told.vars.detail!, /이미 환급된 세액입니다/);
    const status = await (await resident.request(`/r/guide/${d.code}/refund/status?ref=${reference}&lang=ko`)).text();
    assert.match(status, /반려 사유: 이미 환급된 세액입니다/);
    const choiceAgain = await resident.request(`/r/guide/${d.code}/refund/apply?lang=ko`, form({ taxYear: '2026', noticeNo: d.noticeNo }));
    assert.equal(choiceAgain.status, 200, 'after a rejection the notice may be applied for again');
  });

  test('bad input: unknown notice, wrong code, wrong account format, no bank: named, nothing stored', async () => {
    const d = await districtWithNotice();
    const resident = new TestClient(server.url, { 'x-forwarded-for': clientAddress() });
    const unknown = await resident.request(`/r/guide/${d.code}/refund/apply?lang=en`, form({ taxYear: '2026', noticeNo: 'NOPE-1' }));
    assert.equal(unknown.status, 404);
    const unknownPage = await unknown.text();
    assert.match(unknownPage, /<title>Error: /);
    assert.match(unknownPage, /href="#notice-no"/);
    assert.match(unknownPage, /There is no notice with this tax year and number/);
    const year = await resident.request(`/r/guide/${d.code}/refund/apply?lang=en`, form({ taxYear: '26', noticeNo: d.noticeNo }));
    assert.match(await year.text(), /href="#tax-year"/);

    const { base } = await toDetails(resident, d);
    const bad = await resident.request(`/r/guide/${d.code}/refund/apply/submit?lang=en`, form({
      ...base, code: '000000', bankCode: '', account: '12-34', holder: '', reason: 'because', reasonDetail: '',
    }));
    assert.equal(bad.status, 400);
    const page = await bad.text();
    for (const field of ['code', 'bank', 'account', 'holder', 'reason']) assert.match(page, new RegExp(`href="#${field}"`), field);
    assert.match(page, /An account number has 10 to 14 digits/);
    assert.match(page, /value="12-34"/, 'what was typed is kept');
    const letters = await resident.request(`/r/guide/${d.code}/refund/apply/submit?lang=en`, form({
      ...base, code: (await latestMessage(d.code, 'one_time_code')).vars.code!, bankCode: '004', account: '1234-ABCD-5678', holder: 'Kim', reason: 'other', reasonDetail: '',
    }));
    assert.match(await letters.text(), /digits and hyphens only/);
    const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM guide_refund_applications WHERE district_code = $1', [d.code]);
    assert.equal(rows[0]!.n, 0);
    const noRef = await resident.request(`/r/guide/${d.code}/refund/status?ref=RF-0000-0000&lang=en`);
    assert.equal(noRef.status, 404);
  });

  test('no contact on record: the office is named; only officials of the district see or move applications', async () => {
    const d = await districtWithNotice({});
    const resident = new TestClient(server.url, { 'x-forwarded-for': clientAddress() });
    const page = await (await resident.request(`/r/guide/${d.code}/refund/apply?lang=en`, form({ taxYear: '2026', noticeNo: d.noticeNo }))).text();
    assert.match(page, /No contact is on record/);

    const other = await districtWithNotice();
    const desk = new TestClient(server.url);
    await desk.login(d.staff.desk_agent);
    assert.equal((await desk.request('/console/guide/refunds')).status, 403);
    // an application in the other district is not found from this one
    const { base } = await toDetails(resident, other);
    const location = (await resident.request(`/r/guide/${other.code}/refund/apply/submit?lang=en`, form({
      ...base, code: (await latestMessage(other.code, 'one_time_code')).vars.code!, bankCode: '004', account: '123456789012', holder: 'Kim', reason: 'other', reasonDetail: '',
    }))).headers.get('location')!;
    const reference = /ref=(RF-[0-9A-Z-]+)/.exec(location)![1]!;
    const stranger = new TestClient(server.url);
    await stranger.login(d.staff.tax_official);
    assert.equal((await stranger.request(`/console/guide/refunds/${reference}`)).status, 404);
    const move = await stranger.request(`/console/guide/refunds/${reference}`, form({ _csrf: stranger.csrfToken!, action: 'review' }));
    assert.equal(move.status, 404);
    assert.equal((await resident.request(`/r/guide/${d.code}/refund/status?ref=${reference}`)).status, 404, 'a reference of another district is not shown here');
  });
});
