import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { startTestServer, TestClient, type TestServer } from '../../test-support/test-server.ts';
import { codeOfMessage, consultationDistrict, mobileOf, QUESTIONNAIRE, slotAt, testClock, testDeps, type ConsultationDistrict, type TestClock } from './consultations.test-support.ts';
import { requestCode, confirmCode } from './booking/resident-codes.ts';

// The JSON API over real HTTP on both engines: many residents racing for one
// slot (exactly one 201, clean 409s for the rest, one booking in the
// database), a resident's whole journey, and the staff side (phone booking
// with CSRF, roles, district isolation, the expert's agenda).

const json = { 'content-type': 'application/json', accept: 'application/json' };
let address = 0;
const newAddress = () => `198.51.${(++address >> 8) & 255}.${address & 255}`;

forEachEngine('consultations over HTTP', (ctx) => {
  let server: TestServer;
  let clock: TestClock;
  let c: ConsultationDistrict;
  before(async () => {
    server = await startTestServer(ctx.db);
    clock = testClock();
    server.deps.clock = clock;
    c = await consultationDistrict(ctx.db, [{}, { fields: ['gift_tax'] }]);
  });
  after(async () => {
    await server?.close();
  });

  const post = (path: string, body: unknown, ip = newAddress()) =>
    fetch(server.url + path, { method: 'POST', headers: { ...json, 'x-forwarded-for': ip }, body: JSON.stringify(body) });

  test('residents racing for one slot: exactly one 201, every other answer a clean 409 slot_taken, one booking', async () => {
    const racers = ctx.engine === 'postgres' ? 60 : 40;
    const deps = testDeps(ctx.db, server.deps.cipher, clock);
    const verified: { contact: { field: 'mobile'; value: string }; verificationId: string }[] = [];
    for (let i = 0; i < racers; i++) {
      const contact = { field: 'mobile' as const, value: mobileOf(1000 + i) };
      const sent = await requestCode(deps, { districtCode: c.district, contact });
      await confirmCode(deps, { verificationId: sent.verificationId, field: 'mobile', code: await codeOfMessage(ctx.db, server.deps.cipher, sent.messageId!) });
      verified.push({ contact, verificationId: sent.verificationId });
    }
    const slotStart = slotAt('2027-03-10', '10:40');
    const answers = await Promise.all(verified.map((v, i) =>
      post(`/r/api/consultations/${c.district}/bookings`, {
        fieldCode: 'capital_gains_tax', expertId: c.experts[0], slotStart, contact: v.contact, name: `경쟁자${i}`,
        questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId: v.verificationId,
      }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: (await r.json()) as { code?: string; booking?: { reference: string } } })),
    ));
    const statuses = answers.map((a) => a.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, `exactly one success: ${JSON.stringify(statuses)}`);
    assert.equal(statuses.filter((s) => s === 409).length, racers - 1, 'every other request a 409');
    for (const a of answers.filter((x) => x.status === 409)) {
      assert.equal(a.body.code, 'slot_taken');
      assert.match(a.type!, /^application\/problem\+json/);
    }
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM consultation_bookings WHERE expert_id = $1 AND slot_start = $2 AND state IN ('held', 'booked', 'moved', 'attended', 'no_show')`,
      [c.experts[0], slotStart],
    );
    assert.equal(rows[0]!.n, 1, 'one booking in the database');
    const { rows: messages } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE district_code = $1 AND topic = 'consultation_booked'`, [c.district]);
    assert.equal(messages[0]!.n, 1, 'one confirmation');
    const { rows: codes } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM one_time_codes WHERE district_code = $1 AND spent_at IS NOT NULL`, [c.district]);
    assert.equal(codes[0]!.n, 1, 'the losers keep their codes unspent: nothing changed for them');
  });

  test('a resident books, views, downloads the .ics, moves and cancels through the personal link', async () => {
    const ip = newAddress();
    const info = await (await fetch(`${server.url}/r/api/consultations/${c.district}`, { headers: { accept: 'application/json' } })).json() as { fields: { code: string }[]; settings: { windows: { start: string }[] }; experts: { id: number; fields: string[] }[] };
    assert.deepEqual(info.fields.map((f) => f.code), ['acquisition_tax', 'capital_gains_tax', 'inheritance_tax', 'gift_tax', 'national_taxes']);
    assert.deepEqual(info.settings.windows, [{ start: '10:00', end: '12:00' }, { start: '14:00', end: '16:00' }]);
    const slots = await (await fetch(`${server.url}/r/api/consultations/${c.district}/slots?field=gift_tax&from=2027-03-11&to=2027-03-11`)).json() as { days: { day: string; slots: { expertId: number; start: string; time: string }[] }[] };
    assert.equal(slots.days[0]!.slots.length, 24, 'two experts cover gift tax: 12 slots each');
    assert.equal(slots.days[0]!.slots[0]!.time, '10:00');

    const contact = { field: 'mobile', value: '010-8888-1234' };
    const sent = await post(`/r/api/consultations/${c.district}/codes`, { contact }, ip);
    assert.equal(sent.status, 201);
    const { verificationId, sentTo } = (await sent.json()) as { verificationId: string; sentTo: string };
    assert.equal(sentTo, '010-****-1234');
    const { rows } = await ctx.db.query<{ id: number }>(`SELECT id FROM messages WHERE district_code = $1 AND kind = 'one_time_code' ORDER BY id DESC LIMIT 1`, [c.district]);
    const code = await codeOfMessage(ctx.db, server.deps.cipher, Number(rows[0]!.id));
    const wrong = await post(`/r/api/consultations/${c.district}/codes/confirm`, { verificationId, field: 'mobile', code: code === '111111' ? '222222' : '111111' }, ip);
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { code: string }).code, 'code_wrong');
    assert.equal((await post(`/r/api/consultations/${c.district}/codes/confirm`, { verificationId, field: 'mobile', code }, ip)).status, 200);

    const bad = await post(`/r/api/consultations/${c.district}/bookings`, { fieldCode: 'gift_tax', expertId: c.experts[1], slotStart: slotAt('2027-03-11', '12:00'), contact, name: '최유나', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId }, ip);
    assert.equal(bad.status, 422);
    const badBody = (await bad.json()) as { code: string; detail: string };
    assert.equal(badBody.code, 'slot_outside_windows');
    assert.match(badBody.detail, /10:00–12:00, 14:00–16:00/);
    const noResidency = await post(`/r/api/consultations/${c.district}/bookings?lang=en`, { fieldCode: 'gift_tax', expertId: c.experts[1], slotStart: slotAt('2027-03-11', '10:00'), contact, name: '최유나', questionnaire: QUESTIONNAIRE, residencyDeclared: false, verificationId }, ip);
    assert.equal(noResidency.status, 400);
    assert.equal(((await noResidency.json()) as { errors: { field: string }[] }).errors[0]!.field, 'residencyDeclared');

    const booked = await post(`/r/api/consultations/${c.district}/bookings`, { fieldCode: 'gift_tax', expertId: c.experts[1], slotStart: slotAt('2027-03-11', '10:00'), contact, name: '최유나', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId }, ip);
    assert.equal(booked.status, 201);
    const { booking, token } = (await booked.json()) as { booking: { reference: string; version: number; state: string }; token: string };
    const view = (await (await fetch(`${server.url}/r/api/consultations/bookings/${token}`)).json()) as { booking: { reference: string; name: string } };
    assert.equal(view.booking.reference, booking.reference);
    assert.equal(view.booking.name, '최유나');
    const ics = await fetch(`${server.url}/r/api/consultations/bookings/${token}/ics`);
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type')!, /^text\/calendar/);
    assert.match(await ics.text(), /^BEGIN:VCALENDAR\r\n/);

    const moved = await post(`/r/api/consultations/bookings/${token}/move`, { expertId: c.experts[0], slotStart: slotAt('2027-03-12', '14:20'), version: booking.version }, ip);
    assert.equal(moved.status, 200);
    const stale = await post(`/r/api/consultations/bookings/${token}/move`, { expertId: c.experts[0], slotStart: slotAt('2027-03-12', '14:40'), version: booking.version }, ip);
    assert.equal(stale.status, 409);
    assert.equal(((await stale.json()) as { code: string }).code, 'booking_changed');
    const cancelled = await post(`/r/api/consultations/bookings/${token}/cancel`, {}, ip);
    assert.equal(cancelled.status, 200);
    assert.equal(((await cancelled.json()) as { booking: { state: string } }).booking.state, 'cancelled');
    const unknown = await fetch(`${server.url}/r/api/consultations/bookings/${'x'.repeat(32)}`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code: string }).code, 'booking_not_found');
  });

  test('staff: an official books by phone (CSRF, same rules), experts see only their day, districts are kept apart', async () => {
    const official = new TestClient(server.url, { accept: 'application/json' });
    const { csrfToken } = await official.login(`${c.district}.official`);
    const headers = { 'x-csrf-token': csrfToken };
    const slots = await official.request('/api/consultations/slots?field=acquisition_tax&from=2027-03-03&to=2027-03-03&insideNotice=true');
    assert.equal(slots.status, 200);
    assert.equal(((await slots.json()) as { days: unknown[] }).days.length, 1, 'inside the notice, for an official who asks');
    const input = {
      fieldCode: 'acquisition_tax', expertId: c.experts[0], slotStart: slotAt('2027-03-03', '10:00'), contact: { field: 'mobile', value: '010-4444-3333' },
      name: '정다은', questionnaire: { topic: '상속 주택 취득세', hasDocuments: false }, residencyDeclared: true,
    };
    const noCsrf = await official.json('/api/consultations/bookings', 'POST', input);
    assert.equal(noCsrf.status, 403);
    const tooSoon = await official.json('/api/consultations/bookings', 'POST', input, headers);
    assert.equal(tooSoon.status, 422);
    assert.equal(((await tooSoon.json()) as { code: string }).code, 'slot_too_soon');
    const booked = await official.json('/api/consultations/bookings', 'POST', { ...input, overrideNotice: { reason: '민원인 요청, 급함' } }, headers);
    assert.equal(booked.status, 201);
    const { booking } = (await booked.json()) as { booking: { id: number; reference: string; channel: string } };
    assert.equal(booking.channel, 'phone');
    const byRef = await official.request(`/api/consultations/bookings/by-reference/${booking.reference.toLowerCase()}`);
    assert.equal(byRef.status, 200);
    const detail = (await (await official.request(`/api/consultations/bookings/${booking.id}`)).json()) as { events: { event: string }[]; reminders: unknown[] };
    assert.deepEqual(detail.events.map((e) => e.event), ['booked']);
    assert.equal(detail.reminders.length, 2);

    // The expert's agenda: their own bookings only; the other expert's is empty.
    const expert = new TestClient(server.url, { accept: 'application/json' });
    await expert.login(`${c.district}.expert1`);
    const agenda = (await (await expert.request('/api/consultations/agenda?day=2027-03-03')).json()) as { bookings: { reference: string; questionnaire: { topic: string } }[] };
    assert.deepEqual(agenda.bookings.map((b) => b.reference), [booking.reference]);
    assert.equal(agenda.bookings[0]!.questionnaire.topic, '상속 주택 취득세');
    const other = new TestClient(server.url, { accept: 'application/json' });
    await other.login(`${c.district}.expert2`);
    assert.equal(((await (await other.request('/api/consultations/agenda?day=2027-03-03')).json()) as { bookings: unknown[] }).bookings.length, 0);
    assert.equal((await other.request('/api/consultations/bookings?from=2027-03-01&to=2027-03-31')).status, 403, 'experts do not list the district');

    // An official of another district sees nothing of this one.
    const elsewhere = await consultationDistrict(ctx.db, []);
    const stranger = new TestClient(server.url, { accept: 'application/json' });
    await stranger.login(`${elsewhere.district}.official`);
    assert.equal((await stranger.request(`/api/consultations/bookings/${booking.id}`)).status, 404);
    assert.equal((await fetch(`${server.url}/api/consultations/bookings`, { headers: { accept: 'application/json' } })).status, 401);
  });
});
