import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher } from '../../../../test-support/factories.ts';
import type { Database } from '../../../platform/db/database.ts';
import { loadConfig } from '../../../platform/config.ts';
import { createLogger } from '../../../platform/logger.ts';
import { startDeliveryRuntime, type DeliveryRuntime } from '../../delivery.runtime.ts';
import { providersSchema } from '../../providers.config.ts';
import { issueSeason } from '../../queue/queue.ts';
import { storeReceipts } from '../../receipts/receipts.service.ts';
import { seasonSummary } from '../../season-summary.ts';
import { startSimulator, type Simulator } from '../../simulator/simulator.ts';
import { assertSeasonFinal, districtTaxpayers, runUntilSettled } from '../service-season.test-support.ts';
import { SensResultPoller } from './sens.poller.ts';

// A Gangnam-like season through the SENS adapters (AlimTalk and SMS) and the
// simulator's SENS endpoints, results by polling, e-mail over the simulated
// relay as usual: every notice ends final and none is sent twice.

const log = createLogger({ level: 'silent' });

function sensProviders(sim: Simulator) {
  const keys = { baseUrl: sim.url, accessKey: { env: 'SENS_TEST_ACCESS_KEY' }, secretKey: { file: '/run/secrets/sens' }, pollIntervalMs: 100, ratePerSecond: 100_000 };
  return providersSchema.parse([
    { type: 'sens-alimtalk', name: 'sens-kakao', ...keys, serviceId: sim.sens.alimtalkServiceId, plusFriendId: sim.sens.plusFriendId },
    { type: 'sens-sms', name: 'sens-sms', ...keys, serviceId: sim.sens.smsServiceId, from: '0234235000' },
    { type: 'smtp', name: 'email-sim', host: '127.0.0.1', port: sim.smtpPort, from: 'notice@taxstation.local', bounceDomain: 'bounces.taxstation.local', ratePerSecond: 100_000 },
  ]);
}

async function start(db: Database, profile: 'gangnam' | 'chaos'): Promise<{ sim: Simulator; delivery: DeliveryRuntime }> {
  const sim = await startSimulator({ profile, seed: `sens-season-${profile}`, smtp: { port: 0 } });
  const config = loadConfig({
    TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-sens-')),
    TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    TAXSTATION_QUIET_HOURS: 'off',
    // Results come when a tick polls them (no worker loop here), and a season's first tick is long.
    TAXSTATION_RECEIPT_TIMEOUT_SECONDS: '20',
  });
  const delivery = await startDeliveryRuntime(
    { config, db, log, cipher: testCipher },
    {
      worker: false,
      bounceListener: true,
      dispatch: { backoffBaseMs: 50, backoffCapMs: 400, concurrency: 2 },
      providers: sensProviders(sim),
      // Credentials as a district gives them: from the environment and from a file.
      secrets: { env: { SENS_TEST_ACCESS_KEY: sim.sens.accessKey }, readFile: () => `${sim.sens.secretKey}\n` },
    },
  );
  sim.setDsnTarget({ host: '127.0.0.1', port: delivery.bounce!.port });
  return { sim, delivery };
}

forEachEngine('a season through Naver Cloud SENS', (ctx) => {
  for (const profile of ['gangnam', 'chaos'] as const) {
    test(`${profile}: every notice final, none sent twice, results read by polling`, async () => {
      const district = await createDistrict(ctx.db);
      const ids = await createTaxpayers(ctx.db, district, districtTaxpayers(140, 'sens'));
      await createNotices(ctx.db, district, ids, { dueDate: '2099-07-31' });
      const { seasonId } = await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
      const { sim, delivery } = await start(ctx.db, profile);
      if (profile === 'chaos') {
        sim.setOutage({ nextCalls: 2 });
        sim.setGarbage(1);
      }
      try {
        const settled = await runUntilSettled(delivery, ctx.db, seasonId);
        assert.ok(settled.awaiting_paper > 0, 'dead numbers and paper-only taxpayers wait for paper');
        const s = await assertSeasonFinal(ctx.db, district, seasonId, 140);
        assert.ok((s.delivered.kakao ?? 0) > 0 && (s.delivered.sms ?? 0) > 0, 'delivered through both SENS products');
        assert.ok(s.failed.dead_prefix! > 0, 'dead prefixes fail as such');
        assert.ok(sim.stats().maxDeliveriesPerKey <= 1, 'no text delivered twice to one number');
        assert.equal(sim.sens.stats().smsFailoverRequested, 0, "SENS's own SMS substitution never asked for");
        assert.ok(sim.sens.stats().queryCalls > 0, 'results were polled');

        // The SENS results read again after the season (attempts already final) change nothing.
        const { rows } = await ctx.db.query<{ id: string; idempotency_key: string; provider_message_id: string; accepted_at: Date; provider: string }>(
          `SELECT a.id, a.idempotency_key, a.provider_message_id, a.accepted_at, a.provider FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
            WHERE m.season_id = $1 AND a.provider = 'sens-sms' AND a.provider_message_id IS NOT NULL`,
          [seasonId],
        );
        const again = await new SensResultPoller({ baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: sim.sens.secretKey, name: 'sens-sms', channel: 'sms', serviceId: sim.sens.smsServiceId }).poll(
          rows.map((r) => ({ attemptId: String(r.id), idempotencyKey: r.idempotency_key, providerMessageId: r.provider_message_id, acceptedAt: r.accepted_at })),
        );
        assert.ok(again.length > 0);
        assert.equal(await storeReceipts(ctx.db, again), 0, 'the same results are the same receipts: nothing new to apply');
        await delivery.tick();
        assert.deepEqual(await seasonSummary(ctx.db, seasonId), s);
      } finally {
        await delivery.close();
        await sim.close();
      }
    });
  }
});
