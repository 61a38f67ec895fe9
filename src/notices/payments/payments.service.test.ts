import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { recordPayments, type PaymentEffects } from './payments.service.ts';

// A payment is recorded by notices; what it does to the delivery queue is
// asked of the port PaymentEffects, in the payment's own transaction: both
// happen or neither does.

forEachEngine('recording payments', (ctx) => {
  const noticeNos = async (ids: number[]) =>
    (await ctx.db.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = ANY($1) ORDER BY id', [ids])).rows.map((r) => r.notice_no);

  test('a payment marks its notice paid and asks the port to withdraw, in the same transaction; unknown notices are named', async () => {
    const district = await createDistrict(ctx.db);
    const notices = await createNotices(ctx.db, district, await createTaxpayers(ctx.db, district, [{}, {}]));
    const [paid] = await noticeNos(notices);
    const calls: { noticeIds: number[]; paidSeen: number }[] = [];
    const effects: PaymentEffects = {
      async withdrawPaid(tx: Queryable, noticeIds: number[]) {
        // the transaction already holds the payment
        const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notices WHERE id = ANY($1) AND paid_at IS NOT NULL', [noticeIds]);
        calls.push({ noticeIds: noticeIds.map(Number), paidSeen: rows[0]!.n });
        return 4;
      },
    };
    const result = await recordPayments(ctx.db, effects, district, [
      { noticeNo: paid!, taxYear: 2026, paidAt: new Date('2026-07-01T01:00:00Z'), amount: 356000 },
      { noticeNo: 'NOPE-1', taxYear: 2026, paidAt: new Date('2026-07-01T01:00:00Z'), amount: 1 },
    ]);
    assert.deepEqual(result, { recorded: 1, unknownNotices: ['NOPE-1'], withdrawnMessages: 4 });
    assert.deepEqual(calls, [{ noticeIds: [Number(notices[0])], paidSeen: 1 }]);
  });

  test('when the withdrawal fails, the payment is not recorded either', async () => {
    const district = await createDistrict(ctx.db);
    const notices = await createNotices(ctx.db, district, await createTaxpayers(ctx.db, district, [{}]));
    const [no] = await noticeNos(notices);
    const failing: PaymentEffects = { withdrawPaid: async () => { throw new Error('queue unavailable'); } };
    await assert.rejects(recordPayments(ctx.db, failing, district, [{ noticeNo: no!, taxYear: 2026, paidAt: new Date(), amount: 356000 }]), /queue unavailable/);
    const { rows } = await ctx.db.query<{ paid: boolean; payments: number }>(
      'SELECT paid_at IS NOT NULL AS paid, (SELECT count(*)::int FROM payments WHERE notice_id = $1) AS payments FROM notices WHERE id = $1',
      [notices[0]],
    );
    assert.deepEqual(rows[0], { paid: false, payments: 0 });
  });
});
