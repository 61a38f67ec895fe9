import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { electionDay } from './election-days.ts';
import {
  addDays,
  endOfSeoulDay,
  firstWorkingDayFrom,
  isWorkingDay,
  nextWorkingDay,
  parseSeoulDateTime,
  publicHoliday,
  publicHolidays,
  seoulClock,
  seoulDateTime,
  seoulDay,
  seoulMinuteOfDay,
  startOfSeoulDay,
  weekdayOf,
} from './seoul.ts';

// Seoul time and Korean working days. Korea has kept no daylight saving since
// 1988, so the tests may compare with UTC + 9 hours as an independent oracle.

const HOUR = 3_600_000;
const instants = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
const days = instants.map((d) => d.toISOString().slice(0, 10));

test('the 2026 public holidays: the three days of Seollal and Chuseok, and the substitute days date-holidays reports', () => {
  const expected = [
    '2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-03-01', '2026-03-02', '2026-05-05', '2026-05-24', '2026-05-25',
    '2026-06-06', '2026-08-15', '2026-08-17', '2026-09-24', '2026-09-25', '2026-09-26', '2026-10-03', '2026-10-05', '2026-10-09', '2026-12-25',
  ];
  const holidays = publicHolidays(2026);
  for (const day of expected) assert.ok(holidays.has(day), `${day} is a public holiday`);
  assert.equal(publicHoliday('2026-02-16'), '설날', 'Seollal begins the day before the lunar new year');
  assert.equal(publicHoliday('2026-02-19'), null, "the day after Seollal's three days is a working day");
  assert.equal(publicHoliday('2026-02-13'), null);
  assert.match(publicHoliday('2026-10-05')!, /대체공휴일/, 'substitute holiday for 개천절 (a Saturday)');
});

test('election days and designated days off are public holidays too, the elections on the dates the election law sets', () => {
  // Held or announced: each as the National Election Commission gave it.
  const known: [string, RegExp][] = [
    ['2022-03-09', /대통령선거일/], // 70 days before 9 May: Wednesday 2 March, next to 3·1절, so a week later
    ['2022-06-01', /전국동시지방선거일/],
    ['2024-04-10', /국회의원선거일/],
    ['2025-06-03', /대통령선거일/], // the early election
    ['2026-06-03', /전국동시지방선거일/],
    ['2028-04-12', /국회의원선거일/],
    ['2024-10-01', /임시공휴일/],
    ['2025-01-27', /임시공휴일/],
  ];
  for (const [day, name] of known) {
    assert.match(publicHoliday(day) ?? '', name, day);
    assert.equal(isWorkingDay(day), false, `${day} is no working day`);
  }
  assert.equal(publicHoliday('2026-06-03', 'en'), 'Local elections day');
  assert.equal(nextWorkingDay('2026-06-02'), '2026-06-04', 'a deadline on election day moves to the day after');
  assert.equal(electionDay('2018-06-30', 30, (d) => publicHoliday(d) !== null && !/선거/.test(publicHoliday(d)!)), '2018-06-13', '2018: Wednesday 6 June was 현충일, so the 13th');
  assert.equal(publicHoliday('2030-06-05'), null, '2030: the Wednesday before 현충일 (Thursday) moves a week');
  assert.match(publicHoliday('2030-06-12') ?? '', /전국동시지방선거일/);
  assert.equal(publicHoliday('2026-06-10'), null);
});

test('working days: not a weekend, not a public holiday; the first and the next working day', () => {
  assert.equal(isWorkingDay('2026-02-19'), true, 'a Thursday');
  assert.equal(isWorkingDay('2026-02-21'), false, 'a Saturday');
  assert.equal(isWorkingDay('2026-02-22'), false, 'a Sunday');
  assert.equal(isWorkingDay('2026-02-17'), false, 'Seollal');
  assert.equal(firstWorkingDayFrom('2026-02-19'), '2026-02-19', 'a working day is its own first working day');
  assert.equal(firstWorkingDayFrom('2026-02-14'), '2026-02-19', 'a Saturday before Seollal: Sunday, three days of Seollal, then Thursday');
  assert.equal(nextWorkingDay('2026-02-19'), '2026-02-20');
  assert.equal(nextWorkingDay('2026-10-02'), '2026-10-06', 'Friday → past 개천절 on Saturday and its substitute Monday');
  assert.equal(nextWorkingDay('2026-09-23'), '2026-09-28', 'Chuseok (Thursday to Saturday), then Sunday');
});

test('Seoul day, wall clock and the bounds of a day', () => {
  assert.equal(seoulDay(new Date('2026-02-18T23:30:00Z')), '2026-02-19', '23:30 UTC is 08:30 the next morning in Seoul');
  assert.equal(seoulDay(new Date('2026-02-19T14:59:59.999Z')), '2026-02-19');
  assert.equal(seoulDay(new Date('2026-02-19T15:00:00Z')), '2026-02-20');
  assert.equal(seoulDateTime(new Date('2026-06-30T14:59:30Z')), '2026-06-30 23:59');
  assert.deepEqual(seoulClock(new Date('2026-02-19T01:05:00Z')), { hours: 10, minutes: 5, weekday: 4 });
  assert.equal(seoulMinuteOfDay(new Date('2026-02-19T01:05:00Z')), 605);
  assert.deepEqual(startOfSeoulDay('2026-02-19'), new Date('2026-02-18T15:00:00Z'));
  assert.deepEqual(endOfSeoulDay('2026-12-31'), new Date('2026-12-31T15:00:00Z'));
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2026-01-01', -1), '2025-12-31');
  assert.equal(weekdayOf('2026-02-19'), 4);
});

test('a Seoul wall-clock time is read as the instant, and nonsense is refused', () => {
  assert.deepEqual(parseSeoulDateTime('2026-07-01 09:00'), new Date('2026-07-01T00:00:00Z'));
  assert.deepEqual(parseSeoulDateTime(' 2026-07-01T00:30 '), new Date('2026-06-30T15:30:00Z'));
  for (const bad of ['2026-02-30 10:00', '2026-13-01 10:00', '2026-07-01 24:00', '2026-07-01 10:60', '2026-07-01', '1 July 2026 10:00', '']) {
    assert.equal(parseSeoulDateTime(bad), null, bad);
  }
});

test('property: the Seoul day of an instant is its UTC day nine hours on, and the day holds the instant', () => {
  fc.assert(
    fc.property(instants, (at) => {
      const day = seoulDay(at);
      assert.equal(day, new Date(at.getTime() + 9 * HOUR).toISOString().slice(0, 10));
      const start = startOfSeoulDay(day);
      const end = endOfSeoulDay(day);
      assert.ok(start.getTime() <= at.getTime() && at.getTime() < end.getTime(), `${at.toISOString()} in [${start.toISOString()}, ${end.toISOString()})`);
      assert.equal(end.getTime() - start.getTime(), 24 * HOUR);
      assert.equal(seoulDay(start), day);
      assert.equal(seoulDay(new Date(end.getTime() - 1)), day);
      assert.equal(seoulDay(end), addDays(day, 1));
      assert.equal(seoulMinuteOfDay(at), Math.floor((at.getTime() - start.getTime()) / 60_000));
    }),
  );
});

test('property: a wall-clock time written by seoulDateTime reads back as the same minute', () => {
  fc.assert(
    fc.property(instants, (at) => {
      assert.equal(parseSeoulDateTime(seoulDateTime(at))!.getTime(), Math.floor(at.getTime() / 60_000) * 60_000);
    }),
  );
});

test('property: the first working day from a day is a working day, not before it, and none is skipped', () => {
  fc.assert(
    fc.property(days, (day) => {
      const first = firstWorkingDayFrom(day);
      assert.ok(isWorkingDay(first));
      assert.ok(first >= day);
      for (let d = day; d < first; d = addDays(d, 1)) assert.equal(isWorkingDay(d), false, `${d} skipped on the way from ${day} to ${first}`);
      const weekday = weekdayOf(first);
      assert.ok(weekday >= 1 && weekday <= 5);
      assert.equal(publicHoliday(first), null);
    }),
  );
});

test('property: the next working day is after the day, a working day, and none is skipped', () => {
  fc.assert(
    fc.property(days, (day) => {
      const next = nextWorkingDay(day);
      assert.ok(next > day);
      assert.ok(isWorkingDay(next));
      for (let d = addDays(day, 1); d < next; d = addDays(d, 1)) assert.equal(isWorkingDay(d), false, `${d} skipped`);
      if (isWorkingDay(day)) assert.equal(firstWorkingDayFrom(day), day);
    }),
  );
});
