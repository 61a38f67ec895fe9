import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { runRetentionPurges } from '../../platform/retention/retention.ts';
import { failAttempts } from '../dispatch/attempts.repository.ts';
import { enqueueMessages } from '../queue/queue.ts';
import { setRetentionForDelivery } from './retention.repository.ts';
import { deliveryRetentionPurger } from './retention.service.ts';

// Delivery contents past the district's period are removed, with an audit
// entry of counts; what is not past it, and what is not final, stays; the
// rows, states, times and the audit log stay; a second run changes nothing.
// The clock is injected: `now` is a fixed day, final_at set relative to it.

const DAY = 86_400_000;
const NOW = new Date('2027-06-01T03:00:00Z');
const EMAIL = 'kim.minsu@example.com';

forEachEngine('delivery retention purge', (ctx) => {
  async function finalMessage(district: string, taxpayerId: number, finalDaysAgo: number): Promise<{ messageId: number; attemptId: number }> {
    const [messageId] = await enqueueMessages(ctx.db, testCipher, [
      { districtCode: district, kind: 'one_time_code', topic: 'one_time_code', taxpayerId, plan: ['email'], recipient: { email: EMAIL }, variables: { code: '123456' } },
    ]);
    const { rows } = await ctx.db.query<{ id: number }>('SELECT id FROM delivery_attempts WHERE message_id = $1', [messageId]);
    const attemptId = Number(rows[0]!.id);
    await ctx.db.query("UPDATE delivery_attempts SET provider = 'mail', state = 'sending' WHERE id = $1", [attemptId]);
    await ctx.db.transaction((tx) => failAttempts(tx, [{ attemptId, cause: 'hard_bounce', detail: `550 5.1.1 <${EMAIL}>: user unknown` }], 'mail'));
    await ctx.db.query(
      `INSERT INTO delivery_receipts (provider, receipt_id, attempt_id, status, cause, detail, occurred_at, outcome)
       VALUES ('mail', $1, $2, 'failed', 'hard_bounce', $3, now(), 'applied')`,
      [`r-${attemptId}`, attemptId, `Final-Recipient: rfc822; ${EMAIL}`],
    );
    const finalAt = new Date(NOW.getTime() - finalDaysAgo * DAY);
    await ctx.db.query('UPDATE messages SET final_at = $2 WHERE id = $1', [messageId, finalAt]);
    await ctx.db.query('UPDATE delivery_attempts SET final_at = $2 WHERE message_id = $1', [messageId, finalAt]);
    return { messageId: messageId!, attemptId };
  }

  async function message(id: number) {
    const { rows } = await ctx.db.query<{ state: string; final_at: Date; variables_enc: Uint8Array | null; recipient_enc: Uint8Array | null; contents_purged_at: Date | null }>(
      'SELECT state, final_at, variables_enc, recipient_enc, contents_purged_at FROM messages WHERE id = $1',
      [id],
    );
    return rows[0]!;
  }

  const auditRows = (district: string) =>
    ctx.db.query<{ action: string; actor_id: string; details: Record<string, unknown>; reason: string }>(
      'SELECT action, actor_id, details, reason FROM audit_log WHERE district_code = $1 ORDER BY id',
      [district],
    );

  const purge = (district: string, extra: { dryRun?: boolean; now?: Date; batchSize?: number } = {}) =>
    runRetentionPurges(ctx.db, [deliveryRetentionPurger], { now: extra.now ?? NOW, districtCode: district, dryRun: extra.dryRun, batchSize: extra.batchSize ?? 2, actor: { type: 'system', id: 'test' } });

  test('contents past the period go, the rest stays; rows, states, times and the audit log are kept; idempotent', async () => {
    const district = await createDistrict(ctx.db);
    const other = await createDistrict(ctx.db);
    const [taxpayer] = await createTaxpayers(ctx.db, district, [{ email: EMAIL, enrol: ['email'] }]);
    const [otherTaxpayer] = await createTaxpayers(ctx.db, other, [{ email: EMAIL, enrol: ['email'] }]);
    await recordAudit(ctx.db, { districtCode: district, actor: { type: 'staff', id: 'kim' }, action: 'taxpayer.contact_updated', entityType: 'taxpayer', entityId: String(taxpayer), reason: 'earlier', source: 'official' });

    const old = await Promise.all([400, 380, 366].map((days) => finalMessage(district, taxpayer!, days)));
    const recent = await finalMessage(district, taxpayer!, 364);
    const otherOld = await finalMessage(other, otherTaxpayer!, 400);
    const [pending] = await enqueueMessages(ctx.db, testCipher, [{ districtCode: district, kind: 'one_time_code', topic: 'one_time_code', taxpayerId: taxpayer, plan: ['email'], variables: { code: '654321' } }]);
    await ctx.db.query('UPDATE messages SET created_at = $2 WHERE id = $1', [pending, new Date(NOW.getTime() - 500 * DAY)]);
    await ctx.db.query(
      `INSERT INTO inbound_reports_refused (received_at, reason, district_code, size_bytes, envelope_recipient_enc, envelope_enc, message_enc)
       VALUES ($1, 'unsigned', $3, 10, '\\x00', '\\x00', '\\x00'), ($2, 'unsigned', $3, 10, '\\x00', '\\x00', '\\x00')`,
      [new Date(NOW.getTime() - 400 * DAY), new Date(NOW.getTime() - 10 * DAY), district],
    );
    const before = await message(old[0]!.messageId);

    const dry = await purge(district, { dryRun: true });
    assert.deepEqual(dry.map((r) => [r.kind, r.counts]), [['delivery_contents', { messages: 3 }], ['delivery_refused_reports', { refusedReports: 1 }]]);
    assert.ok((await message(old[0]!.messageId)).variables_enc, 'a dry run changes nothing');
    assert.equal((await auditRows(district)).rows.length, 1, 'a dry run writes no audit entry');

    const results = await purge(district);
    assert.deepEqual(results.map((r) => [r.kind, r.periodDays, r.cutoff.toISOString()]), [
      ['delivery_contents', 365, new Date(NOW.getTime() - 365 * DAY).toISOString()],
      ['delivery_refused_reports', 365, new Date(NOW.getTime() - 365 * DAY).toISOString()],
    ]);
    assert.deepEqual(results[0]!.counts, { messages: 3, attempts: 3, events: 3, receipts: 3 });
    assert.deepEqual(results[1]!.counts, { refusedReports: 1 });

    for (const { messageId, attemptId } of old) {
      const m = await message(messageId);
      assert.equal(m.variables_enc, null);
      assert.equal(m.recipient_enc, null);
      assert.equal(new Date(m.contents_purged_at!).toISOString(), NOW.toISOString());
      assert.equal(m.state, 'failed', 'the state stays');
      const { rows: attempts } = await ctx.db.query<{ state: string; failure_cause: string; failure_detail: string | null; final_at: Date }>(
        'SELECT state, failure_cause, failure_detail, final_at FROM delivery_attempts WHERE id = $1',
        [attemptId],
      );
      assert.deepEqual({ ...attempts[0]!, final_at: undefined }, { state: 'failed', failure_cause: 'hard_bounce', failure_detail: null, final_at: undefined });
      const { rows: events } = await ctx.db.query<{ event: string; detail: Record<string, unknown> }>("SELECT event, detail FROM message_events WHERE message_id = $1 AND event = 'attempt_failed'", [messageId]);
      assert.deepEqual(events[0]!.detail, { cause: 'hard_bounce' }, 'the cause stays in the timeline, the provider\'s words go');
      const { rows: receipts } = await ctx.db.query<{ detail: string | null; status: string }>('SELECT detail, status FROM delivery_receipts WHERE attempt_id = $1', [attemptId]);
      assert.deepEqual(receipts[0], { detail: null, status: 'failed' });
    }
    assert.equal(new Date((await message(old[0]!.messageId)).final_at).toISOString(), new Date(before.final_at).toISOString(), 'the time stays');
    assert.ok((await message(recent.messageId)).variables_enc, 'a message final for 364 days keeps its contents');
    assert.ok((await message(pending!)).variables_enc, 'a message not final keeps its contents');
    assert.ok((await message(otherOld.messageId)).variables_enc, "another district's message is not touched by --district");
    const { rows: refused } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_reports_refused WHERE district_code = $1', [district]);
    assert.equal(refused[0]!.n, 1, 'the recent refused report stays');

    const audit = (await auditRows(district)).rows;
    assert.equal(audit[0]!.action, 'taxpayer.contact_updated', 'the audit log is kept');
    const purgeEntries = audit.filter((a) => a.action === 'retention.delivery_contents_purged');
    assert.equal(purgeEntries.length, 2, 'one entry a batch (3 messages in batches of 2)');
    assert.deepEqual(purgeEntries.map((a) => a.details.messages), [2, 1]);
    assert.ok(purgeEntries.every((a) => a.actor_id === 'test' && a.details.periodDays === 365));
    assert.equal(audit.filter((a) => a.action === 'retention.refused_reports_purged').length, 1);
    assert.ok(!JSON.stringify(audit).includes(EMAIL), 'no personal data in the audit entries');

    const again = await purge(district);
    assert.ok(again.every((r) => Object.values(r.counts).every((n) => n === 0)), 'a second run removes nothing');
    assert.equal((await auditRows(district)).rows.length, audit.length, 'and writes nothing');

    await setRetentionForDelivery(ctx.db, district, { contentsDays: 30 });
    const shorter = await purge(district);
    assert.equal(shorter[0]!.counts.messages, 1, 'a shorter period takes the message final for 364 days');
  });
});
