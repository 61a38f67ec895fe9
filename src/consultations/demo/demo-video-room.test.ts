import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { seedDemo } from '../../platform/demo/seed.ts';
import { testDeps } from '../consultations.test-support.ts';
import { bookingByReference, placeDemoVideoBooking } from '../booking/booking.repository.ts';
import { meetingByToken } from '../booking/meeting.service.ts';
import { seedDemoConsultations } from './demo-consultations.ts';
import { demoVideoRoom, DEMO_ROOM_REFERENCE, seedDemoVideoRoom } from './demo-video-room.ts';

forEachEngine('demo video room', (ctx) => {
  test('every start puts the demo expert’s video consultation at the present hour, under the same link', async () => {
    const deps = { db: ctx.db, cipher: testCipher };
    await seedDemo(deps, [seedDemoConsultations, seedDemoVideoRoom]);
    const first = await demoVideoRoom(deps);
    assert.ok(first);
    const meeting = await meetingByToken(testDeps(ctx.db, testCipher), first.token);
    assert.ok(meeting);
    const now = Date.now();
    assert.ok(meeting.slotStart.getTime() <= now && now < meeting.slotEnd.getTime(), 'running now');
    assert.equal(meeting.state, 'booked');
    assert.equal(meeting.mode, 'video');
    assert.equal(meeting.expert.name, '임세무사', 'the demo expert account seocho.expert');

    // a later start, the next day: the booking lies in the past until the seed moves it back
    const row = (await bookingByReference(ctx.db, 'seocho', DEMO_ROOM_REFERENCE))!;
    await placeDemoVideoBooking(ctx.db, { id: row.id, slotStart: new Date(now - 86_400_000), slotEnd: new Date(now - 86_400_000 + 3600_000), now: new Date() });
    await seedDemo(deps, [seedDemoConsultations, seedDemoVideoRoom]);
    const again = await demoVideoRoom(deps);
    assert.deepEqual(again, first, 'the same booking and link');
    const moved = (await meetingByToken(testDeps(ctx.db, testCipher), first.token))!;
    assert.ok(moved.slotStart.getTime() <= Date.now() && Date.now() < moved.slotEnd.getTime());
  });
});
