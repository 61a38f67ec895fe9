import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { AppError } from '../../platform/errors.ts';
import {
  consultationDistrict,
  mobileOf,
  QUESTIONNAIRE,
  slotAt,
  T0,
  testClock,
  testDeps,
  verifiedContact,
} from '../consultations.test-support.ts';
import { book, cancel, checkResidency, expertAgenda, getBooking, listFreeSlots, move, recordOutcome, saveNote, bookingIcs, type Actor } from './booking.service.ts';
import { unfold } from './ics.ts';

// The booking engine through its service API, on both engines: the rules,
// bad input (each refused with its code, nothing changed), phone bookings
// with the notice overridden and audited, moves and cancellations under the
// cutoff and the conditional updates, the expert's marks and note.

const resident: Actor = { kind: 'resident' };

async function counts(q: { query: <T>(s: string, p?: unknown[]) => Promise<{ rows: T[] }> }, district: string) {
  const { rows } = await q.query<{ bookings: number; messages: number; reminders: number }>(
    `SELECT (SELECT count(*)::int FROM consultation_bookings WHERE district_code = $1) AS bookings,
            (SELECT count(*)::int FROM messages WHERE district_code = $1 AND topic LIKE 'consultation_%') AS messages,
            (SELECT count(*)::int FROM consultation_reminders r JOIN consultation_bookings b ON b.id = r.booking_id WHERE b.district_code = $1 AND r.state = 'scheduled') AS reminders`,
    [district],
  );
  return rows[0]!;
}

const refusedWith = (code: string, status?: number) => (error: unknown) => {
  assert.ok(error instanceof AppError, `an AppError, not ${String(error)}`);
  assert.equal(error.code, code, error.messages.en);
  if (status) assert.equal(error.status, status);
  assert.ok(error.messages.ko && error.messages.en);
  return true;
};

forEachEngine('consultation bookings: the service', (ctx) => {
  test('a resident books on the web: reference, personal link, confirmation message and two reminders', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db);
    const slots = await listFreeSlots(deps, { districtCode: c.district, fieldCode: 'capital_gains_tax' });
    assert.equal(slots.firstBookableDay, '2027-03-09');
    assert.equal(slots.days[0]!.day, '2027-03-09');
    assert.equal(slots.days[0]!.slots.length, 12);
    assert.equal(slots.days.length, 10, 'two weeks from the first bookable day: ten working days');

    const verificationId = await verifiedContact(deps, c.district, { field: 'mobile', value: '010-2345-6789' });
    const result = await book(deps, {
      districtCode: c.district, fieldCode: 'capital_gains_tax', expertId: c.experts[0]!, slotStart: slotAt('2027-03-09', '10:20'),
      contact: { field: 'mobile', value: '010-2345-6789' }, name: '김민지', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId,
    }, resident);
    assert.match(result.booking.reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.equal(result.booking.state, 'booked');
    assert.equal(result.booking.channel, 'web');
    assert.equal(result.booking.time, '10:20');
    assert.equal(result.booking.contact.masked, '010-****-6789');
    assert.equal(result.booking.changeableUntil, new Date('2027-03-08T01:20:00Z').toISOString(), '24 hours before');
    assert.equal(result.link, `https://tax.example.kr/r/consultations/b/${result.token}`);

    const { rows: message } = await ctx.db.query<{ topic: string; kind: string; plan: string[] }>('SELECT topic, kind, plan FROM messages WHERE id = $1', [result.messageId]);
    assert.deepEqual(message[0], { topic: 'consultation_booked', kind: 'guidance', plan: ['kakao', 'sms'] });
    const { rows: reminders } = await ctx.db.query<{ offset_minutes: number; due_at: Date }>(
      'SELECT offset_minutes, due_at FROM consultation_reminders WHERE booking_id = $1 ORDER BY due_at', [result.booking.id],
    );
    assert.deepEqual(reminders.map((r) => [r.offset_minutes, new Date(r.due_at).toISOString()]), [
      [1440, '2027-03-08T01:20:00.000Z'],
      [60, '2027-03-09T00:20:00.000Z'],
    ]);
    const { rows: sealed } = await ctx.db.query<{ contact_enc: Uint8Array; name_enc: Uint8Array }>('SELECT contact_enc, name_enc FROM consultation_bookings WHERE id = $1', [result.booking.id]);
    assert.ok(!Buffer.from(sealed[0]!.contact_enc).toString('latin1').includes('2345'), 'the contact is sealed');
    assert.equal(testCipher.decrypt(Buffer.from(sealed[0]!.name_enc)), '김민지');

    const after = await listFreeSlots(deps, { districtCode: c.district, fieldCode: 'capital_gains_tax', from: '2027-03-09', to: '2027-03-09' });
    assert.equal(after.days[0]!.slots.length, 11, 'the slot is no longer free');
    assert.deepEqual(await getBooking(deps, { by: 'token', token: result.token }), result.booking);

    const ics = await bookingIcs(deps, { by: 'token', token: result.token });
    assert.ok(ics.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'lines folded at 75 octets');
    const text = unfold(ics.body);
    assert.match(text, /\r\nDTSTART:20270309T012000Z\r\n/);
    assert.match(text, /\r\nDTEND:20270309T014000Z\r\n/);
    assert.match(text, new RegExp(`\\r\\nUID:${result.booking.reference}@taxstation\\.${c.district}\\r\\n`));
    assert.match(text, /\r\nSTATUS:CONFIRMED\r\n/);
    assert.match(text, /\r\nSEQUENCE:0\r\n/);
  });

  test('bad input is refused with its code and changes nothing', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db, [{}, { fields: ['gift_tax'], weekdays: [2] }]);
    const contact = { field: 'mobile' as const, value: '010-3456-7890' };
    const verificationId = await verifiedContact(deps, c.district, contact);
    const base = { districtCode: c.district, fieldCode: 'inheritance_tax', expertId: c.experts[0]!, contact, name: '이서준', questionnaire: QUESTIONNAIRE, residencyDeclared: true as const, verificationId };
    const before = await counts(ctx.db, c.district);
    const cases: [string, Partial<typeof base> & { slotStart: string }, string, number][] = [
      ['past', { slotStart: slotAt('2027-03-02', '08:00') }, 'slot_in_past', 422],
      ['unaligned', { slotStart: slotAt('2027-03-10', '10:10') }, 'slot_unaligned', 422],
      ['seconds', { slotStart: new Date(Date.parse(slotAt('2027-03-10', '10:20')) + 30_000).toISOString() }, 'slot_unaligned', 422],
      ['between the windows', { slotStart: slotAt('2027-03-10', '12:20') }, 'slot_outside_windows', 422],
      ['after the last slot', { slotStart: slotAt('2027-03-10', '16:00') }, 'slot_outside_windows', 422],
      ['too soon', { slotStart: slotAt('2027-03-08', '10:00') }, 'slot_too_soon', 422],
      ['beyond the horizon', { slotStart: slotAt('2027-05-03', '10:00') }, 'slot_beyond_horizon', 422],
      ['a public holiday (Children’s Day), beyond the horizon too', { slotStart: slotAt('2027-05-05', '10:00') }, 'slot_on_holiday', 422],
      ['a Saturday', { slotStart: slotAt('2027-03-13', '10:00') }, 'expert_not_serving', 422],
      ['a field the expert does not cover', { expertId: c.experts[1]!, slotStart: slotAt('2027-03-09', '10:00') }, 'field_not_covered', 422],
      ['an unknown field', { fieldCode: 'vehicle_tax', slotStart: slotAt('2027-03-09', '10:00') }, 'field_not_found', 404],
      ['an unknown expert', { expertId: 999999, slotStart: slotAt('2027-03-09', '10:00') }, 'expert_not_found', 404],
      ['no verification', { verificationId: undefined, slotStart: slotAt('2027-03-09', '10:00') }, 'contact_not_verified', 400],
      ['a verification of another contact', { contact: { field: 'mobile', value: '010-9999-0000' }, slotStart: slotAt('2027-03-09', '10:00') }, 'contact_not_verified', 400],
      ['an invalid contact', { contact: { field: 'mobile', value: '02-123-4567' }, slotStart: slotAt('2027-03-09', '10:00') }, 'contact_invalid', 400],
    ];
    for (const [what, change, code, status] of cases) {
      await assert.rejects(book(deps, { ...base, ...change }, resident), refusedWith(code, status), what);
    }
    // A holiday inside the horizon: Children's Day 2027 is a Wednesday.
    clock.set(new Date('2027-04-20T00:00:00Z'));
    await assert.rejects(book(deps, { ...base, slotStart: slotAt('2027-05-05', '10:00') }, resident), refusedWith('slot_on_holiday', 422));
    clock.set(T0);
    await assert.rejects(book(deps, { ...base, residencyDeclared: false as unknown as true, slotStart: slotAt('2027-03-09', '10:00') }, resident), /residency|literal|expected/i);
    assert.deepEqual(await counts(ctx.db, c.district), before, 'nothing changed');

    // The code still works for a good booking; then it is spent.
    await book(deps, { ...base, slotStart: slotAt('2027-03-09', '10:00') }, resident);
    await assert.rejects(book(deps, { ...base, fieldCode: 'gift_tax', slotStart: slotAt('2027-03-09', '10:20') }, resident), refusedWith('contact_not_verified'), 'a code books once');
    // A second upcoming booking in the same field, even with a fresh code; another field is fine.
    const again = await verifiedContact(deps, c.district, contact);
    await assert.rejects(book(deps, { ...base, verificationId: again, slotStart: slotAt('2027-03-11', '10:00') }, resident), refusedWith('already_booked_in_field', 409));
    await book(deps, { ...base, verificationId: again, fieldCode: 'gift_tax', slotStart: slotAt('2027-03-11', '10:00') }, resident);
  });

  test('an expired or wrong code is refused with what to do', async () => {
    const deps = testDeps(ctx.db, testCipher);
    const c = await consultationDistrict(ctx.db);
    const { requestCode, confirmCode } = await import('./resident-codes.ts');
    const sent = await requestCode(deps, { districtCode: c.district, contact: { field: 'email', value: 'Resident@Example.KR' } });
    assert.equal(sent.sentTo, 'R****@example.kr');
    await assert.rejects(confirmCode(deps, { verificationId: sent.verificationId, field: 'email', code: '99999x' }), refusedWith('code_format', 400));
    await ctx.db.query(`UPDATE one_time_codes SET expires_at = now() - interval '1 second' WHERE message_id = $1`, [sent.messageId]);
    await assert.rejects(confirmCode(deps, { verificationId: sent.verificationId, field: 'email', code: '123456' }), refusedWith('code_expired', 400));
    await assert.rejects(
      book(deps, {
        districtCode: c.district, fieldCode: 'gift_tax', expertId: c.experts[0]!, slotStart: slotAt('2027-03-09', '10:00'),
        contact: { field: 'email', value: 'Resident@example.kr' }, name: 'x', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId: sent.verificationId,
      }, resident),
      refusedWith('contact_not_verified'),
    );
  });

  test('by phone: an official books for a caller on the same path, may override the notice with a reason (audited)', async () => {
    const deps = testDeps(ctx.db, testCipher);
    const c = await consultationDistrict(ctx.db);
    const official: Actor = { kind: 'staff', staffId: c.officialId, role: 'tax_official', districtCode: c.district };
    const input = {
      districtCode: c.district, fieldCode: 'acquisition_tax', expertId: c.experts[0]!, slotStart: slotAt('2027-03-03', '14:00'),
      contact: { field: 'mobile' as const, value: '01055554444' }, name: '박하늘', questionnaire: { topic: '취득세 감면', hasDocuments: false }, residencyDeclared: true as const,
    };
    await assert.rejects(book(deps, input, official), refusedWith('slot_too_soon'), 'the rules are the same');
    await assert.rejects(book(deps, { ...input, overrideNotice: { reason: '' } }, official), /reason|too_small|String must/i);
    await assert.rejects(book(deps, { ...input, overrideNotice: { reason: 'urgent' } }, resident), refusedWith('override_reason_required', 403), 'residents cannot override');
    const result = await book(deps, { ...input, overrideNotice: { reason: '고지서 납부기한 임박(3/5), 민원인 요청' } }, official);
    assert.equal(result.booking.channel, 'phone');
    assert.equal(result.booking.contact.verified, false);
    const { rows } = await ctx.db.query<{ action: string; reason: string; details: Record<string, unknown> }>(
      `SELECT action, reason, details FROM audit_log WHERE district_code = $1 AND entity_id = $2 ORDER BY id`, [c.district, result.booking.reference],
    );
    assert.deepEqual(rows.map((r) => r.action), ['consultation.booked_by_phone', 'consultation.notice_overridden']);
    assert.equal(rows[1]!.reason, '고지서 납부기한 임박(3/5), 민원인 요청');
    assert.equal((rows[0]!.details as { contact: string }).contact, '010-****-4444', 'masked in the audit log');
    // An official of another district cannot book here.
    await assert.rejects(book(deps, { ...input, slotStart: slotAt('2027-03-09', '10:00') }, { ...official, districtCode: 'elsewhere' } as Actor), refusedWith('booking_not_found', 404));
  });

  test('moves and cancellations: the resident until the cutoff, officials any time; reminders follow; stale versions are refused', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db, [{}, {}]);
    const official: Actor = { kind: 'staff', staffId: c.officialId, role: 'tax_official', districtCode: c.district };
    const bookFor = async (i: number, slot: string, expert = 0) => {
      const contact = { field: 'mobile' as const, value: mobileOf(100 + i) };
      return book(deps, {
        districtCode: c.district, fieldCode: 'gift_tax', expertId: c.experts[expert]!, slotStart: slot, contact, name: `주민${i}`,
        questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId: await verifiedContact(deps, c.district, contact),
      }, resident);
    };
    const a = await bookFor(1, slotAt('2027-03-10', '10:00'));
    const b = await bookFor(2, slotAt('2027-03-10', '10:20'));

    await assert.rejects(move(deps, { by: 'token', token: a.token }, { expertId: c.experts[0]!, slotStart: b.booking.start }, resident), refusedWith('slot_taken', 409));
    const moved = await move(deps, { by: 'token', token: a.token }, { expertId: c.experts[1]!, slotStart: b.booking.start, version: a.booking.version }, resident);
    assert.equal(moved.booking.state, 'moved');
    assert.equal(moved.booking.expert.id, c.experts[1]);
    assert.equal(moved.booking.reference, a.booking.reference, 'the reference stays');
    assert.equal(moved.token, a.token, 'so does the link');
    await assert.rejects(move(deps, { by: 'token', token: a.token }, { expertId: c.experts[0]!, slotStart: slotAt('2027-03-10', '11:00'), version: a.booking.version }, resident), refusedWith('booking_changed', 409), 'a stale version');
    const { rows: reminders } = await ctx.db.query<{ state: string; slot_start: Date }>('SELECT state, slot_start FROM consultation_reminders WHERE booking_id = $1 ORDER BY id', [a.booking.id]);
    assert.deepEqual(reminders.map((r) => r.state), ['withdrawn', 'withdrawn', 'scheduled', 'scheduled']);

    // The cutoff: 24 hours before. Residents are sent to the phone; officials may still change.
    clock.set(new Date(Date.parse(b.booking.start) - 23 * 3_600_000));
    await assert.rejects(cancel(deps, { by: 'token', token: b.token }, resident), (e: unknown) => refusedWith('change_closed', 409)(e) && /02-2155-6114/.test((e as AppError).messages.en));
    await assert.rejects(move(deps, { by: 'token', token: b.token }, { expertId: c.experts[0]!, slotStart: slotAt('2027-03-12', '10:00') }, resident), refusedWith('change_closed'));
    await assert.rejects(cancel(deps, { by: 'id', districtCode: c.district, id: b.booking.id }, resident), refusedWith('booking_not_found'), 'residents only by link');
    const cancelled = await cancel(deps, { by: 'id', districtCode: c.district, id: b.booking.id }, official, { reason: '민원인 전화 요청' });
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.cancelReason, 'official');
    await assert.rejects(cancel(deps, { by: 'id', districtCode: c.district, id: b.booking.id }, official), refusedWith('booking_not_active', 409), 'once');
    const { rows: left } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultation_reminders WHERE booking_id = $1 AND state = 'scheduled'`, [b.booking.id]);
    assert.equal(left[0]!.n, 0, 'its reminders are withdrawn');
    const { rows: topics } = await ctx.db.query<{ topic: string }>(`SELECT topic FROM messages WHERE district_code = $1 AND topic LIKE 'consultation_%' ORDER BY id`, [c.district]);
    assert.deepEqual(topics.map((t) => t.topic), ['consultation_booked', 'consultation_booked', 'consultation_moved', 'consultation_cancelled']);
    // The freed slot can be booked again.
    clock.set(T0);
    const again = await bookFor(3, b.booking.start);
    assert.equal(again.booking.state, 'booked');
  });

  test('the expert marks attendance once the slot has begun, writes a private note; others cannot', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db, [{}, {}]);
    const expert: Actor & { kind: 'staff' } = { kind: 'staff', staffId: c.staffIds[0]!, role: 'expert', districtCode: c.district };
    const other: Actor & { kind: 'staff' } = { kind: 'staff', staffId: c.staffIds[1]!, role: 'expert', districtCode: c.district };
    const official: Actor & { kind: 'staff' } = { kind: 'staff', staffId: c.officialId, role: 'tax_official', districtCode: c.district };
    const contact = { field: 'email' as const, value: 'minji@example.kr' };
    const r = await book(deps, {
      districtCode: c.district, fieldCode: 'national_taxes', expertId: c.experts[0]!, slotStart: slotAt('2027-03-09', '14:00'), contact, name: '김민지',
      questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId: await verifiedContact(deps, c.district, contact),
    }, resident);
    await assert.rejects(recordOutcome(deps, { id: r.booking.id, outcome: 'attended' }, expert), refusedWith('outcome_too_early', 409));
    clock.set(new Date(Date.parse(r.booking.start) + 5 * 60_000));
    await assert.rejects(recordOutcome(deps, { id: r.booking.id, outcome: 'no_show' }, other), refusedWith('booking_not_found', 404), "another expert's booking");
    const marked = await recordOutcome(deps, { id: r.booking.id, outcome: 'attended', note: '양도 시기 재상담 필요' }, expert);
    assert.equal(marked.state, 'attended');
    assert.equal(marked.note, '양도 시기 재상담 필요');
    await assert.rejects(saveNote(deps, { id: r.booking.id, note: 'x' }, official), refusedWith('booking_not_found'), 'the note is the expert’s');
    const agenda = await expertAgenda(deps, { districtCode: c.district, staffId: c.staffIds[0]!, day: '2027-03-09' });
    assert.equal(agenda.length, 1);
    assert.equal(agenda[0]!.note, '양도 시기 재상담 필요');
    assert.deepEqual(agenda[0]!.questionnaire, QUESTIONNAIRE);
    assert.equal((await expertAgenda(deps, { districtCode: c.district, staffId: c.staffIds[1]!, day: '2027-03-09' })).length, 0);
    const checked = await checkResidency(deps, { id: r.booking.id, result: 'confirmed' }, official);
    assert.equal(checked.residencyCheck, 'confirmed');
    const stale = await recordOutcome(deps, { id: r.booking.id, outcome: 'no_show', version: marked.version }, expert).catch((e: unknown) => e);
    refusedWith('booking_changed', 409)(stale);
  });
});
