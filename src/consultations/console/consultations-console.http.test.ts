import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createStaffAccount } from '../../platform/auth/staff.repository.ts';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startTestServer, TEST_PASSWORD, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { book } from '../booking/booking.service.ts';
import { configureInPersonDay } from '../in-person/in-person.service.ts';
import { consultationDistrict, slotAt, testClock, testDeps, type ConsultationDistrict, type TestClock } from '../consultations.test-support.ts';
import { formPost, getPage, hiddenValue, latestCode, rawCodes } from './consultations-console.test-support.ts';

// The consultation console over real HTTP on both engines: an official books
// by phone through the form, the check step and the code the caller reads
// out; an expert sees only their own day and marks a no-show, and cannot
// touch another expert's booking; another district's staff get 404; roles
// are kept apart; anonymous (resident) requests are refused; the pages speak
// Korean and English without raw codes.

const C = '/console/consultations';

forEachEngine('consultation console over HTTP', (ctx) => {
  let server: TestServer;
  let clock: TestClock;
  let c: ConsultationDistrict;
  let official: TestClient;
  before(async () => {
    server = await startTestServer(ctx.db);
    clock = testClock();
    server.deps.clock = clock;
    c = await consultationDistrict(ctx.db, [{}, { fields: ['gift_tax', 'acquisition_tax'] }], { password: TEST_PASSWORD });
    official = new TestClient(server.url);
    await official.login(`${c.district}.official`);
  });
  after(async () => {
    await server?.close();
  });

  const deps = () => testDeps(ctx.db, server.deps.cipher, clock);
  const staffActor = (staffId: number, role: 'tax_official' | 'expert' = 'tax_official') => ({ kind: 'staff' as const, staffId, role, districtCode: c.district });
  const bookFor = (expert: number, slotStart: string, name: string, mobile: string, field = 'acquisition_tax') =>
    book(deps(), {
      districtCode: c.district, fieldCode: field, expertId: expert, slotStart, contact: { field: 'mobile', value: mobile }, name,
      questionnaire: { topic: `${name}의 취득세 문의`, hasDocuments: true }, residencyDeclared: true,
    }, staffActor(c.officialId));

  test('an official books by phone: the form with its errors, the check step, the code the caller reads out, the booking page', async () => {
    const empty = await formPost(official, `${C}/book?lang=en`, { step: 'check' });
    assert.equal(empty.status, 400);
    const emptyHtml = await empty.text();
    for (const message of ['Choose a field.', 'Choose a time.', 'Enter the caller’s name', 'Enter a mobile number like 010-1234-5678.', 'Enter what the caller wants to ask about', 'Choose whether the caller has the documents.', 'Only residents can book.']) {
      assert.ok(emptyHtml.includes(message), `error summary says: ${message}`);
    }
    assert.match(emptyHtml, /<title>Error: /);

    const form = await getPage(official, `${C}/book?lang=en&field=acquisition_tax&day=2027-03-10&expert=${c.experts[0]}`);
    assert.equal(form.status, 200);
    const slot = `${c.experts[0]}@${slotAt('2027-03-10', '10:20')}`;
    assert.ok(form.html.includes(`value="${slot}"`), 'the free 10:20 slot is offered');
    assert.match(form.html, /10:20 with 세무사1/);
    assert.deepEqual(rawCodes(form.html), []);

    const fields = {
      field: 'acquisition_tax', expert: String(c.experts[0]), day: '2027-03-10', slot, name: '정다은', contactField: 'mobile', contactValue: '010-4444-3333',
      topic: '상속 주택 취득세', hasDocuments: 'no', residency: '1',
    };
    const check = await formPost(official, `${C}/book?lang=en`, { ...fields, step: 'check' });
    assert.equal(check.status, 200);
    const checkHtml = await check.text();
    assert.match(checkHtml, /Check the booking/);
    assert.match(checkHtml, /A 6-digit code goes to 010-\*\*\*\*-3333/);

    const sent = await formPost(official, `${C}/book?lang=en`, { ...fields, step: 'send_code' });
    assert.equal(sent.status, 200);
    const sentHtml = await sent.text();
    const verificationId = hiddenValue(sentHtml, 'verificationId');
    assert.ok(verificationId, 'the code step carries the verification');
    const code = await latestCode(ctx.db, server.deps.cipher, c.district);
    const wrong = await formPost(official, `${C}/book?lang=en`, { ...fields, verificationId: verificationId!, code: code === '000000' ? '111111' : '000000', step: 'book' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /<a href="#code">/);

    const booked = await formPost(official, `${C}/book?lang=en`, { ...fields, verificationId: verificationId!, code, step: 'book' });
    assert.equal(booked.status, 303);
    const location = booked.headers.get('location')!;
    assert.match(location, /^\/console\/consultations\/bookings\/\d+\?lang=en&booked=1$/);
    const page = await getPage(official, location);
    assert.equal(page.status, 200);
    const reference = /Booking ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(page.html)![1]!;
    assert.ok(page.html.includes(`Booked. Give the caller the reference ${reference}`));
    assert.match(page.html, /010-\*\*\*\*-3333 \(mobile, confirmed by code\)/);
    assert.deepEqual(rawCodes(page.html), []);
    const { rows } = await ctx.db.query<{ channel: string; contact_verified: boolean; state: string }>(
      'SELECT channel, contact_verified, state FROM consultation_bookings WHERE district_code = $1 AND reference = $2', [c.district, reference],
    );
    assert.deepEqual(rows[0], { channel: 'phone', contact_verified: true, state: 'booked' });

    // Found again by its reference, in Korean.
    const found = await official.request(`${C}/find?lang=ko&reference=${reference.replace('-', '').toLowerCase()}`);
    assert.equal(found.status, 303);
    const ko = await getPage(official, found.headers.get('location')!);
    assert.match(ko.html, new RegExp(`예약 ${reference}`));
    assert.deepEqual(rawCodes(ko.html), []);
    const unknown = await getPage(official, `${C}/find?lang=en&reference=AAAA-AAAA`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.html, /There is no booking with that reference in this district/);

    // The spent code does not book twice: the check step asks for a new one.
    const next = { ...fields, slot: `${c.experts[0]}@${slotAt('2027-03-11', '10:00')}`, day: '2027-03-11' };
    const spent = await formPost(official, `${C}/book?lang=en`, { ...next, verificationId: verificationId!, verified: '1', step: 'book' });
    assert.equal(spent.status, 400);
    const spentHtml = await spent.text();
    assert.match(spentHtml, /<a href="#send-code">Confirm your contact with the code/);
    assert.equal(hiddenValue(spentHtml, 'verificationId'), undefined);
    // With a new code, the same caller in the same field meets the engine's rule, shown on the contact.
    const resent = await formPost(official, `${C}/book?lang=en`, { ...next, step: 'send_code' });
    const second = hiddenValue(await resent.text(), 'verificationId')!;
    const again = await formPost(official, `${C}/book?lang=en`, { ...next, verificationId: second, code: await latestCode(ctx.db, server.deps.cipher, c.district), step: 'book' });
    assert.equal(again.status, 409);
    assert.match(await again.text(), new RegExp(`<a href="#contact-value">You already have a consultation on Acquisition tax \\(.*reference ${reference}\\)`));
  });

  test('inside the minimum notice an official needs a reason, and the override is audited', async () => {
    const slot = `${c.experts[0]}@${slotAt('2027-03-03', '14:00')}`;
    const form = await getPage(official, `${C}/book?lang=en&field=acquisition_tax&day=2027-03-03&expert=${c.experts[0]}&insideNotice=1`);
    assert.ok(form.html.includes(`value="${slot}"`), 'times inside the notice are shown when asked for');
    assert.match(form.html, /inside the minimum notice/);
    const fields = {
      field: 'acquisition_tax', expert: String(c.experts[0]), day: '2027-03-03', insideNotice: '1', slot, name: '한수아', contactField: 'email', contactValue: 'sua@example.kr',
      topic: '취득세 감면', hasDocuments: 'yes', residency: '1',
    };
    const noReason = await formPost(official, `${C}/book?lang=en`, { ...fields, step: 'check' });
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /<a href="#override-reason">That time is inside the minimum notice/);
    const withReason = { ...fields, overrideReason: '민원인 출국 전 급한 상담' };
    const sent = await formPost(official, `${C}/book?lang=ko`, { ...withReason, step: 'send_code' });
    const verificationId = hiddenValue(await sent.text(), 'verificationId')!;
    const code = await latestCode(ctx.db, server.deps.cipher, c.district);
    const booked = await formPost(official, `${C}/book?lang=ko`, { ...withReason, verificationId, code, step: 'book' });
    assert.equal(booked.status, 303);
    const { rows } = await ctx.db.query<{ reason: string }>(`SELECT reason FROM audit_log WHERE district_code = $1 AND action = 'consultation.notice_overridden'`, [c.district]);
    assert.deepEqual(rows.map((r) => r.reason), ['민원인 출국 전 급한 상담']);
  });

  test('an official moves, cancels and records the residency check; blocks a day with its consequences; figures and settings render', async () => {
    const { booking } = await bookFor(c.experts[0]!, slotAt('2027-03-12', '10:00'), '김민준', '010-5555-0001');
    const moveForm = await getPage(official, `${C}/bookings/${booking.id}/move?lang=en&day=2027-03-12`);
    assert.equal(moveForm.status, 200);
    const target = `${c.experts[0]}@${slotAt('2027-03-12', '11:00')}`;
    assert.ok(moveForm.html.includes(`value="${target}"`));
    const moved = await formPost(official, `${C}/bookings/${booking.id}/move?lang=en`, { slot: target, version: String(booking.version), day: '2027-03-12' });
    assert.equal(moved.status, 303);
    assert.match(moved.headers.get('location')!, /moved=1$/);
    const stale = await formPost(official, `${C}/bookings/${booking.id}/move?lang=en`, { slot: `${c.experts[0]}@${slotAt('2027-03-12', '11:20')}`, version: String(booking.version), day: '2027-03-12' });
    assert.equal(stale.status, 409);
    assert.match(await stale.text(), /The booking changed in the meantime/);

    const residency = await formPost(official, `${C}/bookings/${booking.id}/residency?lang=en`, { result: 'confirmed' });
    assert.equal(residency.status, 303);
    const page = await getPage(official, `${C}/bookings/${booking.id}?lang=en&residency=1`);
    assert.match(page.html, /id="booking-residency">confirmed</);
    assert.match(page.html, /moved/);
    assert.deepEqual(rawCodes(page.html), []);

    const noReason = await formPost(official, `${C}/bookings/${booking.id}/cancel?lang=en`, { reason: ' ' });
    assert.equal(noReason.status, 400);
    const cancelled = await formPost(official, `${C}/bookings/${booking.id}/cancel?lang=en`, { reason: '민원인 요청' });
    assert.equal(cancelled.status, 303);
    const after = await getPage(official, cancelled.headers.get('location')!);
    assert.match(after.html, /cancelled: cancelled by staff/);
    assert.match(after.html, /This booking is cancelled: it can no longer be moved or cancelled/);

    // A day of the second expert with one booking: the check step says so, and the block gives it to the first expert.
    const { booking: other } = await bookFor(c.experts[1]!, slotAt('2027-03-15', '14:00'), '이서연', '010-5555-0002');
    const check = await formPost(official, `${C}/blocks/check?lang=en`, { expert: String(c.experts[1]), day: '2027-03-15', scope: 'day', reason: '세무사 병가' });
    assert.equal(check.status, 200);
    const checkHtml = await check.text();
    assert.match(checkHtml, /id="block-affected">1</);
    assert.match(checkHtml, /1 bookings are at that time\. Each goes to another expert free at the same time/);
    const blocked = await formPost(official, `${C}/blocks?lang=en`, { expert: String(c.experts[1]), day: '2027-03-15', scope: 'day', time: '', reason: '세무사 병가' });
    assert.equal(blocked.status, 303);
    assert.match(blocked.headers.get('location')!, /blocked=1&reassigned=1&cancelled=0$/);
    const blocks = await getPage(official, blocked.headers.get('location')!);
    assert.match(blocks.html, /Blocked\. 1 bookings went to another expert/);
    assert.match(blocks.html, /세무사 병가/);
    const { rows } = await ctx.db.query<{ expert_id: number }>('SELECT expert_id FROM consultation_bookings WHERE id = $1', [other.id]);
    assert.equal(Number(rows[0]!.expert_id), c.experts[0]);
    const blockId = /action="\/console\/consultations\/blocks\/(\d+)\/lift/.exec(blocks.html)![1]!;
    const lifted = await formPost(official, `${C}/blocks/${blockId}/lift?lang=en`, {});
    assert.equal(lifted.status, 303);

    for (const lang of ['ko', 'en']) {
      for (const path of [`${C}?day=2027-03-12`, `${C}/blocks`, `${C}/dashboard?from=2027-03-01&to=2027-03-31`, `${C}/settings`, `${C}/book`]) {
        const p = await getPage(official, `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        assert.equal(p.status, 200, `${lang} ${path}`);
        assert.deepEqual(rawCodes(p.html), [], `${lang} ${path}: no raw codes`);
      }
    }
    const settings = await getPage(official, `${C}/settings?lang=en`);
    assert.match(settings.html, /Only an administrator can change the settings/);
    assert.equal((await formPost(official, `${C}/settings?lang=en`, { windows: '10:00-12:00' })).status, 403);
  });

  test('an administrator changes the settings through the form, each refusal named', async () => {
    await createStaffAccount(ctx.db, { districtCode: c.district, username: `${c.district}.admin`, displayName: '관리자', role: 'admin', password: TEST_PASSWORD });
    const admin = new TestClient(server.url);
    await admin.login(`${c.district}.admin`);
    const base = { windows: '10:00-12:00, 14:00-16:00', slotMinutes: '20', minNoticeDays: '7', horizonDays: '60', changeCutoffHours: '24', reminderOffsetsMinutes: '1440, 60', holdMinutes: '120' };
    const bad = await formPost(admin, `${C}/settings?lang=en`, { ...base, windows: '10:00-12:00, 11:00-13:00', horizonDays: '3', reminderOffsetsMinutes: '1, 2, 3, 4, 5' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /<a href="#windows">The hours overlap/);
    assert.match(badHtml, /<a href="#horizon-days">Booking cannot open for fewer days ahead than the minimum notice/);
    assert.match(badHtml, /<a href="#reminder-offsets">/);
    const saved = await formPost(admin, `${C}/settings?lang=en`, { ...base, windows: '09:00-12:00, 14:00-16:00' });
    assert.equal(saved.status, 303);
    const page = await getPage(admin, saved.headers.get('location')!);
    assert.match(page.html, /The settings were saved/);
    assert.match(page.html, /09:00–12:00, 14:00–16:00/);
    await formPost(admin, `${C}/settings?lang=en`, base);
  });

  test('an expert sees only their own day, marks a no-show once it has begun, keeps a private note, and cannot touch another expert’s booking', async () => {
    const mine = await bookFor(c.experts[0]!, slotAt('2027-03-17', '10:00'), '박도윤', '010-5555-0003');
    const theirs = await bookFor(c.experts[1]!, slotAt('2027-03-17', '10:00'), '최하은', '010-5555-0004');
    const expert = new TestClient(server.url);
    await expert.login(`${c.district}.expert1`);
    const day = await getPage(expert, `${C}/agenda?lang=en&day=2027-03-17`);
    assert.equal(day.status, 200);
    assert.match(day.html, /박도윤/);
    assert.match(day.html, /박도윤의 취득세 문의/, 'the questionnaire answers');
    assert.ok(!day.html.includes('최하은'), 'not another expert’s booking');
    assert.match(day.html, /You can mark attendance from 10:00/);
    assert.match(day.html, /href="\/console\/video\/\d+\?lang=en" id="room-\d+">Open the video room/, 'each video consultation links to its room');
    assert.deepEqual(rawCodes(day.html), []);
    const early = await formPost(expert, `${C}/agenda/${mine.booking.id}/outcome?lang=en&day=2027-03-17`, { outcome: 'no_show' });
    assert.equal(early.status, 409);

    clock.set(new Date(slotAt('2027-03-17', '10:05')));
    try {
      const marked = await formPost(expert, `${C}/agenda/${mine.booking.id}/outcome?lang=en&day=2027-03-17`, { outcome: 'no_show', version: String(mine.booking.version) });
      assert.equal(marked.status, 303);
      const after = await getPage(expert, marked.headers.get('location')!);
      assert.match(after.html, /Marked as a no-show/);
      assert.match(after.html, new RegExp(`id="state-${mine.booking.id}">no-show<`));
      const noted = await formPost(expert, `${C}/agenda/${mine.booking.id}/note?lang=ko&day=2027-03-17`, { note: '전화 두 번 했으나 받지 않음' });
      assert.equal(noted.status, 303);
      assert.match((await getPage(expert, noted.headers.get('location')!)).html, /전화 두 번 했으나 받지 않음/);
      const { rows } = await ctx.db.query<{ state: string }>('SELECT state FROM consultation_bookings WHERE id = $1', [mine.booking.id]);
      assert.equal(rows[0]!.state, 'no_show');

      // Another expert's booking, by its id: as if it did not exist.
      assert.equal((await formPost(expert, `${C}/agenda/${theirs.booking.id}/outcome?lang=en`, { outcome: 'attended' })).status, 404);
      assert.equal((await formPost(expert, `${C}/agenda/${theirs.booking.id}/note?lang=en`, { note: 'x' })).status, 404);
      const { rows: still } = await ctx.db.query<{ state: string }>('SELECT state FROM consultation_bookings WHERE id = $1', [theirs.booking.id]);
      assert.equal(still[0]!.state, 'booked');
    } finally {
      clock.set(new Date('2027-03-02T00:00:00Z'));
    }

    // Roles: experts do not reach the officials' pages, officials not an expert's day.
    assert.equal((await getPage(expert, `${C}?lang=en`)).status, 403);
    assert.equal((await getPage(expert, `${C}/bookings/${mine.booking.id}?lang=en`)).status, 403);
    assert.equal((await getPage(official, `${C}/agenda?lang=en`)).status, 403);
  });

  test('the in-person day: its times say where, and so do the check step and the booking', async () => {
    const d = await consultationDistrict(ctx.db, [{}], { password: TEST_PASSWORD });
    await configureInPersonDay(deps(), d.district, {
      placeNameKo: '서초구청 1층 세무상담실', placeNameEn: 'Seocho-gu Office, tax consultation room (1F)', addressKo: '서울특별시 서초구 남부순환로 2584', addressEn: '2584 Nambusunhwan-ro, Seocho-gu, Seoul',
      windows: [{ start: '10:00', end: '12:00' }, { start: '13:00', end: '15:00' }], expertIds: [d.experts[0]!],
    });
    const staff = new TestClient(server.url);
    await staff.login(`${d.district}.official`);
    const saturday = '2027-04-03';
    const slot = `${d.experts[0]}@${slotAt(saturday, '10:00')}`;
    const form = await getPage(staff, `${C}/book?lang=en&field=gift_tax&day=${saturday}`);
    assert.ok(form.html.includes(`value="${slot}"`));
    assert.match(form.html, /10:00 with 세무사1 <span class="hint">\(in person at Seocho-gu Office, tax consultation room \(1F\)\)/);
    const check = await formPost(staff, `${C}/book?lang=en`, {
      field: 'gift_tax', day: saturday, slot, name: '장예준', contactField: 'mobile', contactValue: '010-6666-0001', topic: '증여세', hasDocuments: 'yes', residency: '1', step: 'check',
    });
    assert.match(await check.text(), /In person: Seocho-gu Office, tax consultation room \(1F\), 2584 Nambusunhwan-ro/);
    const { booking } = await book(deps(), {
      districtCode: d.district, fieldCode: 'gift_tax', expertId: d.experts[0]!, slotStart: slotAt(saturday, '10:20'), contact: { field: 'mobile', value: '010-6666-0002' },
      name: '임지호', questionnaire: { topic: '증여세', hasDocuments: false }, residencyDeclared: true,
    }, { kind: 'staff', staffId: d.officialId, role: 'tax_official', districtCode: d.district });
    const page = await getPage(staff, `${C}/bookings/${booking.id}?lang=ko`);
    assert.match(page.html, /id="booking-mode">대면 상담: 서초구청 1층 세무상담실\(서울특별시 서초구 남부순환로 2584\)/);
    assert.match((await getPage(staff, `${C}/blocks?lang=en`)).html, /<option value="13:00">/, 'the in-person day’s times can be blocked too');
  });

  test('another district’s staff get 404; a desk agent books but does not block; residents and anonymous requests are refused', async () => {
    const { booking } = await bookFor(c.experts[0]!, slotAt('2027-03-18', '10:00'), '윤서아', '010-5555-0005');
    const elsewhere = await consultationDistrict(ctx.db, [{}], { password: TEST_PASSWORD });
    const stranger = new TestClient(server.url);
    await stranger.login(`${elsewhere.district}.official`);
    assert.equal((await getPage(stranger, `${C}/bookings/${booking.id}?lang=en`)).status, 404);
    assert.equal((await getPage(stranger, `${C}/bookings/${booking.id}/move?lang=en`)).status, 404);
    assert.equal((await formPost(stranger, `${C}/bookings/${booking.id}/cancel?lang=en`, { reason: 'x' })).status, 404);
    assert.equal((await formPost(stranger, `${C}/bookings/${booking.id}/residency?lang=en`, { result: 'confirmed' })).status, 404);
    assert.equal((await getPage(stranger, `${C}/find?lang=en&reference=${booking.reference}`)).status, 404);
    const day = await getPage(stranger, `${C}?lang=en&day=2027-03-18`);
    assert.ok(!day.html.includes('윤서아'), 'another district’s day lists nothing of this one');
    const strangerExpert = new TestClient(server.url);
    await strangerExpert.login(`${elsewhere.district}.expert1`);
    clock.set(new Date(slotAt('2027-03-18', '10:30')));
    try {
      assert.equal((await formPost(strangerExpert, `${C}/agenda/${booking.id}/outcome?lang=en`, { outcome: 'no_show' })).status, 404);
    } finally {
      clock.set(new Date('2027-03-02T00:00:00Z'));
    }
    const { rows } = await ctx.db.query<{ state: string }>('SELECT state FROM consultation_bookings WHERE id = $1', [booking.id]);
    assert.equal(rows[0]!.state, 'booked');

    await createStaffAccount(ctx.db, { districtCode: c.district, username: `${c.district}.desk`, displayName: '창구', role: 'desk_agent', password: TEST_PASSWORD });
    const desk = new TestClient(server.url);
    await desk.login(`${c.district}.desk`);
    assert.equal((await getPage(desk, `${C}/book?lang=en`)).status, 200);
    assert.equal((await getPage(desk, `${C}/bookings/${booking.id}?lang=en`)).status, 200);
    assert.equal((await getPage(desk, `${C}/blocks?lang=en`)).status, 403);
    assert.equal((await getPage(desk, `${C}/dashboard?lang=en`)).status, 403);
    assert.equal((await formPost(desk, `${C}/bookings/${booking.id}/residency?lang=en`, { result: 'confirmed' })).status, 403);

    // No staff session (a resident, or nobody): pages lead to the sign-in, forms are refused.
    const resident = new TestClient(server.url);
    for (const path of [C, `${C}/book`, `${C}/agenda`, `${C}/bookings/${booking.id}`, `${C}/blocks`, `${C}/dashboard`, `${C}/settings`]) {
      const r = await resident.request(`${path}?lang=en`);
      assert.equal(r.status, 303, path);
      assert.match(r.headers.get('location')!, /^\/login\?next=/);
    }
    for (const path of [`${C}/book`, `${C}/bookings/${booking.id}/cancel`, `${C}/agenda/${booking.id}/outcome`, `${C}/blocks`]) {
      assert.equal((await formPost(resident, `${path}?lang=en`, { reason: 'x', outcome: 'no_show' }, 'forged')).status, 401, path);
    }
    const json = await fetch(`${server.url}${C}/bookings/${booking.id}`, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 401);
    // A signed-in official without the form's token is refused too.
    assert.equal((await formPost(official, `${C}/bookings/${booking.id}/cancel?lang=en`, { reason: 'x' }, null)).status, 403);
    const { rows: unchanged } = await ctx.db.query<{ state: string }>('SELECT state FROM consultation_bookings WHERE id = $1', [booking.id]);
    assert.equal(unchanged[0]!.state, 'booked');
  });
});
