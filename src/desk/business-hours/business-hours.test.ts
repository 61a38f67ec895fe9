import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict } from '../../../test-support/factories.ts';
import { seoulClock } from '../../platform/time/seoul.ts';
import { DEFAULT_HOURS, openStateAt } from './business-hours.ts';
import { deskOpenState, setDistrictHours } from './business-hours.repository.ts';

// The desk's hours in Seoul time, closed on public holidays (their list is
// tested in platform/time/seoul.test.ts) and on the district's own closed days.

const at = (seoulLocal: string) => new Date(`${seoulLocal}+09:00`);

test('open in hours on a working day, closed before, after, on weekends and on holidays (Asia/Seoul)', () => {
  const none = new Map<string, string>();
  assert.deepEqual(openStateAt(at('2026-02-19T09:00:00'), DEFAULT_HOURS, none), { open: true });
  assert.deepEqual(openStateAt(at('2026-02-19T17:59:00'), DEFAULT_HOURS, none), { open: true });
  assert.deepEqual(openStateAt(at('2026-02-19T18:00:00'), DEFAULT_HOURS, none), { open: false, reason: 'outside_hours' });
  assert.deepEqual(openStateAt(at('2026-02-19T08:59:00'), DEFAULT_HOURS, none), { open: false, reason: 'outside_hours' });
  assert.deepEqual(openStateAt(at('2026-02-21T11:00:00'), DEFAULT_HOURS, none), { open: false, reason: 'outside_hours' }, 'Saturday');
  assert.deepEqual(openStateAt(at('2026-02-16T11:00:00'), DEFAULT_HOURS, none), { open: false, reason: 'holiday', name: '설날' });
  assert.equal(openStateAt(at('2026-10-05T11:00:00'), DEFAULT_HOURS, none).open, false, 'substitute holiday for 개천절');
  // 10:00 on 19 Feb in Seoul is 01:00 UTC
  assert.deepEqual(openStateAt(new Date('2026-02-19T01:00:00Z'), DEFAULT_HOURS, none), { open: true });
  assert.deepEqual(openStateAt(at('2026-02-19T11:00:00'), DEFAULT_HOURS, new Map([['2026-02-19', '구청 행사']])), { open: false, reason: 'closed_day', name: '구청 행사' });
});

test('property: never open on a Saturday or a Sunday in Seoul with the default hours', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
      const { weekday } = seoulClock(d);
      if (weekday === 0 || weekday === 6) assert.equal(openStateAt(d, DEFAULT_HOURS, new Map()).open, false);
    }),
  );
});

forEachEngine('desk business hours', (ctx) => {
  test("a district's own hours and closed days, from the database", async () => {
    const district = await createDistrict(ctx.db, 'seocho');
    assert.equal((await deskOpenState(ctx.db, district, at('2026-02-19T09:30:00'))).open, true, 'default hours');
    await setDistrictHours(ctx.db, district, [
      { weekday: 4, opens: '10:00', closes: '12:00' },
      { weekday: 4, opens: '14:00', closes: '16:00' },
    ]);
    assert.equal((await deskOpenState(ctx.db, district, at('2026-02-19T09:30:00'))).open, false);
    assert.equal((await deskOpenState(ctx.db, district, at('2026-02-19T11:00:00'))).open, true);
    assert.equal((await deskOpenState(ctx.db, district, at('2026-02-19T13:00:00'))).open, false, 'lunch break');
    assert.equal((await deskOpenState(ctx.db, district, at('2026-02-20T11:00:00'))).open, false, 'no hours on Friday');
    await ctx.db.query(`INSERT INTO desk_closed_days (district_code, day, reason) VALUES ($1, '2026-02-19', '임시 휴무')`, [district]);
    assert.deepEqual(await deskOpenState(ctx.db, district, at('2026-02-19T11:00:00')), { open: false, reason: 'closed_day', name: '임시 휴무' });
    const other = await createDistrict(ctx.db, 'gangnam');
    assert.equal((await deskOpenState(ctx.db, other, at('2026-02-19T11:00:00'))).open, true, "one district's closed day does not close another");
  });
});
