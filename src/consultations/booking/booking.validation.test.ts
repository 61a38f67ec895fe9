import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { AppError } from '../../platform/errors.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import { consultationDistrict, mobileOf, QUESTIONNAIRE, T0, testClock, testDeps, verifiedContact } from '../consultations.test-support.ts';
import { DEFAULT_RULES, checkSlot, seoulInstant } from '../schedule/slot-grid.ts';
import { bookInput } from './booking.schema.ts';
import { book, type Actor } from './booking.service.ts';

// Input validation as properties: whatever instant, expert and field a
// booking names, the engine either books it — exactly when the grid and the
// rules allow it and the slot is free — or refuses it with the rule's own
// code and changes nothing. And the request schema never lets through a
// malformed slot, contact or missing declaration.

const resident: Actor = { kind: 'resident' };
const FIELDS = ['acquisition_tax', 'capital_gains_tax', 'inheritance_tax', 'gift_tax', 'national_taxes', 'vehicle_tax'];

test('the request schema refuses malformed instants, contacts and a missing residency declaration', () => {
  const valid = {
    districtCode: 'seocho', fieldCode: 'gift_tax', expertId: 1, slotStart: '2027-03-09T10:00:00+09:00',
    contact: { field: 'mobile', value: '010-1234-5678' }, name: '김', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId: 'x'.repeat(24),
  };
  assert.ok(bookInput.safeParse(valid).success);
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      const parsed = bookInput.safeParse({ ...valid, slotStart: text });
      if (parsed.success) assert.ok(!Number.isNaN(Date.parse(text)) && /[+-]\d{2}:\d{2}$|Z$/.test(text), `accepted ${JSON.stringify(text)}`);
    }),
  );
  fc.assert(
    fc.property(fc.anything(), (value) => {
      assert.equal(bookInput.safeParse({ ...valid, residencyDeclared: value }).success, value === true);
    }),
  );
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), (field) => {
      assert.equal(bookInput.safeParse({ ...valid, contact: { field, value: '010-1234-5678' } }).success, field === 'mobile' || field === 'email');
    }),
  );
});

forEachEngine('booking validation as a property', (ctx) => {
  test('any instant, expert and field: booked exactly when the rules allow and the slot is free, else refused with the rule’s code and nothing changed', async () => {
    const clock = testClock();
    const deps = testDeps(ctx.db, testCipher, clock);
    const c = await consultationDistrict(ctx.db, [{}, { fields: ['gift_tax'], weekdays: [2, 4] }]);
    const weekdays = [new Set([1, 2, 3, 4, 5]), new Set([2, 4])];
    const covers = [(f: string) => f !== 'vehicle_tax', (f: string) => f === 'gift_tax'];
    const taken = new Set<string>();
    let resident_ = 0;
    const count = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consultation_bookings WHERE district_code = $1', [c.district])).rows[0]!.n;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -3, max: 65 }),
        fc.oneof(fc.constantFrom(600, 620, 700, 840, 940, 960, 590), fc.integer({ min: 0, max: 1439 })),
        fc.constantFrom(0, 0, 0, 30),
        fc.integer({ min: 0, max: 1 }),
        fc.constantFrom(...FIELDS),
        async (dayOffset, minute, second, expertIndex, field) => {
          const day = addDays(seoulDay(T0), dayOffset);
          const start = new Date(seoulInstant(day, minute).getTime() + second * 1000);
          const contact = { field: 'mobile' as const, value: mobileOf(20_000 + ++resident_) };
          const verificationId = await verifiedContact(deps, c.district, contact);
          const before = await count();
          const expected = !covers[expertIndex]!(field)
            ? field === 'vehicle_tax' ? 'field_not_found' : 'field_not_covered'
            : taken.has(`${expertIndex}@${start.getTime()}`) ? 'slot_taken' : (checkSlot(start, { now: T0, rules: DEFAULT_RULES, expertWeekdays: weekdays[expertIndex]! })?.code ?? null);
          try {
            await book(deps, {
              districtCode: c.district, fieldCode: field, expertId: c.experts[expertIndex]!, slotStart: start.toISOString(), contact, name: '주민',
              questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId,
            }, resident);
            assert.equal(expected, null, `booked ${day} ${minute}:${second} with expert ${expertIndex} in ${field}`);
            taken.add(`${expertIndex}@${start.getTime()}`);
            assert.equal(await count(), before + 1);
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            assert.equal(error.code, expected, `${day} ${minute}:${second}, expert ${expertIndex}, ${field}: ${error.messages.en}`);
            assert.equal(await count(), before, 'nothing changed');
          }
        },
      ),
      { numRuns: ctx.engine === 'postgres' ? 40 : 30 },
    );
    clock.set(T0);
  });
});
