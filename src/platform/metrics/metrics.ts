import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Prometheus metrics of this process (prom-client). Counters and histograms
// count what this process did (its requests, its sends); the gauges over the
// database (queue depth, receipts lag) are read from it at each scrape by
// the sources the domains add, so any one serve process answers them for the
// whole installation. Labels are bounded sets (route patterns, channels,
// provider names from the configuration, failure causes): never a path, a
// district's data or anything personal.

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'taxstation_' });

export const httpRequestDuration = new Histogram({
  name: 'taxstation_http_request_duration_seconds',
  help: 'HTTP request latency by method, route pattern and status class',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const websocketConnections = new Gauge({
  name: 'taxstation_websocket_connections',
  help: 'Open WebSocket connections by socket (desk, video, station)',
  labelNames: ['socket'] as const,
  registers: [registry],
});

export const loginFailures = new Counter({
  name: 'taxstation_login_failures_total',
  help: 'Refused staff sign-ins: wrong credentials, or throttled',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const deliverySends = new Counter({
  name: 'taxstation_delivery_sends_total',
  help: 'Messages handed to a provider by this process, by provider, channel and outcome (accepted, retry, failed)',
  labelNames: ['provider', 'channel', 'outcome'] as const,
  registers: [registry],
});

export const deliveryFailures = new Counter({
  name: 'taxstation_delivery_failures_total',
  help: 'Attempts failed by this process, by provider, channel and cause',
  labelNames: ['provider', 'channel', 'cause'] as const,
  registers: [registry],
});

/** One dispatched batch: how many were accepted, put back for a retry, or failed and why. */
export function countDispatch(provider: string, channel: string, batch: { accepted: number; retried: number; failures: readonly { cause: string }[] }): void {
  if (batch.accepted) deliverySends.inc({ provider, channel, outcome: 'accepted' }, batch.accepted);
  if (batch.retried) deliverySends.inc({ provider, channel, outcome: 'retry' }, batch.retried);
  if (batch.failures.length) deliverySends.inc({ provider, channel, outcome: 'failed' }, batch.failures.length);
  for (const failure of batch.failures) deliveryFailures.inc({ provider, channel, cause: failure.cause });
}

/** A reading of the database at scrape time: one value per set of labels. */
export type ScrapeReading = { labels: Record<string, string>; value: number }[];

interface ScrapeSource {
  gauge: Gauge<string>;
  read: () => Promise<ScrapeReading>;
}

const sources = new Set<ScrapeSource>();
const gauges = new Map<string, Gauge<string>>();

/**
 * A gauge read from the database at each scrape (the domains add theirs
 * through the composition root). Returns a function that removes the source
 * (a server that closes). A source that fails leaves its gauge empty for
 * that scrape and is reported in taxstation_scrape_errors_total.
 */
export function addScrapeGauge(name: string, help: string, labelNames: readonly string[], read: () => Promise<ScrapeReading>): () => void {
  let gauge = gauges.get(name);
  if (!gauge) {
    gauge = new Gauge({ name, help, labelNames: [...labelNames], registers: [registry] });
    gauges.set(name, gauge);
  }
  const source = { gauge, read };
  sources.add(source);
  return () => {
    sources.delete(source);
  };
}

const scrapeErrors = new Counter({
  name: 'taxstation_scrape_errors_total',
  help: 'Database readings that failed during a scrape, by gauge',
  labelNames: ['gauge'] as const,
  registers: [registry],
});

/** The exposition text: the database gauges read afresh, then every metric. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  const fresh = new Map<Gauge<string>, ScrapeReading>();
  await Promise.all(
    [...sources].map(async (source) => {
      try {
        fresh.set(source.gauge, [...(fresh.get(source.gauge) ?? []), ...(await source.read())]);
      } catch {
        scrapeErrors.inc({ gauge: (source.gauge as unknown as { name: string }).name });
      }
    }),
  );
  for (const gauge of gauges.values()) {
    gauge.reset();
    for (const { labels, value } of fresh.get(gauge) ?? []) gauge.set(labels, value);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
