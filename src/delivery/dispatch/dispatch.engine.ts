import { randomBytes } from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Logger } from '../../platform/logger.ts';
import { ProviderError, type ElectronicChannel, type ProviderAdapter, type SendOutcome } from '../provider.ts';
import { loadLawRules, type LawRules } from '../law/law-rules.ts';
import { applyPendingReceipts } from '../receipts/receipts.service.ts';
import {
  anyReady,
  expireReceiptDeadlines,
  expireStuckQueued,
  failAttempts,
  lockForChange,
  markAccepted,
  requeueAbandoned,
  requeueForRetry,
  type FailedOutcome,
  type RetryOutcome,
} from './attempts.repository.ts';
import { claimForSending, prepareOutbound, type DistrictFilter } from './outbound.ts';
import type { NoticeRenderer } from './notice-renderer.ts';
import {
  DEFAULT_HEALTH_POLICY,
  chooseProvider,
  recordCall,
  registerProviders,
  takeTokens,
  type HealthPolicy,
  type ProviderSettings,
} from './provider-health.repository.ts';
import { MESSAGING_CHANNELS_WITH_QUIET_HOURS, type QuietHours } from './quiet-hours.ts';
import { countDispatch } from '../../platform/metrics/metrics.ts';
import { sharedBus } from '../../platform/realtime/shared-bus.ts';
import { DistrictQuietHours, type QuietHoursSource } from '../settings/delivery-settings.cache.ts';

export interface ConfiguredProvider {
  adapter: ProviderAdapter;
  settings: ProviderSettings;
}

export interface DispatchOptions {
  batchSize: number;
  /** Batches in flight per channel in this process. */
  concurrency: number;
  lockSeconds: number;
  maxTries: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Fallback when a district has no delivery_settings row. */
  receiptTimeoutSeconds: number;
  /** A queued attempt no provider could take for this long fails on its channel. */
  maxQueuedSeconds: number;
  /** The installation's quiet hours (TAXSTATION_QUIET_HOURS): a district without its own follows them. */
  quietHours: QuietHours | null;
  health: HealthPolicy;
  /**
   * After applying fewer receipts than this, the receipt loop waits
   * `receiptGatherMs` for more: on PGlite, which runs on this thread and
   * gains nothing from concurrency, a statement's fixed cost (parse, plan,
   * round trips) is paid per batch, so fewer, larger batches go faster.
   */
  receiptGatherBelow: number;
  receiptGatherMs: number;
}

export const DEFAULT_DISPATCH_OPTIONS: DispatchOptions = {
  batchSize: 500,
  concurrency: 2,
  lockSeconds: 60,
  maxTries: 8,
  backoffBaseMs: 2000,
  backoffCapMs: 5 * 60_000,
  receiptTimeoutSeconds: 72 * 3600,
  maxQueuedSeconds: 48 * 3600,
  quietHours: null,
  health: DEFAULT_HEALTH_POLICY,
  receiptGatherBelow: 0,
  receiptGatherMs: 0,
};

/** How often attempts queued too long are looked for (their limit is counted in hours). */
const STUCK_QUEUE_CHECK_MS = 60_000;

/**
 * PGlite has no autovacuum: rows that left the queue (claimed attempts,
 * applied receipts) leave entries in its partial indexes, and every claim and
 * every receipt batch walks past them, longer and longer. The worker vacuums
 * the two queue tables itself after this many rows went through them. (Not
 * ANALYZE: at a season's size it costs more than the plans it would fix;
 * the hot statements are written to need no fresh row counts.)
 */
const PGLITE_VACUUM_AFTER_ROWS = 40_000;

export interface DispatchDeps {
  db: Database;
  cipher: PersonalDataCipher;
  log: Logger;
  providers: ConfiguredProvider[];
  renderer: NoticeRenderer;
  /**
   * Which districts quiet hours hold now; default: the districts' own quiet
   * hours from delivery_settings over options.quietHours, cached and dropped
   * on every settings change (settings/delivery-settings.cache.ts).
   */
  quietHours?: QuietHoursSource;
}

export interface TickResult {
  sent: number;
  receiptsApplied: number;
  housekeeping: number;
}

/**
 * Exponential backoff with jitter: half fixed, half random, so retries of a
 * batch spread out. (A provider's Retry-After holds the provider instead:
 * see recordCall.)
 */
export function backoffDelay(tries: number, baseMs: number, capMs: number): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, tries - 1));
  return exp / 2 + Math.random() * (exp / 2);
}

/**
 * The delivery engine of one process. Any number of processes may run one
 * against the same database: attempts are claimed with FOR UPDATE SKIP
 * LOCKED and provider state is shared through the database.
 */
export class DispatchEngine {
  readonly workerId = `w-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly options: DispatchOptions;
  private readonly byChannel = new Map<ElectronicChannel, ConfiguredProvider[]>();
  private rules: LawRules | undefined;
  private registered = false;
  private lastHousekeeping = 0;
  private lastStuckQueueCheck = 0;
  private rowsSinceVacuum = 0;
  private liftedUntilMs = 0;
  /** Channels whose last claim found fewer attempts than it asked for. */
  private readonly drained = new Set<ElectronicChannel>();
  private readonly quiet: QuietHoursSource;

  constructor(
    private readonly deps: DispatchDeps,
    options: Partial<DispatchOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCH_OPTIONS, ...options };
    this.quiet = deps.quietHours ?? new DistrictQuietHours(deps.db, sharedBus({ db: deps.db }), this.options.quietHours, { log: deps.log });
    for (const provider of deps.providers) {
      const list = this.byChannel.get(provider.settings.channel) ?? [];
      list.push(provider);
      this.byChannel.set(provider.settings.channel, list);
    }
  }

  private async ready(): Promise<LawRules> {
    if (!this.registered) {
      await registerProviders(this.deps.db, this.deps.providers.map((p) => p.settings));
      this.registered = true;
    }
    this.rules ??= await loadLawRules(this.deps.db);
    return this.rules;
  }

  /** ready(), retried until it answers: a database briefly unreachable at start must not end the worker. Undefined once stopped. */
  private async readyUnlessStopped(isStopped: () => boolean): Promise<LawRules | undefined> {
    while (!isStopped()) {
      try {
        return await this.ready();
      } catch (error) {
        this.deps.log.error({ err: error }, 'dispatch start-up failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    return undefined;
  }

  /**
   * Quiet hours do not hold KakaoTalk and SMS until `until`. Only the demo
   * calls this (delivery.runtime offers it with the in-process simulator
   * alone, whose phones are not people's): for real districts the night-time
   * rule always holds.
   */
  liftQuietHours(until: Date): void {
    this.liftedUntilMs = until.getTime();
  }

  /** Until when the demo lifted quiet hours (null: never, or that moment has passed). */
  quietHoursLiftedUntil(now = new Date()): Date | null {
    return now.getTime() < this.liftedUntilMs ? new Date(this.liftedUntilMs) : null;
  }

  /**
   * What quiet hours let a lane claim at `now`: 'held' (nothing: every
   * district is quiet), undefined (everything), or some districts only. Read
   * at every claim, so a district's new quiet hours apply at its next one.
   */
  private async quietFilter(channel: ElectronicChannel, now: Date): Promise<DistrictFilter | 'held' | undefined> {
    if (!MESSAGING_CHANNELS_WITH_QUIET_HOURS.has(channel) || now.getTime() < this.liftedUntilMs) return undefined;
    const filter = await this.quiet.filterAt(now);
    if ('hold' in filter) return filter.hold === 'all' ? 'held' : undefined;
    return filter;
  }

  /** Stops listening for settings changes (the runtime's close). */
  async close(): Promise<void> {
    await this.quiet.close();
  }

  /** One round: housekeeping now and then, receipts, and a batch per channel. */
  async tick(now = new Date()): Promise<TickResult> {
    const rules = await this.ready();
    let housekeeping = 0;
    if (Date.now() - this.lastHousekeeping > 1000) {
      this.lastHousekeeping = Date.now();
      housekeeping = await this.housekeeping();
    }
    const receiptsApplied = await applyPendingReceipts(this.deps.db, rules);
    const lanes: Promise<number>[] = [];
    for (const channel of this.byChannel.keys()) {
      const filter = await this.quietFilter(channel, now);
      if (filter === 'held') continue;
      for (let i = 0; i < this.options.concurrency; i++) lanes.push(this.dispatchChannel(channel, filter));
    }
    const sent = (await Promise.all(lanes)).reduce((a, b) => a + b, 0);
    return { sent, receiptsApplied, housekeeping };
  }

  /**
   * Runs until stopped: every channel lane, the receipt applier and the
   * housekeeping each loop on their own, so a slow provider (SMTP) never
   * holds back a fast one, and each sleeps only when it found nothing to do.
   */
  async run(isStopped: () => boolean, idleMs = 200): Promise<void> {
    const rules = await this.readyUnlessStopped(isStopped);
    if (!rules) return;
    const loop = async (step: () => Promise<number>, errorLabel: string) => {
      // An idle loop backs off (5 ms doubling up to idleMs): polling an empty
      // queue must not crowd the database, least of all PGlite, which runs on
      // this very thread.
      let wait = 5;
      while (!isStopped()) {
        try {
          if ((await step()) === 0) {
            await new Promise((r) => setTimeout(r, wait));
            wait = Math.min(idleMs, wait * 2);
          } else wait = 5;
        } catch (error) {
          this.deps.log.error({ err: error }, `${errorLabel} failed; retrying`);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    const lanes = [...this.byChannel.keys()].flatMap((channel) =>
      Array.from({ length: this.options.concurrency }, () =>
        loop(async () => {
          const filter = await this.quietFilter(channel, new Date());
          if (filter === 'held') return 0;
          return this.dispatchChannel(channel, filter);
        }, `dispatch on ${channel}`),
      ),
    );
    const receipts = loop(async () => {
      const applied = await applyPendingReceipts(this.deps.db, rules);
      this.rowsSinceVacuum += applied;
      if (applied > 0 && applied < this.options.receiptGatherBelow) await new Promise((r) => setTimeout(r, this.options.receiptGatherMs));
      return applied;
    }, 'applying receipts');
    const housekeeping = loop(async () => {
      await this.housekeeping();
      await new Promise((r) => setTimeout(r, 1000));
      return 1;
    }, 'housekeeping');
    await Promise.all([...lanes, receipts, housekeeping]);
  }

  private async housekeeping(): Promise<number> {
    const db = this.deps.db;
    let done = (await requeueAbandoned(db)) + (await db.transaction((tx) => expireReceiptDeadlines(tx)));
    if (Date.now() - this.lastStuckQueueCheck > STUCK_QUEUE_CHECK_MS) {
      this.lastStuckQueueCheck = Date.now();
      done += await db.transaction((tx) => expireStuckQueued(tx, this.options.maxQueuedSeconds));
    }
    if (db.engine === 'pglite' && this.rowsSinceVacuum >= PGLITE_VACUUM_AFTER_ROWS) {
      this.rowsSinceVacuum = 0;
      await db.exec('VACUUM delivery_attempts, delivery_receipts');
    }
    return done;
  }

  /**
   * Claims, renders and sends one batch on a channel (of the districts the
   * filter lets through, when quiet hours hold the others). Returns the
   * number of attempts handled.
   */
  async dispatchChannel(channel: ElectronicChannel, districts?: DistrictFilter): Promise<number> {
    const { db, cipher, log } = this.deps;
    // A lane that found its queue short asks one cheap question before the
    // three statements of a claim (provider, tokens, claim).
    if (this.drained.has(channel)) {
      if (!(await anyReady(db, channel, districts))) return 0;
      this.drained.delete(channel);
    }
    const candidates = this.byChannel.get(channel) ?? [];
    const chosen = await chooseProvider(db, channel, candidates.map((p) => p.settings.name), this.options.health);
    const provider = candidates.find((p) => p.settings.name === chosen?.name);
    if (!provider) return 0;
    const wanted = chosen!.probing ? 1 : Math.min(this.options.batchSize, provider.adapter.maxBatchSize);
    const granted = await takeTokens(db, provider.settings.name, wanted);
    if (granted === 0) return 0;
    const rows = await claimForSending(db, {
      channel,
      provider: provider.settings.name,
      limit: granted,
      worker: this.workerId,
      lockSeconds: this.options.lockSeconds,
      districts,
    });
    if (rows.length < granted) this.drained.add(channel);
    this.rowsSinceVacuum += rows.length;
    if (rows.length === 0) return 0;
    const triesById = new Map(rows.map((c) => [c.attempt_id, c.tries]));
    await this.deps.renderer.prepare(db, rows);
    const prepared = prepareOutbound(rows, cipher, this.deps.renderer.render);
    const failures: FailedOutcome[] = [];
    const retries: RetryOutcome[] = [];
    const accepted: { attemptId: number; providerMessageId: string }[] = [];
    const toSend = prepared.flatMap((p) => (p.ok ? [p.message] : (failures.push({ attemptId: p.attemptId, cause: p.cause, detail: p.detail }), [])));

    const retryOrFail = (attemptId: number, detail: string) => {
      const tries = triesById.get(attemptId) ?? 1;
      if (tries >= this.options.maxTries && !chosen!.probing) failures.push({ attemptId, cause: 'provider_error', detail: `gave up after ${tries} tries: ${detail}` });
      else retries.push({ attemptId, detail, delayMs: backoffDelay(tries, this.options.backoffBaseMs, this.options.backoffCapMs) });
    };

    if (toSend.length > 0) {
      const started = performance.now();
      let outcomes: SendOutcome[] = [];
      let callFailed = false;
      let retryAfterMs: number | undefined;
      try {
        outcomes = await provider.adapter.sendBatch(toSend);
        if (outcomes.length !== toSend.length) throw new ProviderError(`provider answered ${outcomes.length} outcomes for ${toSend.length} messages`, true);
      } catch (error) {
        callFailed = true;
        const pe = error instanceof ProviderError ? error : new ProviderError(`unexpected error: ${(error as Error).message}`, true, {}, { cause: error });
        log.warn({ provider: provider.settings.name, transient: pe.transient, status: pe.details.status, err: pe.message }, 'provider call failed');
        retryAfterMs = pe.details.retryAfterMs;
        for (const message of toSend) {
          const id = Number(message.attemptId);
          if (pe.transient) retryOrFail(id, pe.message);
          else failures.push({ attemptId: id, cause: 'provider_rejected', detail: pe.message });
        }
      }
      await recordCall(db, provider.settings.name, { failed: callFailed, latencyMs: performance.now() - started, retryAfterMs }, this.options.health);
      for (const outcome of outcomes) {
        const id = Number(outcome.attemptId);
        if (outcome.status === 'accepted') accepted.push({ attemptId: id, providerMessageId: outcome.providerMessageId });
        else if (outcome.permanent) failures.push({ attemptId: id, cause: outcome.cause, detail: outcome.detail });
        else retryOrFail(id, outcome.detail);
      }
    }

    await db.transaction(async (tx) => {
      await lockForChange(tx, [...accepted, ...retries, ...failures].map((o) => o.attemptId));
      await markAccepted(tx, provider.settings.name, accepted, this.options.receiptTimeoutSeconds);
      await requeueForRetry(tx, provider.settings.name, retries, chosen!.probing);
      await failAttempts(tx, failures, provider.settings.name);
    });
    countDispatch(provider.settings.name, channel, { accepted: accepted.length, retried: retries.length, failures });
    return rows.length;
  }
}
