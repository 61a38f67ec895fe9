import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { createLogger } from '../../platform/logger.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../../delivery/delivery.runtime.ts';
import { startReceiptListener } from '../../delivery/receipts/receipt-listener.ts';
import { consultationDistrict, mobileOf, QUESTIONNAIRE, slotAt, T0, testClock, testDeps, verifiedContact, type TestClock } from '../consultations.test-support.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { book, cancel, confirmHold, getBooking, rebook, type Actor } from './booking.service.ts';
import { blockSlots } from './blocks.service.ts';
import { runDueWork } from './due-work.service.ts';
import { joinWaitlist } from './waitlist.service.ts';

// Messages that really go out: reminders reach the gateway simulator 1 day
// and 1 hour before (the sweep runs on a clock the test sets), never for a
// cancelled booking; a block tells every resident it touches, and offers
// other slots; the waiting list gets a freed slot for a limited time.

const log = createLogger({ level: 'silent' });
const resident: Actor = { kind: 'resident' };
const MINUTE = 60_000;

async function settle(db: Database, delivery: DeliveryRuntime, district: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    await delivery.tick();
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE district_code = $1 AND state = 'pending'`, [district]);
    if (rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail('the messages did not reach a final state');
}

async function messagesOf(db: Database, district: string, topic: string): Promise<{ id: number; state: string; keys: string[] }[]> {
  const { rows } = await db.query<{ id: number; state: string; keys: string[] }>(
    `SELECT m.id, m.state, array(SELECT a.idempotency_key FROM delivery_attempts a WHERE a.message_id = m.id ORDER BY a.id) AS keys
       FROM messages m WHERE m.district_code = $1 AND m.topic = $2 ORDER BY m.id`,
    [district, topic],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

forEachEngine('consultation messages through the delivery engine', (ctx) => {
  let delivery: DeliveryRuntime;
  let listener: { url: string; close(): Promise<void> };
  before(async () => {
    const config = loadConfig({
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-cons-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TAXSTATION_SIM_PROFILE: 'clean', TAXSTATION_QUIET_HOURS: 'off',
    });
    delivery = await startDeliveryRuntime({ config, db: ctx.db, log, cipher: testCipher }, { worker: false, bounceListener: false });
    listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
    delivery.setReceiptBaseUrl(listener.url);
  });
  after(async () => {
    await listener?.close();
    await delivery?.close();
  });

  const bookFor = async (deps: ConsultationDeps, district: string, i: number, field: string, expertId: number, slot: string) => {
    const contact = { field: 'mobile' as const, value: mobileOf(5000 + i) };
    return book(deps, {
      districtCode: district, fieldCode: field, expertId, slotStart: slot, contact, name: `주민${i}`, questionnaire: QUESTIONNAIRE, residencyDeclared: true,
      verificationId: await verifiedContact(deps, district, contact),
    }, resident);
  };

  test('reminders reach the gateway 1 day and 1 hour before, once each, and never for a cancelled booking', async () => {
    const clock: TestClock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db);
    const a = await bookFor(deps, c.district, 1, 'gift_tax', c.experts[0]!, slotAt('2027-03-10', '10:00'));
    const b = await bookFor(deps, c.district, 2, 'gift_tax', c.experts[0]!, slotAt('2027-03-10', '10:20'));
    await cancel(deps, { by: 'token', token: b.token }, resident);
    await settle(ctx.db, delivery, c.district);
    const start = Date.parse(a.booking.start);
    const delivered = () => new Set(delivery.simulator!.messages().map((m) => m.idempotencyKey));

    clock.set(new Date(start - 24 * 60 * MINUTE - MINUTE));
    assert.equal((await runDueWork(deps)).remindersSent, 0, 'not yet');
    clock.set(new Date(start - 24 * 60 * MINUTE));
    assert.deepEqual(await runDueWork(deps), { remindersSent: 1, remindersWithdrawn: 0, holdsReleased: 0 }, 'one day before: the booking that stands, not the cancelled one');
    assert.equal((await runDueWork(deps)).remindersSent, 0, 'sent once');
    await settle(ctx.db, delivery, c.district);
    let reminders = await messagesOf(ctx.db, c.district, 'consultation_reminder');
    assert.equal(reminders.length, 1);
    assert.equal(reminders[0]!.state, 'delivered');
    assert.ok(reminders[0]!.keys.some((k) => delivered().has(k)), 'the gateway simulator received it');
    const sims = delivery.simulator!.messages().filter((m) => reminders[0]!.keys.includes(m.idempotencyKey));
    assert.ok(sims.length > 0 && sims.every((m) => m.recipient === '+821070005001'), `to the resident's phone: ${sims.map((m) => m.recipient)}`);

    clock.set(new Date(start - 61 * MINUTE));
    assert.equal((await runDueWork(deps)).remindersSent, 0);
    clock.set(new Date(start - 60 * MINUTE));
    assert.equal((await runDueWork(deps)).remindersSent, 1, 'one hour before');
    await settle(ctx.db, delivery, c.district);
    reminders = await messagesOf(ctx.db, c.district, 'consultation_reminder');
    assert.deepEqual(reminders.map((r) => r.state), ['delivered', 'delivered']);
    assert.ok(reminders[1]!.keys.some((k) => delivered().has(k)));
    clock.set(new Date(start + MINUTE));
    assert.equal((await runDueWork(deps)).remindersSent, 0, 'nothing after the start');
    const { rows } = await ctx.db.query<{ state: string }>('SELECT state FROM consultation_reminders WHERE booking_id = $1 ORDER BY id', [b.booking.id]);
    assert.deepEqual(rows.map((r) => r.state), ['withdrawn', 'withdrawn']);
  });

  test('a reminder due while the booking is moved to another day is withdrawn and the new day’s are sent', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db);
    const a = await bookFor(deps, c.district, 3, 'national_taxes', c.experts[0]!, slotAt('2027-03-10', '11:00'));
    const { move } = await import('./booking.service.ts');
    await move(deps, { by: 'token', token: a.token }, { expertId: c.experts[0]!, slotStart: slotAt('2027-03-17', '11:00') }, resident);
    clock.set(new Date(Date.parse(a.booking.start) - 60 * MINUTE));
    assert.equal((await runDueWork(deps)).remindersSent, 0, 'the old day’s reminders were withdrawn with the move');
    clock.set(new Date(Date.parse(slotAt('2027-03-17', '11:00')) - 24 * 60 * MINUTE));
    assert.equal((await runDueWork(deps)).remindersSent, 1);
  });

  test('a block: one booking goes to a free expert at the same time, the other is cancelled with other slots; all are told; the link rebooks', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db, [{}, { fields: ['gift_tax'] }]);
    const official: Actor & { kind: 'staff' } = { kind: 'staff', staffId: c.officialId, role: 'tax_official', districtCode: c.district };
    // Expert 1 has a gift-tax and an inheritance-tax booking on the day; expert 2 covers gift tax only.
    const gift = await bookFor(deps, c.district, 10, 'gift_tax', c.experts[0]!, slotAt('2027-03-11', '10:00'));
    const inheritance = await bookFor(deps, c.district, 11, 'inheritance_tax', c.experts[0]!, slotAt('2027-03-11', '10:20'));
    const before = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE district_code = $1`, [c.district]);

    const result = await blockSlots(deps, { expertId: c.experts[0]!, day: '2027-03-11', reason: '세무사 병가' }, official);
    assert.deepEqual(result.reassigned, [{ reference: gift.booking.reference, expertId: c.experts[1] }]);
    assert.equal(result.cancelled.length, 1);
    assert.equal(result.cancelled[0]!.reference, inheritance.booking.reference);
    assert.equal(result.cancelled[0]!.alternatives.length, 3, 'three other slots offered');
    assert.ok(result.cancelled[0]!.alternatives.every((a) => a > '2027-03-11'), `after the blocked day: ${result.cancelled[0]!.alternatives}`);
    const after = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE district_code = $1`, [c.district]);
    assert.equal(after.rows[0]!.n - before.rows[0]!.n, 2, 'both residents are told');
    assert.equal((await messagesOf(ctx.db, c.district, 'consultation_blocked')).length, 1);
    await settle(ctx.db, delivery, c.district);
    assert.equal((await messagesOf(ctx.db, c.district, 'consultation_blocked'))[0]!.state, 'delivered', 'tracked to a final state');

    const view = await getBooking(deps, { by: 'token', token: inheritance.token });
    assert.equal(view.state, 'cancelled');
    assert.equal(view.cancelReason, 'blocked');
    // The blocked day is gone from the free slots; booking it is refused.
    await assert.rejects(bookFor(deps, c.district, 13, 'inheritance_tax', c.experts[0]!, slotAt('2027-03-11', '14:00')), (e: unknown) => e instanceof AppError && e.code === 'slot_blocked');
    // The resident picks another slot through the same link: a new booking, once.
    const again = await rebook(deps, inheritance.token, { expertId: c.experts[0]!, slotStart: slotAt('2027-03-12', '10:00') });
    assert.equal(again.booking.state, 'booked');
    assert.equal((await getBooking(deps, { by: 'token', token: inheritance.token })).rebookedAs, again.booking.reference);
    await assert.rejects(rebook(deps, inheritance.token, { expertId: c.experts[0]!, slotStart: slotAt('2027-03-12', '10:20') }), (e: unknown) => e instanceof AppError && e.code === 'not_rebookable');
  });

  test('the waiting list: a freed slot is held for the first in line, who confirms; a hold that runs out goes to the next', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db, [{ fields: ['capital_gains_tax'] }], { settings: { windows: [{ start: '10:00', end: '10:40' }] } });
    const day = '2027-03-15';
    const first = await bookFor(deps, c.district, 20, 'capital_gains_tax', c.experts[0]!, slotAt(day, '10:00'));
    await bookFor(deps, c.district, 21, 'capital_gains_tax', c.experts[0]!, slotAt(day, '10:20'));
    const wait = async (i: number) => {
      const contact = { field: 'mobile' as const, value: mobileOf(5000 + i) };
      return joinWaitlist(deps, { districtCode: c.district, fieldCode: 'capital_gains_tax', day, contact, name: `대기${i}`, questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId: await verifiedContact(deps, c.district, contact) });
    };
    await wait(22);
    await wait(23);
    await assert.rejects(wait(22), (e: unknown) => e instanceof AppError && e.code === 'already_waiting');

    await cancel(deps, { by: 'token', token: first.token }, resident);
    const offers = await messagesOf(ctx.db, c.district, 'consultation_slot_offered');
    assert.equal(offers.length, 1, 'the first in line is told');
    const { rows: held } = await ctx.db.query<{ id: number; state: string; hold_expires_at: Date; link_token_enc: Uint8Array }>(
      `SELECT id, state, hold_expires_at, link_token_enc FROM consultation_bookings WHERE district_code = $1 AND state = 'held'`, [c.district],
    );
    assert.equal(held.length, 1);
    assert.equal(new Date(held[0]!.hold_expires_at).getTime(), T0.getTime() + 120 * MINUTE, 'held for two hours');
    const heldToken = testCipher.decrypt(Buffer.from(held[0]!.link_token_enc));
    // Nobody else can take the held slot.
    await assert.rejects(bookFor(deps, c.district, 24, 'capital_gains_tax', c.experts[0]!, slotAt(day, '10:00')), (e: unknown) => e instanceof AppError && e.code === 'slot_taken');

    // The hold runs out: the slot goes to the next in line.
    clock.advance(121 * MINUTE);
    await assert.rejects(confirmHold(deps, heldToken), (e: unknown) => e instanceof AppError && e.code === 'not_held');
    assert.equal((await runDueWork(deps)).holdsReleased, 1);
    assert.equal((await messagesOf(ctx.db, c.district, 'consultation_slot_offered')).length, 2, 'the next in line is told');
    const { rows: next } = await ctx.db.query<{ link_token_enc: Uint8Array }>(`SELECT link_token_enc FROM consultation_bookings WHERE district_code = $1 AND state = 'held'`, [c.district]);
    const confirmed = await confirmHold(deps, testCipher.decrypt(Buffer.from(next[0]!.link_token_enc)));
    assert.equal(confirmed.booking.state, 'booked');
    assert.equal(confirmed.booking.name, '대기23');
    const { rows: list } = await ctx.db.query<{ state: string }>(`SELECT state FROM consultation_waitlist WHERE district_code = $1 ORDER BY id`, [c.district]);
    assert.deepEqual(list.map((r) => r.state), ['lapsed', 'booked']);
    const { rows: reminders } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultation_reminders WHERE booking_id = $1 AND state = 'scheduled'`, [confirmed.booking.id]);
    assert.equal(reminders[0]!.n, 2, 'a confirmed hold gets its reminders');
  });
});
