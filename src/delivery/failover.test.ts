import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher } from '../../test-support/factories.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { issueSeason } from './queue/queue.ts';
import { startDeliveryRuntime } from './delivery.runtime.ts';
import { startReceiptListener } from './receipts/receipt-listener.ts';
import { startSimulator } from './simulator/simulator.ts';
import { signedWebhookHeaders } from './providers/gateway-signature.ts';

// Two SMS providers with priorities: when the first fails, traffic shifts to
// the second; when it recovers, traffic comes back. And the receipt webhook
// refuses what is unsigned, forged or malformed.

const log = createLogger({ level: 'silent' });

forEachEngine('provider failover and receipt webhooks', (ctx) => {
  test('an SMS provider in outage loses its traffic to the next one, and gets it back when it recovers', async () => {
    const primary = await startSimulator({ port: 0, profile: 'clean', seed: 'primary' });
    const secondary = await startSimulator({ port: 0, profile: 'clean', seed: 'secondary' });
    const district = await createDistrict(ctx.db);
    const config = loadConfig({
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-fo-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TAXSTATION_QUIET_HOURS: 'off', TAXSTATION_WORKER_BATCH: '10',
      TAXSTATION_PROVIDERS: JSON.stringify([
        { type: 'sms-gateway', name: `sms-a-${district}`, baseUrl: primary.url, apiKey: primary.apiKey, webhookSecret: primary.webhookSecret, priority: 1 },
        { type: 'sms-gateway', name: `sms-b-${district}`, baseUrl: secondary.url, apiKey: secondary.apiKey, webhookSecret: secondary.webhookSecret, priority: 2 },
      ]),
    });
    const delivery = await startDeliveryRuntime(
      { config, db: ctx.db, log, cipher: testCipher },
      { worker: false, bounceListener: false, dispatch: { backoffBaseMs: 1, backoffCapMs: 5, concurrency: 1, health: { breakerThreshold: 3, breakerOpenSeconds: 1, degradedErrorRate: 0.5, degradedLatencyMs: 5000, minCallsForVerdict: 100, windowSeconds: 60, degradedSeconds: 1 } } },
    );
    const listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
    for (const [sim, name] of [[primary, `sms-a-${district}`], [secondary, `sms-b-${district}`]] as const) sim.setWebhooks({ sms: `${listener.url}/api/webhooks/receipts/${name}` });
    try {
      const send = async (count: number, period: number) => {
        const ids = await createTaxpayers(ctx.db, district, Array.from({ length: count }, (_, i) => ({ mobile: `+82104444${String(period * 1000 + i).padStart(4, '0')}`, enrol: ['sms' as const] })));
        await createNotices(ctx.db, district, ids, { period, dueDate: '2099-07-31' });
        const { seasonId } = await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period, createdBy: 'test' });
        for (let i = 0; i < 300; i++) {
          await delivery.tick();
          const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE season_id = $1 AND state = 'pending'`, [seasonId]);
          if (rows[0]!.n === 0) return;
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.fail('the season did not settle');
      };
      primary.setOutage({ forMs: 60_000 });
      await send(30, 1);
      assert.equal(secondary.stats({ byKey: false }).delivered, 30, 'everything went through the second provider');
      assert.equal(primary.stats({ byKey: false }).delivered, 0);
      primary.setOutage(null);
      // The breaker's open time passes: its end (on the database's clock) is moved to the past rather than waited for.
      // (On a slow machine the last opening may have run out already: that it opened at all is what is checked.)
      const opened = await ctx.db.query(
        `UPDATE delivery_providers SET circuit_open_until = LEAST(circuit_open_until, now() - interval '1 second') WHERE name = $1 AND circuit_open_until IS NOT NULL`,
        [`sms-a-${district}`],
      );
      assert.equal(opened.rowCount, 1, 'the outage opened the circuit of the first provider');
      await send(30, 2);
      assert.ok(primary.stats({ byKey: false }).delivered > 0, 'traffic came back to the first provider once it recovered');
      const { rows } = await ctx.db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM messages WHERE district_code = $1 GROUP BY 1`, [district]);
      assert.deepEqual(rows, [{ state: 'delivered', n: 60 }]);
    } finally {
      await listener.close();
      await delivery.close();
      await primary.close();
      await secondary.close();
    }
  });

  test('the receipt webhook refuses unsigned, forged and malformed calls and keeps valid ones', async () => {
    const secret = 'a-webhook-secret-for-this-test';
    const config = loadConfig({
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-wh-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TAXSTATION_PROVIDERS: JSON.stringify([{ type: 'sms-gateway', name: 'sms-wh', baseUrl: 'http://127.0.0.1:9', apiKey: 'k', webhookSecret: secret }]),
    });
    const delivery = await startDeliveryRuntime({ config, db: ctx.db, log, cipher: testCipher }, { worker: false, bounceListener: false });
    const listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
    const url = `${listener.url}/api/webhooks/receipts/sms-wh`;
    const body = JSON.stringify({ receipts: [{ receipt_id: 'wh-1', message_id: 'm-1', idempotency_key: 'nobody', status: 'delivered', occurred_at: new Date().toISOString() }] });
    const post = (headers: Record<string, string>, payload = body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    try {
      const unsigned = await post({});
      assert.equal(unsigned.status, 401);
      assert.equal(unsigned.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal((await unsigned.json() as { code: string }).code, 'receipt_unsigned');
      assert.equal((await post(signedWebhookHeaders('another-secret-entirely', body))).status, 401);
      const garbage = '{"receipts":"nope"}';
      assert.equal((await post(signedWebhookHeaders(secret, garbage), garbage)).status, 400);
      assert.equal((await fetch(`${listener.url}/api/webhooks/receipts/nobody`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status, 404);
      const ok = await post(signedWebhookHeaders(secret, body));
      assert.equal(ok.status, 200);
      const kept = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_receipts WHERE provider = 'sms-wh'`);
      assert.equal(kept.rows[0]!.n, 1, 'only the valid receipt is stored (for an unknown message, kept for inspection)');
    } finally {
      await listener.close();
      await delivery.close();
    }
  });
});
