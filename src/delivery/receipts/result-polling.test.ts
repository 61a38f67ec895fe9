import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createLogger } from '../../platform/logger.ts';
import { ProviderError, type PolledAttempt, type Receipt, type ResultPoller } from '../provider.ts';
import { issueSeason } from '../queue/queue.ts';
import { ResultPolling } from './result-polling.ts';
import { ReceiptWriter } from './receipts.service.ts';

// Results asked for on an injected clock: every interval, a page at a time
// round the provider's accepted attempts, a failed call retried after the
// interval or the service's Retry-After, receipts into the inbox once.

class FakePoller implements ResultPoller {
  readonly provider = 'poll-test';
  readonly intervalMs = 10_000;
  readonly pageSize = 2;
  calls: string[][] = [];
  failNext: ProviderError | null = null;

  async poll(attempts: PolledAttempt[]): Promise<Receipt[]> {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    this.calls.push(attempts.map((a) => a.attemptId));
    // The first attempt of each page has its result.
    const a = attempts[0]!;
    return [{ provider: this.provider, receiptId: `${a.providerMessageId}.delivered`, providerMessageId: a.providerMessageId, attemptId: a.attemptId, status: 'delivered', occurredAt: new Date() }];
  }
}

forEachEngine('result polling', (ctx) => {
  test('pages round the accepted attempts every interval; a failure waits for Retry-After and is logged without data', async () => {
    const district = await createDistrict(ctx.db);
    const ids = await createTaxpayers(ctx.db, district, Array.from({ length: 5 }, (_, i) => ({ mobile: `+82105555${String(1000 + i)}`, enrol: ['sms' as const] })));
    await createNotices(ctx.db, district, ids, { dueDate: '2099-07-31' });
    await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    await ctx.db.query(`INSERT INTO delivery_providers (name, channel, priority, rate_per_second, tokens) VALUES ('poll-test', 'sms', 1, 100, 100) ON CONFLICT (name) DO NOTHING`);
    const { rows } = await ctx.db.query<{ id: string }>(
      `UPDATE delivery_attempts SET state = 'accepted', provider = 'poll-test', provider_message_id = 'pm-' || id, accepted_at = now(), receipt_deadline = now() + interval '1 hour'
        WHERE district_code = $1 RETURNING id`,
      [district],
    );
    const attemptIds = rows.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b));
    assert.equal(attemptIds.length, 5);

    const lines: string[] = [];
    const log = createLogger({ level: 'warn', destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }) as never });
    let now = 1_000_000;
    const poller = new FakePoller();
    const writer = new ReceiptWriter(ctx.db, { maxBatch: 100, maxDelayMs: 1 });
    const polling = new ResultPolling(ctx.db, [poller], writer, log, () => now);

    assert.equal(await polling.round(), 3, 'one result per page of two: three pages');
    assert.deepEqual(poller.calls, [attemptIds.slice(0, 2), attemptIds.slice(2, 4), attemptIds.slice(4)]);
    assert.equal(await polling.round(), 0, 'not again before the interval');
    now += 10_000;
    poller.failNext = new ProviderError('poll-test: rate limited by the service (429)', true, { status: 429, retryAfterMs: 30_000 });
    assert.equal(await polling.round(), 0);
    assert.match(lines.join(''), /"error":"poll-test: rate limited by the service \(429\)","msg":"result polling failed/);
    now += 10_000;
    assert.equal(await polling.round(), 0, 'the service asked for 30 s');
    now += 20_000;
    assert.equal(await polling.round(), 3, 'the same results again');
    await writer.close();
    const stored = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivery_receipts WHERE provider = 'poll-test'`);
    assert.equal(stored.rows[0]!.n, 3, 'a result read twice is stored once');
  });
});
