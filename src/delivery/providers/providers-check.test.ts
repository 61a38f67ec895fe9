import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { providersSchema } from '../providers.config.ts';
import { providersCheckMessages } from './providers-check.messages.ts';
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
  assert.match(lines[0]!.findings[0]!.en, /cannot be used: nothing listens there/);
  assert.match(lines[0]!.findings[0]!.ko, /메일 중계 서버\(127\.0\.0\.1:\d+\)를 쓸 수 없습니다: 그 주소에서 기다리는 서버가 없습니다/);
  assert.match(lines[1]!.findings[0]!.ko, /읽기 전용 호출이 없어 설정의 형식만 점검했습니다/);
  assert.match(formatCheck(lines), /^PROBLEM mail \(smtp\)\n {8}- The relay 127\.0\.0\.1:\d+ cannot be used/);
  assert.match(formatCheck(lines, 'ko'), /^PROBLEM mail \(smtp\)\n {8}- 메일 중계 서버\(127\.0\.0\.1:\d+\)를 쓸 수 없습니다/);
});

test('every finding reads in Korean without English carried over from a service', () => {
  for (const [key, text] of Object.entries(providersCheckMessages.catalogue)) {
    assert.ok(text.ko && text.en, key);
    assert.doesNotMatch(text.ko, /\{detail\}/, `${key}: the Korean side never carries a service's English text`);
    assert.match(text.ko, /[가-힣]/, `${key}: written in Korean`);
  }
});
