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
import { ProviderError, type Receipt } from '../../provider.ts';
import { providersSchema } from '../../providers.config.ts';
import { issueSeason } from '../../queue/queue.ts';
import { storeReceipts } from '../../receipts/receipts.service.ts';
import { seasonSummary } from '../../season-summary.ts';
import { startSimulator, type Simulator } from '../../simulator/simulator.ts';
import { assertSeasonFinal, districtTaxpayers, runUntilSettled } from '../service-season.test-support.ts';
import { NhnSmsAdapter } from './nhn-sms.adapter.ts';

// A Gangnam-like season through the NHN Cloud adapters (AlimTalk and SMS)
// and the simulator's NHN endpoints, results by polling, e-mail over the
// simulated relay as usual: every notice ends final and none is sent twice,
// with the chaos profile's faults and answers lost after NHN took a request.

const log = createLogger({ level: 'warn' });

function nhnProviders(sim: Simulator) {
  const keys = { baseUrl: sim.url, secretKey: { env: 'NHN_TEST_SECRET' }, pollIntervalMs: 1000, ratePerSecond: 100_000 };
  return providersSchema.parse([
    { type: 'nhn-alimtalk', name: 'nhn-kakao', ...keys, appKey: { file: '/run/secrets/nhn-alimtalk-appkey' }, senderKey: sim.nhn.senderKey },
    { type: 'nhn-sms', name: 'nhn-sms', ...keys, appKey: sim.nhn.smsAppKey, sendNo: '0234235000' },
    { type: 'smtp', name: 'email-sim', host: '127.0.0.1', port: sim.smtpPort, from: 'notice@taxstation.local', bounceDomain: 'bounces.taxstation.local', ratePerSecond: 100_000 },
  ]);
}

async function start(db: Database, profile: 'gangnam' | 'chaos'): Promise<{ sim: Simulator; delivery: DeliveryRuntime }> {
  const sim = await startSimulator({ profile, seed: `nhn-season-${profile}`, smtp: { port: 0 } });
  const config = loadConfig({
    TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-nhn-')),
    TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    TAXSTATION_QUIET_HOURS: 'off',
    // Results are asked for once a second between rounds that take a while on PGlite: more than the webhook tests' 3 s.
    TAXSTATION_RECEIPT_TIMEOUT_SECONDS: '15',
  });
  const delivery = await startDeliveryRuntime(
    { config, db, log, cipher: testCipher },
    {
      worker: false,
      bounceListener: true,
      dispatch: { backoffBaseMs: 50, backoffCapMs: 400, concurrency: 2 },
      providers: nhnProviders(sim),
      // Credentials as a district gives them: from the environment and from a file.
      secrets: { env: { NHN_TEST_SECRET: sim.nhn.secretKey }, readFile: () => `${sim.nhn.alimtalkAppKey}\n` },
    },
  );
  sim.setDsnTarget({ host: '127.0.0.1', port: delivery.bounce!.port });
  return { sim, delivery };
}

forEachEngine('a season through NHN Cloud', (ctx) => {
  for (const profile of ['gangnam', 'chaos'] as const) {
    test(`${profile}: every notice final, none sent twice, results read by polling`, async () => {
      const district = await createDistrict(ctx.db);
      const ids = await createTaxpayers(ctx.db, district, districtTaxpayers(140, 'nhn'));
      await createNotices(ctx.db, district, ids, { dueDate: '2099-07-31' });
      const { seasonId } = await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
      const { sim, delivery } = await start(ctx.db, profile);
      if (profile === 'chaos') {
        sim.setOutage({ nextCalls: 2 });
        sim.setGarbage(2);
      }
      try {
        const settled = await runUntilSettled(delivery, ctx.db, seasonId);
        assert.ok(settled.awaiting_paper > 0, 'dead numbers and paper-only taxpayers wait for paper');
        const s = await assertSeasonFinal(ctx.db, district, seasonId, 140);
        assert.ok((s.delivered.kakao ?? 0) > 0 && (s.delivered.sms ?? 0) > 0, 'delivered through both NHN products');
        assert.ok(s.failed.dead_prefix! > 0, 'dead prefixes fail as such');

        const stats = sim.stats();
        assert.ok(stats.maxDeliveriesPerKey <= 1, 'no recipient delivered twice');
        const nhn = sim.nhn.stats();
        assert.equal(nhn.resendRequested, 0, "NHN's own SMS substitution never asked for");
        assert.ok(nhn.queryCalls > 0, 'results were polled');
        if (profile === 'chaos') assert.ok(nhn.answersLost > 0, 'answers were lost after NHN took the request');

        // The results read again after the season (attempts already final) change nothing.
        const { rows } = await ctx.db.query<{ id: string; idempotency_key: string; provider_message_id: string; accepted_at: Date }>(
          `SELECT a.id, a.idempotency_key, a.provider_message_id, a.accepted_at FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
            WHERE m.season_id = $1 AND a.provider = 'nhn-sms' AND a.provider_message_id IS NOT NULL`,
          [seasonId],
        );
        const reader = new NhnSmsAdapter({ provider: 'nhn-sms', baseUrl: sim.url, appKey: sim.nhn.smsAppKey, secretKey: sim.nhn.secretKey, timeoutMs: 5000, sendNo: '0234235000', maxBatchSize: 500, pollIntervalMs: 1000 });
        const asked = rows.map((r) => ({ attemptId: String(r.id), idempotencyKey: r.idempotency_key, providerMessageId: r.provider_message_id, acceptedAt: r.accepted_at }));
        let again: Receipt[] = [];
        // The chaos profile answers some calls 503 at random: asked again, as the poller would next round.
        for (let tries = 0; ; tries++) {
          try {
            again = await reader.poll(asked);
            break;
          } catch (error) {
            if (!(error instanceof ProviderError && error.transient) || tries === 20) throw error;
          }
        }
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
