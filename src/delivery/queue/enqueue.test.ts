import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { startDeliveryRuntime } from '../delivery.runtime.ts';
import { enqueueMessages } from './queue.ts';
import { startReceiptListener } from '../receipts/receipt-listener.ts';

const log = createLogger({ level: 'silent' });

forEachEngine('messages that are not notices', (ctx) => {
  test('a one-time code goes to the new number being confirmed, a link to the taxpayer, and neither ever to paper', async () => {
    const district = await createDistrict(ctx.db);
    const [taxpayer] = await createTaxpayers(ctx.db, district, [{ mobile: '+821016160000', identityKey: Buffer.alloc(64, 9).toString('base64'), enrol: ['kakao'] }]);
    const config = loadConfig({
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-enq-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TAXSTATION_SIM_PROFILE: 'clean', TAXSTATION_QUIET_HOURS: 'off',
    });
    const delivery = await startDeliveryRuntime({ config, db: ctx.db, log, cipher: testCipher }, { worker: false, bounceListener: true });
    const listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
    delivery.setReceiptBaseUrl(listener.url);
    try {
      const [code, link, dead] = await enqueueMessages(ctx.db, testCipher, [
        { districtCode: district, kind: 'one_time_code', topic: 'one_time_code', taxpayerId: taxpayer, plan: ['sms'], recipient: { phone: '+821077778888' }, variables: { code: '482913' } },
        { districtCode: district, kind: 'campaign', topic: 'contact_update_request', taxpayerId: taxpayer, plan: ['kakao'], variables: { link: 'http://127.0.0.1/u/abc', expires: '2026-06-30' } },
        { districtCode: district, kind: 'guidance', topic: 'update_link', plan: ['sms'], recipient: { phone: '+82162345678' }, variables: { link: 'http://127.0.0.1/u/x', expires: '2026-06-30' } },
      ]);
      for (let i = 0; i < 200; i++) {
        await delivery.tick();
        const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE id = ANY($1) AND final_at IS NULL`, [[code, link, dead]]);
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const states = await ctx.db.query<{ id: number; state: string }>(`SELECT id, state FROM messages WHERE id = ANY($1) ORDER BY id`, [[code, link, dead]]);
      assert.deepEqual(states.rows.map((r) => r.state), ['delivered', 'delivered', 'failed']);
      const sent = delivery.simulator!.messages();
      assert.ok(sent.some((m) => m.channel === 'sms' && m.recipient === '+821077778888'), 'the code went to the new number');
      assert.ok(!sent.some((m) => m.recipient === '+821016160000'), 'not to the number on record');
      assert.ok(sent.some((m) => m.channel === 'kakao' && m.recipient === Buffer.alloc(64, 9).toString('base64')), 'the link went by KakaoTalk to the identification key');
      await assert.rejects(
        enqueueMessages(ctx.db, testCipher, [{ districtCode: district, kind: 'campaign', topic: 'contact_update_request', taxpayerId: taxpayer, plan: ['kakao'], variables: {} }]),
        /needs link, expires/,
      );
    } finally {
      await listener.close();
      await delivery.close();
    }
  });
});
