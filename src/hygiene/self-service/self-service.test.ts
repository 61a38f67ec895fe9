import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { csrfOf, form, IDENTITY_KEY, lastSent, seasonWithOutcomes } from './self-service.test-support.ts';
import { ADDRESS_LIMIT, LINK_POST_LIMIT } from './self-service.routes.ts';
import { createUpdateLinks, LINK_PATH } from './update-links.ts';
import { linkRequestWork } from './after-response.ts';
import { stepsOf } from '../../../test-support/step-indicator.ts';

// The self-service update pages over real HTTP on both engines: the whole
// walk, and every way of abusing it (forged, expired, reused and locked
// links, wrong dates of birth and codes, rate limits, the start page that
// never says whether a taxpayer exists).

const KEY = Buffer.alloc(32, 7).toString('base64'); // the factories' cipher key
let addressSeq = 0;

forEachEngine('self-service contact update', (ctx) => {
  let server: TestServer;
  let district: string;
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: KEY });
    district = await createDistrict(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  /** A client from an address of its own, so the per-address limit of one test does not touch another. */
  const client = () => new TestClient(server.url, { 'x-forwarded-for': `198.51.100.${++addressSeq}` });
  const post = (c: TestClient, path: string, fields: Record<string, string | string[]>) =>
    c.request(`${path}${path.includes('?') ? '&' : '?'}lang=en`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
  const get = (c: TestClient, path: string) => c.request(`${path}${path.includes('?') ? '&' : '?'}lang=en`);

  async function linkFor(taxpayerId: number, expiresAt = new Date(Date.now() + 86_400_000)) {
    const [link] = await createUpdateLinks(ctx.db, [{ districtCode: district, taxpayerId, purpose: 'on_request', expiresAt }]);
    return link!;
  }
  async function audit(taxpayerId: number): Promise<{ action: string; source: string; details: Record<string, unknown> }[]> {
    const { rows } = await ctx.db.query<{ action: string; source: string; details: Record<string, unknown> }>(
      `SELECT action, source, details FROM audit_log WHERE entity_type = 'taxpayer' AND entity_id = $1 ORDER BY id`,
      [String(taxpayerId)],
    );
    return rows;
  }
  async function verified(c: TestClient, token: string) {
    const r = await post(c, `${LINK_PATH}/${token}`, { year: '1980', month: '1', day: '1' });
    assert.equal(r.status, 303, await r.text());
    const page = await (await get(c, `${LINK_PATH}/${token}/contacts`)).text();
    return csrfOf(page);
  }

  test('the whole walk: date of birth, new number confirmed by a code sent to it, check answers, saved, notice resent, link spent', async () => {
    const { taxpayerIds: [tp], messageIds: [notice] } = await seasonWithOutcomes(ctx.db, district, [
      { identityKey: IDENTITY_KEY, mobile: '+821612345678', email: 'kim@example.kr', enrol: ['sms'], outcome: 'failed' },
    ]);
    const link = await linkFor(tp!);
    const c = client();
    const opened = await get(c, `${LINK_PATH}/${link.token}`);
    assert.equal(opened.status, 200);
    const dob = await opened.text();
    assert.match(dob, /Date of birth/);
    // Every page behind the link names its step (KRDS step indicator), the current one marked for screen readers.
    const names = ['Confirm it is you', 'Contact details', 'Confirmation code', 'Check your answers', 'Done'];
    assert.deepEqual(stepsOf(dob), { names, current: 'Confirm it is you', done: [], currentText: 'Current step Step 1 Confirm it is you' });
    const dobKo = await (await c.request(`${LINK_PATH}/${link.token}?lang=ko`)).text();
    assert.deepEqual(stepsOf(dobKo)?.names, ['본인 확인', '연락처 입력', '인증번호 확인', '변경 내용 확인', '완료']);
    assert.equal(stepsOf(dobKo)?.currentText, '현재 단계 1단계 본인 확인');

    const csrf = await verified(c, link.token);
    const contacts = await (await get(c, `${LINK_PATH}/${link.token}/contacts`)).text();
    assert.match(contacts, /016-\*\*\*\*-5678/, 'the number on record, masked');
    assert.match(contacts, /k\*\*\*\*@example\.kr/, 'the e-mail on record, masked');
    assert.doesNotMatch(contacts, /1234-5678|kim@example/, 'never in clear');
    assert.equal(stepsOf(contacts)?.current, 'Contact details');
    assert.deepEqual(stepsOf(contacts)?.done, ['Confirm it is you']);

    // A dead prefix is refused with an error summary.
    let r = await post(c, `${LINK_PATH}/${link.token}/contacts`, { _csrf: csrf, mobile: '019-555-1234', email: '', enrol: 'sms' });
    assert.equal(r.status, 400);
    const refused = await r.text();
    assert.match(refused, /<title>Error: /);
    assert.match(refused, /no longer in service/);
    assert.equal(stepsOf(refused)?.current, 'Contact details', 'a refused step keeps its place');

    r = await post(c, `${LINK_PATH}/${link.token}/contacts`, { _csrf: csrf, mobile: '010-2222-3333', email: '', enrol: ['sms', 'email'] });
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location')!, /\/code\?/);
    const code = await lastSent(ctx.db, testCipher, 'one_time_code', tp);
    assert.deepEqual(code!.recipient, { phone: '+821022223333' }, 'the code goes to the new number');
    assert.match(code!.variables.code!, /^\d{6}$/);
    const codePage = await (await get(c, `${LINK_PATH}/${link.token}/code`)).text();
    assert.match(codePage, /Code sent to 010-\*\*\*\*-3333/);
    assert.equal(stepsOf(codePage)?.current, 'Confirmation code');

    // The check page is not reachable before the code.
    r = await get(c, `${LINK_PATH}/${link.token}/check`);
    assert.equal(r.status, 303);
    r = await post(c, `${LINK_PATH}/${link.token}/code`, { _csrf: csrf, mobile: code!.variables.code! });
    assert.equal(r.status, 303);
    const check = await (await get(c, `${LINK_PATH}/${link.token}/check`)).text();
    assert.match(check, /010-2222-3333/);
    assert.match(check, /Text message, E-mail/);
    assert.equal(stepsOf(check)?.current, 'Check your answers');

    r = await post(c, `${LINK_PATH}/${link.token}/check`, { _csrf: csrf });
    assert.equal(r.status, 303);
    const done = await (await get(c, `${LINK_PATH}/${link.token}/done`)).text();
    const reference = /id="reference">([^<]+)</.exec(done)?.[1];
    assert.match(reference ?? '', /^U\d{6}-[2-9A-Z]{6}$/);
    assert.match(done, /sending 1 notice/);
    assert.deepEqual(stepsOf(done)?.done, ['Confirm it is you', 'Contact details', 'Confirmation code', 'Check your answers']);
    assert.equal(stepsOf(done)?.current, 'Done');

    const { rows } = await ctx.db.query<{ state: string; channel: string }>(
      `SELECT m.state, a.channel FROM messages m JOIN delivery_attempts a ON a.message_id = m.id AND a.state = 'queued' WHERE m.id = $1`,
      [notice],
    );
    assert.deepEqual(rows[0], { state: 'pending', channel: 'sms' }, 'the returned notice is queued again on the corrected channel');
    const saved = await ctx.db.query<{ mobile_hash: Uint8Array; contact_source: string; enrol_email: boolean }>('SELECT mobile_hash, contact_source, enrol_email FROM taxpayers WHERE id = $1', [tp]);
    assert.ok(Buffer.from(saved.rows[0]!.mobile_hash).equals(testCipher.lookupHash('mobile', '+821022223333')));
    assert.equal(saved.rows[0]!.contact_source, 'self_service');
    assert.equal(saved.rows[0]!.enrol_email, true);

    const actions = (await audit(tp!)).map((a) => a.action);
    for (const step of ['self_service.link_opened', 'self_service.dob_verified', 'self_service.code_sent', 'self_service.code_confirmed', 'taxpayer.contact_updated', 'self_service.completed']) {
      assert.ok(actions.includes(step), `audit has ${step}: ${actions.join(', ')}`);
    }
    const all = JSON.stringify(await audit(tp!));
    assert.doesNotMatch(all, /2222-3333|\+8210|kim@/, 'the audit log holds masked values only');
    assert.match(all, /010-\*\*\*\*-3333/);

    // Spent: the link, a replay of the save, and the pages refuse.
    assert.equal((await get(client(), `${LINK_PATH}/${link.token}`)).status, 410);
    r = await post(c, `${LINK_PATH}/${link.token}/check`, { _csrf: csrf });
    assert.equal(r.status, 410);
    assert.match(await r.text(), /already been used/);
  });

  test('forged, expired and reused links get a clear page and change nothing', async () => {
    const [tp] = await createTaxpayers(ctx.db, district, [{ mobile: '+821055550001', enrol: ['sms'] }]);
    const c = client();
    let r = await get(c, `${LINK_PATH}/${'A'.repeat(43)}`);
    assert.equal(r.status, 404);
    assert.match(await r.text(), /This link does not work/);
    r = await get(c, `${LINK_PATH}/not-even-a-token`);
    assert.equal(r.status, 404);
    r = await post(c, `${LINK_PATH}/${'B'.repeat(43)}`, { year: '1980', month: '1', day: '1' });
    assert.equal(r.status, 404);

    const expired = await linkFor(tp!, new Date(Date.now() - 1000));
    r = await get(c, `${LINK_PATH}/${expired.token}`);
    assert.equal(r.status, 410);
    assert.match(await r.text(), /expired/);
    r = await post(c, `${LINK_PATH}/${expired.token}`, { year: '1980', month: '1', day: '1' });
    assert.equal(r.status, 410);
    assert.equal(r.headers.getSetCookie().length, 0, 'no session for an expired link');

    // A session outlives nothing: without its cookie, or with a wrong CSRF token, no change is prepared.
    const link = await linkFor(tp!);
    const csrf = await verified(c, link.token);
    r = await post(client(), `${LINK_PATH}/${link.token}/contacts`, { _csrf: csrf, mobile: '010-9999-0000', enrol: 'sms' });
    assert.equal(r.status, 401);
    r = await post(c, `${LINK_PATH}/${link.token}/contacts`, { _csrf: 'forged', mobile: '010-9999-0000', enrol: 'sms' });
    assert.equal(r.status, 401);
    const codes = await ctx.db.query(`SELECT 1 FROM one_time_codes c JOIN update_sessions s ON c.scope = 'update_session:' || s.id WHERE s.link_id = $1`, [link.id]);
    assert.equal(codes.rowCount, 0);
  });

  test('five wrong dates of birth lock the link; the right one afterwards is refused too', async () => {
    const [tp] = await createTaxpayers(ctx.db, district, [{ mobile: '+821055550002', enrol: ['sms'] }]);
    const link = await linkFor(tp!);
    const c = client();
    let r = await post(c, `${LINK_PATH}/${link.token}`, { year: '1980', month: '13', day: '1' });
    assert.equal(r.status, 400, 'not a date: a form error, not a try');
    assert.match(await r.text(), /Enter your date of birth/);
    for (let i = 1; i <= 4; i++) {
      r = await post(c, `${LINK_PATH}/${link.token}`, { year: '1981', month: '2', day: String(i) });
      assert.equal(r.status, 400);
      assert.match(await r.text(), new RegExp(`You have ${5 - i} more tries`));
    }
    r = await post(c, `${LINK_PATH}/${link.token}`, { year: '1981', month: '2', day: '9' });
    assert.equal(r.status, 423);
    assert.match(await r.text(), /locked/);
    r = await post(c, `${LINK_PATH}/${link.token}`, { year: '1980', month: '1', day: '1' });
    assert.equal(r.status, 423);
    assert.equal(r.headers.getSetCookie().length, 0);
    const actions = (await audit(tp!)).map((a) => a.action);
    assert.equal(actions.filter((a) => a === 'self_service.dob_failed').length, 5);
    assert.ok(actions.includes('self_service.link_locked'));
    assert.ok(!actions.includes('self_service.dob_verified'));
  });

  test('one-time codes: wrong ones count down, five wrong or an expired one need a new code, and a new code replaces the old', async () => {
    const [tp] = await createTaxpayers(ctx.db, district, [{ mobile: '+821055550003', email: 'lee@example.kr', enrol: ['sms', 'email'] }]);
    const link = await linkFor(tp!);
    const c = client();
    const csrf = await verified(c, link.token);
    let r = await post(c, `${LINK_PATH}/${link.token}/contacts`, { _csrf: csrf, mobile: '', email: 'lee.new@example.com', enrol: ['sms', 'email'] });
    assert.equal(r.status, 303);
    const first = await lastSent(ctx.db, testCipher, 'one_time_code', tp);
    assert.deepEqual(first!.recipient, { email: 'lee.new@example.com' });
    const wrong = first!.variables.code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      r = await post(c, `${LINK_PATH}/${link.token}/code`, { _csrf: csrf, email: wrong });
      assert.equal(r.status, 400);
      assert.match(await r.text(), new RegExp(`${5 - i} more tries`));
    }
    r = await post(c, `${LINK_PATH}/${link.token}/code`, { _csrf: csrf, email: wrong });
    assert.match(await r.text(), /wrong 5 times/);
    r = await post(c, `${LINK_PATH}/${link.token}/code`, { _csrf: csrf, email: first!.variables.code! });
    assert.equal(r.status, 400, 'the right code no longer helps after five wrong ones');
    assert.match(await r.text(), /wrong 5 times/);

    r = await post(c, `${LINK_PATH}/${link.token}/code/resend`, { _csrf: csrf });
    assert.equal(r.status, 303);
    const second = await lastSent(ctx.db, testCipher, 'one_time_code', tp);
    assert.notEqual(second!.id, first!.id);
    // Five minutes pass.
    await ctx.db.query(`UPDATE one_time_codes SET expires_at = now() - interval '1 second' WHERE message_id = $1`, [second!.id]);
    r = await post(c, `${LINK_PATH}/${link.token}/code`, { _csrf: csrf, email: second!.variables.code! });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /expired/);

    await post(c, `${LINK_PATH}/${link.token}/code/resend`, { _csrf: csrf });
    const third = await lastSent(ctx.db, testCipher, 'one_time_code', tp);
    r = await post(c, `${LINK_PATH}/${link.token}/code`, { _csrf: csrf, email: second!.variables.code === third!.variables.code ? 'x' : second!.variables.code! });
    assert.equal(r.status, 400, 'an earlier code does not work once a new one was sent');
    r = await post(c, `${LINK_PATH}/${link.token}/code`, { _csrf: csrf, email: third!.variables.code! });
    assert.equal(r.status, 303);
    const email = await ctx.db.query<{ email_hash: Uint8Array }>('SELECT email_hash FROM taxpayers WHERE id = $1', [tp]);
    assert.ok(Buffer.from(email.rows[0]!.email_hash).equals(testCipher.lookupHash('email', 'lee@example.kr')), 'nothing saved before check answers');
    r = await post(c, `${LINK_PATH}/${link.token}/check`, { _csrf: csrf });
    assert.equal(r.status, 303);
    const after = await ctx.db.query<{ email_hash: Uint8Array }>('SELECT email_hash FROM taxpayers WHERE id = $1', [tp]);
    assert.ok(Buffer.from(after.rows[0]!.email_hash).equals(testCipher.lookupHash('email', 'lee.new@example.com')));
  });

  test('requests are limited per link and per client address, in the database', async () => {
    const [tp] = await createTaxpayers(ctx.db, district, [{ mobile: '+821055550004', enrol: ['sms'] }]);
    const link = await linkFor(tp!);
    // One link hammered from many addresses: the per-link limit holds.
    let last: Response | undefined;
    for (let i = 0; i <= LINK_POST_LIMIT.max; i++) last = await post(client(), `${LINK_PATH}/${link.token}`, { year: 'x', month: '', day: '' });
    assert.equal(last!.status, 429);
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
    assert.match(await last!.text(), /Too many requests/);
    // One address hammering pages: the per-address limit holds.
    const c = client();
    for (let i = 0; i <= ADDRESS_LIMIT.max; i++) last = await get(c, `${LINK_PATH}/${'C'.repeat(43)}`);
    assert.equal(last!.status, 429);
    const counters = await ctx.db.query<{ hits: number }>(`SELECT hits FROM rate_limit_counters WHERE key = $1`, [`ss-addr:${c.defaultHeaders['x-forwarded-for']}`]);
    assert.equal(counters.rows[0]!.hits, ADDRESS_LIMIT.max, 'the refused request used up nothing');
  });

  test('the start page answers before it looks anyone up: a real taxpayer and nobody leave the same work behind, done after the answer', async () => {
    const [tp] = await createTaxpayers(ctx.db, district, [{ identityKey: IDENTITY_KEY, mobile: '+821055550006', enrol: ['kakao'] }]);
    const { rows } = await ctx.db.query<{ taxpayer_no: string }>('SELECT taxpayer_no FROM taxpayers WHERE id = $1', [tp]);
    const links = async () => (await ctx.db.query('SELECT 1 FROM update_links WHERE taxpayer_id = $1', [tp])).rowCount;
    linkRequestWork.hold();
    try {
      const answers: [number, string | null][] = [];
      for (const who of [rows[0]!.taxpayer_no, 'T-NOBODY']) {
        const r = await post(client(), LINK_PATH, { district, who, year: '1980', month: '1', day: '1' });
        answers.push([r.status, r.headers.get('location')]);
      }
      assert.deepEqual(answers[0], answers[1]);
      assert.equal(answers[0]![0], 303);
      assert.equal(await links(), 0, 'the answer went out before the taxpayer was looked up');
      assert.equal(linkRequestWork.waiting, 2, 'both requests left the same work for after their answer');
    } finally {
      linkRequestWork.release();
    }
    await linkRequestWork.idle();
    assert.equal(await links(), 1, 'afterwards, the real taxpayer gets a link');
  });

  test('the check step without a prepared change sends the resident back to the form with a message, and saves nothing', async () => {
    const [tp] = await createTaxpayers(ctx.db, district, [{ mobile: '+821055550007', enrol: ['sms'] }]);
    const link = await linkFor(tp!);
    const c = client();
    const csrf = await verified(c, link.token);
    let r = await get(c, `${LINK_PATH}/${link.token}/check`);
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location')!, new RegExp(`${LINK_PATH}/${link.token}/contacts\\?lang=en&problem=not_prepared$`));
    const back = await (await c.request(r.headers.get('location')!)).text();
    assert.match(back, /There is a problem/);
    assert.match(back, /First enter your new contact details/);
    r = await post(c, `${LINK_PATH}/${link.token}/check`, { _csrf: csrf });
    assert.equal(r.status, 303, 'saving with nothing prepared goes back to the form');
    assert.match(r.headers.get('location')!, /problem=not_prepared/);
    const { rows } = await ctx.db.query<{ used_at: Date | null }>('SELECT used_at FROM update_links WHERE id = $1', [link.id]);
    assert.equal(rows[0]!.used_at, null, 'the link is not spent');
    const actions = (await audit(tp!)).map((a) => a.action);
    assert.ok(!actions.includes('taxpayer.contact_updated') && !actions.includes('self_service.completed'), actions.join(', '));
    assert.equal((await get(c, `${LINK_PATH}/${link.token}/done`)).status, 410, 'and there is no confirmation page');
  });

  test('the start page answers the same whether or not the taxpayer exists, and sends a link only to a real one, KakaoTalk first', async () => {
    const [tp] = await createTaxpayers(ctx.db, district, [{ identityKey: IDENTITY_KEY, mobile: '+821055550005', enrol: ['sms'] }]);
    const { rows } = await ctx.db.query<{ taxpayer_no: string }>('SELECT taxpayer_no FROM taxpayers WHERE id = $1', [tp]);
    const start = await (await get(client(), LINK_PATH)).text();
    assert.match(start, /Get a link to update your contact details/);

    const ask = async (who: string, day: string) => {
      const r = await post(client(), LINK_PATH, { district, who, year: '1980', month: '1', day });
      assert.equal(r.status, 303);
      return r.headers.get('location');
    };
    const real = await ask(rows[0]!.taxpayer_no, '1');
    const wrongDob = await ask(rows[0]!.taxpayer_no, '2');
    const nobody = await ask('T-NOBODY', '1');
    assert.equal(real, wrongDob);
    assert.equal(real, nobody);
    await linkRequestWork.idle();
    const sentPage = await (await client().request(real!)).text();
    assert.match(sentPage, /If the details match/);
    assert.match(sentPage, /it goes to your KakaoTalk[\s\S]*by text message to the mobile number we have[\s\S]*by e-mail to the address we have/, 'the order the link goes in, told to everyone');
    assert.match(sentPage, /href="\/r\/desk\?lang=en"/);
    assert.match(sentPage, /href="\/r\/desk\/offline\?lang=en"/);

    const links = await ctx.db.query<{ purpose: string; message_id: number }>('SELECT purpose, message_id FROM update_links WHERE taxpayer_id = $1', [tp]);
    assert.equal(links.rowCount, 1);
    const sent = await lastSent(ctx.db, testCipher, 'update_link', tp);
    assert.match(sent!.variables.link!, new RegExp(`${LINK_PATH}/[A-Za-z0-9_-]{43}$`));
    const plan = await ctx.db.query<{ plan: string[]; kind: string }>('SELECT plan, kind FROM messages WHERE id = $1', [sent!.id]);
    assert.deepEqual(plan.rows[0], { plan: ['kakao', 'sms'], kind: 'guidance' }, 'KakaoTalk, then a text to the number on record');
    // And the link it carries works.
    const token = sent!.variables.link!.split('/').pop()!;
    assert.equal((await get(client(), `${LINK_PATH}/${token}`)).status, 200);

    // Missing fields: a form error, which says nothing about anyone.
    const r = await post(client(), LINK_PATH, { district: '', who: '', year: '', month: '', day: '' });
    assert.equal(r.status, 400);
    const body = await r.text();
    assert.match(body, /Select your district/);
    assert.match(body, /Enter your taxpayer number or name/);
  });

  test('a resident without KakaoTalk gets the link by text, or by e-mail without a working mobile; with nothing on record, none', async () => {
    const cases = [
      { who: { mobile: '+821044440001', enrol: ['sms'] as const }, plan: ['sms'] },
      { who: { mobile: '+821044440002', enrol: ['kakao'] as const }, plan: ['kakao', 'sms'] },
      { who: { email: 'only.mail@example.kr', enrol: ['email'] as const }, plan: ['email'] },
      { who: { mobile: '+821644440003', email: 'dead.number@example.kr', enrol: ['sms'] as const }, plan: ['email'] },
      { who: { enrol: [] as const }, plan: null },
    ];
    for (const c of cases) {
      const [tp] = await createTaxpayers(ctx.db, district, [{ ...c.who, enrol: [...c.who.enrol] }]);
      const { rows } = await ctx.db.query<{ taxpayer_no: string }>('SELECT taxpayer_no FROM taxpayers WHERE id = $1', [tp]);
      const r = await post(client(), LINK_PATH, { district, who: rows[0]!.taxpayer_no, year: '1980', month: '1', day: '1' });
      assert.equal(r.status, 303);
      await linkRequestWork.idle();
      const sent = await lastSent(ctx.db, testCipher, 'update_link', tp);
      if (c.plan === null) {
        assert.equal(sent, null, 'nothing on record reaches the person: no link');
        continue;
      }
      const { rows: m } = await ctx.db.query<{ plan: string[] }>('SELECT plan FROM messages WHERE id = $1', [sent!.id]);
      assert.deepEqual(m[0]!.plan, c.plan, JSON.stringify(c.who));
      const entry = (await audit(tp!)).find((a) => a.action === 'self_service.link_requested');
      assert.deepEqual(entry?.details.channels, c.plan);
    }
  });

  test('giving up every electronic channel asks first: notices by post only; no goes back as typed, yes saves it', async () => {
    const [tp] = await createTaxpayers(ctx.db, district, [{ mobile: '+821033330001', enrol: ['sms', 'email'], email: 'paper@example.kr' }]);
    const link = await linkFor(tp!);
    const c = client();
    const csrf = await verified(c, link.token);

    // nothing ticked: the question, not the next step; nothing saved yet
    let r = await post(c, `${LINK_PATH}/${link.token}/contacts`, { _csrf: csrf, mobile: '', email: '' });
    assert.equal(r.status, 200);
    const question = await r.text();
    assert.match(question, /<h1>Get your notices by post only\?<\/h1>/);
    assert.match(question, /your notices will come only by post/);
    assert.match(question, /name="paper" value="yes"/);
    assert.match(question, /name="paper" value="no"/);
    assert.equal((await ctx.db.query('SELECT 1 FROM taxpayers WHERE id = $1 AND enrol_sms AND enrol_email', [tp])).rowCount, 1, 'nothing changed');

    // no: the form again, as it was typed, to choose
    r = await post(c, `${LINK_PATH}/${link.token}/contacts`, { _csrf: csrf, mobile: '', email: '', paper: 'no' });
    assert.equal(r.status, 200);
    const back = await r.text();
    assert.match(back, /<h1>Your contact details and how you get notices<\/h1>/);
    assert.doesNotMatch(back, /id="enrol-sms"[^>]*checked/);

    // a channel ticked: no question
    r = await post(c, `${LINK_PATH}/${link.token}/contacts`, { _csrf: csrf, mobile: '', email: '', enrol: 'email' });
    assert.equal(r.status, 303);

    // yes: on to the check step, which says post only; saved
    r = await post(c, `${LINK_PATH}/${link.token}/contacts`, { _csrf: csrf, mobile: '', email: '', paper: 'yes' });
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location')!, /\/check\?/);
    const check = await (await get(c, `${LINK_PATH}/${link.token}/check`)).text();
    assert.match(check, /None: notices by post only/);
    assert.match(check, /id="check-warning">When you save, your notices will come by post only/);
    r = await post(c, `${LINK_PATH}/${link.token}/check`, { _csrf: csrf });
    assert.equal(r.status, 303);
    const { rows } = await ctx.db.query<{ enrol_kakao: boolean; enrol_sms: boolean; enrol_email: boolean }>('SELECT enrol_kakao, enrol_sms, enrol_email FROM taxpayers WHERE id = $1', [tp]);
    assert.deepEqual(rows[0], { enrol_kakao: false, enrol_sms: false, enrol_email: false });
  });
});
