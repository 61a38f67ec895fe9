import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publicHoliday, weekdayOf } from '../../platform/time/seoul.ts';
import { inPersonDayOfMonth, inPersonDaysBetween, isInPersonDay } from './in-person-day.ts';
import { checkSlot, DEFAULT_RULES, freeSlots, seoulInstant, slotMode, type GridRules } from './slot-grid.ts';

// The in-person day's rule and its part of the grid, pure.

test('the first Saturday of the month, or the next that is not a public holiday', () => {
  assert.equal(inPersonDayOfMonth('2027-04'), '2027-04-03');
  assert.equal(inPersonDayOfMonth('2027-05'), '2027-05-01');
  // National Foundation Day falls on the first Saturday of October 2026; New Year's Day on that of January 2028
  assert.equal(publicHoliday('2026-10-03') !== null, true);
  assert.equal(inPersonDayOfMonth('2026-10'), '2026-10-10');
  assert.equal(inPersonDayOfMonth('2028-01'), '2028-01-08');
  assert.throws(() => inPersonDayOfMonth('2027-13'), RangeError);
  for (let y = 2025; y <= 2032; y++) {
    for (let m = 1; m <= 12; m++) {
      const month = `${y}-${String(m).padStart(2, '0')}`;
      const day = inPersonDayOfMonth(month)!;
      assert.ok(day.startsWith(month) && weekdayOf(day) === 6 && publicHoliday(day) === null, `${month}: ${day}`);
      assert.ok(isInPersonDay(day));
    }
  }
  assert.equal(isInPersonDay('2026-10-03'), false);
  assert.deepEqual(inPersonDaysBetween('2027-03-07', '2027-06-05'), ['2027-04-03', '2027-05-01', '2027-06-05']);
});

test('on the in-person day its experts have the in-person windows (whatever their weekdays); others keep the usual grid', () => {
  const rules: GridRules = { ...DEFAULT_RULES, inPerson: { enabled: true, windows: [{ start: 13 * 60, end: 14 * 60 }], expertIds: [1] } };
  const now = new Date('2027-03-02T00:00:00Z');
  const experts = [{ id: 1, weekdays: new Set([1, 2]) }, { id: 2, weekdays: new Set([6]) }];
  const slots = freeSlots({ from: '2027-04-03', to: '2027-04-03', now, rules, experts, blocks: [], taken: new Set() });
  const mine = slots.filter((s) => s.expertId === 1);
  assert.deepEqual(mine.map((s) => [s.start.toISOString(), s.mode]), [
    ['2027-04-03T04:00:00.000Z', 'in_person'], ['2027-04-03T04:20:00.000Z', 'in_person'], ['2027-04-03T04:40:00.000Z', 'in_person'],
  ]);
  assert.equal(slots.filter((s) => s.expertId === 2).length, 12, 'a Saturday expert keeps the usual twelve video slots');
  assert.ok(slots.every((s, i) => i === 0 || slots[i - 1]!.start <= s.start), 'in time order');
  const ctx = (expertId: number, weekdays: number[]) => ({ now, rules, expertId, expertWeekdays: new Set(weekdays) });
  assert.equal(checkSlot(seoulInstant('2027-04-03', 13 * 60 + 20), ctx(1, [1, 2])), null);
  assert.equal(checkSlot(seoulInstant('2027-04-03', 10 * 60), ctx(1, [1, 2]))?.code, 'slot_outside_windows');
  assert.equal(checkSlot(seoulInstant('2027-04-10', 10 * 60), ctx(1, [1, 2]))?.code, 'expert_not_serving', 'another Saturday is not the day');
  assert.equal(slotMode(rules, 1, seoulInstant('2027-04-03', 13 * 60)), 'in_person');
  assert.equal(slotMode(rules, 2, seoulInstant('2027-04-03', 10 * 60)), 'video');
  const paused = { ...rules, inPerson: { ...rules.inPerson!, enabled: false } };
  assert.equal(freeSlots({ from: '2027-04-03', to: '2027-04-03', now, rules: paused, experts, blocks: [], taken: new Set() }).filter((s) => s.expertId === 1).length, 0);
});
