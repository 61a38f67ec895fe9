import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher, type TaxpayerSpec } from '../../test-support/factories.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { issueSeason, paymentEffects } from './queue/queue.ts';
import { recordPayments } from '../notices/payments/payments.service.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from './delivery.runtime.ts';
import { startReceiptListener } from './receipts/receipt-listener.ts';
import { seasonSummary } from './season-summary.ts';
import { createPaperBatch } from './paper/paper-batch.service.ts';

// A whole season through the real adapters, the gateway simulator over HTTP
// and SMTP, signed receipt webhooks and the bounce listener.

const log = createLogger({ level: 'silent' });

function configFor(profile: 'chaos' | 'gangnam' | 'clean') {
  return loadConfig({
    TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-e2e-')),
    TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    TAXSTATION_SIM_PROFILE: profile,
    TAXSTATION_QUIET_HOURS: 'off',
    TAXSTATION_RECEIPT_TIMEOUT_SECONDS: '3',
  });
}

async function start(ctx: { db: import('../platform/db/database.ts').Database }, profile: 'chaos' | 'gangnam' | 'clean') {
  const config = configFor(profile);
  const delivery = await startDeliveryRuntime(
    { config, db: ctx.db, log, cipher: testCipher },
    { worker: false, bounceListener: true, dispatch: { backoffBaseMs: 50, backoffCapMs: 400, concurrency: 2 } },
  );
  const listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
  delivery.setReceiptBaseUrl(listener.url);
  return { delivery, listener };
}

async function runUntilSettled(delivery: DeliveryRuntime, db: import('../platform/db/database.ts').Database, seasonId: number) {
  for (let round = 0; round < 2000; round++) {
    await delivery.tick();
    const s = await seasonSummary(db, seasonId);
    if (s.pending - s.awaiting_paper === 0) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the season did not settle');
}

function mixedTaxpayers(n: number): TaxpayerSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const phone = `+8210${String(20000000 + i * 7919).padStart(8, '0')}`;
    const deadPhone = `+8216${String(2000000 + i).padStart(7, '0')}`;
    const ci = Buffer.alloc(66, i).toString('base64');
    switch (i % 6) {
      case 0: return { identityKey: ci, mobile: phone, email: `tp${i}@example.kr`, enrol: ['kakao', 'sms', 'email'] };
      case 1: return { mobile: deadPhone, email: `tp${i}@example.kr`, enrol: ['sms', 'email'] };
      case 2: return { mobile: phone, enrol: ['kakao'] };
      case 3: return { email: `tp${i}@example.kr`, enrol: ['email'] };
      case 4: return { mobile: deadPhone, enrol: ['sms'] };
      default: return { mobile: phone, enrol: [] };
    }
  });
}

forEachEngine('a season end to end', (ctx) => {
  test('with every simulator fault on, every notice reaches a final state and nothing is delivered twice', async () => {
    const district = await createDistrict(ctx.db);
    const ids = await createTaxpayers(ctx.db, district, mixedTaxpayers(120));
    await createNotices(ctx.db, district, ids, { dueDate: '2099-07-31' });
    const { seasonId } = await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const { delivery, listener } = await start(ctx, 'chaos');
    // On top of the profile's random faults, certain ones: an outage and garbage.
    delivery.simulator!.setOutage({ nextCalls: 2 });
    delivery.simulator!.setGarbage(1);
    try {
      const settled = await runUntilSettled(delivery, ctx.db, seasonId);
      assert.ok(settled.awaiting_paper > 0, 'dead prefixes and paper-only taxpayers wait for paper');
      const out = mkdtempSync(join(tmpdir(), 'ts-paper-'));
      await createPaperBatch({ db: ctx.db, cipher: testCipher }, { districtCode: district, outDir: out, createdBy: 'test' });
      const s = await seasonSummary(ctx.db, seasonId);
      assert.equal(s.final, 120);
      assert.equal(s.pending, 0);
      assert.ok(s.failed.dead_prefix! > 0, 'dead prefixes fail');
      const stats = delivery.simulator!.stats();
      assert.ok(stats.maxDeliveriesPerKey <= 1, 'no idempotency key delivered twice');
      assert.ok(stats.outageAnswers + stats.rateLimited + stats.garbageAnswers > 0, 'faults were exercised');
      // Delivered attempts counted one by one (not distinct messages), so a message delivered twice shows.
      const delivered = await ctx.db.query<{ n: number; most: number }>(
        `SELECT count(*)::int AS n, coalesce(max(per_message), 0)::int AS most
           FROM (SELECT a.message_id, count(*) OVER (PARTITION BY a.message_id) AS per_message
                   FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
                  WHERE m.season_id = $1 AND a.state = 'delivered') d`,
        [seasonId],
      );
      const deliveredMessages = Object.values(s.delivered).reduce((a, b) => a + b, 0);
      assert.ok(delivered.rows[0]!.most <= 1, 'no message has two delivered attempts');
      assert.equal(delivered.rows[0]!.n, deliveredMessages, 'one delivered attempt per delivered notice');
    } finally {
      await listener.close();
      await delivery.close();
    }
  });

  test('an e-mail bounce over SMTP moves the notice to its next channel, and a paid notice is never printed', async () => {
    const district = await createDistrict(ctx.db);
    await ctx.db.query(`INSERT INTO delivery_settings (district_code, channel_order) VALUES ($1, '{email,sms,kakao}')`, [district]);
    const { delivery, listener } = await start(ctx, 'gangnam');
    try {
      const sim = delivery.simulator!;
      let bouncing = '';
      for (let i = 0; i < 2000 && !bouncing; i++) {
        const email = `bounce${i}@example.kr`;
        const fate = sim.fateOf('email', { email });
        if (fate.kind === 'bounced' && fate.status === '5.1.1') bouncing = email;
      }
      assert.ok(bouncing, 'the simulator has a bouncing mailbox');
      const ids = await createTaxpayers(ctx.db, district, [
        { email: bouncing, mobile: '+821055501234', enrol: ['email', 'sms'] },
        { mobile: '+821699990000', enrol: ['sms'] },
      ]);
      const notices = await createNotices(ctx.db, district, ids, { dueDate: '2099-07-31' });
      const { seasonId } = await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
      await runUntilSettled(delivery, ctx.db, seasonId);
      const attempts = await ctx.db.query<{ channel: string; state: string; failure_cause: string | null }>(
        `SELECT a.channel, a.state, a.failure_cause FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
          WHERE m.taxpayer_id = $1 ORDER BY a.id`,
        [ids[0]],
      );
      assert.deepEqual(attempts.rows.map((r) => [r.channel, r.state]), [['email', 'failed'], ['sms', 'delivered']]);
      assert.equal(attempts.rows[0]!.failure_cause, 'hard_bounce');

      // The second taxpayer's number is on a dead prefix: the notice is returned for paper, then paid.
      const { rows } = await ctx.db.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = $1', [notices[1]]);
      await recordPayments(ctx.db, paymentEffects, district, [{ noticeNo: rows[0]!.notice_no, taxYear: 2026, paidAt: new Date(), amount: 356000 }]);
      const batch = await createPaperBatch({ db: ctx.db, cipher: testCipher }, { districtCode: district, outDir: mkdtempSync(join(tmpdir(), 'ts-paper-')), createdBy: 'test' });
      assert.equal(batch.notices, 0, 'nothing printed');
      const state = await ctx.db.query<{ state: string; withdrawn_reason: string }>('SELECT state, withdrawn_reason FROM messages WHERE notice_id = $1', [notices[1]]);
      assert.deepEqual(state.rows[0], { state: 'withdrawn', withdrawn_reason: 'paid' });
    } finally {
      await listener.close();
      await delivery.close();
    }
  });
});
