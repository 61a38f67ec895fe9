import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { seedDemo } from '../../platform/demo/seed.ts';
import { testDeps } from '../consultations.test-support.ts';
import { getInPersonDay } from '../in-person/in-person.service.ts';
import { listSessions, registrationList } from '../sessions/sessions.service.ts';
import { seedDemoConsultations } from './demo-consultations.ts';
import { seedDemoInPersonAndSessions } from './demo-in-person-and-sessions.ts';

forEachEngine('demo in-person day and session', (ctx) => {
  test('Seocho-gu gets an in-person day served by two experts and one session with a few registrations; seeding again adds nothing', async () => {
    const steps = [seedDemoConsultations, seedDemoInPersonAndSessions];
    await seedDemo({ db: ctx.db, cipher: testCipher }, steps);
    await seedDemo({ db: ctx.db, cipher: testCipher }, steps);
    const deps = testDeps(ctx.db, testCipher, () => new Date());
    const day = await getInPersonDay(deps, 'seocho');
    assert.equal(day.experts.length, 2);
    assert.ok(day.upcomingDays.length >= 1);
    const sessions = await listSessions(deps, { districtCode: 'seocho' });
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]!.seatsTaken, 7);
    assert.equal((await registrationList(deps, 'seocho', sessions[0]!.id)).registrations.length, 4);
  });
});
