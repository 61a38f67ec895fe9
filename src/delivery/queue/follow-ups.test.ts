import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { loadConfig } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { createLogger } from '../../platform/logger.ts';
import { startDeliveryRuntime } from '../delivery.runtime.ts';
import { startReceiptListener } from '../receipts/receipt-listener.ts';
import { createPaperBatch } from '../paper/paper-batch.service.ts';
import { recordPayments } from '../../notices/payments/payments.service.ts';
import { importArrears } from '../../notices/follow-ups/arrears-import.service.ts';
import { deliverySettingsOf, saveDeliverySettings } from '../settings/delivery-settings.repository.ts';
import { issueArrears, issueReminders, paymentEffects } from './queue.ts';

const log = createLogger({ level: 'silent' });

forEachEngine('reminders and arrears notices', (ctx) => {
  test('reminders go to unpaid applicants only; arrears notices go out electronically or on paper with their additional dues', async () => {
    const district = await createDistrict(ctx.db);
    const ids = await createTaxpayers(ctx.db, district, [
      { mobile: '+821033330001', enrol: ['sms'] },
      { mobile: '+821033330002', enrol: ['sms'] },
      { enrol: [] },
    ]);
    const due = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
    const notices = await createNotices(ctx.db, district, ids, { dueDate: due, taxItem: 'vehicle_tax', period: 2 });
    const nos = (await ctx.db.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = ANY($1) ORDER BY id', [notices])).rows.map((r) => r.notice_no);
    await recordPayments(ctx.db, paymentEffects, district, [{ noticeNo: nos[1]!, taxYear: 2026, paidAt: new Date(), amount: 1 }]);

    const reminders = await issueReminders(ctx.db, { districtCode: district, taxItem: 'vehicle_tax', taxYear: 2026, period: 2, daysBefore: 5 });
    assert.equal(reminders.issued, 1, 'the paid notice and the paper-only taxpayer get no reminder');
    const expected = new Date(`${new Date(Date.parse(due) - 5 * 86400_000).toISOString().slice(0, 10)}T09:00:00+09:00`);
    assert.equal(reminders.sendAfter!.getTime(), expected.getTime(), 'five days before the due date, 09:00 in Seoul');
    assert.equal((await issueReminders(ctx.db, { districtCode: district, taxItem: 'vehicle_tax', taxYear: 2026, period: 2 })).issued, 0);

    const file = Buffer.from(`notice_no,tax_year,unpaid_amount,additional_dues,due_date\n${nos[0]},2026,"356,000","10,680",2099-08-31\n${nos[2]},2026,356000,10680,2099-08-31\n`);
    await assert.rejects(
      importArrears(ctx.db, { districtCode: district, bytes: Buffer.from(`notice_no,tax_year,unpaid_amount,additional_dues,due_date\nNOPE,2026,1,1,2099-08-31\n`), fileName: 'x.csv', importedBy: 'test' }),
      (e: unknown) => e instanceof AppError && e.problems[0]!.line === 2 && e.problems[0]!.field === 'notice_no',
    );
    assert.deepEqual(await importArrears(ctx.db, { districtCode: district, bytes: file, fileName: 'arrears.csv', importedBy: 'test' }), { imported: 2, unchanged: 0 });
    assert.deepEqual(await importArrears(ctx.db, { districtCode: district, bytes: file, fileName: 'arrears.csv', importedBy: 'test' }), { imported: 0, unchanged: 2 });
    assert.equal((await issueArrears(ctx.db, { districtCode: district })).issued, 2);

    const config = loadConfig({
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-fu-')), TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TAXSTATION_SIM_PROFILE: 'clean', TAXSTATION_QUIET_HOURS: 'off',
    });
    const delivery = await startDeliveryRuntime({ config, db: ctx.db, log, cipher: testCipher }, { worker: false, bounceListener: false });
    const listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
    delivery.setReceiptBaseUrl(listener.url);
    try {
      for (let i = 0; i < 200; i++) {
        await delivery.tick();
        const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE district_code = $1 AND kind = 'arrears' AND state = 'pending'`, [district]);
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await listener.close();
      await delivery.close();
    }
    const states = await ctx.db.query<{ kind: string; state: string; taxpayer_id: number }>(
      `SELECT kind, state, taxpayer_id FROM messages WHERE district_code = $1 AND kind IN ('reminder', 'arrears') ORDER BY kind, taxpayer_id`,
      [district],
    );
    assert.deepEqual(states.rows.map((r) => [r.kind, r.state, r.taxpayer_id]), [
      ['arrears', 'delivered', ids[0]],
      ['arrears', 'awaiting_paper', ids[2]],
      ['reminder', 'pending', ids[0]],
    ]);
    const batch = await createPaperBatch({ db: ctx.db, cipher: testCipher }, { districtCode: district, outDir: mkdtempSync(join(tmpdir(), 'ts-fu-paper-')), createdBy: 'test' });
    assert.ok(batch.notices >= 1, 'the arrears notice of the paper-only taxpayer is printed');
  });

  test("arrears notices follow the district's channel order, as its season's notices do", async () => {
    const district = await createDistrict(ctx.db);
    await saveDeliverySettings(ctx.db, district, { ...(await deliverySettingsOf(ctx.db, district)), channelOrder: ['email', 'sms'], receiptTimeoutSeconds: 3600 });
    const ids = await createTaxpayers(ctx.db, district, [{ mobile: '+821033330011', email: 'kim@example.com', identityKey: 'CI-ARREARS-1', enrol: ['kakao', 'sms', 'email'] }]);
    const [notice] = await createNotices(ctx.db, district, ids, { dueDate: '2026-12-31', taxItem: 'vehicle_tax', period: 2 });
    const { rows: [row] } = await ctx.db.query<{ notice_no: string }>('SELECT notice_no FROM notices WHERE id = $1', [notice]);
    const file = Buffer.from(`notice_no,tax_year,unpaid_amount,additional_dues,due_date\n${row!.notice_no},2026,356000,10680,2099-08-31\n`);
    await importArrears(ctx.db, { districtCode: district, bytes: file, fileName: 'arrears.csv', importedBy: 'test' });
    assert.equal((await issueArrears(ctx.db, { districtCode: district })).issued, 1);
    const { rows } = await ctx.db.query<{ plan: string[]; channel: string }>(
      `SELECT m.plan, a.channel FROM messages m JOIN delivery_attempts a ON a.message_id = m.id WHERE m.district_code = $1 AND m.kind = 'arrears'`,
      [district],
    );
    assert.deepEqual(rows.map((r) => [r.plan, r.channel]), [[['email', 'sms'], 'email']], 'e-mail first, then SMS; KakaoTalk is not in the order');
  });
});
