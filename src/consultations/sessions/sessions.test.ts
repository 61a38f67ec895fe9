import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { consultationDistrict, mobileOf, testClock, testDeps, verifiedContact, type ConsultationDistrict, type TestClock } from '../consultations.test-support.ts';

// Regional explanation sessions over real HTTP, on both engines: many
// residents racing for the last seats (exactly the seats there are are
// given, every other answer a clean 409 session_full, the counter equal to
// the seats registered); registering, the confirmation, cancelling by the
// personal link (the seat comes back); bad input changing nothing; the
// officials' registration list in JSON and CSV.

const json = { 'content-type': 'application/json', accept: 'application/json' };
let address = 0;
const newAddress = () => `203.0.${(++address >> 8) & 255}.${address & 255}`;

/** A staff call with the session's CSRF token; the answer read once. */
async function call(client: TestClient, method: string, path: string, body?: unknown) {
  const r = await client.json(path, method, body, client.csrfToken ? { 'x-csrf-token': client.csrfToken } : {});
  const text = await r.text();
  return { status: r.status, text, json: (r.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as unknown) : undefined, headers: { 'content-type': r.headers.get('content-type') ?? '' } };
}

forEachEngine('explanation sessions over HTTP', (ctx) => {
  let server: TestServer;
  let clock: TestClock;
  let c: ConsultationDistrict;
  let staff: TestClient;
  before(async () => {
    server = await startTestServer(ctx.db);
    clock = testClock();
    server.deps.clock = clock;
    c = await consultationDistrict(ctx.db, [{}], { password: 'correct horse battery staple' });
    staff = new TestClient(server.url, { accept: 'application/json' });
    await staff.login(`${c.district}.official`, 'correct horse battery staple');
  });
  after(async () => {
    await server?.close();
  });

  const post = (path: string, body: unknown, ip = newAddress()) =>
    fetch(server.url + path, { method: 'POST', headers: { ...json, 'x-forwarded-for': ip }, body: JSON.stringify(body) });
  const session = (capacity: number) => ({
    titleKo: '양도소득세 신고 설명회', titleEn: 'Capital gains tax filing session', placeNameKo: '반포1동 주민센터 3층', placeNameEn: 'Banpo 1-dong Community Centre, 3F',
    addressKo: '서울특별시 서초구 사평대로 273', addressEn: '273 Sapyeong-daero, Seocho-gu, Seoul',
    start: '2027-03-20T14:00:00+09:00', end: '2027-03-20T16:00:00+09:00', capacity,
  });
  const count = async (sessionId: number) => {
    const { rows } = await ctx.db.query<{ taken: number; seats: number; live: number }>(
      `SELECT s.seats_taken AS taken, coalesce((SELECT sum(party_size)::int FROM consultation_session_registrations r WHERE r.session_id = s.id AND r.state = 'registered'), 0) AS seats,
              (SELECT count(*)::int FROM consultation_session_registrations r WHERE r.session_id = s.id AND r.state = 'registered') AS live
         FROM consultation_sessions s WHERE s.id = $1`, [sessionId]);
    return rows[0]!;
  };

  test('many residents racing for the last seats: exactly the seats left succeed, the rest a clean 409 session_full', async () => {
    const created = await call(staff, 'POST', '/api/consultations/sessions', session(10));
    assert.equal(created.status, 201, created.text);
    const id = (created.json as { session: { id: number } }).session.id;
    const deps = testDeps(ctx.db, server.deps.cipher, clock);
    // 7 seats go before the race: one party of 4, one of 3.
    for (const [i, partySize] of [4, 3].entries()) {
      const contact = { field: 'mobile' as const, value: mobileOf(500 + i) };
      const r = await post(`/r/api/consultations/${c.district}/sessions/${id}/registrations`, { contact, name: `가족${i}`, partySize, verificationId: await verifiedContact(deps, c.district, contact) });
      assert.equal(r.status, 201, await r.text());
    }
    const racers = ctx.engine === 'postgres' ? 40 : 25;
    const verified = [];
    for (let i = 0; i < racers; i++) {
      const contact = { field: 'mobile' as const, value: mobileOf(600 + i) };
      verified.push({ contact, verificationId: await verifiedContact(deps, c.district, contact) });
    }
    const answers = await Promise.all(verified.map((v, i) =>
      post(`/r/api/consultations/${c.district}/sessions/${id}/registrations`, { contact: v.contact, name: `신청자${i}`, verificationId: v.verificationId })
        .then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: (await r.json()) as { code?: string } })),
    ));
    assert.equal(answers.filter((a) => a.status === 201).length, 3, `three seats were left: ${JSON.stringify(answers.map((a) => a.status))}`);
    for (const a of answers.filter((x) => x.status !== 201)) {
      assert.equal(a.status, 409);
      assert.equal(a.body.code, 'session_full');
      assert.match(a.type!, /^application\/problem\+json/);
    }
    assert.deepEqual(await count(id), { taken: 10, seats: 10, live: 5 });
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE district_code = $1 AND topic = 'session_registered'`, [c.district]);
    assert.equal(rows[0]!.n, 5, 'one confirmation per registration, none for the refused');
  });

  test('a resident registers, reads and cancels through the personal link (the seat comes back); bad input changes nothing', async () => {
    const created = await call(staff, 'POST', '/api/consultations/sessions', session(2));
    const id = (created.json as { session: { id: number } }).session.id;
    const deps = testDeps(ctx.db, server.deps.cipher, clock);
    const contact = { field: 'mobile' as const, value: mobileOf(700) };
    const path = `/r/api/consultations/${c.district}/sessions/${id}/registrations`;

    const unverified = await post(path, { contact, name: '이도윤', verificationId: 'x'.repeat(24) });
    assert.equal(unverified.status, 400);
    assert.equal(((await unverified.json()) as { code: string }).code, 'contact_not_verified');
    const tooMany = await post(path, { contact, name: '이도윤', partySize: 3, verificationId: await verifiedContact(deps, c.district, contact) });
    assert.equal(tooMany.status, 409, 'a party of three for two seats');
    assert.equal(((await tooMany.json()) as { code: string }).code, 'session_full');
    const badParty = await post(path, { contact, name: '이도윤', partySize: 9, verificationId: 'x'.repeat(24) });
    assert.equal(badParty.status, 400);
    const unknown = await post(`/r/api/consultations/${c.district}/sessions/999999999/registrations`, { contact, name: '이도윤', verificationId: await verifiedContact(deps, c.district, contact) });
    assert.equal(unknown.status, 404);
    assert.deepEqual(await count(id), { taken: 0, seats: 0, live: 0 });

    const verificationId = await verifiedContact(deps, c.district, contact);
    const ok = await post(path, { contact, name: '이도윤', verificationId });
    assert.equal(ok.status, 201);
    const { token, registration } = (await ok.json()) as { token: string; registration: { reference: string; session: { seatsLeft: number } } };
    assert.equal(registration.session.seatsLeft, 1);
    const again = await post(path, { contact, name: '이도윤', verificationId: await verifiedContact(deps, c.district, contact) });
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { code: string }).code, 'already_registered');
    assert.deepEqual(await count(id), { taken: 1, seats: 1, live: 1 });

    const view = await fetch(`${server.url}/r/api/consultations/sessions/registrations/${token}`, { headers: { accept: 'application/json' } });
    const seen = (await view.json()) as { registration: { reference: string; contact: { masked: string }; cancellable: boolean } };
    assert.equal(seen.registration.reference, registration.reference);
    assert.ok(seen.registration.cancellable);
    assert.doesNotMatch(seen.registration.contact.masked, /7000-0700/);
    const cancelled = await post(`/r/api/consultations/sessions/registrations/${token}/cancel`, {});
    assert.equal(cancelled.status, 200);
    assert.equal(((await cancelled.json()) as { registration: { state: string } }).registration.state, 'cancelled');
    assert.deepEqual(await count(id), { taken: 0, seats: 0, live: 0 });
    const twice = await post(`/r/api/consultations/sessions/registrations/${token}/cancel`, {});
    assert.equal(twice.status, 409);
    const { rows } = await ctx.db.query<{ topic: string }>(`SELECT topic FROM messages WHERE district_code = $1 AND topic = 'session_cancelled'`, [c.district]);
    assert.equal(rows.length, 1);
  });

  test('officials: sessions refused when malformed, the registration list in JSON and CSV (audited), other districts kept apart', async () => {
    const bad = await call(staff, 'POST', '/api/consultations/sessions', { ...session(5), end: '2027-03-20T13:00:00+09:00' });
    assert.equal(bad.status, 400);
    assert.equal((bad.json as { code: string }).code, 'session_invalid');
    const past = await call(staff, 'POST', '/api/consultations/sessions', { ...session(5), start: '2027-03-01T14:00:00+09:00', end: '2027-03-01T15:00:00+09:00' });
    assert.equal(past.status, 400);
    const zero = await call(staff, 'POST', '/api/consultations/sessions', { ...session(0) });
    assert.equal(zero.status, 400);

    const created = await call(staff, 'POST', '/api/consultations/sessions', { ...session(5), titleKo: '=HYPERLINK("x")' });
    const id = (created.json as { session: { id: number } }).session.id;
    const deps = testDeps(ctx.db, server.deps.cipher, clock);
    const contact = { field: 'email' as const, value: 'minji@example.kr' };
    assert.equal((await post(`/r/api/consultations/${c.district}/sessions/${id}/registrations`, { contact, name: '-김민지', partySize: 2, verificationId: await verifiedContact(deps, c.district, contact) })).status, 201);

    const list = await call(staff, 'GET', `/api/consultations/sessions/${id}/registrations`);
    assert.equal(list.status, 200);
    const body = list.json as { session: { seatsTaken: number }; registrations: { name: string; partySize: number; contact: { masked: string } }[] };
    assert.equal(body.session.seatsTaken, 2);
    assert.equal(body.registrations[0]!.partySize, 2);
    assert.notEqual(body.registrations[0]!.contact.masked, 'minji@example.kr');

    const csv = await call(staff, 'GET', `/api/consultations/sessions/${id}/registrations.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines[0], 'reference,name,contact_kind,contact,party_size,state,registered_at_seoul,cancelled_at_seoul');
    assert.match(lines[1]!, /^[0-9A-Z]{4}-[0-9A-Z]{4},'-김민지,email,minji@example\.kr,2,registered,2027-03-02 09:00,$/);
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'consultation.session_registrations_exported' AND entity_id = $1`, [String(id)]);
    assert.equal(rows[0]!.n, 1);

    const d = await consultationDistrict(ctx.db, [{}], { password: 'correct horse battery staple' });
    const stranger = new TestClient(server.url, { accept: 'application/json' });
    await stranger.login(`${d.district}.official`, 'correct horse battery staple');
    assert.equal((await call(stranger, 'GET', `/api/consultations/sessions/${id}/registrations`)).status, 404);
    const expert = new TestClient(server.url, { accept: 'application/json' });
    await expert.login(`${c.district}.expert1`, 'correct horse battery staple');
    assert.equal((await call(expert, 'GET', `/api/consultations/sessions/${id}/registrations`)).status, 403);
    const open = await fetch(`${server.url}/r/api/consultations/${c.district}/sessions`, { headers: { accept: 'application/json' } });
    assert.ok(((await open.json()) as { sessions: { id: number }[] }).sessions.some((s) => s.id === id));
  });
});
