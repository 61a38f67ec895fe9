import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatDateTime, formatDateTimeWithWeekday, formatDay, formatDayWithWeekday, formatNumber, formatPercent, formatSeoulTime, formatTime, parseDay } from './format.ts';

// The one way pages write dates, instants and numbers.

describe('dates', () => {
  test('one format per language: "2026. 6. 12." and "12 June 2026"', () => {
    assert.equal(formatDay('ko', '2026-06-12'), '2026. 6. 12.');
    assert.equal(formatDay('en', '2026-06-12'), '12 June 2026');
    assert.equal(formatDay('ko', '2026-12-01'), '2026. 12. 1.');
    assert.equal(formatDay('en', '2026-01-31'), '31 January 2026');
  });

  test("an instant is written with its day in Seoul: 15:00 UTC is already the next day there", () => {
    const at = new Date('2026-06-11T15:00:00Z');
    assert.equal(formatDay('ko', at), '2026. 6. 12.');
    assert.equal(formatDateTime('ko', at), '2026. 6. 12. 00:00');
    assert.equal(formatDateTime('en', at), '12 June 2026, 00:00');
    assert.equal(formatSeoulTime('ko', new Date('2026-07-28T01:00:00Z')), '2026. 7. 28. 10:00:00 KST');
    assert.equal(formatSeoulTime('en', new Date('2026-07-28T01:00:00Z')), '28 July 2026, 10:00:00 KST');
  });

  test('a date that does not exist, or is not a date, is refused rather than written', () => {
    assert.throws(() => formatDay('ko', '2026-02-30'), /no such date/);
    assert.throws(() => formatDay('en', '12/06/2026'), /not a date/);
    assert.throws(() => formatDateTime('ko', new Date(Number.NaN)), /not a time/);
  });

  test('any instant: the same day, month, year and clock as Intl gives for Asia/Seoul', () => {
    const seoul = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Seoul', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
        const parts = Object.fromEntries(seoul.formatToParts(at).map((p) => [p.type, p.value]));
        const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
        const hhmmss = `${parts.hour!.padStart(2, '0')}:${parts.minute!.padStart(2, '0')}:${parts.second!.padStart(2, '0')}`;
        assert.equal(formatSeoulTime('ko', at), `${y}. ${m}. ${d}. ${hhmmss} KST`);
        const en = formatSeoulTime('en', at);
        assert.match(en, new RegExp(`^${d} [A-Z][a-z]+ ${y}, ${hhmmss} KST$`));
        assert.equal(new Date(`${en.split(',')[0]} UTC`).getUTCMonth() + 1, m, 'the English month name is the month');
        assert.equal(formatDay('ko', at), `${y}. ${m}. ${d}.`);
      }),
    );
  });
});

describe('weekdays, times and reading back', () => {
  test('a day with its weekday, a time of day, an instant with its weekday', () => {
    assert.equal(formatDayWithWeekday('ko', '2026-06-12'), '2026. 6. 12.(금)');
    assert.equal(formatDayWithWeekday('en', '2026-06-12'), 'Friday 12 June 2026');
    assert.equal(formatTime(new Date('2026-06-12T05:05:00Z')), '14:05');
    assert.equal(formatTime(new Date('2026-06-11T15:00:00Z')), '00:00', 'midnight on the 24-hour clock');
    assert.equal(formatDateTimeWithWeekday('ko', new Date('2026-06-12T05:05:00Z')), '2026. 6. 12.(금) 14:05');
    assert.equal(formatDateTimeWithWeekday('en', new Date('2026-06-12T05:05:00Z')), 'Friday 12 June 2026, 14:05');
    assert.equal(parseDay('2026. 6. 12.'), '2026-06-12');
    assert.equal(parseDay('12 June 2026'), '2026-06-12');
    for (const bad of ['2026년 6월 12일', '2026-06-12', '2026. 2. 30.', '12 Juni 2026', '']) assert.throws(() => parseDay(bad), RangeError, bad);
  });

  test('any instant: the weekday is the one Intl gives for Asia/Seoul, the day reads back, the time is its minute', () => {
    const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Seoul', weekday: 'long' });
    const clock = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Seoul', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const KO_WEEKDAYS: Record<string, string> = { Sunday: '일', Monday: '월', Tuesday: '화', Wednesday: '수', Thursday: '목', Friday: '금', Saturday: '토' };
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
        const name = weekday.format(at);
        assert.equal(formatDayWithWeekday('en', at), `${name} ${formatDay('en', at)}`);
        assert.equal(formatDayWithWeekday('ko', at), `${formatDay('ko', at)}(${KO_WEEKDAYS[name]})`);
        assert.equal(formatTime(at), clock.format(at));
        assert.equal(parseDay(formatDay('ko', at)), parseDay(formatDay('en', at)));
        assert.equal(formatDay('ko', parseDay(formatDay('ko', at))), formatDay('ko', at));
      }),
    );
  });
});

describe('numbers', () => {
  test('thousands separators in both languages', () => {
    assert.equal(formatNumber('ko', 1284500), '1,284,500');
    assert.equal(formatNumber('en', 1284500), '1,284,500');
    assert.equal(formatNumber('ko', 999), '999');
    assert.equal(formatNumber('en', -64000), '-64,000');
    assert.equal(formatPercent('ko', 0.3333), '33.3%');
    assert.equal(formatPercent('en', 1), '100%');
  });

  test('any whole number: groups of three digits read back to the number', () => {
    fc.assert(
      fc.property(fc.constantFrom('ko' as const, 'en' as const), fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (locale, value) => {
        const text = formatNumber(locale, value);
        assert.match(text, /^-?\d{1,3}(,\d{3})*$/);
        assert.equal(Number(text.replaceAll(',', '')), value);
      }),
    );
  });

  test('any share: a percentage to one decimal, grouped, that reads back to the rounded share', () => {
    fc.assert(
      fc.property(fc.constantFrom('ko' as const, 'en' as const), fc.double({ min: 0, max: 100, noNaN: true }), (locale, share) => {
        const text = formatPercent(locale, share);
        assert.match(text, /^\d{1,3}(,\d{3})*(\.\d)?%$/);
        assert.equal(Number(text.slice(0, -1).replaceAll(',', '')), Math.round(share * 1000) / 10);
      }),
    );
  });
});
