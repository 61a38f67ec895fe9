import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LawRules } from '../../delivery/law/law-rules.ts';
import { deadlineMayFallOn } from '../../delivery/law/law-rules.ts';
import { addDays } from '../../platform/time/seoul.ts';
import { dayOfMonth, deadlinesBetween, entryFor, monthSchedule, type CalendarItem } from './calendar.schedule.ts';

// The schedule's arithmetic, for any year the calendar shows and any item:
// the deadline that applies is the statutory day or the first day after it
// a deadline may fall on (§24), never earlier, never a day off.

const rules = {
  deadlineOnDayOff: { alsoClosed: ['05-01'], article: '지방세기본법 제24조' },
} as unknown as LawRules;

const item = (over: Partial<CalendarItem> = {}): CalendarItem => ({
  code: 'x', month: 6, opensDay: 16, dueDay: 30, title: { ko: '시험', en: 'Test' }, detail: { ko: '', en: '' }, ...over,
});

test('the deadline is the first day on or after the statutory one that a deadline may fall on', () => {
  fc.assert(fc.property(fc.integer({ min: 2020, max: 2045 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, dueDay) => {
    const e = entryFor(rules, item({ month, dueDay, opensDay: null }), year, month);
    assert.equal(e.statutoryDue, dayOfMonth(year, month, dueDay));
    assert.ok(e.due >= e.statutoryDue);
    assert.ok(deadlineMayFallOn(rules, e.due), `${e.due} is a day a deadline may fall on`);
    for (let d = e.statutoryDue; d < e.due; d = addDays(d, 1)) assert.ok(!deadlineMayFallOn(rules, d), `${d} between is a day off`);
    assert.equal(e.movedBecause === null, e.due === e.statutoryDue);
  }));
});

test('a day past the month’s end is its last day; Labour Day and weekends move', () => {
  assert.equal(dayOfMonth(2027, 2, 31), '2027-02-28');
  assert.equal(dayOfMonth(2028, 2, 31), '2028-02-29');
  const labour = entryFor(rules, item({ month: 5, dueDay: 1 }), 2026, 5);
  assert.deepEqual([labour.due, labour.movedBecause], ['2026-05-04', 'also_closed']);
  const saturday = entryFor(rules, item({ month: 1, dueDay: 31 }), 2026, 1);
  assert.deepEqual([saturday.due, saturday.movedBecause], ['2026-02-02', 'saturday']);
});

test('a monthly item is in every month; the window finds a deadline moved into it from the month before', () => {
  const monthly = item({ code: 'monthly', month: null, dueDay: 10, opensDay: 1 });
  for (let m = 1; m <= 12; m++) assert.equal(monthSchedule(rules, [monthly], 2027, m).length, 1);
  // 31 January 2026 is a Saturday: the deadline is Monday 2 February, found from 1 February
  const found = deadlinesBetween(rules, [item({ month: 1, dueDay: 31 })], '2026-02-01', 3);
  assert.deepEqual(found.map((e) => e.due), ['2026-02-02']);
  // across a year's end
  assert.deepEqual(deadlinesBetween(rules, [item({ month: 12, dueDay: 31 })], '2027-12-30', 5).map((e) => e.due), ['2027-12-31']);
});
