import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { AppError } from '../../platform/errors.ts';
import { consultationDistrict, mobileOf, QUESTIONNAIRE, slotAt, T0, testClock, testDeps, verifiedContact } from '../consultations.test-support.ts';
import { book, bookingIcs, listFreeSlots, move, type Actor } from '../booking/booking.service.ts';
import { runDueWork } from '../booking/due-work.service.ts';
import { unfold } from '../booking/ics.ts';
import { configureInPersonDay, getInPersonDay } from './in-person.service.ts';

// The in-person day through the engine, on both engines: its slots are the
// grid's, booked with mode 'in_person' and a place; the confirmation,
// reminder and .ics name the place; bad input refused with nothing changed.

const resident: Actor = { kind: 'resident' };
const PLACE = { placeNameKo: '서초구청 1층 세무상담실', placeNameEn: 'Seocho-gu Office, tax consultation room (1F)', addressKo: '서울특별시 서초구 남부순환로 2584', addressEn: '2584 Nambusunhwan-ro, Seocho-gu, Seoul' };

const refusedWith = (code: string, status: number) => (error: unknown) => {
  assert.ok(error instanceof AppError, `an AppError, not ${String(error)}`);
  assert.equal(error.code, code, error.messages.en);
  assert.equal(error.status, status);
  assert.ok(error.messages.ko && error.messages.en);
  return true;
};

async function topicsOf(db: { query: <T>(s: string, p?: unknown[]) => Promise<{ rows: T[] }> }, district: string): Promise<string[]> {
  const { rows } = await db.query<{ topic: string }>(`SELECT topic FROM messages WHERE district_code = $1 AND topic LIKE 'consultation_%' ORDER BY id`, [district]);
  return rows.map((r) => r.topic);
}

forEachEngine('the in-person consultation day', (ctx) => {
  test('its slots on the first Saturday, booked at a place: message, reminder and .ics name it; a move back to a weekday is video again', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db, [{}, {}]);
    await assert.rejects(getInPersonDay(deps, c.district), refusedWith('in_person_not_offered', 404));
    await configureInPersonDay(deps, c.district, { ...PLACE, windows: [{ start: '10:00', end: '12:00' }], expertIds: [c.experts[0]!] });
    const day = await getInPersonDay(deps, c.district);
    assert.deepEqual(day.upcomingDays, ['2027-03-06', '2027-04-03', '2027-05-01'].filter((d) => d >= '2027-03-02'));
    assert.equal(day.slotsPerExpert, 6);

    const slots = await listFreeSlots(deps, { districtCode: c.district, fieldCode: 'gift_tax', from: '2027-04-02', to: '2027-04-05' });
    const saturday = slots.days.find((d) => d.day === '2027-04-03')!;
    assert.equal(saturday.slots.length, 6);
    assert.ok(saturday.slots.every((s) => s.mode === 'in_person' && s.expertId === c.experts[0]));
    assert.equal(slots.inPersonPlace?.name.ko, PLACE.placeNameKo);
    assert.ok(slots.days.find((d) => d.day === '2027-04-02')!.slots.every((s) => s.mode === undefined), 'Friday is video');

    const contact = { field: 'mobile' as const, value: mobileOf(41) };
    const verificationId = await verifiedContact(deps, c.district, contact);
    const base = { districtCode: c.district, fieldCode: 'gift_tax', contact, name: '박서연', questionnaire: QUESTIONNAIRE, residencyDeclared: true as const, verificationId };
    // Bad input first: each refused, nothing booked.
    await assert.rejects(book(deps, { ...base, expertId: c.experts[0]!, slotStart: slotAt('2027-04-03', '14:00') }, resident), (e) => refusedWith('slot_outside_windows', 422)(e) && /10:00–12:00/.test((e as AppError).messages.en));
    await assert.rejects(book(deps, { ...base, expertId: c.experts[1]!, slotStart: slotAt('2027-04-03', '10:00') }, resident), refusedWith('expert_not_serving', 422));
    await assert.rejects(book(deps, { ...base, expertId: c.experts[0]!, slotStart: slotAt('2027-04-10', '10:00') }, resident), refusedWith('expert_not_serving', 422));
    await assert.rejects(book(deps, { ...base, expertId: c.experts[0]!, slotStart: slotAt('2027-04-03', '10:10') }, resident), refusedWith('slot_unaligned', 422));
    const { rows: none } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consultation_bookings WHERE district_code = $1', [c.district]);
    assert.equal(none[0]!.n, 0);

    const booked = await book(deps, { ...base, expertId: c.experts[0]!, slotStart: slotAt('2027-04-03', '10:20') }, resident);
    assert.equal(booked.booking.mode, 'in_person');
    assert.equal(booked.booking.place?.address.ko, PLACE.addressKo);
    assert.deepEqual(await topicsOf(ctx.db, c.district), ['consultation_in_person_booked']);
    const { rows: vars } = await ctx.db.query<{ variables_enc: Uint8Array }>('SELECT variables_enc FROM messages WHERE id = $1', [booked.messageId]);
    assert.match(JSON.parse(testCipher.decrypt(Buffer.from(vars[0]!.variables_enc))).place as string, /서초구청 1층 세무상담실 \(서울특별시 서초구/);
    const ics = unfold((await bookingIcs(deps, { by: 'token', token: booked.token })).body);
    assert.match(ics, /LOCATION:서초구청 1층 세무상담실\\, 서울특별시 서초구 남부순환로 2584/);

    // The same slot again: the unique index, as for any slot.
    const other = { field: 'mobile' as const, value: mobileOf(42) };
    await assert.rejects(book(deps, { ...base, contact: other, verificationId: await verifiedContact(deps, c.district, other), expertId: c.experts[0]!, slotStart: slotAt('2027-04-03', '10:20') }, resident), refusedWith('slot_taken', 409));

    // The reminder a day before names the place.
    clock.set(new Date(new Date(slotAt('2027-04-03', '10:20')).getTime() - 24 * 3_600_000));
    assert.equal((await runDueWork(deps)).remindersSent, 1);
    assert.deepEqual(await topicsOf(ctx.db, c.district), ['consultation_in_person_booked', 'consultation_in_person_reminder']);

    // Moved by an official to a weekday (seen from the day it was booked): a video consultation again.
    clock.set(T0);
    const official: Actor = { kind: 'staff', staffId: c.officialId, role: 'tax_official', districtCode: c.district };
    const moved = await move(deps, { by: 'id', districtCode: c.district, id: booked.booking.id }, { expertId: c.experts[1]!, slotStart: slotAt('2027-04-05', '10:00') }, official);
    assert.equal(moved.booking.mode, 'video');
    assert.equal(moved.booking.place, null);
    assert.equal((await topicsOf(ctx.db, c.district)).at(-1), 'consultation_moved');
  });

  test('settings refused with nothing changed: overlapping or too-short windows, an expert of another district', async () => {
    const deps = testDeps(ctx.db, testCipher, testClock());
    const c = await consultationDistrict(ctx.db);
    const d = await consultationDistrict(ctx.db);
    await assert.rejects(configureInPersonDay(deps, c.district, { ...PLACE, windows: [{ start: '10:00', end: '11:00' }, { start: '10:40', end: '12:00' }], expertIds: [c.experts[0]!] }), refusedWith('in_person_invalid', 400));
    await assert.rejects(configureInPersonDay(deps, c.district, { ...PLACE, windows: [{ start: '10:00', end: '10:10' }], expertIds: [c.experts[0]!] }), refusedWith('in_person_invalid', 400));
    await assert.rejects(configureInPersonDay(deps, c.district, { ...PLACE, windows: [{ start: '10:00', end: '12:00' }], expertIds: [d.experts[0]!] }), refusedWith('in_person_expert_unknown', 422));
    await assert.rejects(getInPersonDay(deps, c.district), refusedWith('in_person_not_offered', 404));
  });
});
