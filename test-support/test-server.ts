// Test support (not a test): a real server on 127.0.0.1 over a test
// database, and a small cookie-keeping HTTP client for it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/platform/config.ts';
import { createCipher } from '../src/platform/crypto.ts';
import type { Database, Queryable } from '../src/platform/db/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { Role } from '../src/platform/auth/roles.ts';
import { createStaffAccount } from '../src/platform/auth/staff.repository.ts';
import type { AppDeps } from '../src/platform/http/deps.ts';
import { buildAppServer } from '../src/app/server.ts';

export interface TestServer {
  app: FastifyInstance;
  url: string;
  deps: AppDeps;
  close(): Promise<void>;
}

/** Log lines a test server wrote, parsed; pass it as { logs } to read them. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  private waiting: { enough: () => boolean; resolve: () => void }[] = [];
  write(line: string): void {
    this.raw.push(line);
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
    this.waiting = this.waiting.filter((w) => (w.enough() ? (w.resolve(), false) : true));
  }
  /**
   * Resolves once the lines written satisfy `enough`. A request's log line is
   * written when the server has finished the response, which can come after
   * the client has read it all (a compressed body ends with the stream), so a
   * test waits for the lines rather than for its requests.
   */
  until(enough: (lines: Record<string, unknown>[]) => boolean): Promise<void> {
    if (enough(this.lines)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ enough: () => enough(this.lines), resolve }));
  }
}

export async function startTestServer(db: Database, env: Record<string, string> = {}, options: { logs?: LogCapture } = {}): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    TAXSTATION_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TAXSTATION_LOG_LEVEL: options.logs ? 'info' : (process.env.TAXSTATION_LOG_LEVEL ?? 'silent'),
    // The test client is the loopback proxy: a test poses as a client address by sending one X-Forwarded-For value.
    TAXSTATION_TRUST_PROXY: '127.0.0.1',
    ...env,
  });
  const log = createLogger({ level: config.TAXSTATION_LOG_LEVEL, destination: options.logs });
  const deps: AppDeps = { config, db, log, cipher: createCipher(config.encryptionKey) };
  const app = await buildAppServer(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return { app, url: `http://127.0.0.1:${address.port}`, deps, close: () => app.close() };
}

export const TEST_PASSWORD = 'correct horse battery staple';

export async function createDistrictWithStaff(
  q: Queryable,
  code: string,
  roles: readonly Role[],
  names: { ko: string; en: string } = { ko: `${code}구`, en: `${code}-gu` },
): Promise<Record<Role, string>> {
  await q.query('INSERT INTO districts (code, name_ko, name_en) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [code, names.ko, names.en]);
  const usernames = {} as Record<Role, string>;
  for (const role of roles) {
    const username = `${code}.${role.replace('_', '-')}`;
    await createStaffAccount(q, { districtCode: code, username, displayName: `${code} ${role}`, role, password: TEST_PASSWORD });
    usernames[role] = username;
  }
  return usernames;
}

/** fetch with a cookie jar; remembers the CSRF token of the last sign-in. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string, readonly defaultHeaders: Record<string, string> = {}) {}

  async request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(this.baseUrl + path, { redirect: 'manual', ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  json(path: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Signs in through the JSON API; throws unless it succeeded. */
  async login(username: string, password = TEST_PASSWORD): Promise<{ csrfToken: string; staff: { districtCode: string; role: string } }> {
    const response = await this.json('/api/session', 'POST', { username, password });
    if (response.status !== 201) throw new Error(`login of ${username} failed: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { csrfToken: string; staff: { districtCode: string; role: string } };
    this.csrfToken = body.csrfToken;
    return body;
  }
}
