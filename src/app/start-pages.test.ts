import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TEST_PASSWORD, TestClient, type TestServer } from '../../test-support/test-server.ts';
import { ROLES, type Role } from '../platform/auth/roles.ts';
import { configureConsultations } from '../consultations/schedule/schedule.service.ts';

// Each role lands on its own start page after signing in and sees only the
// staff-menu entries it may use, over real HTTP on both engines: the sign-in
// form leads to /console/start, which sends each role on to its page; every
// entry of the menu opens for the role (no 403), and the menu holds exactly
// the entries whose page admits the role (read from the route guards).

const START: Record<Role, string> = {
  admin: '/console',
  tax_official: '/console/seasons',
  desk_agent: '/console/desk',
  expert: '/console/consultations/agenda',
  lecturer: '/console/lectures',
};

forEachEngine('start pages and staff menus', (ctx) => {
  let server: TestServer;
  let staff: Record<Role, string>;
  before(async () => {
    server = await startTestServer(ctx.db);
    staff = await createDistrictWithStaff(ctx.db, 'gangnam', ROLES, { ko: '강남구', en: 'Gangnam-gu' });
    await configureConsultations(ctx.db, 'gangnam'); // the district offers consultations: their pages open
  });
  after(async () => {
    await server?.close();
  });

  const signIn = async (role: Role, next?: string) => {
    const client = new TestClient(server.url);
    const response = await client.request('/login?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: staff[role], password: TEST_PASSWORD, ...(next ? { next } : {}) }).toString(),
    });
    assert.equal(response.status, 303, `${role} signs in`);
    return { client, location: response.headers.get('location') ?? '' };
  };
  const page = (client: TestClient, path: string) => client.request(path, { headers: { accept: 'text/html' } });
  const menuOf = (html: string) => {
    const nav = /<nav aria-label="Staff menu"><ul>([\s\S]*?)<\/ul><\/nav>/.exec(html)?.[1] ?? '';
    return [...nav.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);
  };

  for (const role of ROLES) {
    test(`${role}: signing in leads to ${START[role]}; every menu entry opens, and the menu is what the role may use`, async () => {
      const { client, location } = await signIn(role);
      assert.equal(location, '/console/start');
      const start = await page(client, location);
      assert.equal(start.status, 303);
      assert.equal(start.headers.get('location'), START[role]);
      const landing = await page(client, `${START[role]}?lang=en`);
      assert.equal(landing.status, 200, `${role}’s start page opens`);
      const menu = menuOf(await landing.text());
      assert.ok(menu.includes(START[role]), `${role}’s start page is in its menu: ${menu.join(' ')}`);

      const catalogue = server.app.routeCatalogue;
      const admits = (href: string) => catalogue.find((r) => r.method === 'GET' && r.url === href)?.roles?.includes(role) ?? false;
      const mayUse = ['/console', ...server.app.webShell.consoleNav.map((item) => item.href)].filter(admits);
      assert.deepEqual([...menu].sort(), [...new Set(mayUse)].sort(), `${role} sees exactly the entries it may use`);
      for (const href of menu) {
        const opened = await page(client, `${href}?lang=en`);
        assert.ok(opened.status === 200, `${role}: ${href} answers ${opened.status}`);
      }
    });
  }

  test('a page to return to wins over the start page; a foreign one does not', async () => {
    assert.equal((await signIn('desk_agent', '/console/taxpayers?lang=ko')).location, '/console/taxpayers?lang=ko');
    assert.equal((await signIn('desk_agent', 'https://evil.example/')).location, '/console/start');
    assert.equal((await page(new TestClient(server.url), '/console/start')).status, 303, 'anonymous: to the sign-in');
    const { client } = await signIn('lecturer');
    assert.equal((await page(client, '/login')).headers.get('location'), '/console/start', 'signed in already: on to the start page');
  });
});
