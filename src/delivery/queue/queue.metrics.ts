import { addScrapeGauge } from '../../platform/metrics/metrics.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { queueDepth, receiptLag } from './queue-metrics.repository.ts';

// The delivery queue's gauges on /metrics, read from the database at each
// scrape (so any serve process reports the queue of every worker). A route
// module without routes: it only adds the readings for the server's
// lifetime.

export const deliveryQueueMetrics: RoutePlugin = async (app, deps) => {
  const removers = [
    addScrapeGauge('taxstation_delivery_queue_depth', 'Live delivery attempts by channel and state (queued, sending, accepted: awaiting a receipt)', ['channel', 'state'], async () =>
      (await queueDepth(deps.db)).map((r) => ({ labels: { channel: r.channel, state: r.state }, value: r.n })),
    ),
    addScrapeGauge('taxstation_delivery_receipt_lag_seconds', 'Seconds since the oldest attempt still awaiting its delivery receipt was accepted, by channel', ['channel'], async () =>
      (await receiptLag(deps.db)).map((r) => ({ labels: { channel: r.channel }, value: r.seconds })),
    ),
  ];
  app.addHook('onClose', async () => {
    for (const remove of removers) remove();
  });
};
