import { recordAudit, type AuditEntry } from '../audit/audit.ts';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import { findDistrict, listDistricts } from '../districts/districts.repository.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { retentionMessages } from './retention.messages.ts';

// Retention: each domain removes the contents it keeps once its district's
// period has passed, and keeps the rows, their states and times, and the
// audit log. The platform names no domain: a domain offers a RetentionPurger,
// the composition root (src/app/retention.ts) lists them, and the `work`
// process's housekeeping and `taxstation retention purge` run that list.

export interface RetentionRun {
  /** The moment the periods are counted back from (an injected clock in tests). */
  now: Date;
  /** Only these districts (the runner resolves them; every district when no --district). */
  districtCodes: readonly string[];
  /** Count what would go; change nothing and write no audit entry. */
  dryRun: boolean;
  /** Rows per batch; each batch is one transaction with its audit entry. */
  batchSize: number;
  /** Who runs the purge, for the audit log. */
  actor: AuditEntry['actor'];
  /** After each batch (and once per district and kind in a dry run): the command's progress. */
  onProgress?(progress: RetentionCount): void;
}

/** What one kind of content of one district came to (so far, in progress reports). */
export interface RetentionCount {
  domain: string;
  districtCode: string;
  /** What the count is of, e.g. 'delivery_contents', 'desk_chat'. */
  kind: string;
  periodDays: number;
  /** Contents done with before this moment are removed. */
  cutoff: Date;
  /** Rows whose contents were removed (or would be, in a dry run), by table: { messages: 120, attempts: 130 }. */
  counts: Record<string, number>;
}

export interface RetentionPurger {
  domain: string;
  purge(db: Database, run: RetentionRun): Promise<RetentionCount[]>;
}

export const DEFAULT_RETENTION_BATCH = 1000;

/** The moment `days` days before `now`. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export function unknownDistrict(code: string): AppError {
  return new AppError('district_not_found', 404, retentionMessages.both('district_not_found', { code }));
}

export interface RetentionRequest {
  now: Date;
  districtCode?: string;
  dryRun?: boolean;
  batchSize?: number;
  actor: AuditEntry['actor'];
  onProgress?(progress: RetentionCount): void;
}

/** Runs every purger for one district or for all; an unknown district is refused before anything changes. */
export async function runRetentionPurges(db: Database, purgers: readonly RetentionPurger[], request: RetentionRequest): Promise<RetentionCount[]> {
  let districtCodes: string[];
  if (request.districtCode !== undefined) {
    if (!(await findDistrict(db, request.districtCode))) throw unknownDistrict(request.districtCode);
    districtCodes = [request.districtCode];
  } else {
    districtCodes = (await listDistricts(db)).map((d) => d.code);
  }
  const run: RetentionRun = {
    now: request.now,
    districtCodes,
    dryRun: request.dryRun === true,
    batchSize: request.batchSize ?? DEFAULT_RETENTION_BATCH,
    actor: request.actor,
    onProgress: request.onProgress,
  };
  const results: RetentionCount[] = [];
  for (const purger of purgers) results.push(...(await purger.purge(db, run)));
  return results;
}

/** The sum of a result's counts. */
export function totalOf(count: RetentionCount): number {
  return Object.values(count.counts).reduce((a, b) => a + b, 0);
}

export interface PurgeKind {
  domain: string;
  kind: string;
  districtCode: string;
  periodDays: number;
  /** The audit log's action, e.g. 'retention.delivery_contents_purged'. */
  action: string;
  /** One batch inside the transaction: its counts by table. */
  batch(tx: Transaction, limit: number, cutoff: Date): Promise<Record<string, number>>;
  /** How many rows the batch took towards its limit. */
  taken(counts: Record<string, number>): number;
  /** A dry run's counts. */
  count(q: Queryable, cutoff: Date): Promise<Record<string, number>>;
}

/**
 * One kind of content of one district, purged in batches: each batch is one
 * transaction with its audit entry (counts, period and cutoff; never personal
 * data), so nothing is removed without a record. A batch that took nothing
 * writes nothing, so running again is harmless.
 */
export async function purgeInBatches(db: Database, run: RetentionRun, kind: PurgeKind): Promise<RetentionCount> {
  const cutoff = retentionCutoff(run.now, kind.periodDays);
  const result: RetentionCount = { domain: kind.domain, districtCode: kind.districtCode, kind: kind.kind, periodDays: kind.periodDays, cutoff, counts: {} };
  if (run.dryRun) {
    result.counts = await kind.count(db, cutoff);
    run.onProgress?.(result);
    return result;
  }
  for (;;) {
    const { counts, taken } = await db.transaction(async (tx) => {
      const counts = await kind.batch(tx, run.batchSize, cutoff);
      const taken = kind.taken(counts);
      if (taken > 0) {
        await recordAudit(tx, {
          districtCode: kind.districtCode,
          actor: run.actor,
          action: kind.action,
          entityType: 'district',
          entityId: kind.districtCode,
          reason: `retention period of ${kind.periodDays} days passed (${kind.kind}, done with before ${cutoff.toISOString()})`,
          source: 'system',
          details: { ...counts, periodDays: kind.periodDays, cutoff: cutoff.toISOString() },
        });
      }
      return { counts, taken };
    });
    for (const [key, n] of Object.entries(counts)) result.counts[key] = (result.counts[key] ?? 0) + n;
    if (taken === 0) break;
    run.onProgress?.(result);
    if (taken < run.batchSize) break;
  }
  return result;
}

/** A periodic job of a worker process (the `work` process's housekeeping runs the composition root's list). */
export interface HousekeepingTask {
  name: string;
  intervalMs: number;
  run(db: Database, log: Logger): Promise<void>;
}

/** The retention purges as a worker's hourly housekeeping: every district, by the clock; counts logged, never contents. */
export function retentionHousekeeping(purgers: readonly RetentionPurger[], options: { clock?: () => Date; intervalMs?: number } = {}): HousekeepingTask {
  return {
    name: 'retention purge',
    intervalMs: options.intervalMs ?? 3_600_000,
    async run(db, log) {
      const results = await runRetentionPurges(db, purgers, { now: (options.clock ?? (() => new Date()))(), actor: { type: 'system', id: 'housekeeping' } });
      const purged = results.filter((r) => totalOf(r) > 0);
      if (purged.length) log.info({ purged: purged.map((r) => ({ district: r.districtCode, kind: r.kind, periodDays: r.periodDays, ...r.counts })) }, 'retention: contents past their period removed');
    },
  };
}
