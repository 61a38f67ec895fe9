import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { loggablePath } from '../logger.ts';
import { LogCapture, startTestServer, type TestServer } from '../../../test-support/test-server.ts';

// One log line per request (method, path, status, time), and never a secret
// the path carries: the self-service links /r/update/<token>, and any other
// long random-looking segment or parameter named like a token or code.

test('loggablePath hides token parameters by the route and random-looking segments anywhere; the rest stays readable', () => {
  const token = randomBytes(32).toString('base64url');
  assert.equal(loggablePath(`/r/update/${token}?lang=en`, '/r/update/:token'), '/r/update/[token]');
  assert.equal(loggablePath(`/r/update/${token}/contacts`, '/r/update/:token/contacts'), '/r/update/[token]/contacts');
  assert.equal(loggablePath('/r/update/short', '/r/update/:token'), '/r/update/[token]', 'by name, whatever its length');
  assert.equal(loggablePath(`/no/such/${token}/page`), '/no/such/[token]/page', 'unknown routes: by shape');
  assert.equal(loggablePath('/api/desk/conversations/12/contact-requests/3/apply', '/api/desk/conversations/:id/contact-requests/:messageId/apply'), '/api/desk/conversations/12/contact-requests/3/apply');
  assert.equal(loggablePath('/api/templates/contact_update_request/kakao/ko', '/api/templates/:kind/:channel/:locale'), '/api/templates/contact_update_request/kakao/ko');
  assert.equal(loggablePath('/pay/gangnam/2026-0700-000009'), '/pay/gangnam/2026-0700-000009', 'a notice number is not a secret');
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 48 }), (bytes) => {
      for (const encoded of [Buffer.from(bytes).toString('base64url'), Buffer.from(bytes).toString('hex')]) {
        fc.pre(/\d/.test(encoded) || (/[a-z]/.test(encoded) && /[A-Z]/.test(encoded)));
        assert.equal(loggablePath(`/x/${encoded}`), '/x/[token]');
      }
    }),
  );
});

forEachEngine('request log', (ctx) => {
  let server: TestServer;
  const logs = new LogCapture();
  before(async () => {
    server = await startTestServer(ctx.db, {}, { logs });
  });
  after(async () => {
    await server?.close();
  });

  test('a request to a self-service link writes no token to the log, whether the link exists or not', async () => {
    const token = randomBytes(32).toString('base64url');
    for (const path of [`/r/update/${token}?lang=en`, `/r/update/${token}/contacts?lang=ko`, `/r/update/${token}/code`, `/nothing/${token}`]) {
      await (await fetch(`${server.url}${path}`)).arrayBuffer();
    }
    await (await fetch(`${server.url}/r/update/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'year=1980&month=1&day=2' })).arrayBuffer();
    await logs.until((lines) => lines.filter((l) => l.msg === 'request').length >= 5);
    const lines = logs.lines.filter((l) => l.msg === 'request');
    assert.ok(lines.length >= 5, `request lines: ${lines.length}`);
    assert.ok(!logs.raw.some((l) => l.includes(token)), 'the token is nowhere in the log');
    assert.ok(lines.some((l) => l.path === '/r/update/[token]' && l.method === 'GET'));
    assert.ok(lines.some((l) => l.path === '/r/update/[token]/contacts'));
    assert.ok(lines.some((l) => l.path === '/r/update/[token]' && l.method === 'POST'));
  });
});
