import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test-support/databases.ts';
import { ROLES } from '../auth/roles.ts';
import { startTestServer, type TestServer } from '../../../test-support/test-server.ts';

// Invariant: every route has a role guard (requireStaff) unless it is on this
// public allow-list. A new route without a guard fails here until it is
// guarded or added below with a reason.
const PUBLIC_ROUTES: { pattern: RegExp; why: string }[] = [
  { pattern: /^(GET|HEAD) \/api\/health$/, why: 'liveness probe' },
  { pattern: /^(GET|HEAD) \/api\/openapi\.json$/, why: 'the API description' },
  { pattern: /^(GET|HEAD) \/(livez|readyz)$/, why: 'liveness and readiness probes of load balancers and systemd; they show no data' },
  { pattern: /^(GET|HEAD) \/metrics$/, why: 'Prometheus has no staff session: the route checks the bearer token TAXSTATION_METRICS_TOKEN itself (404 when unset)' },
  { pattern: /^(GET|HEAD|POST) \/login$/, why: 'the sign-in form' },
  { pattern: /^(GET|HEAD|POST) \/login\/code$/, why: 'the sign-in\'s second step; the pending sign-in\'s cookie (right password, minutes old, single use) is the credential' },
  { pattern: /^POST \/api\/session$/, why: 'sign-in for programs' },
  { pattern: /^(GET|HEAD|POST) \/setup\/:token$/, why: 'a new or reset account chooses its password; the one-time token is the credential' },
  { pattern: /^POST \/logout$/, why: 'sign-out must work with a stale cookie; checks CSRF when the session is live' },
  { pattern: /^(GET|HEAD) \/assets\/:name$/, why: 'stylesheet and script' },
  { pattern: /^(GET|HEAD) \/$/, why: 'resident landing page' },
  { pattern: /^[A-Z]+ \/api\/webhooks\//, why: 'provider receipts, authenticated by signature' },
  { pattern: /^(GET|HEAD|POST) \/(public|r)\//, why: 'resident pages' },
  { pattern: /^(GET|HEAD) \/s\/:district(\/:zone)?(\/qr\.(png|svg))?$/, why: 'the station’s short links and their QR codes, printed on posters; they only redirect to /r/station' },
  { pattern: /^(GET|HEAD) \/pay\/:district\/:noticeNo$/, why: 'resident payment page, linked from every notice; shows no personal data' },
];

describe('route guard invariant', () => {
  let database: TestDatabase;
  let server: TestServer;
  before(async () => {
    database = await createTestDatabase('pglite');
    server = await startTestServer(database.db);
  });
  after(async () => {
    await server?.close();
    await database?.drop();
  });

  test('every route outside the public allow-list has a role guard', () => {
    const catalogue = server.app.routeCatalogue;
    assert.ok(catalogue.length > 10, `routes recorded: ${catalogue.length}`);
    const unguarded = catalogue
      .filter((r) => r.roles === null)
      .map((r) => `${r.method} ${r.url}`)
      .filter((route) => !PUBLIC_ROUTES.some((p) => p.pattern.test(route)));
    assert.deepEqual(unguarded, [], `unguarded routes: add requireStaff([...]) or, if truly public, an entry in PUBLIC_ROUTES`);
  });

  test('guards name real roles, and known staff routes are guarded', () => {
    for (const entry of server.app.routeCatalogue) {
      for (const role of entry.roles ?? []) assert.ok((ROLES as readonly string[]).includes(role), `${entry.method} ${entry.url}: unknown role ${role}`);
    }
    const roles = (method: string, url: string) => server.app.routeCatalogue.find((r) => r.method === method && r.url === url)?.roles;
    assert.deepEqual(roles('POST', '/api/rolls'), ['admin', 'tax_official']);
    assert.deepEqual(roles('POST', '/console/rolls/upload'), ['admin', 'tax_official']);
    assert.deepEqual(roles('GET', '/console/providers'), ['admin', 'tax_official']);
    assert.deepEqual(roles('GET', '/console'), [...ROLES]);
  });

  test('the invariant is enforced at runtime, not just declared: guarded routes refuse anonymous requests', async () => {
    const guarded = server.app.routeCatalogue.filter((r) => r.roles !== null && (r.method === 'GET' || r.method === 'POST' || r.method === 'DELETE'));
    assert.ok(guarded.length >= 5);
    for (const route of guarded) {
      const url = route.url.replace(/:(\w+)/g, 'x$1');
      const response = await fetch(server.url + url, { method: route.method, redirect: 'manual', headers: { accept: 'application/json' } });
      assert.ok(response.status === 401 || response.status === 303, `${route.method} ${route.url} answered ${response.status} without a session`);
    }
  });
});
