import { createServer, type Server } from 'node:http';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/database.ts';
import { scrape } from './metrics.ts';
import { bearerMatches, readiness } from './probes.ts';

// `work` processes serve no HTTP, yet their counters (sends, failures by
// provider and cause) live in them: with TAXSTATION_METRICS_LISTEN set they
// answer /metrics (same bearer token as serve), /livez and /readyz on a
// listener of their own, usually on an address only Prometheus reaches.

export async function startMetricsListener(config: Pick<Config, 'TAXSTATION_METRICS_LISTEN' | 'TAXSTATION_METRICS_TOKEN'>, db: Queryable): Promise<{ url: string; close(): Promise<void> } | undefined> {
  const listen = config.TAXSTATION_METRICS_LISTEN;
  if (!listen) return undefined;
  const [host, port] = [listen.slice(0, listen.lastIndexOf(':')), Number(listen.slice(listen.lastIndexOf(':') + 1))];
  let draining = false;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    void (async () => {
      if (request.method !== 'GET') return json(405, { error: 'method_not_allowed' });
      if (path === '/livez') return json(200, { status: 'alive' });
      if (path === '/readyz') {
        const state = await readiness(db, draining);
        return json(state.ready ? 200 : 503, state);
      }
      if (path === '/metrics') {
        if (!config.TAXSTATION_METRICS_TOKEN) return json(404, { error: 'metrics_disabled' });
        if (!bearerMatches(request.headers.authorization, config.TAXSTATION_METRICS_TOKEN)) return json(401, { error: 'metrics_token_required' });
        const { contentType, body } = await scrape();
        return response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
      }
      return json(404, { error: 'not_found' });
    })().catch(() => json(500, { error: 'internal_error' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  return {
    url,
    close: () => {
      draining = true;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
