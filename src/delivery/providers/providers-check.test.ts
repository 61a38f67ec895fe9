import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { providersSchema } from '../providers.config.ts';
import { checkProviders, formatCheck } from './providers-check.ts';

// `providers check` on our own kinds (the services' checks are tested with
// their adapters): an SMTP relay nobody listens for, our gateway protocol.

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

test('an SMTP relay nobody listens for is a problem said in words; our gateway protocol is only parsed', async () => {
  const configs = providersSchema.parse([
    { type: 'smtp', name: 'mail', host: '127.0.0.1', port: await closedPort(), from: 'notice@tax.example.go.kr', bounceDomain: 'bounces.tax.example.go.kr' },
    { type: 'sms-gateway', name: 'sms-a', baseUrl: 'https://gateway.example.kr', apiKey: 'k', webhookSecret: 's'.repeat(16) },
  ]);
  const lines = await checkProviders(configs, { timeoutMs: 2000 });
  assert.deepEqual(lines.map((l) => [l.name, l.ok]), [['mail', false], ['sms-a', true]]);
  assert.match(lines[0]!.findings[0]!, /cannot be used: nothing listens there/);
  assert.match(formatCheck(lines), /^PROBLEM mail \(smtp\)\n {8}- The relay 127\.0\.0\.1:\d+ cannot be used/);
});
