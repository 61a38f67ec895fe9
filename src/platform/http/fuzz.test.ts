import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { FrameClient } from '../../../test-support/frame-client.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { issueSeason } from '../../delivery/queue/queue.ts';
import type { Database } from '../db/database.ts';

// Random and malformed requests to every route (fastify's inject, for speed)
// and frames to every socket, as an attacker would send them: NUL bytes,
// deep nesting, huge numbers, wrong types, invalid UTF-8, in the body, the
// headers, the query string and the path. Never a 5xx, the server still
// answers afterwards, and no data changes: requests whose state change
// would need the session's CSRF token go without it, so everything sent is
// refused or only read.

const DISTRICT = 'fuzzgu';
/** Requests per route (each route in turn, so every one is hit); frames runs per socket. */
const PER_ROUTE = Number(process.env.TAXSTATION_FUZZ_PER_ROUTE ?? 2);
const FRAME_RUNS = Number(process.env.TAXSTATION_FUZZ_FRAME_RUNS ?? 60);

/**
 * Tables a refused or read-only request may still write, each for a reason:
 * the counters that refuse it are the point.
 */
const MAY_CHANGE: Record<string, string> = {
  staff_sessions: 'a signed-in read moves the session’s idle timeout',
  rate_limit_counters: 'requests are counted to throttle the caller',
  rate_limit_usage: 'socket frames are counted to throttle the caller',
  login_attempts: 'failed sign-ins are counted to throttle the caller',
  login_failures: 'failed sign-ins are counted to throttle the caller',
  audit_log: 'reading personal data is audited',
  staff_totp: 'opening the second-factor set-up page keeps a new secret, sealed and not yet switched on, for the code that confirms it',
  guide_search_documents: 'a search rebuilds the guide’s index when it is stale (derived from the guide’s pages)',
  guide_search_state: 'a search rebuilds the guide’s index when it is stale (derived from the guide’s pages)',
};

async function checksums(db: Database): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (name in MAY_CHANGE) continue;
    const { rows } = await db.query<{ sum: string }>(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS sum FROM "${name}" t`);
    out[name] = rows[0]!.sum;
  }
  return out;
}

const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 1e-320, Number.MAX_SAFE_INTEGER, '99999999999999999999999999', '1e999', '-0', 'NaN', 'Infinity');
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('\u0000', 'a\u0000b', '%00', '%', '%zz', '%C0%AF', '%ED%A0%80', '\uD800', '../../etc/passwd', '<script>', "'; DROP TABLE x; --", ' ', '', '[]', '{}', '__proto__', 'constructor'),
  hugeNumber.map(String),
);
const scalar = fc.oneof(nasty, hugeNumber, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(nasty, tie('value'), { maxKeys: 4 })),
})).value;
/** Nested to a depth no form has: a parser that recurses must not fall over. */
const deep = fc.integer({ min: 100, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
const deepObject = fc.integer({ min: 50, max: 2000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n));
const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.concat([Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from(bytes)]));

const body = fc.oneof(
  json.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) })),
  fc.dictionary(nasty, nasty, { maxKeys: 6 }).map((v) => ({ type: 'application/x-www-form-urlencoded', payload: new URLSearchParams(v as Record<string, string>).toString() })),
  nasty.map((v) => ({ type: 'application/x-www-form-urlencoded', payload: v })),
  deep.map((v) => ({ type: 'application/json', payload: v })),
  deepObject.map((v) => ({ type: 'application/json', payload: v })),
  invalidUtf8.map((v) => ({ type: fc.sample(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'), 1)[0]!, payload: v })),
  fc.constantFrom('multipart/form-data; boundary=x', 'multipart/form-data', 'application/xml', 'text/csv', '').map((type) => ({ type, payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n\u0000\r\n--x--' })),
  fc.constant(undefined),
);

/** Query strings as they come over the wire, most of them broken. */
const query = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.constantFrom('page', 'lang', 'q', 'id', 'from', 'to', 'after', 'state', 'reason', 'a[b][c]', 'a[]', '__proto__[x]'), nasty, { maxKeys: 4 }).map((v) => new URLSearchParams(v as Record<string, string>).toString()),
  nasty.map((v) => encodeURI(v.replace(/[\uD800-\uDFFF]/g, 'x'))),
  fc.constantFrom('%', '%zz=1', 'a=%00', 'page=1e999', 'page=-1', 'page=99999999999999999999', 'lang=xx', 'a[b][c][d][e][f][g]=1', 'a=1&a=2&a=3', '=', '&&&'),
  fc.integer({ min: 50, max: 3000 }).map((n) => 'a' + '[b]'.repeat(n) + '=1'),
);

const headerValue = fc.oneof(nasty.map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.constantFrom('ko', 'en', '*', 'ko-KR,ko;q=0.9', ';q=', 'x'.repeat(8000)));

interface Caller {
  cookie?: string;
  csrf?: string;
}

async function signIn(app: FastifyInstance, username: string): Promise<Caller> {
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: TEST_PASSWORD } });
  assert.equal(response.statusCode, 201);
  const session = response.cookies.find((c) => c.name === 'ts_session')!;
  return { cookie: `ts_session=${session.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
}

/** A path parameter, made hostile, kept to what an HTTP path can carry. */
function pathValue(v: string): string {
  return encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD')).replace(/%2F/g, '/') || 'x';
}

forEachEngine('fuzzing every route and socket', (ctx) => {
  let server: TestServer;
  const callers: Caller[] = [{}];

  before(async () => {
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    const staff = await createDistrictWithStaff(ctx.db, DISTRICT, ['admin', 'tax_official', 'desk_agent', 'expert', 'lecturer']);
    const taxpayers = await createTaxpayers(ctx.db, DISTRICT, [{ mobile: '+821012345678', enrol: ['sms'] }, { email: 'a@example.kr', enrol: ['email'] }]);
    await createNotices(ctx.db, DISTRICT, taxpayers, { dueDate: '2099-07-31' });
    await issueSeason(ctx.db, { districtCode: DISTRICT, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    for (const username of Object.values(staff)) callers.push(await signIn(server.app, username));
  });
  after(async () => {
    await server?.close();
  });

  test('random and malformed requests to every route: no 5xx, no change to data', async () => {
    const routes = server.app.routeCatalogue;
    const before = await checksums(ctx.db);
    const failures: string[] = [];
    let turn = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(0),
        fc.nat(callers.length - 1),
        fc.array(nasty, { minLength: 4, maxLength: 4 }),
        query,
        body,
        fc.record({ 'accept-language': headerValue, accept: headerValue, 'x-csrf-token': headerValue, 'x-forwarded-for': headerValue, cookie: headerValue }, { requiredKeys: [] }),
        fc.boolean(),
        async (_, c, params, qs, b, headers, ownId) => {
          const route = routes[turn++ % routes.length]!;
          const caller = callers[c]!;
          let i = 0;
          const path = route.url.replace(/:(\w+)/g, (_, name: string) => (ownId && /id$/i.test(name) ? '1' : name === 'district' && ownId ? DISTRICT : pathValue(params[i++ % 4]!))).replace(/\*/g, 'x');
          const safe = route.method === 'GET' || route.method === 'HEAD';
          const allHeaders: Record<string, string> = { ...headers };
          // A signed-in caller's cookie, and its CSRF token only where nothing can change.
          if (caller.cookie) allHeaders.cookie = caller.cookie + (headers.cookie ? `; ${headers.cookie}` : '');
          if (caller.csrf && safe) allHeaders['x-csrf-token'] = caller.csrf;
          else if (caller.csrf) delete allHeaders['x-csrf-token'];
          if (b && !safe) allHeaders['content-type'] = b.type;
          const response = await server.app.inject({
            method: route.method as 'GET',
            url: path + (qs ? `?${qs}` : ''),
            headers: allHeaders,
            ...(b && !safe ? { payload: b.payload } : {}),
          });
          // Every failure of the run is collected, not only the first: each is a bug of its own.
          if (response.statusCode >= 500) {
            const sent = b && !safe ? (Buffer.isBuffer(b.payload) ? b.payload.toString('hex') : String(b.payload)).slice(0, 300) : '';
            failures.push(`${route.method} ${path}${qs ? `?${qs}` : ''} → ${response.statusCode} (headers ${JSON.stringify(allHeaders).slice(0, 300)}, body ${sent})`);
          }
        },
      ),
      { numRuns: PER_ROUTE * routes.length, seed: process.env.TAXSTATION_FUZZ_SEED ? Number(process.env.TAXSTATION_FUZZ_SEED) : undefined },
    );
    assert.deepEqual(failures, [], 'server errors');
    assert.equal((await server.app.inject({ url: '/api/health' })).statusCode, 200, 'the server still answers');
    const afterwards = await checksums(ctx.db);
    const changed = Object.keys(before).filter((t) => before[t] !== afterwards[t]);
    assert.deepEqual(changed, [], 'tables changed by refused or read-only requests');
  });

  test('random and malformed frames to every socket: no crash, the socket stays or closes cleanly, no change to data', async () => {
    const base = server.url.replace('http', 'ws');
    const sockets = [
      { path: '/r/desk/socket', types: ['start', 'resume', 'send', 'typing', 'read', 'close'], headers: {} as Record<string, string> },
      { path: '/console/desk/socket', types: ['watch', 'unwatch', 'send', 'typing', 'read'], headers: { cookie: callers[3]!.cookie! } },
      { path: '/r/video/socket', types: ['join', 'signal', 'extend', 'switch_to_phone', 'ping', 'leave'], headers: {} },
      { path: '/r/station/socket', types: ['join', 'move', 'chat', 'leave', 'ping'], headers: {} },
    ];
    const before = await checksums(ctx.db);
    const frame = (types: string[]) =>
      fc.oneof(
        fc.record({ type: fc.constantFrom(...types), x: json, body: scalar, conversationId: scalar, room: json, data: json, after: hugeNumber, district: nasty, locale: nasty, text: nasty, resume: nasty }, { requiredKeys: ['type'] }).map((f) => JSON.stringify(f)),
        json.map((v) => JSON.stringify(v)),
        nasty,
        deep,
        deepObject,
        invalidUtf8,
      );
    for (const socket of sockets) {
      await fc.assert(
        fc.asyncProperty(fc.array(frame(socket.types), { minLength: 1, maxLength: 8 }), async (frames) => {
          let client: FrameClient;
          try {
            client = await FrameClient.connect(base + socket.path, { ...socket.headers, origin: server.url });
          } catch (error) {
            // Refused at the door (the per-address connection budget): not a crash.
            const status = (error as { status?: number }).status;
            if (status !== undefined && status < 500) return true;
            throw error;
          }
          for (const f of frames) {
            if (client.socket.readyState !== client.socket.OPEN) break;
            client.socket.send(f);
          }
          const closedBy = await Promise.race([client.closed, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
          client.socket.terminate();
          // 1011: the server failed. Anything else (open, a policy close, too big) is an answer.
          return closedBy === null || closedBy.code !== 1011;
        }),
        { numRuns: FRAME_RUNS },
      );
    }
    assert.equal((await server.app.inject({ url: '/api/health' })).statusCode, 200, 'the server still answers');
    const afterwards = await checksums(ctx.db);
    const changed = Object.keys(before).filter((t) => before[t] !== afterwards[t]);
    assert.deepEqual(changed, [], 'tables changed by malformed frames');
  });
});
