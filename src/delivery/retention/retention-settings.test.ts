import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict } from '../../../test-support/factories.ts';
import { getRetentionForDelivery, setRetentionForDelivery } from './retention.repository.ts';
import { getRetentionForDesk, setRetentionForDesk } from '../../desk/retention/retention.repository.ts';

forEachEngine('retention periods per district', (ctx) => {
  test("defaults until set, then the district's own; the previous value is returned; out of bounds refused by the database", async () => {
    const district = await createDistrict(ctx.db);
    const other = await createDistrict(ctx.db);
    assert.deepEqual(await getRetentionForDelivery(ctx.db, district), { contentsDays: 365 });
    assert.deepEqual(await setRetentionForDelivery(ctx.db, district, { contentsDays: 400 }), { contentsDays: 365 });
    assert.deepEqual(await getRetentionForDelivery(ctx.db, district), { contentsDays: 400 });
    assert.deepEqual(await getRetentionForDelivery(ctx.db, other), { contentsDays: 365 });
    await assert.rejects(setRetentionForDelivery(ctx.db, district, { contentsDays: 10 }));

    assert.deepEqual(await getRetentionForDesk(ctx.db, district), { chatDays: 180, attachmentDays: 180, offlineDays: 180 });
    assert.deepEqual(await setRetentionForDesk(ctx.db, district, { chatDays: 90, attachmentDays: 60, offlineDays: 365 }), { chatDays: 180, attachmentDays: 180, offlineDays: 180 });
    assert.deepEqual(await getRetentionForDesk(ctx.db, district), { chatDays: 90, attachmentDays: 60, offlineDays: 365 });
    assert.deepEqual(await getRetentionForDesk(ctx.db, other), { chatDays: 180, attachmentDays: 180, offlineDays: 180 });
    await assert.rejects(setRetentionForDesk(ctx.db, district, { chatDays: 90, attachmentDays: 4000, offlineDays: 365 }));
  });
});
