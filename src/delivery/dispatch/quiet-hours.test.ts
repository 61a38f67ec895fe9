import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isQuiet, parseQuietHours, quietHoursEnd } from './quiet-hours.ts';

const seoul = (iso: string) => new Date(`${iso}+09:00`);

test('the default 21:00-08:00 window spans midnight in Seoul time', () => {
  const q = parseQuietHours('21:00-08:00');
  assert.equal(isQuiet(q, seoul('2026-07-10T20:59:00')), false);
  assert.equal(isQuiet(q, seoul('2026-07-10T21:00:00')), true);
  assert.equal(isQuiet(q, seoul('2026-07-11T03:00:00')), true);
  assert.equal(isQuiet(q, seoul('2026-07-11T08:00:00')), false);
  assert.deepEqual(quietHoursEnd(q, seoul('2026-07-10T23:30:00')), seoul('2026-07-11T08:00:00'));
});

test('off disables quiet hours and a bad value is refused', () => {
  assert.equal(isQuiet(parseQuietHours('off'), seoul('2026-07-11T03:00:00')), false);
  assert.throws(() => parseQuietHours('9pm-8am'), /21:00-08:00/);
});

test('the end of the quiet hours is never inside them', () => {
  const q = parseQuietHours('21:00-08:00');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 365 * 24 * 60 }), (minutes) => {
      const at = new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);
      const end = quietHoursEnd(q, at);
      return !isQuiet(q, end) && end.getTime() >= at.getTime() - 60_000;
    }),
  );
});
