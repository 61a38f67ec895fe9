import assert from 'node:assert/strict';
import { before, after, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNotices, createTaxpayers } from '../../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, type TestServer } from '../../../test-support/test-server.ts';
import { issueSeason } from '../../delivery/queue/queue.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import type { CatalogueEntry } from './route-catalogue.ts';

// The access matrix: every route the server has (fastify's route list, the
// page routes with it) and every operation of the OpenAPI document, called
// by an anonymous caller, by each role, and by staff of another district,
// checked against what the route declares (its requireStaff roles, or none:
// public, on route-guard.test.ts's allow-list). A route without a
// declaration fails route-guard.test.ts; one the matrix cannot call as
// declared fails here. Never a 5xx.

const HOME = 'matrixa';
const OTHER = 'matrixb';
/** What only district HOME's data shows: staff of OTHER must never see it. */
const HOME_MARKERS = [HOME, '매트릭스가구', 'MatrixA-gu'];

interface Caller {
  name: string;
  role: Role | null;
  district: string | null;
  cookie?: string;
  csrf?: string;
}

async function signIn(app: FastifyInstance, username: string): Promise<{ cookie: string; csrf: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: TEST_PASSWORD } });
  assert.equal(response.statusCode, 201, `sign-in of ${username}: ${response.body}`);
  const session = response.cookies.find((c) => c.name === 'ts_session');
  assert.ok(session, 'a session cookie');
  return { cookie: `ts_session=${session.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
}

/** A concrete path for a route pattern: the district given, ids and other parameters filled in. */
function pathOf(url: string, district: string, id: string): string {
  return url
    .replace(/:district\b/g, district)
    .replace(/:(id|auditId|messageId|bookingId)\b/g, id)
    .replace(/:year\b/g, '2026')
    .replace(/:locale\b/g, 'ko')
    .replace(/:channel\b/g, 'sms')
    .replace(/:(\w+)/g, 'x$1')
    .replace(/\*/g, 'x');
}

function problemCode(response: LightMyRequestResponse): string | undefined {
  try {
    return (response.json() as { code?: string }).code;
  } catch {
    return undefined;
  }
}

forEachEngine('the access matrix', (ctx) => {
  let server: TestServer;
  const callers: Caller[] = [];
  let homeIds: string[] = [];

  before(async () => {
    // The factories seal personal data with the test cipher's key: the server reads it with the same.
    server = await startTestServer(ctx.db, { TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    const home = await createDistrictWithStaff(ctx.db, HOME, ROLES, { ko: '매트릭스가구', en: 'MatrixA-gu' });
    const other = await createDistrictWithStaff(ctx.db, OTHER, ROLES, { ko: '매트릭스나구', en: 'MatrixB-gu' });
    // Data of HOME under the small ids a caller of OTHER would try.
    const taxpayers = await createTaxpayers(ctx.db, HOME, [{ mobile: '+821012345678', enrol: ['sms'] }]);
    const notices = await createNotices(ctx.db, HOME, taxpayers, { dueDate: '2099-07-31' });
    const { seasonId } = await issueSeason(ctx.db, { districtCode: HOME, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const { rows } = await ctx.db.query<{ id: number }>('SELECT id FROM messages WHERE season_id = $1', [seasonId]);
    homeIds = [...new Set([...taxpayers, ...notices, seasonId, ...rows.map((r) => r.id)].map(String))];
    callers.push({ name: 'anonymous', role: null, district: null });
    for (const role of ROLES) callers.push({ name: `${role} of ${HOME}`, role, district: HOME, ...(await signIn(server.app, home[role])) });
    for (const role of ROLES) callers.push({ name: `${role} of ${OTHER}`, role, district: OTHER, ...(await signIn(server.app, other[role])) });
  });
  after(async () => {
    await server?.close();
  });

  const call = (caller: Caller, method: string, path: string) =>
    server.app.inject({
      method: method as 'GET',
      url: path,
      headers: {
        accept: path.startsWith('/api/') ? 'application/json' : 'text/html',
        ...(caller.cookie ? { cookie: caller.cookie, 'x-csrf-token': caller.csrf } : {}),
      },
    });

  test('the OpenAPI document and the route list agree: every operation is a route, every /api route is documented', async () => {
    const doc = (await server.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = new Set(server.app.routeCatalogue.map((r) => `${r.method} ${r.url}`));
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    assert.ok(operations.length > 20, `operations documented: ${operations.length}`);
    assert.deepEqual(operations.filter((o) => !routes.has(o)), [], 'documented operations that are no route');
    const documented = new Set(operations);
    const undocumented = server.app.routeCatalogue
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !documented.has(`${r.method} ${r.url}`))
      .filter((r) => r.url !== '/api/openapi.json') // the document itself
      .map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(undocumented, [], '/api routes missing from the OpenAPI document (hidden routes must say why here)');
  });

  test('every route answers anonymous callers, each role and staff of another district as it declares', async () => {
    const catalogue: CatalogueEntry[] = server.app.routeCatalogue.filter((r) => r.method !== 'HEAD');
    const wrong: string[] = [];
    let calls = 0;
    for (const route of catalogue) {
      for (const caller of callers) {
        // Signing out ends the session the rest of the matrix uses.
        if (caller.cookie && /^\/(logout|api\/session)$/.test(route.url)) continue;
        const district = caller.district ?? HOME;
        const response = await call(caller, route.method, pathOf(route.url, district, homeIds[0] ?? '1'));
        calls++;
        const what = `${route.method} ${route.url} as ${caller.name}: ${response.statusCode} ${problemCode(response) ?? ''}`;
        if (response.statusCode >= 500) {
          wrong.push(`${what} (server error)`);
          continue;
        }
        if (route.roles === null) {
          // Public: nobody is asked to sign in, nobody is refused for a role.
          if (response.statusCode === 401 || problemCode(response) === 'forbidden') wrong.push(`${what} (public route refused a caller)`);
          continue;
        }
        const admitted = caller.role !== null && route.roles.includes(caller.role);
        if (caller.role === null) {
          if (response.statusCode !== 401 && !(response.statusCode === 303 && String(response.headers.location).startsWith('/login'))) wrong.push(`${what} (anonymous let in)`);
        } else if (!admitted) {
          if (response.statusCode !== 403) wrong.push(`${what} (role let in)`);
        } else if (response.statusCode === 401 || problemCode(response) === 'forbidden' || problemCode(response) === 'csrf_failed') {
          wrong.push(`${what} (declared role refused)`);
        }
      }
    }
    assert.ok(calls > catalogue.length * 5, `calls made: ${calls}`);
    assert.deepEqual(wrong, []);
  });

  test('staff of another district reach nothing of this district: district paths are not found, ids show none of its data', async () => {
    const guarded = server.app.routeCatalogue.filter((r) => r.roles !== null && r.method === 'GET');
    const leaks: string[] = [];
    for (const caller of callers.filter((c) => c.district === OTHER)) {
      for (const route of guarded.filter((r) => r.roles!.includes(caller.role!))) {
        if (route.url.includes(':district')) {
          const response = await call(caller, 'GET', pathOf(route.url, HOME, '1'));
          if (response.statusCode !== 404 && response.statusCode !== 403) leaks.push(`${route.url} with ${HOME} as ${caller.name}: ${response.statusCode}`);
          continue;
        }
        for (const id of /:(id|auditId|messageId|bookingId)\b/.test(route.url) ? homeIds : ['1']) {
          const response = await call(caller, 'GET', pathOf(route.url, OTHER, id));
          const shown = HOME_MARKERS.filter((m) => response.body.includes(m));
          if (response.statusCode < 300 && shown.length > 0) leaks.push(`${pathOf(route.url, OTHER, id)} as ${caller.name} shows ${shown.join(', ')}`);
        }
      }
    }
    assert.deepEqual(leaks, []);
  });
});
