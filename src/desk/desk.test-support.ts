// Test support (not a test): a WebSocket client that keeps every frame and
// waits for the ones a test expects; a clock set in Seoul time; a test server
// with districts whose staff are signed in, and the requests the console and
// its pages make; the one-time codes the desk sent.
import { after, before } from 'node:test';
import type { EngineContext } from '../../test-support/engines.ts';
import { testCipher } from '../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../test-support/test-server.ts';
import type { Role } from '../platform/auth/roles.ts';
import type { Database, Queryable } from '../platform/db/database.ts';
import type { Bilingual } from '../platform/i18n/i18n.ts';

export { FrameClient, type Frame } from '../../test-support/frame-client.ts';
import type { Frame } from '../../test-support/frame-client.ts';

export const isMessage = (body: string) => (f: Frame) => f.type === 'message' && f.body === body;

/**
 * A clock a test sets, in Seoul local time, so the desk's business hours do
 * not depend on when the test runs. Give `now` to AppDeps.clock.
 */
export class SeoulClock {
  private at: Date;
  constructor(local: string) {
    this.at = SeoulClock.parse(local);
  }
  private static parse(local: string): Date {
    return new Date(`${local}+09:00`);
  }
  set(local: string): void {
    this.at = SeoulClock.parse(local);
  }
  readonly now = (): Date => this.at;
}

/** Thursday 19 February 2026, 10:00 in Seoul: a working day, the desk is open. */
export const OPEN_HOURS = '2026-02-19T10:00:00';
/** Sunday 22 February 2026, 11:00. */
export const SUNDAY = '2026-02-22T11:00:00';
/** Thursday 19 February 2026, 22:00: after hours. */
export const WEEKDAY_NIGHT = '2026-02-19T22:00:00';
/** Tuesday 17 February 2026, 10:00: Seollal, a public holiday. */
export const SEOLLAL = '2026-02-17T10:00:00';

/** The encryption key of the desk's test servers (tests read sealed rows with testCipher). */
const DESK_TEST_KEY = Buffer.alloc(32, 7).toString('base64');

/** Gangnam and Seocho: the desk's tests check that one district never sees the other's. */
const GANGNAM: Bilingual = { ko: '강남구', en: 'Gangnam-gu' };
const SEOCHO: Bilingual = { ko: '서초구', en: 'Seocho-gu' };

/**
 * A test server with the districts, each with one signed-in staff member per
 * role: staff.gangnam.admin is a client holding the session and its CSRF token.
 */
async function startDeskServer<D extends string, R extends Role>(
  db: Database,
  districts: Record<D, Bilingual>,
  roles: readonly R[],
): Promise<{ server: TestServer; staff: Record<D, Record<R, TestClient>> }> {
  const server = await startTestServer(db, { TAXSTATION_ENCRYPTION_KEY: DESK_TEST_KEY });
  const staff = {} as Record<D, Record<R, TestClient>>;
  for (const code of Object.keys(districts) as D[]) {
    const usernames = await createDistrictWithStaff(db, code, roles, districts[code]);
    staff[code] = {} as Record<R, TestClient>;
    for (const role of roles) {
      const client = new TestClient(server.url);
      await client.login(usernames[role]);
      staff[code][role] = client;
    }
  }
  return { server, staff };
}

/**
 * For the tests of a forEachEngine block: a desk server on the block's
 * database with Gangnam and Seocho staff signed in (desk.gangnam.admin …),
 * started before the tests and closed after them.
 */
export function useDeskServer<R extends Role>(ctx: EngineContext, roles: readonly R[]): { server: TestServer; gangnam: Record<R, TestClient>; seocho: Record<R, TestClient> } {
  const desk = {} as { server: TestServer; gangnam: Record<R, TestClient>; seocho: Record<R, TestClient> };
  before(async () => {
    const { server, staff } = await startDeskServer(ctx.db, { gangnam: GANGNAM, seocho: SEOCHO }, roles);
    Object.assign(desk, { server, ...staff });
  });
  after(async () => {
    await desk.server?.close();
  });
  return desk;
}

/** A JSON request as the live console makes it: the session's CSRF token on anything but GET. */
export function apiCall(client: TestClient, path: string, method: string, body?: unknown): Promise<Response> {
  return body === undefined
    ? client.request(path, { method, headers: method === 'GET' ? {} : { 'x-csrf-token': client.csrfToken ?? '' } })
    : client.json(path, method, body, { 'x-csrf-token': client.csrfToken ?? '' });
}

/** A form post as a browser sends it, with the session's CSRF token unless it is left out (null). */
export function formPost(client: TestClient, path: string, fields: Record<string, string>, csrf: string | null = client.csrfToken ?? null): Promise<Response> {
  return client.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...fields }).toString(),
  });
}

/** A page as a browser gets it: status and HTML. */
export async function getPage(client: TestClient, path: string): Promise<{ status: number; html: string }> {
  const response = await client.request(path);
  return { status: response.status, html: await response.text() };
}

/** The highest delivery message id so far (0 without any): codes "since" it are the ones a step sent. */
export async function lastMessageId(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: string | null }>('SELECT max(id) AS n FROM messages')).rows[0]!.n ?? 0);
}

/** The one-time codes queued after a message id, by where they went ('phone' or 'email' → the latest code). */
export async function codesSince(q: Queryable, afterId: number): Promise<Record<string, string>> {
  const { rows } = await q.query<{ recipient_enc: Uint8Array; variables_enc: Uint8Array }>(
    `SELECT recipient_enc, variables_enc FROM messages WHERE topic = 'one_time_code' AND id > $1 ORDER BY id`, [afterId],
  );
  const codes: Record<string, string> = {};
  for (const r of rows) codes[Object.keys(JSON.parse(testCipher.decrypt(Buffer.from(r.recipient_enc))))[0]!] = JSON.parse(testCipher.decrypt(Buffer.from(r.variables_enc))).code;
  return codes;
}

/** A code that is not the one sent. */
export const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

export async function staffId(q: Queryable, username: string): Promise<number> {
  return Number((await q.query<{ id: string }>('SELECT id FROM staff_accounts WHERE username = $1', [username])).rows[0]!.id);
}
