import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { createLogger } from '../../platform/logger.ts';
import { issueSeason } from '../queue/queue.ts';
import { ProviderError, type ElectronicChannel, type OutboundMessage, type ProviderAdapter, type Receipt, type SendOutcome } from '../provider.ts';
import { storeReceipts, applyPendingReceipts } from '../receipts/receipts.service.ts';
import { loadLawRules, localTaxDeadline } from '../law/law-rules.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import { seasonSummary } from '../season-summary.ts';
import { messageTimeline } from '../queue/queue.ts';
import { DispatchEngine, type DispatchOptions } from './dispatch.engine.ts';
import { createCipher } from '../../platform/crypto.ts';
import { randomBytes } from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';

// The engine's state machine against a scripted in-test provider: the HTTP
// adapters themselves are tested against the gateway simulator elsewhere.

class ScriptedProvider implements ProviderAdapter {
  readonly maxBatchSize = 100;
  sent: OutboundMessage[] = [];
  failNextCalls = 0;
  constructor(
    readonly name: string,
    readonly channel: ElectronicChannel,
    private readonly decide: (m: OutboundMessage) => 'accept' | 'reject' = () => 'accept',
  ) {}
  async sendBatch(messages: OutboundMessage[]): Promise<SendOutcome[]> {
    if (this.failNextCalls > 0) {
      this.failNextCalls -= 1;
      throw new ProviderError('503 from provider', true, { status: 503, retryAfterMs: 0 });
    }
    this.sent.push(...messages);
    return messages.map((m) =>
      this.decide(m) === 'accept'
        ? { attemptId: m.attemptId, status: 'accepted', providerMessageId: `${this.name}-${m.idempotencyKey}` }
        : { attemptId: m.attemptId, status: 'rejected', permanent: true, cause: 'invalid_recipient', detail: 'bad number' },
    );
  }
}

const renderer = { prepare: async () => {}, render: () => ({ sms: { kind: 'sms' as const, text: 'notice' } }) };
const silent = createLogger({ level: 'silent' });
let receiptSeq = 0;
const receiptFor = (provider: ScriptedProvider, m: OutboundMessage, status: Receipt['status'], extra: Partial<Receipt> = {}): Receipt => ({
  provider: provider.name,
  receiptId: `r${++receiptSeq}`,
  idempotencyKey: m.idempotencyKey,
  providerMessageId: `${provider.name}-${m.idempotencyKey}`,
  status,
  occurredAt: new Date(),
  ...extra,
});

/** A district whose taxpayers applied for SMS only, its season issued, and an engine with one scripted SMS provider. */
async function smsOnlySeason(db: Database, provider: string, phones: string[], opts: { dueInDays?: number; dispatch?: Partial<DispatchOptions> } = {}) {
  const district = await createDistrict(db);
  const taxpayers = await createTaxpayers(db, district, phones.map((mobile) => ({ mobile, enrol: ['sms'] })));
  const dueDate = opts.dueInDays === undefined ? undefined : new Date(Date.now() + opts.dueInDays * 86400_000).toISOString().slice(0, 10);
  await createNotices(db, district, taxpayers, dueDate ? { dueDate } : {});
  await issueSeason(db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
  const sms = new ScriptedProvider(provider, 'sms');
  const engine = new DispatchEngine(
    { db, cipher: testCipher, log: silent, renderer, providers: [{ adapter: sms, settings: { name: sms.name, channel: 'sms', priority: 1, ratePerSecond: 10000 } }] },
    opts.dispatch,
  );
  return { district, taxpayers, sms, engine };
}

forEachEngine('dispatch engine', (ctx) => {
  test('falls back channel by channel and returns what no channel delivered', async () => {
    const district = await createDistrict(ctx.db);
    const taxpayers = await createTaxpayers(ctx.db, district, [
      { mobile: '+821012340001', email: 'a@example.kr', enrol: ['kakao', 'sms', 'email'] },
      { mobile: '+821012340002', enrol: ['sms'] },
      { enrol: [] },
    ]);
    await createNotices(ctx.db, district, taxpayers, { dueDate: '2099-12-31' });
    const issued = await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    assert.deepEqual([issued.issued, issued.electronic, issued.paperOnly], [3, 2, 1]);
    assert.equal((await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' })).issued, 0);

    const kakao = new ScriptedProvider('kakao-test', 'kakao', () => 'reject');
    const sms = new ScriptedProvider('sms-test', 'sms');
    const email = new ScriptedProvider('email-test', 'email');
    const engine = new DispatchEngine(
      {
        db: ctx.db, cipher: testCipher, log: silent, renderer,
        providers: [kakao, sms, email].map((adapter) => ({ adapter, settings: { name: adapter.name, channel: adapter.channel, priority: 1, ratePerSecond: 10000 } })),
      },
      { backoffBaseMs: 1 },
    );
    for (let i = 0; i < 4; i++) await engine.tick();
    assert.equal(kakao.sent.length, 1, 'kakao tried for the first taxpayer');
    assert.equal(sms.sent.length, 2, 'sms after kakao failed, and for the sms-only taxpayer');

    // SMS to the first fails by receipt; to the second is delivered.
    const first = sms.sent.find((m) => m.to.phone === '+821012340001');
    const second = sms.sent.find((m) => m.to.phone === '+821012340002');
    await storeReceipts(ctx.db, [receiptFor(sms, first!, 'failed', { cause: 'number_changed' }), receiptFor(sms, second!, 'delivered')]);
    for (let i = 0; i < 3; i++) await engine.tick();
    assert.equal(email.sent.length, 1, 'e-mail after SMS failed');
    assert.equal(email.sent[0]!.to.email, 'a@example.kr');
    await storeReceipts(ctx.db, [receiptFor(email, email.sent[0]!, 'failed', { cause: 'hard_bounce' })]);
    await engine.tick();

    const states = await ctx.db.query<{ state: string; returned: boolean }>(
      `SELECT state, returned_at IS NOT NULL AS returned FROM messages WHERE district_code = $1 ORDER BY taxpayer_id`,
      [district],
    );
    assert.deepEqual(states.rows, [
      { state: 'awaiting_paper', returned: true },
      { state: 'delivered', returned: false },
      { state: 'awaiting_paper', returned: false },
    ]);
    const timeline = await ctx.db.query<{ event: string; channel: string | null }>(
      `SELECT e.event, e.channel FROM message_timeline e JOIN messages m ON m.id = e.message_id
        WHERE m.taxpayer_id = $1 ORDER BY e.seq`,
      [taxpayers[0]],
    );
    assert.deepEqual(timeline.rows.map((r) => `${r.event}:${r.channel ?? ''}`), [
      'attempt_failed:kakao', 'next_channel:sms', 'accepted:sms', 'attempt_failed:sms', 'next_channel:email',
      'accepted:email', 'attempt_failed:email', 'returned:',
    ]);
    const summary = await seasonSummary(ctx.db, issued.seasonId);
    assert.equal(summary.notices, 3);
    assert.equal(summary.applicants, 2);
    assert.deepEqual(summary.delivered, { sms: 1 });
    assert.equal(summary.returned, 1);
    assert.equal(summary.failed.number_changed, 1);
    assert.equal(summary.electronic_delivery_rate, 0.5);
  });

  test('receipts are idempotent, accepted in any order and never move a final message', async () => {
    // Due in three days: arrival now is within 7 days, so §31 moves the due date.
    const { taxpayers, sms, engine } = await smsOnlySeason(ctx.db, 'sms-order', ['+821012340003'], { dueInDays: 3 });
    await engine.tick();
    const m = sms.sent[0]!;
    const delivered = receiptFor(sms, m, 'delivered');
    const lateFailure = receiptFor(sms, m, 'failed', { cause: 'number_changed' });
    assert.equal(await storeReceipts(ctx.db, [delivered, delivered, lateFailure]), 2, 'the duplicate is not stored twice');
    assert.equal(await storeReceipts(ctx.db, [delivered]), 0);
    await applyPendingReceipts(ctx.db, await loadLawRules(ctx.db));
    const { rows } = await ctx.db.query<{ state: string; effective_due_date: string; delivered_at: Date }>(
      `SELECT state, effective_due_date, delivered_at FROM messages WHERE taxpayer_id = $1`,
      [taxpayers[0]],
    );
    assert.equal(rows[0]!.state, 'delivered');
    // 14 days after arrival (§31), moved to the next working day when that is a day off (§24)
    const rules = await loadLawRules(ctx.db);
    assert.equal(rows[0]!.effective_due_date, localTaxDeadline(rules, addDays(seoulDay(rows[0]!.delivered_at), 14)));
    await assert.rejects(
      ctx.db.query(`UPDATE messages SET state = 'pending', final_at = NULL WHERE taxpayer_id = $1`, [taxpayers[0]]),
      /is final/,
    );
    const unknown = await storeReceipts(ctx.db, [{ provider: 'sms-order', receiptId: 'ghost', providerMessageId: 'nope', status: 'delivered', occurredAt: new Date() }]);
    assert.equal(unknown, 1);
    await applyPendingReceipts(ctx.db, await loadLawRules(ctx.db));
    const kept = await ctx.db.query<{ outcome: string }>(`SELECT outcome FROM delivery_receipts WHERE receipt_id = 'ghost'`);
    assert.equal(kept.rows[0]!.outcome, 'unknown_message');
  });

  test('the timeline shows acceptance, delivery and opening in the order they happened, each once', async () => {
    const { district, taxpayers, sms, engine } = await smsOnlySeason(ctx.db, 'sms-timeline', ['+821012340005', '+821012340006'], { dueInDays: 2 });
    await engine.tick();
    assert.equal(sms.sent.length, 2);
    const first = sms.sent.find((m) => m.to.phone === '+821012340005')!;
    // Accepted two minutes ago, stored one minute ago: a receipt's time counts
    // as reported when it is after the acceptance (and not in the future).
    await ctx.db.query(`UPDATE delivery_attempts SET accepted_at = now() - interval '2 minutes', claimed_at = now() - interval '2 minutes' WHERE provider = $1`, [sms.name]);
    const storedAt = new Date(Date.now() - 60_000);
    // The first: delivered and opened, reported in one batch (opening first, as receipts come in any order).
    await storeReceipts(ctx.db, [
      receiptFor(sms, first, 'opened', { occurredAt: new Date(storedAt.getTime() + 5000) }),
      receiptFor(sms, first, 'delivered', { occurredAt: storedAt }),
    ]);
    await engine.tick();
    // The second: an older-style history, as migrations before 0012 stored it, stays as it was and is not doubled.
    await ctx.db.query(
      `INSERT INTO message_events (message_id, event, channel, provider, attempt_id, detail)
       SELECT a.message_id, 'accepted', a.channel, a.provider, a.id, '{}'::jsonb FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
        WHERE m.taxpayer_id = $1`,
      [taxpayers[1]],
    );
    await ctx.db.query(`UPDATE delivery_attempts a SET accepted_seq = NULL FROM messages m WHERE m.id = a.message_id AND m.taxpayer_id = $1`, [taxpayers[1]]);

    const messageOf = async (taxpayer: number) =>
      (await ctx.db.query<{ id: number }>('SELECT id FROM messages WHERE taxpayer_id = $1', [taxpayer])).rows[0]!.id;
    const timeline = await messageTimeline(ctx.db, district, await messageOf(taxpayers[0]!));
    assert.deepEqual(timeline.map((e) => `${e.event}:${e.channel}:${e.provider}`), ['accepted:sms:sms-timeline', 'delivered:sms:sms-timeline', 'opened:sms:sms-timeline']);
    const delivered = timeline[1]!.detail as { delivered_at: string; effective_due_date: string | null };
    assert.equal(new Date(delivered.delivered_at).getTime(), storedAt.getTime(), 'the legal moment is the receipt\'s (§32)');
    assert.ok(delivered.effective_due_date, 'arrived within 7 days of the due date: the new due date is on the delivery (§31)');
    assert.equal((timeline[0]!.detail as { provider_message_id: string }).provider_message_id, `${sms.name}-${first.idempotencyKey}`);
    const older = await messageTimeline(ctx.db, district, await messageOf(taxpayers[1]!));
    assert.deepEqual(older.map((e) => e.event), ['accepted']);
  });

  test('a transient provider error is retried with the same idempotency key', async () => {
    const { taxpayers, sms, engine } = await smsOnlySeason(ctx.db, 'sms-flaky', ['+821012340004'], { dispatch: { backoffBaseMs: 1, concurrency: 1 } });
    sms.failNextCalls = 1;
    await engine.tick();
    assert.equal(sms.sent.length, 0);
    await new Promise((r) => setTimeout(r, 20));
    await engine.tick();
    assert.equal(sms.sent.length, 1);
    const { rows } = await ctx.db.query<{ tries: number; state: string; idempotency_key: string }>(
      `SELECT a.tries, a.state, a.idempotency_key FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.taxpayer_id = $1`,
      [taxpayers[0]],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.tries, 2);
    assert.equal(rows[0]!.state, 'accepted');
    assert.equal(rows[0]!.idempotency_key, sms.sent[0]!.idempotencyKey);
  });

  test('a contact sealed with another key fails its attempt as unreadable_contact, once, and the message moves on', async () => {
    // Issue 13, finding 11: a value that does not open is never retried.
    const district = await createDistrict(ctx.db);
    const taxpayers = await createTaxpayers(ctx.db, district, [
      { mobile: '+821012340011', email: 'eleven@example.kr', enrol: ['sms', 'email'] },
      { mobile: '+821012340012', enrol: ['sms'] },
    ]);
    // Both mobiles sealed by a process with another key; the first taxpayer's e-mail opens.
    const otherKey = createCipher(randomBytes(32));
    for (const [id, mobile] of [[taxpayers[0], '+821012340011'], [taxpayers[1], '+821012340012']] as const) {
      await ctx.db.query('UPDATE taxpayers SET mobile_enc = $2 WHERE id = $1', [id, otherKey.encrypt(mobile)]);
    }
    await createNotices(ctx.db, district, taxpayers, { dueDate: '2099-12-31' });
    await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const sms = new ScriptedProvider('sms-key', 'sms');
    const email = new ScriptedProvider('email-key', 'email');
    const engine = new DispatchEngine(
      { db: ctx.db, cipher: testCipher, log: silent, renderer, providers: [sms, email].map((adapter) => ({ adapter, settings: { name: adapter.name, channel: adapter.channel, priority: 1, ratePerSecond: 10000 } })) },
      { backoffBaseMs: 1 },
    );
    for (let i = 0; i < 3; i++) await engine.tick();
    assert.equal(sms.sent.length, 0, 'nothing sent to a contact that does not open');
    assert.deepEqual(email.sent.map((m) => m.to.email), ['eleven@example.kr'], 'the next channel was tried');
    const attempts = await ctx.db.query<{ taxpayer_id: number; channel: string; state: string; tries: number; failure_cause: string | null }>(
      `SELECT m.taxpayer_id, a.channel, a.state, a.tries, a.failure_cause FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
        WHERE m.district_code = $1 ORDER BY m.taxpayer_id, a.id`,
      [district],
    );
    assert.deepEqual(attempts.rows.map((r) => [r.taxpayer_id, r.channel, r.state, r.tries, r.failure_cause]), [
      [taxpayers[0], 'sms', 'failed', 1, 'unreadable_contact'],
      [taxpayers[0], 'email', 'accepted', 1, null],
      [taxpayers[1], 'sms', 'failed', 1, 'unreadable_contact'],
    ]);
    const messages = await ctx.db.query<{ state: string; last_failure_cause: string | null }>(
      'SELECT state, last_failure_cause FROM messages WHERE district_code = $1 ORDER BY taxpayer_id',
      [district],
    );
    assert.deepEqual(messages.rows, [
      { state: 'pending', last_failure_cause: 'unreadable_contact' },
      { state: 'awaiting_paper', last_failure_cause: 'unreadable_contact' },
    ]);
  });
});
