// Test support (not a test): a browser-like client of the second factor's
// pages on a test server whose clock the test moves, with the codes an
// authenticator app would show at that moment (otplib's own generator).
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { TEST_PASSWORD, TestClient, type TestServer } from '../../../../test-support/test-server.ts';

export interface SecondFactorHarness {
  /** A client posing as its own address, so one test's throttle never locks another's. */
  client(): TestClient;
  advance(seconds: number): void;
  /** The code the account's app shows now (or at `at`). */
  codeFor(username: string, at?: Date): Promise<string>;
  /** A form post with the client's CSRF token. */
  form(c: TestClient, path: string, fields: Record<string, string>): Promise<Response>;
  /** The first step of the form's sign-in. */
  password(c: TestClient, username: string, pass?: string, next?: string): Promise<Response>;
  /** Sets up the account's second factor through its page; keeps the secret and the recovery codes. */
  enrol(c: TestClient, username: string): Promise<void>;
  /** The recovery codes a page shows, in order. */
  recoveryCodesIn(page: string): string[];
  secrets: Map<string, string>;
  recovery: Map<string, string[]>;
}

/** Helpers over `server`, whose clock they set to `start` and move forward. */
export function secondFactorHarness(server: TestServer, start: Date): SecondFactorHarness {
  let now = start;
  server.deps.clock = () => now;
  let addresses = 0;
  const secrets = new Map<string, string>();
  const recovery = new Map<string, string[]>();
  const h: SecondFactorHarness = {
    secrets,
    recovery,
    client: () => new TestClient(server.url, { 'x-forwarded-for': `203.0.113.${++addresses}` }),
    advance: (seconds) => { now = new Date(now.getTime() + seconds * 1000); },
    codeFor: (username, at = now) => generate({ secret: secrets.get(username)!, epoch: Math.floor(at.getTime() / 1000) }),
    form: (c, path, fields) =>
      c.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
        body: new URLSearchParams({ _csrf: c.csrfToken ?? '', ...fields }).toString(),
      }),
    password: (c, username, pass = TEST_PASSWORD, next) => h.form(c, '/login?lang=en', { username, password: pass, ...(next ? { next } : {}) }),
    recoveryCodesIn: (page) => [...page.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]!),
    async enrol(c, username) {
      c.csrfToken ??= ((await (await c.request('/api/session')).json()) as { csrfToken: string }).csrfToken;
      const page = await (await c.request('/console/account/second-factor?lang=en')).text();
      const key = /data-setup-key[^>]*>([A-Z2-7 ]+)</.exec(page)?.[1];
      assert.ok(key, 'the page shows the set-up key');
      secrets.set(username, key.replace(/ /g, ''));
      const done = await h.form(c, '/console/account/second-factor?lang=en', { code: await h.codeFor(username) });
      assert.equal(done.status, 200);
      const codes = h.recoveryCodesIn(await done.text());
      assert.equal(codes.length, 8, 'eight recovery codes, shown once');
      recovery.set(username, codes);
      h.advance(30); // the code just used cannot sign in: the next sign-in is a step later
    },
  };
  return h;
}
