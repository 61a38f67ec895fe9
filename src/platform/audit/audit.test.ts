import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { AuditPersonalDataError, recordAudit, recordAuditBatch } from './audit.ts';

forEachEngine('audit log', (ctx) => {
  before(async () => {
    await ctx.db.query("INSERT INTO districts (code, name_ko, name_en) VALUES ('gangnam', '강남구', 'Gangnam-gu')");
  });

  test('recordAudit writes one row with who, what, why and masked details', async () => {
    await recordAudit(ctx.db, {
      districtCode: 'gangnam',
      actor: { type: 'staff', id: '17' },
      action: 'taxpayer.contact_updated',
      entityType: 'taxpayer',
      entityId: '42',
      reason: 'resident asked by KakaoTalk channel',
      source: 'chat',
      details: { changed: ['mobile'], mobile: '010-****-5678' },
    });
    const { rows } = await ctx.db.query<Record<string, unknown>>("SELECT * FROM audit_log WHERE action = 'taxpayer.contact_updated'");
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.equal(row.district_code, 'gangnam');
    assert.equal(row.actor_type, 'staff');
    assert.equal(row.actor_id, '17');
    assert.equal(row.entity_type, 'taxpayer');
    assert.equal(row.entity_id, '42');
    assert.equal(row.reason, 'resident asked by KakaoTalk channel');
    assert.equal(row.source, 'chat');
    assert.deepEqual(row.details, { changed: ['mobile'], mobile: '010-****-5678' });
    assert.ok(row.at instanceof Date);
  });

  test('recordAuditBatch writes many rows inside the caller’s transaction', async () => {
    const entries = Array.from({ length: 250 }, (_, i) => ({
      districtCode: 'gangnam',
      actor: { type: 'import' as const, id: 'roll:7' },
      action: 'taxpayer.created',
      entityType: 'taxpayer',
      entityId: String(1000 + i),
      reason: 'tax roll 2026-07',
      source: 'roll' as const,
    }));
    await ctx.db.transaction(async (tx) => recordAuditBatch(tx, entries));
    const { rows } = await ctx.db.query<{ n: number; distinct_ids: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT entity_id)::int AS distinct_ids FROM audit_log WHERE action = 'taxpayer.created'",
    );
    assert.deepEqual(rows[0], { n: 250, distinct_ids: 250 });
    await assert.rejects(
      ctx.db.transaction(async (tx) => {
        await recordAuditBatch(tx, entries.slice(0, 3).map((e) => ({ ...e, action: 'taxpayer.rolled_back' })));
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    const gone = await ctx.db.query("SELECT 1 FROM audit_log WHERE action = 'taxpayer.rolled_back'");
    assert.equal(gone.rowCount, 0, 'no audit row outlives its rolled-back change');
    await recordAuditBatch(ctx.db, []);
  });

  test('details with unmasked personal data are refused', async () => {
    for (const details of [{ mobile: '010-2345-6789' }, { email: 'minjun.kim@example.kr' }, { note: 'call +82 10 9876 5432' }]) {
      await assert.rejects(
        recordAudit(ctx.db, { districtCode: 'gangnam', actor: { type: 'system' }, action: 'x.y', entityType: 'taxpayer', reason: 'test', source: 'system', details }),
        AuditPersonalDataError,
      );
    }
  });

  test('the log is append-only: updates and deletes are refused by the database', async () => {
    await recordAudit(ctx.db, { districtCode: 'gangnam', actor: { type: 'system' }, action: 'append.only', entityType: 'test', reason: 'test', source: 'system' });
    await assert.rejects(ctx.db.query("UPDATE audit_log SET reason = 'edited' WHERE action = 'append.only'"), /append-only/);
    await assert.rejects(ctx.db.query("DELETE FROM audit_log WHERE action = 'append.only'"), /append-only/);
  });
});
