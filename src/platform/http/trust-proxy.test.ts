import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { ConfigError, parseConfig } from '../config.ts';
import { MAX_ATTEMPTS_PER_ADDRESS } from '../auth/login-throttle.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';

// Behind a proxy, the client's address is what the trusted proxy saw, never
// what the client wrote into X-Forwarded-For. The proxy below is a real one
// on 127.0.0.1 that appends the address of its peer to the header (as
// nginx's $proxy_add_x_forwarded_for does); the test server trusts 127.0.0.1
// only, and clients connect from other loopback addresses (127.0.0.0/8 is
// all local), so each has a real address of its own.

interface Proxy {
  url: string;
  close(): Promise<void>;
}

async function startAppendingProxy(target: string): Promise<Proxy> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, localAddress: '127.0.0.1', method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwarded } },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One request from the given local address; returns the status and body. */
function send(
  base: string,
  from: string,
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: o.method ?? 'GET', localAddress: from, headers: o.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const randomAddress = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

test('TAXSTATION_TRUST_PROXY: false, or proxy addresses and CIDR ranges; true and hop counts are refused with the forms to use', () => {
  const trust = (value: string | undefined) => parseConfig({ TAXSTATION_TRUST_PROXY: value }).TAXSTATION_TRUST_PROXY;
  assert.equal(trust(undefined), false);
  assert.equal(trust('false'), false);
  assert.equal(trust('0'), false);
  assert.deepEqual(trust('127.0.0.1'), ['127.0.0.1']);
  assert.deepEqual(trust(' 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8,loopback'), ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  for (const refused of ['true', 'yes', '1', '2', '10.0.0.0/33', 'proxy.internal', '127.0.0.1,', '10.0.0.1/8/1', '::1/129']) {
    assert.throws(
      () => trust(refused),
      (error: unknown) => error instanceof ConfigError && /TAXSTATION_TRUST_PROXY/.test(error.message) && /127\.0\.0\.1 or 10\.0\.0\.0\/8,127\.0\.0\.1/.test(error.message),
      refused,
    );
  }
  assert.throws(() => trust('true'), /no longer accepted: it let any client choose its own address/);
  assert.throws(() => trust('1'), /hop count/);
});

test('property: every list of IPv4 addresses and ranges is accepted as it was written', () => {
  const entry = fc
    .tuple(fc.ipV4(), fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }))
    .map(([ip, bits]) => (bits === undefined ? ip : `${ip}/${bits}`));
  fc.assert(
    fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), (entries) => {
      assert.deepEqual(parseConfig({ TAXSTATION_TRUST_PROXY: entries.join(',') }).TAXSTATION_TRUST_PROXY, entries);
    }),
  );
});

forEachEngine('client addresses behind a trusted proxy', (ctx) => {
  let server: TestServer;
  let proxy: Proxy;
  before(async () => {
    server = await startTestServer(ctx.db);
    proxy = await startAppendingProxy(server.url);
    await createDistrictWithStaff(ctx.db, 'gangnam', ['admin']);
  });
  after(async () => {
    await proxy?.close();
    await server?.close();
  });

  test('a client rotating X-Forwarded-For through the proxy is still throttled at sign-in by its real address', async () => {
    const login = (from: string, username: string, password: string) =>
      send(proxy.url, from, '/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': randomAddress() },
        body: JSON.stringify({ username, password }),
      });
    for (let i = 0; i < MAX_ATTEMPTS_PER_ADDRESS; i++) assert.equal((await login('127.0.0.21', `spray${i}`, 'x')).status, 401, `attempt ${i + 1}`);
    const blocked = await login('127.0.0.21', 'gangnam.admin', TEST_PASSWORD);
    assert.equal(blocked.status, 429, 'the real address is spent, whatever the header says');
    assert.equal((await login('127.0.0.22', 'gangnam.admin', TEST_PASSWORD)).status, 201, 'another real address is not');
  });

  test('a client rotating X-Forwarded-For is held to the self-service start limit by its real address', async () => {
    const start = () =>
      send(proxy.url, '127.0.0.23', '/r/update?lang=en', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': randomAddress() },
        body: 'district=&who=&year=&month=&day=',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await start()).status);
    assert.ok(statuses.slice(0, 10).every((s) => s === 400), statuses.join(','));
    assert.equal(statuses.at(-1), 429, statuses.join(','));
  });

  test('a client that reaches the server directly is its own address, whatever it sends', async () => {
    const login = (username: string, password: string) =>
      send(server.url, '127.0.0.24', '/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': randomAddress(), 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ username, password }),
      });
    const signedIn = await login('gangnam.admin', TEST_PASSWORD);
    assert.equal(signedIn.status, 201);
    assert.ok(!String(signedIn.headers['set-cookie']).includes('Secure'), 'X-Forwarded-Proto from an untrusted peer is ignored');
    for (let i = 0; i < MAX_ATTEMPTS_PER_ADDRESS; i++) assert.equal((await login(`direct${i}`, 'x')).status, 401);
    assert.equal((await login('gangnam.admin', TEST_PASSWORD)).status, 429);
  });
});
