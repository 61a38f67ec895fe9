import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { testCipher } from '../../../test-support/factories.ts';
import { logIn } from '../../platform/auth/login.service.ts';
import { loadConfig } from '../../platform/config.ts';
import { DEMO_PASSWORD, seedDemo } from '../../platform/demo/seed.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import { testDeps } from '../consultations.test-support.ts';
import { listExperts, listFields } from '../schedule/schedule.repository.ts';
import { listBookings, listFreeSlots } from '../booking/booking.service.ts';
import { seedDemoConsultations } from './demo-consultations.ts';
import { consultationStats } from '../booking/stats.service.ts';

forEachEngine('demo consultations', (ctx) => {
  test('Seocho-gu gets five fields, three experts who can sign in, a month of slots partly booked; seeding again adds nothing', async () => {
    await seedDemo({ db: ctx.db, cipher: testCipher }, [seedDemoConsultations]);
    const fields = await listFields(ctx.db, 'seocho');
    assert.deepEqual(fields.map((f) => f.name.ko), ['취득세', '양도소득세', '상속세', '증여세', '국세 일반']);
    const experts = await listExperts(ctx.db, 'seocho');
    assert.equal(experts.length, 3);
    const config = loadConfig({ NODE_ENV: 'test', TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') });
    assert.ok((await logIn({ db: ctx.db, config }, { username: 'seocho.expert2', password: DEMO_PASSWORD }, '127.0.0.1')).token);

    const deps = testDeps(ctx.db, testCipher, () => new Date());
    const today = seoulDay(new Date());
    const coming = await listBookings(deps, { districtCode: 'seocho', from: addDays(today, 1), to: addDays(today, 30) });
    const past = await listBookings(deps, { districtCode: 'seocho', from: addDays(today, -7), to: addDays(today, -1) });
    assert.ok(coming.length > 20, `the coming month is partly booked (${coming.length})`);
    assert.ok(coming.every((b) => b.state === 'booked'));
    assert.match(coming[0]!.contact.masked, /^010-\*{4}-\d{4}$/, 'a real-looking mobile, masked');
    assert.ok(past.length > 0 && past.every((b) => b.state === 'attended' || b.state === 'no_show'), 'last week is marked');
    const free = await listFreeSlots(deps, { districtCode: 'seocho', fieldCode: 'capital_gains_tax' });
    assert.ok(free.days.some((d) => d.slots.length > 0), 'a newcomer can still book');

    const stats = await consultationStats(deps, { districtCode: 'seocho', from: addDays(today, -7), to: addDays(today, 30) });
    assert.equal(stats.total.bookings, coming.length + past.length);
    assert.equal(stats.byField.reduce((n, f) => n + f.bookings, 0), stats.total.bookings);
    assert.equal(stats.byExpert.reduce((n, e) => n + e.bookings, 0), stats.total.bookings);
    assert.equal(stats.total.noShows + stats.total.attended, past.length);
    assert.ok(stats.byExpert.every((e) => e.slots > 0 && e.utilisation !== null && e.utilisation > 0 && e.utilisation < 1), JSON.stringify(stats.byExpert));
    assert.equal(stats.byExpert.reduce((n, e) => n + e.slots, 0), stats.total.slots);

    await seedDemo({ db: ctx.db, cipher: testCipher }, [seedDemoConsultations]);
    assert.equal((await listBookings(deps, { districtCode: 'seocho', from: addDays(today, 1), to: addDays(today, 30) })).length, coming.length, 'idempotent');
    assert.equal((await listExperts(ctx.db, 'seocho')).length, 3);
  });
});
