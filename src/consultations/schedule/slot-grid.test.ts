import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, publicHoliday, seoulDay, seoulMinuteOfDay, startOfSeoulDay, weekdayOf } from '../../platform/time/seoul.ts';
import {
  DEFAULT_RULES,
  bookableDays,
  checkSlot,
  freeSlots,
  seoulInstant,
  slotMinutesOfDay,
  slotStartsOfDay,
  takenKey,
  type GridRules,
  type Window,
} from './slot-grid.ts';

// The slot grid. Korea has kept no daylight saving since 1988, so UTC + 9
// hours is an independent oracle for the instants.

const ALL_WEEKDAYS = new Set([0, 1, 2, 3, 4, 5, 6]);
const days = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** Up to three windows that do not overlap, each at least one slot long. */
const rulesArb: fc.Arbitrary<GridRules> = fc
  .record({
    slotMinutes: fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90),
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 1440 / 5 }), { minLength: 2, maxLength: 6 }),
    minNoticeDays: fc.integer({ min: 0, max: 30 }),
    extra: fc.integer({ min: 0, max: 90 }),
  })
  .map(({ slotMinutes, cuts, minNoticeDays, extra }) => {
    const sorted = cuts.map((c) => c * 5).sort((a, b) => a - b);
    const windows: Window[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) windows.push({ start: sorted[i]!, end: sorted[i + 1]! });
    return { slotMinutes, windows, minNoticeDays, horizonDays: minNoticeDays + extra };
  });

test('the default grid: 10:00–12:00 and 14:00–16:00 in 20-minute slots, twelve a day, in Seoul time', () => {
  const slots = slotStartsOfDay('2026-06-02', DEFAULT_RULES);
  assert.equal(slots.length, 12);
  assert.equal(slots[0]!.toISOString(), '2026-06-02T01:00:00.000Z', '10:00 in Seoul is 01:00 UTC');
  assert.equal(slots[5]!.toISOString(), '2026-06-02T02:40:00.000Z', '11:40, the last slot of the morning');
  assert.equal(slots[6]!.toISOString(), '2026-06-02T05:00:00.000Z', '14:00');
  assert.equal(slots[11]!.toISOString(), '2026-06-02T06:40:00.000Z', '15:40, the last slot of the day');
});

test('every slot of a day is on that day, inside a window, aligned from the window start and ends in it', () => {
  fc.assert(
    fc.property(days, rulesArb, (day, rules) => {
      const slots = slotStartsOfDay(day, rules);
      const expected = rules.windows.reduce((n, w) => n + Math.floor((w.end - w.start) / rules.slotMinutes), 0);
      assert.equal(slots.length, expected);
      for (const [i, start] of slots.entries()) {
        assert.equal(seoulDay(start), day);
        const minute = seoulMinuteOfDay(start);
        const w = rules.windows.find((x) => minute >= x.start && minute < x.end);
        assert.ok(w, 'inside a window');
        assert.equal((minute - w.start) % rules.slotMinutes, 0, 'aligned from the window start');
        assert.ok(minute + rules.slotMinutes <= w.end, 'ends inside the window');
        assert.equal(start.getTime() % 60_000, 0, 'on a whole minute');
        if (i > 0) assert.ok(start > slots[i - 1]!, 'in time order');
      }
    }),
  );
});

test('no daylight saving: each slot is midnight in Seoul plus its minutes, and UTC + 9 hours', () => {
  fc.assert(
    fc.property(days, rulesArb, (day, rules) => {
      const midnight = startOfSeoulDay(day);
      assert.equal(midnight.getTime(), Date.parse(`${day}T00:00:00Z`) - 9 * 3_600_000);
      const slots = slotStartsOfDay(day, rules);
      for (const [i, m] of slotMinutesOfDay(rules).entries()) assert.equal(slots[i]!.getTime() - midnight.getTime(), m * 60_000);
    }),
  );
});

test('checkSlot accepts exactly the grid: a grid slot passes (save on a holiday), anything else is refused', () => {
  fc.assert(
    fc.property(days, rulesArb, fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 59 }), (day, rules, minute, second) => {
      const now = new Date(startOfSeoulDay(day).getTime() - 400 * 86_400_000);
      const ctx = { now, rules: { ...rules, minNoticeDays: 0, horizonDays: 1000 }, expertWeekdays: ALL_WEEKDAYS };
      const at = new Date(seoulInstant(day, minute).getTime() + second * 1000);
      const problem = checkSlot(at, ctx);
      const onGrid = second === 0 && slotMinutesOfDay(rules).includes(minute);
      const holiday = publicHoliday(day);
      if (onGrid) assert.deepEqual(problem, holiday ? { code: 'slot_on_holiday', holiday } : null);
      else assert.ok(problem && ['slot_unaligned', 'slot_outside_windows'].includes(problem.code), `${day} ${minute}:${second} → ${JSON.stringify(problem)}`);
    }),
  );
});

test('checkSlot: past, too soon, beyond the horizon, the expert’s weekdays, blocked, and the official’s override of the notice', () => {
  const now = new Date('2026-06-01T03:00:00Z'); // Monday 12:00 in Seoul
  const ctx = { now, rules: DEFAULT_RULES, expertWeekdays: new Set([1, 2, 3, 4, 5]) };
  const at = (day: string, hhmm: string) => seoulInstant(day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
  assert.deepEqual(checkSlot(at('2026-06-01', '10:00'), ctx), { code: 'slot_in_past' });
  assert.deepEqual(checkSlot(at('2026-06-05', '10:00'), ctx), { code: 'slot_too_soon', firstDay: '2026-06-08' });
  assert.equal(checkSlot(at('2026-06-05', '10:00'), { ...ctx, ignoreMinimumNotice: true }), null, 'an official may book sooner');
  assert.deepEqual(checkSlot(at('2026-06-01', '10:00'), { ...ctx, ignoreMinimumNotice: true }), { code: 'slot_in_past' }, 'but never in the past');
  assert.equal(checkSlot(at('2026-06-08', '10:00'), ctx), null, 'seven days ahead: the first bookable day');
  assert.equal(checkSlot(at('2026-07-31', '15:40'), ctx), null, 'the last bookable day (60 days)');
  assert.deepEqual(checkSlot(at('2026-08-03', '10:00'), ctx), { code: 'slot_beyond_horizon', lastDay: '2026-07-31' });
  assert.deepEqual(checkSlot(at('2026-06-13', '10:00'), ctx), { code: 'expert_not_serving', weekday: 6 });
  assert.deepEqual(checkSlot(at('2026-06-08', '10:10'), ctx), { code: 'slot_unaligned' });
  assert.deepEqual(checkSlot(at('2026-06-08', '12:00'), ctx), { code: 'slot_outside_windows' });
  assert.deepEqual(checkSlot(at('2026-06-08', '09:40'), ctx), { code: 'slot_outside_windows' });
  assert.equal(checkSlot(at('2026-06-08', '10:00'), { ...ctx, isBlocked: () => true })?.code, 'slot_blocked');
  assert.equal(checkSlot(at('2026-08-17', '10:00'), { ...ctx, now: new Date('2026-07-01T00:00:00Z') })?.code, 'slot_on_holiday', 'the substitute day for Liberation Day');
});

test('free slots: never on a holiday, inside the bookable days, on the expert’s weekdays, never taken or blocked', () => {
  const instants = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true });
  fc.assert(
    fc.property(
      instants,
      rulesArb.filter((r) => r.windows.length > 0),
      fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 20 }),
      fc.boolean(),
      (now, rules, weekdays, startOffset, span, ignoreNotice) => {
        const from = addDays(seoulDay(now), startOffset);
        const to = addDays(from, span);
        const experts = [{ id: 1, weekdays: new Set(weekdays) }, { id: 2, weekdays: ALL_WEEKDAYS }];
        const all = freeSlots({ from, to, now, rules, experts, blocks: [], taken: new Set(), ignoreMinimumNotice: ignoreNotice });
        // take every third slot and block one whole day of expert 2
        const taken = new Set(all.filter((_, i) => i % 3 === 0).map((s) => takenKey(s.expertId, s.start)));
        const blockedDay = all.find((s) => s.expertId === 2)?.day ?? from;
        const free = freeSlots({ from, to, now, rules, experts, blocks: [{ expertId: 2, day: blockedDay, slotStart: null }], taken, ignoreMinimumNotice: ignoreNotice });
        const { first, last } = bookableDays(now, rules);
        for (const s of free) {
          assert.equal(publicHoliday(s.day), null, 'not on a holiday');
          assert.ok(s.day >= from && s.day <= to && s.day <= last);
          if (!ignoreNotice) assert.ok(s.day >= first, 'not sooner than the minimum notice');
          assert.ok(s.start > now, 'in the future');
          assert.ok(experts.find((e) => e.id === s.expertId)!.weekdays.has(weekdayOf(s.day)), 'on a day the expert serves');
          assert.ok(!taken.has(takenKey(s.expertId, s.start)), 'not taken');
          assert.ok(!(s.expertId === 2 && s.day === blockedDay), 'not blocked');
          assert.equal(checkSlot(s.start, { now, rules, expertWeekdays: experts.find((e) => e.id === s.expertId)!.weekdays, ignoreMinimumNotice: ignoreNotice }), null, 'checkSlot agrees');
        }
        assert.equal(free.length, all.filter((s) => !taken.has(takenKey(s.expertId, s.start)) && !(s.expertId === 2 && s.day === blockedDay)).length);
      },
    ),
    { numRuns: 60 },
  );
});

test('Children’s Day and Chuseok have no slots; the working day after has all twelve', () => {
  const now = new Date('2026-04-01T00:00:00Z');
  const experts = [{ id: 7, weekdays: ALL_WEEKDAYS }];
  const slots = freeSlots({ from: '2026-05-05', to: '2026-05-06', now, rules: DEFAULT_RULES, experts, blocks: [], taken: new Set() });
  assert.deepEqual([...new Set(slots.map((s) => s.day))], ['2026-05-06']);
  assert.equal(slots.length, 12);
  const chuseok = freeSlots({ from: '2026-09-24', to: '2026-09-26', now: new Date('2026-09-01T00:00:00Z'), rules: DEFAULT_RULES, experts, blocks: [], taken: new Set() });
  assert.equal(chuseok.length, 0);
});
