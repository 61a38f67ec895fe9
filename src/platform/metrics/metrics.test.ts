import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { forEachEngine } from '../../../test-support/engines.ts';
import { LogCapture, startTestServer, type TestServer } from '../../../test-support/test-server.ts';
import { requestIdOf } from '../http/server.ts';

// /metrics scraped after some traffic: HTTP latency by route, a refused
// sign-in, an open socket, the queue's gauges read from the database; the
// token is required; /livez and /readyz answer; every log line of a request
// carries its request id.

const TOKEN = 'metrics-token-for-tests-0123456789';

test('a request id sent by the proxy is kept only when it is a plain token', () => {
  assert.equal(requestIdOf('3f2a9c0d1e4b5a6f'), '3f2a9c0d1e4b5a6f');
  for (const bad of ['short', 'has space 12345678', 'x'.repeat(200), 'line\nbreak12345678', undefined, ['a1234567', 'b1234567']]) {
    assert.match(requestIdOf(bad), /^[0-9a-f-]{36}$/, String(bad));
  }
});

forEachEngine('metrics and probes', (ctx) => {
  let server: TestServer;
  const logs = new LogCapture();
  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_METRICS_TOKEN: TOKEN }, { logs });
  });
  after(async () => {
    await server?.close();
  });

  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    return res.text();
  };

  test('after traffic, /metrics has latency by route, refused sign-ins, open sockets and the queue gauges', async () => {
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
    const refused = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: 'nobody', password: 'wrong password here' }),
    });
    assert.equal(refused.status, 401);

    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/r/station/socket`, { headers: { origin: server.url } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const open = await scrape();
    socket.close();

    // One registry per process: the other engine's run of this file counts in it too, hence at least 1.
    assert.match(open, /^taxstation_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/api\/health",status="2xx"\} [1-9]\d*$/m);
    assert.match(open, /^taxstation_http_request_duration_seconds_count\{method="POST",route="\/api\/session",status="4xx"\} [1-9]\d*$/m);
    assert.match(open, /^taxstation_login_failures_total\{reason="wrong_credentials"\} [1-9]\d*$/m);
    assert.match(open, /^taxstation_websocket_connections\{socket="\/r\/station\/socket"\} 1$/m);
    assert.match(open, /^# TYPE taxstation_delivery_queue_depth gauge$/m);
    assert.match(open, /^# TYPE taxstation_delivery_receipt_lag_seconds gauge$/m);
    assert.match(open, /^# TYPE taxstation_delivery_sends_total counter$/m);
    assert.match(open, /^# TYPE taxstation_delivery_failures_total counter$/m);
    assert.doesNotMatch(open, /^taxstation_scrape_errors_total\{/m, 'the database gauges were read');
    assert.doesNotMatch(open, /nobody|wrong password/, 'nothing a request carried');
  });

  test('/metrics needs the bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-the-token' }, { authorization: TOKEN }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/metrics`, { headers });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    }
  });

  test('/livez and /readyz answer; readiness names the migrations', async () => {
    assert.deepEqual(await (await fetch(`${server.url}/livez`)).json(), { status: 'alive' });
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { ready: boolean; database: string; migrations: { applied: number; known: number } };
    assert.equal(body.ready, true);
    assert.equal(body.database, 'ok');
    assert.equal(body.migrations.applied, body.migrations.known);
  });

  test('readiness is false while a migration is pending', async () => {
    const { rows } = await ctx.db.query<{ version: number; name: string; checksum: string }>(
      'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version, name, checksum',
    );
    const last = rows[0]!;
    try {
      const res = await fetch(`${server.url}/readyz`);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { ready: boolean }).ready, false);
    } finally {
      await ctx.db.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [last.version, last.name, last.checksum]);
    }
  });

  test('every log line of a request carries its id, which the answer names in X-Request-Id', async () => {
    const res = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'nginx-abcdef0123456789' } });
    assert.equal(res.headers.get('x-request-id'), 'nginx-abcdef0123456789');
    await res.arrayBuffer();
    const own = await fetch(`${server.url}/livez`);
    assert.match(own.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    await own.arrayBuffer();
    await logs.until((written) => written.some((l) => l.msg === 'request' && l.reqId === 'nginx-abcdef0123456789') && written.filter((l) => l.msg === 'request').length > 3);
    const lines = logs.lines.filter((l) => l.msg === 'request');
    assert.ok(lines.length > 3);
    assert.ok(lines.every((l) => typeof l.reqId === 'string' && (l.reqId as string).length >= 8), 'every request line has a reqId');
    assert.ok(lines.some((l) => l.reqId === 'nginx-abcdef0123456789'));
  });
});
