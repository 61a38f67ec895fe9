import type { Queryable } from '../../platform/db/database.ts';
import type { ElectronicChannel } from '../provider.ts';

// Rate limits, circuit breakers and failover are shared by every worker, so
// their state lives in the delivery_providers rows, not in process memory.

export interface ProviderSettings {
  name: string;
  channel: ElectronicChannel;
  /** Lower goes first. */
  priority: number;
  ratePerSecond: number;
}

export interface HealthPolicy {
  /** Consecutive failed calls that open the circuit. */
  breakerThreshold: number;
  breakerOpenSeconds: number;
  /** Error share over the window that shifts traffic away. */
  degradedErrorRate: number;
  /** Mean call latency over the window that shifts traffic away. */
  degradedLatencyMs: number;
  minCallsForVerdict: number;
  windowSeconds: number;
  degradedSeconds: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  breakerThreshold: 5,
  breakerOpenSeconds: 30,
  degradedErrorRate: 0.5,
  degradedLatencyMs: 5000,
  minCallsForVerdict: 10,
  windowSeconds: 60,
  degradedSeconds: 60,
};

/** Configuration is the source of truth: rows are created or updated at start-up. */
export async function registerProviders(q: Queryable, providers: ProviderSettings[]): Promise<void> {
  if (providers.length === 0) return;
  await q.query(
    `INSERT INTO delivery_providers (name, channel, priority, rate_per_second, tokens)
     SELECT name, channel, priority, rate, rate FROM unnest($1::text[], $2::text[], $3::int[], $4::float8[]) AS x(name, channel, priority, rate)
     ON CONFLICT (name) DO UPDATE SET channel = EXCLUDED.channel, priority = EXCLUDED.priority,
       rate_per_second = EXCLUDED.rate_per_second, enabled = true`,
    [providers.map((p) => p.name), providers.map((p) => p.channel), providers.map((p) => p.priority), providers.map((p) => p.ratePerSecond)],
  );
}

/**
 * The provider to use for a channel now: the highest-priority one that is
 * healthy; if every one is degraded, the best degraded one; none while every
 * circuit is open. `probing`: its circuit has just closed after failures, so
 * it gets a single message to test it (half-open), not a batch.
 */
export async function chooseProvider(
  q: Queryable,
  channel: ElectronicChannel,
  candidates: string[],
  policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
): Promise<{ name: string; probing: boolean } | null> {
  const { rows } = await q.query<{ name: string; probing: boolean }>(
    `SELECT name, consecutive_failures >= $3 AS probing FROM delivery_providers
      WHERE channel = $1 AND name = ANY($2::text[]) AND enabled
        AND (circuit_open_until IS NULL OR circuit_open_until < now())
      ORDER BY (degraded_until IS NOT NULL AND degraded_until > now()), priority, name
      LIMIT 1`,
    [channel, candidates, policy.breakerThreshold],
  );
  return rows[0] ?? null;
}

/** Takes up to `wanted` send tokens from the provider's shared bucket (burst of one second). */
export async function takeTokens(q: Queryable, provider: string, wanted: number): Promise<number> {
  const { rows } = await q.query<{ granted: number }>(
    `WITH b AS (
       SELECT name, LEAST(rate_per_second,
                          tokens + rate_per_second * EXTRACT(EPOCH FROM clock_timestamp() - tokens_at)) AS available
         FROM delivery_providers WHERE name = $1 FOR UPDATE)
     UPDATE delivery_providers p
        SET tokens = b.available - LEAST(floor(b.available), $2), tokens_at = clock_timestamp()
       FROM b WHERE p.name = b.name
     RETURNING LEAST(floor(b.available), $2)::int AS granted`,
    [provider, wanted],
  );
  return Math.max(0, rows[0]?.granted ?? 0);
}

/**
 * Records one call's result: feeds the breaker and the failover window. A
 * Retry-After from the provider holds the provider (not the messages: they
 * may go through another provider meanwhile).
 */
export async function recordCall(
  q: Queryable,
  provider: string,
  call: { failed: boolean; latencyMs: number; retryAfterMs?: number },
  policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
): Promise<void> {
  await q.query(
    `WITH w AS (
       SELECT name, window_started_at < now() - make_interval(secs => $4) AS expired FROM delivery_providers WHERE name = $1 FOR UPDATE),
     n AS (
       SELECT p.name,
              CASE WHEN w.expired THEN 1 ELSE p.window_calls + 1 END AS calls,
              CASE WHEN w.expired THEN $2::int ELSE p.window_errors + $2::int END AS errors,
              CASE WHEN w.expired THEN $3::bigint ELSE p.window_latency_ms + $3::bigint END AS latency,
              CASE WHEN $2::int = 1 THEN p.consecutive_failures + 1 ELSE 0 END AS consecutive,
              w.expired
         FROM delivery_providers p JOIN w ON w.name = p.name)
     UPDATE delivery_providers p
        SET window_calls = n.calls, window_errors = n.errors, window_latency_ms = n.latency,
            window_started_at = CASE WHEN n.expired THEN now() ELSE p.window_started_at END,
            consecutive_failures = n.consecutive,
            circuit_open_until = CASE
              WHEN n.consecutive >= $5 THEN now() + make_interval(secs => greatest($6::float8, $11::float8 / 1000))
              WHEN $11 > 0 THEN now() + make_interval(secs => $11::float8 / 1000)
              ELSE p.circuit_open_until END,
            degraded_until = CASE
              WHEN n.calls >= $7 AND (n.errors::float8 / n.calls > $8 OR n.latency::float8 / n.calls > $9)
              THEN now() + make_interval(secs => $10)
              ELSE p.degraded_until END
       FROM n WHERE p.name = n.name`,
    [
      provider,
      call.failed ? 1 : 0,
      Math.round(call.latencyMs),
      policy.windowSeconds,
      policy.breakerThreshold,
      policy.breakerOpenSeconds,
      policy.minCallsForVerdict,
      policy.degradedErrorRate,
      policy.degradedLatencyMs,
      policy.degradedSeconds,
      Math.max(0, Math.round(call.retryAfterMs ?? 0)),
    ],
  );
}
