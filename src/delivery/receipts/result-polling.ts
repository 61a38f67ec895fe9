import type { Database } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logger.ts';
import { ProviderError, type ResultPoller } from '../provider.ts';
import { acceptedAttemptsOf } from './polled-attempts.repository.ts';
import type { ReceiptWriter } from './receipts.service.ts';

// Results by polling, for services without a result webhook: each poller is
// asked, every `intervalMs`, about its provider's accepted attempts, a page
// at a time; what it reports is stored like a webhook's receipts (the inbox
// ignores a receipt read twice) and applied by the engine. An attempt that
// never gets a result is failed by the engine at its receipt deadline.

/** Pages per provider in one round, so one large backlog does not hold a round up. */
const MAX_PAGES_PER_ROUND = 20;

export class ResultPolling {
  private readonly state = new Map<string, { cursor: number; nextAt: number }>();

  constructor(
    private readonly db: Database,
    private readonly pollers: ResultPoller[],
    private readonly writer: ReceiptWriter,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    for (const p of pollers) this.state.set(p.provider, { cursor: 0, nextAt: 0 });
  }

  get size(): number {
    return this.pollers.length;
  }

  /** The shortest interval among the pollers (how often a worker should call `round`). */
  get intervalMs(): number {
    return Math.min(...this.pollers.map((p) => p.intervalMs), 60_000);
  }

  /** Polls every provider whose interval has passed; returns the receipts read. */
  async round(signal?: AbortSignal): Promise<number> {
    let read = 0;
    for (const poller of this.pollers) {
      const s = this.state.get(poller.provider)!;
      if (this.now() < s.nextAt) continue;
      try {
        read += await this.pollOne(poller, s, signal);
      } catch (error) {
        const retryAfterMs = error instanceof ProviderError ? error.details.retryAfterMs : undefined;
        s.nextAt = this.now() + Math.max(poller.intervalMs, retryAfterMs ?? 0);
        // The message of a ProviderError names the provider and what went wrong, never a recipient.
        this.log.warn({ provider: poller.provider, error: error instanceof Error ? error.message : 'unknown error' }, 'result polling failed; asking again next round');
      }
    }
    return read;
  }

  private async pollOne(poller: ResultPoller, s: { cursor: number; nextAt: number }, signal?: AbortSignal): Promise<number> {
    let read = 0;
    for (let page = 0; page < MAX_PAGES_PER_ROUND; page++) {
      const attempts = await acceptedAttemptsOf(this.db, poller.provider, s.cursor, poller.pageSize);
      if (attempts.length > 0) {
        const receipts = await poller.poll(attempts, signal);
        if (receipts.length > 0) await this.writer.write(receipts);
        read += receipts.length;
        s.cursor = attempts[attempts.length - 1]!.id;
      }
      if (attempts.length < poller.pageSize) {
        // Once round the list: start again from the oldest after the interval.
        s.cursor = 0;
        s.nextAt = this.now() + poller.intervalMs;
        return read;
      }
    }
    return read;
  }
}
