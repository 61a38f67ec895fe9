import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher } from '../../../../test-support/factories.ts';
import { loadConfig } from '../../../platform/config.ts';
import { createLogger } from '../../../platform/logger.ts';
import { startDeliveryRuntime } from '../../delivery.runtime.ts';
import { expireReceiptDeadlines } from '../../dispatch/attempts.repository.ts';
import { providersSchema } from '../../providers.config.ts';
import { issueSeason } from '../../queue/queue.ts';
import { ResultPolling } from '../../receipts/result-polling.ts';
import { startSimulator } from '../../simulator/simulator.ts';
import { SensResultPoller } from './sens.poller.ts';

// SENS results are asked for at the configured interval (an injected clock),
// for as long as an attempt is accepted: once it is final, or failed at its
// receipt deadline, it is asked about no more.

const log = createLogger({ level: 'silent' });

forEachEngine('SENS result polling', (ctx) => {
  for (const results of ['never', 'at once'] as const) {
    test(`results ${results}: asked every interval while accepted, never after`, async () => {
      const sim = await startSimulator({ profile: 'clean', seed: `sens-poll-${results}`, overrides: { receiptDelayMs: 0, lostReceiptShare: results === 'never' ? 1 : 0 } });
      const config = loadConfig({ TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-sens-poll-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), TAXSTATION_QUIET_HOURS: 'off' });
      const entry = { name: 'sens-sms', baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: sim.sens.secretKey, serviceId: sim.sens.smsServiceId };
      const delivery = await startDeliveryRuntime(
        { config, db: ctx.db, log, cipher: testCipher },
        { worker: false, bounceListener: false, providers: providersSchema.parse([{ type: 'sens-sms', ...entry, from: '0234235000' }]) },
      );
      try {
        const district = await createDistrict(ctx.db);
        const ids = await createTaxpayers(ctx.db, district, [{ mobile: '+821055501001', enrol: ['sms'] }, { mobile: '+821055501002', enrol: ['sms'] }]);
        await createNotices(ctx.db, district, ids, { dueDate: '2099-07-31' });
        const { seasonId } = await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
        await delivery.engine.tick(); // sends (no polling in the engine's own tick)
        const states = async () =>
          (await ctx.db.query<{ state: string; failure_cause: string | null }>(
            `SELECT a.state, a.failure_cause FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.season_id = $1 ORDER BY a.id`,
            [seasonId],
          )).rows;
        assert.deepEqual((await states()).map((r) => r.state), ['accepted', 'accepted']);

        let clock = 1_000_000;
        const polling = new ResultPolling(ctx.db, [new SensResultPoller({ ...entry, channel: 'sms', intervalMs: 15_000 })], delivery.writer, log, () => clock);
        const queries = () => sim.sens.stats().queryCalls;
        const q0 = queries();
        await polling.round();
        assert.equal(queries() - q0, 1, 'one list call for the request holding both');
        clock += 14_999;
        await polling.round();
        assert.equal(queries() - q0, 1, 'not before the interval');
        clock += 1;
        await polling.round();
        assert.equal(queries() - q0, 2, 'again at the interval');

        if (results === 'at once') {
          await delivery.engine.tick(); // applies the receipts
          assert.deepEqual((await states()).map((r) => r.state), ['delivered', 'delivered']);
        } else {
          // Still PROCESSING at SENS: the engine fails them at their receipt deadline.
          // The engine's own housekeeping step, called directly: its tick runs housekeeping at most once a second of wall time.
          await ctx.db.query(`UPDATE delivery_attempts a SET receipt_deadline = now() - interval '1 second' FROM messages m WHERE m.id = a.message_id AND m.season_id = $1`, [seasonId]);
          await ctx.db.transaction((tx) => expireReceiptDeadlines(tx));
          assert.deepEqual((await states()).map((r) => [r.state, r.failure_cause]), [['failed', 'no_receipt'], ['failed', 'no_receipt']]);
        }
        clock += 15_000;
        await polling.round();
        assert.equal(queries() - q0, 2, 'a final attempt is asked about no more');
      } finally {
        await delivery.close();
        await sim.close();
      }
    });
  }
});
