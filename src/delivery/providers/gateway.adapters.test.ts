import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ProviderError, type OutboundMessage } from '../provider.ts';
import { startSimulator, type Simulator } from '../simulator/simulator.ts';
import { startReceiptCollector, type ReceiptCollector } from '../simulator/receipt-collector.test-support.ts';
import { KakaoGatewayAdapter } from './kakao-gateway.adapter.ts';
import { SmsGatewayAdapter } from './sms-gateway.adapter.ts';

let sim: Simulator;
let kakaoReceipts: ReceiptCollector;
let smsReceipts: ReceiptCollector;
const secret = 'adapter-test-secret-0123456789';

before(async () => {
  sim = await startSimulator({ profile: 'gangnam', seed: 'adapters', webhookSecret: secret, overrides: { receiptDelayMs: 5, openedDelayMs: 5 } });
  kakaoReceipts = await startReceiptCollector('kakao', secret);
  smsReceipts = await startReceiptCollector('sms', secret);
  sim.setWebhooks({ kakao: kakaoReceipts.url, sms: smsReceipts.url });
});

after(async () => {
  await sim.close();
  await kakaoReceipts.close();
  await smsReceipts.close();
});

let n = 0;
const phone = (i: number, prefix = '10') => `+82${prefix}${String(10_000_000 + i).slice(-8)}`;

function kakao(to: OutboundMessage['to'], text = '홍길동님, 재산세 123,000원 고지서가 도착했습니다.'): OutboundMessage {
  n++;
  return {
    attemptId: `a${n}`,
    idempotencyKey: `kakao-${n}-${Date.now()}`,
    channel: 'kakao',
    to,
    kakao: { templateCode: 'TAX_NOTICE_01', variables: { name: '홍길동', amount: '123,000' }, text, buttons: [{ name: '고지서 보기', url: 'https://tax.example.kr/n/1' }] },
  };
}

function sms(to: string, text = '[강남구] 재산세 고지서가 발송되었습니다.', kind: 'sms' | 'lms' = 'sms'): OutboundMessage {
  n++;
  return { attemptId: `s${n}`, idempotencyKey: `sms-${n}-${Date.now()}`, channel: 'sms', to: { phone: to }, sms: { kind, ...(kind === 'lms' ? { subject: '재산세' } : {}), text } };
}

test('KakaoTalk: accepted messages get message ids and signed receipts arrive, with our causes', async () => {
  const adapter = new KakaoGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey });
  // Find, through the simulator's own fate function, a reachable CI, a non-KakaoTalk CI and a dead-prefix number.
  let reachable: string | undefined;
  let notUser: string | undefined;
  for (let i = 0; (!reachable || !notUser) && i < 10_000; i++) {
    const ci = `CI${String(i).padStart(10, '0')}AbCdEf==`;
    const fate = sim.fateOf('kakao', { ci });
    if (fate.kind === 'delivered') reachable ??= ci;
    else if (fate.kind === 'failed' && fate.code === 'not_kakao_user') notUser ??= ci;
  }
  assert.ok(reachable && notUser);
  const messages = [kakao({ identityKey: reachable }), kakao({ identityKey: notUser }), kakao({ phone: phone(1, '16') }), kakao({ phone: phone(2), identityKey: undefined })];
  const outcomes = await adapter.sendBatch(messages);
  assert.equal(outcomes.length, 4);
  for (const [i, o] of outcomes.entries()) {
    assert.equal(o.attemptId, messages[i]!.attemptId);
    assert.equal(o.status, 'accepted');
  }
  const ids = outcomes.map((o) => (o.status === 'accepted' ? o.providerMessageId : ''));
  await kakaoReceipts.waitFor((r) => ids.slice(0, 3).every((id) => r.some((x) => x.providerMessageId === id && x.status !== 'opened')));
  const final = (id: string) => kakaoReceipts.received.find((r) => r.providerMessageId === id && r.status !== 'opened')!;
  assert.equal(final(ids[0]!).status, 'delivered');
  assert.equal(final(ids[1]!).status, 'failed');
  assert.equal(final(ids[1]!).cause, 'not_kakao_user');
  assert.equal(final(ids[2]!).cause, 'dead_prefix');
  assert.equal(final(ids[0]!).idempotencyKey, messages[0]!.idempotencyKey);
  assert.equal(final(ids[0]!).provider, 'kakao');
  assert.deepEqual(kakaoReceipts.refused, []);
});

test('KakaoTalk: per-message refusals are classified; missing contact and content never leave', async () => {
  const adapter = new KakaoGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey });
  const noContact = kakao({});
  const noContent: OutboundMessage = { ...kakao({ phone: phone(3) }), kakao: undefined };
  const outcomes = await adapter.sendBatch([
    kakao({ phone: '010-1234-5678' }),
    kakao({ phone: phone(4) }, '#{name}님, 고지서가 도착했습니다.'),
    noContact,
    noContent,
    kakao({ phone: phone(5) }),
  ]);
  assert.deepEqual(
    outcomes.map((o) => (o.status === 'rejected' ? [o.status, o.permanent, o.cause] : [o.status])),
    [
      ['rejected', true, 'invalid_recipient'],
      ['rejected', true, 'provider_rejected'],
      ['rejected', true, 'no_contact'],
      ['rejected', true, 'provider_rejected'],
      ['accepted'],
    ],
  );
  const second = outcomes[1]!;
  assert.ok(second.status === 'rejected' && second.detail.startsWith('template_mismatch'));
});

test('SMS: SMS and LMS accepted, too long refused, a dead prefix gets a failed receipt', async () => {
  const adapter = new SmsGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey, name: 'sms' });
  const long = '가'.repeat(60);
  const messages = [sms(phone(10, '19')), sms(phone(11), long), sms(phone(12), long, 'lms')];
  const outcomes = await adapter.sendBatch(messages);
  assert.equal(outcomes[0]!.status, 'accepted');
  assert.ok(outcomes[1]!.status === 'rejected' && outcomes[1]!.permanent && outcomes[1]!.cause === 'provider_rejected' && outcomes[1]!.detail.startsWith('content_too_long'));
  assert.equal(outcomes[2]!.status, 'accepted');
  const deadId = outcomes[0]!.status === 'accepted' ? outcomes[0]!.providerMessageId : '';
  await smsReceipts.waitFor((r) => r.some((x) => x.providerMessageId === deadId));
  assert.equal(smsReceipts.received.find((x) => x.providerMessageId === deadId)!.cause, 'dead_prefix');
});

test('the same idempotency key twice answers the same message id and delivers once', async () => {
  const adapter = new SmsGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey });
  let to = phone(20);
  for (let i = 20; sim.fateOf('sms', { phone: to }).kind !== 'delivered'; i++) to = phone(i);
  const message = sms(to);
  const before = sim.stats().duplicatesSuppressed;
  const [first] = await adapter.sendBatch([message]);
  const [again] = await adapter.sendBatch([message]);
  assert.ok(first?.status === 'accepted' && again?.status === 'accepted');
  assert.equal(again.providerMessageId, first.providerMessageId);
  const stats = sim.stats();
  assert.equal(stats.deliveriesByKey[message.idempotencyKey], 1);
  assert.equal(stats.duplicatesSuppressed, before + 1);
  assert.equal(sim.messages().filter((m) => m.idempotencyKey === message.idempotencyKey).length, 1);
});

test('429 from the rate limit is transient with retryAfterMs', async () => {
  const limited = await startSimulator({ profile: 'clean', overrides: { rateLimitPerSecond: 1 } });
  try {
    const adapter = new SmsGatewayAdapter({ baseUrl: limited.url, apiKey: limited.apiKey });
    // Both calls land in the same second unless the clock turns in between; try until it does not.
    let error: unknown;
    for (let i = 0; i < 5 && !error; i++) {
      await adapter.sendBatch([sms(phone(30 + i))]).catch((e: unknown) => (error = e));
      await adapter.sendBatch([sms(phone(40 + i))]).catch((e: unknown) => (error = e));
    }
    assert.ok(error instanceof ProviderError);
    assert.equal(error.transient, true);
    assert.equal(error.details.status, 429);
    assert.equal(error.details.retryAfterMs, 1000);
    assert.ok(limited.stats().rateLimited >= 1);
  } finally {
    await limited.close();
  }
});

test('an outage answers 503: transient; it ends after the given calls', async () => {
  const adapter = new KakaoGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey });
  sim.setOutage({ nextCalls: 2 });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(adapter.sendBatch([kakao({ phone: phone(50 + i) })]), (e: unknown) => e instanceof ProviderError && e.transient && e.details.status === 503);
  }
  const [ok] = await adapter.sendBatch([kakao({ phone: phone(52) })]);
  assert.equal(ok?.status, 'accepted');
  sim.setOutage({ forMs: 60_000 });
  await assert.rejects(adapter.sendBatch([kakao({ phone: phone(53) })]), (e: unknown) => e instanceof ProviderError && e.transient);
  sim.setOutage(null);
});

test('garbage from the gateway is a transient error', async () => {
  const adapter = new SmsGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey });
  sim.setGarbage(1);
  await assert.rejects(adapter.sendBatch([sms(phone(60))]), (e: unknown) => e instanceof ProviderError && e.transient && /not JSON/.test(e.message));
});

test('a wrong API key is permanent; an unreachable gateway and a timeout are transient', async () => {
  const wrongKey = new KakaoGatewayAdapter({ baseUrl: sim.url, apiKey: 'not-the-key' });
  await assert.rejects(wrongKey.sendBatch([kakao({ phone: phone(70) })]), (e: unknown) => e instanceof ProviderError && !e.transient && e.details.status === 401);

  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const nowhere = new KakaoGatewayAdapter({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' });
  await assert.rejects(nowhere.sendBatch([kakao({ phone: phone(71) })]), (e: unknown) => e instanceof ProviderError && e.transient);

  const slowSim = await startSimulator({ profile: 'clean', overrides: { latencyMs: 2_000 } });
  try {
    const slow = new KakaoGatewayAdapter({ baseUrl: slowSim.url, apiKey: slowSim.apiKey, timeoutMs: 100 });
    await assert.rejects(slow.sendBatch([kakao({ phone: phone(72) })]), (e: unknown) => e instanceof ProviderError && e.transient && /timeout/.test(e.message));
  } finally {
    await slowSim.close();
  }
});

test('a wrong-shaped JSON answer and a 400 on the whole call', async () => {
  const answers: [number, string][] = [
    [200, JSON.stringify({ results: [{ idempotency_key: 'x', status: 'accepted' }] })],
    [200, JSON.stringify({ results: [] })],
    [400, JSON.stringify({ error: { code: 'invalid_request', message: 'bad' } })],
  ];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const [status, body] = answers.shift()!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const adapter = new SmsGatewayAdapter({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'k' });
    await assert.rejects(adapter.sendBatch([sms(phone(80))]), (e: unknown) => e instanceof ProviderError && e.transient && /unexpected shape/.test(e.message));
    await assert.rejects(adapter.sendBatch([sms(phone(81))]), (e: unknown) => e instanceof ProviderError && e.transient && /leaves out/.test(e.message));
    await assert.rejects(adapter.sendBatch([sms(phone(82))]), (e: unknown) => e instanceof ProviderError && !e.transient && e.details.status === 400);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('receipts are retried until the receiver answers 2xx', async () => {
  const adapter = new SmsGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey });
  await sim.receiptsIdle();
  smsReceipts.failNext(2);
  const [o] = await adapter.sendBatch([sms(phone(90))]);
  assert.ok(o?.status === 'accepted');
  await smsReceipts.waitFor((r) => r.some((x) => x.providerMessageId === o.providerMessageId));
});

test('SMS: the district’s caller number travels with its message; a message without one leaves it to the gateway', async () => {
  const adapter = new SmsGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey });
  const own = { ...sms(phone(901)), sender: { smsNumber: '0231538114' } };
  const plain = sms(phone(902));
  const outcomes = await adapter.sendBatch([own, plain]);
  assert.deepEqual(outcomes.map((o) => o.status), ['accepted', 'accepted']);
  const byKey = new Map(sim.messages().map((m) => [m.idempotencyKey, m]));
  assert.equal(byKey.get(own.idempotencyKey)!.sender, '0231538114');
  assert.equal(byKey.get(plain.idempotencyKey)!.sender, undefined);
});
