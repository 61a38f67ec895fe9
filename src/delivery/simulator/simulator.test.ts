import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { test } from 'node:test';
import { ProviderError, type OutboundMessage, type ProviderAdapter, type SendOutcome } from '../provider.ts';
import { KakaoGatewayAdapter } from '../providers/kakao-gateway.adapter.ts';
import { SmsGatewayAdapter } from '../providers/sms-gateway.adapter.ts';
import { BounceSigner, SmtpAdapter } from '../providers/smtp.adapter.ts';
import { startReceiptCollector } from './receipt-collector.test-support.ts';
import { startSimulator, type Simulator } from './simulator.ts';

const DEAD = ['11', '16', '17', '18', '19'];

/** A deterministic population: channel mix as a district has it, with ~1.5% of phones on dead prefixes. */
function population(count: number, tag: string): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  for (let i = 0; i < count; i++) {
    const dead = i % 67 === 3;
    const phone = `+82${dead ? DEAD[i % DEAD.length] : '10'}${String(20_000_000 + i * 7919).slice(-8)}`;
    const base = { attemptId: `${tag}-${i}`, idempotencyKey: `${tag}:${i}` };
    const slot = i % 5;
    if (slot <= 1)
      out.push({ ...base, channel: 'kakao', to: { identityKey: `CI${tag}${String(i).padStart(8, '0')}xyzXYZ==` }, kakao: { templateCode: 'T1', variables: {}, text: '재산세 고지서가 도착했습니다.', buttons: [] } });
    else if (slot === 2) out.push({ ...base, channel: 'kakao', to: { phone }, kakao: { templateCode: 'T1', variables: {}, text: '재산세 고지서가 도착했습니다.', buttons: [] } });
    else if (slot === 3) out.push({ ...base, channel: 'sms', to: { phone }, sms: { kind: 'sms', text: '[강남구] 재산세 고지서 발송' } });
    else out.push({ ...base, channel: 'email', to: { email: `resident${tag}${i}@mail.example.kr` }, email: { subject: '재산세', html: '<p>재산세</p>', text: '재산세' } });
  }
  return out;
}

/** Sends everything, retrying transient failures as the dispatcher would. */
async function sendAll(sim: Simulator, messages: OutboundMessage[], smtp?: SmtpAdapter, maxBatchSize = 500): Promise<Map<string, SendOutcome>> {
  const adapters: Record<string, ProviderAdapter | undefined> = {
    kakao: new KakaoGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey, maxBatchSize }),
    sms: new SmsGatewayAdapter({ baseUrl: sim.url, apiKey: sim.apiKey, maxBatchSize }),
    email: smtp,
  };
  const outcomes = new Map<string, SendOutcome>();
  for (const channel of ['kakao', 'sms', 'email'] as const) {
    const adapter = adapters[channel];
    let queue = messages.filter((m) => m.channel === channel);
    if (!adapter) continue;
    for (let round = 0; queue.length > 0; round++) {
      assert.ok(round < 500, 'sending did not converge');
      const batch = queue.slice(0, adapter.maxBatchSize);
      try {
        const results = await adapter.sendBatch(batch);
        const retry: OutboundMessage[] = [];
        results.forEach((o, i) => {
          if (o.status === 'rejected' && !o.permanent) retry.push(batch[i]!);
          else outcomes.set(o.attemptId, o);
        });
        queue = [...queue.slice(batch.length), ...retry];
      } catch (error) {
        assert.ok(error instanceof ProviderError && error.transient, String(error));
        await new Promise((r) => setTimeout(r, Math.min(error.details.retryAfterMs ?? 20, 1000)));
      }
    }
  }
  return outcomes;
}

test('same seed, same recipients: same fates and message ids; another seed: other fates', async () => {
  const messages = population(600, 'det').filter((m) => m.channel !== 'email');
  const fatesOf = async (seed: string) => {
    const sim = await startSimulator({ seed, profile: 'gangnam' });
    try {
      // Send in another order the second time: fates must not depend on it.
      await sendAll(sim, seed === 'one' ? messages : [...messages].reverse());
      return new Map(sim.messages().map((m) => [m.idempotencyKey, `${m.fate}|${m.messageId}`]));
    } finally {
      await sim.close();
    }
  };
  const [a, b, c] = [await fatesOf('one'), await fatesOf('one'), await fatesOf('two')];
  assert.equal(a.size, messages.length);
  assert.deepEqual([...b.entries()].sort(), [...a.entries()].sort());
  const differ = [...a.keys()].filter((k) => a.get(k)!.split('|')[0] !== c.get(k)!.split('|')[0]);
  assert.ok(differ.length > 0, 'another seed changes some fates');
});

test('dead prefixes are never delivered, on any profile', async () => {
  for (const profile of ['clean', 'gangnam', 'chaos'] as const) {
    const sim = await startSimulator({ profile, seed: `dead-${profile}`, overrides: { outages: [], rateLimitPerSecond: null } });
    try {
      const messages = DEAD.flatMap((p, i) => [
        { attemptId: `d${i}`, idempotencyKey: `dead:${profile}:sms:${i}`, channel: 'sms' as const, to: { phone: `+82${p}2345678${i}` }, sms: { kind: 'sms' as const, text: '고지' } },
        { attemptId: `k${i}`, idempotencyKey: `dead:${profile}:kakao:${i}`, channel: 'kakao' as const, to: { phone: `+82${p}87654321` }, kakao: { templateCode: 'T', variables: {}, text: '고지', buttons: [] } },
      ]);
      await sendAll(sim, messages);
      const sent = sim.messages();
      assert.equal(sent.length, messages.length);
      for (const m of sent) {
        assert.equal(m.delivered, false);
        assert.equal(m.fate, 'dead_prefix');
      }
      assert.equal(sim.stats().delivered, 0);
    } finally {
      await sim.close();
    }
  }
});

test('gangnam profile: between 4% and 8% of a few thousand electronic recipients are unreachable', async () => {
  const sim = await startSimulator({ profile: 'gangnam', seed: 'gangnam-share', smtp: { port: 0 } });
  const smtp = new SmtpAdapter({ host: '127.0.0.1', port: sim.smtpPort!, from: 'notice@gangnam.example.kr', bounceDomain: 'bounces.example.kr', bounceSigner: new BounceSigner(Buffer.alloc(32, 3)), maxConnections: 4 });
  try {
    const messages = population(3000, 'gn');
    const outcomes = await sendAll(sim, messages, smtp);
    assert.equal(outcomes.size, messages.length);
    const stats = sim.stats();
    const unreachable = stats.failed + [...outcomes.values()].filter((o) => o.status === 'rejected').length;
    const share = unreachable / messages.length;
    assert.ok(share >= 0.04 && share <= 0.08, `unreachable share ${(share * 100).toFixed(2)}%`);
    const causes = new Set(sim.messages().filter((m) => !m.delivered).map((m) => m.fate));
    for (const cause of ['dead_prefix', 'number_changed', 'not_kakao_user', 'hard_bounce']) assert.ok(causes.has(cause), `the mix has ${cause}`);
    assert.equal(stats.accepted, stats.delivered + stats.failed);
  } finally {
    await smtp.close();
    await sim.close();
  }
});

test('chaos profile: receipts come duplicated and out of order, yet each message is delivered once', async () => {
  const secret = 'chaos-secret-0123456789abcdef';
  const collector = await startReceiptCollector('kakao', secret);
  const sim = await startSimulator({ profile: 'chaos', seed: 'chaos', webhookSecret: secret, webhooks: { kakao: collector.url }, overrides: { lateReceiptDelayMs: 200 } });
  try {
    const messages = population(1500, 'ch').filter((m) => m.channel === 'kakao');
    // Every message twice, as after a crash between send and commit.
    // Small batches: many calls, so the call faults (503, garbage, 429) show up too.
    await sendAll(sim, messages, undefined, 10);
    await sendAll(sim, messages, undefined, 10);
    await sim.receiptsIdle();
    const stats = sim.stats();
    assert.equal(stats.maxDeliveriesPerKey, 1);
    assert.ok(stats.duplicatesSuppressed >= messages.length - stats.rejected);
    assert.ok(stats.outageAnswers + stats.garbageAnswers + stats.rateLimited > 0, 'call faults happened');

    const seen = new Map<string, number>();
    for (const r of collector.received) seen.set(r.receiptId, (seen.get(r.receiptId) ?? 0) + 1);
    assert.ok([...seen.values()].some((count) => count > 1), 'some receipt arrived twice');

    const arrival = new Map<string, string[]>();
    for (const r of collector.received) arrival.set(r.providerMessageId!, [...(arrival.get(r.providerMessageId!) ?? []), r.status]);
    const overtaken = [...arrival.values()].filter((s) => s.indexOf('opened') >= 0 && s.indexOf('opened') < s.indexOf('delivered'));
    assert.ok(overtaken.length > 0, 'some "opened" receipt overtook its "delivered"');

    const accepted = sim.messages();
    const withReceipt = accepted.filter((m) => arrival.has(m.messageId)).length;
    assert.ok(withReceipt < accepted.length, 'some receipts are never sent');
    assert.ok(withReceipt > accepted.length * 0.9);
    assert.deepEqual(collector.refused, []);
  } finally {
    await sim.close();
    await collector.close();
  }
});

test('stats and messages over HTTP for a simulator in another process', async () => {
  const sim = await startSimulator({ profile: 'clean', seed: 'http' });
  try {
    await sendAll(sim, population(20, 'h').filter((m) => m.channel === 'sms'));
    // Four SMS, one of them to a dead prefix.
    const stats = (await (await fetch(`${sim.url}/sim/stats`)).json()) as { accepted: number; delivered: number; deliveriesByKey: Record<string, number> };
    assert.equal(stats.accepted, 4);
    assert.equal(stats.delivered, 3);
    assert.deepEqual(stats.deliveriesByKey, {}, 'the per-key map only on request: it is large after a season');
    const withKeys = (await (await fetch(`${sim.url}/sim/stats?by_key=1`)).json()) as { deliveriesByKey: Record<string, number> };
    assert.deepEqual(Object.values(withKeys.deliveriesByKey), [1, 1, 1]);
    const listed = (await (await fetch(`${sim.url}/sim/messages?limit=3`)).json()) as { total: number; messages: { channel: string; fate: string }[] };
    assert.equal(listed.total, 4);
    assert.equal(listed.messages.length, 3);
    assert.ok(listed.messages.every((m) => m.channel === 'sms'));
    const outage = await fetch(`${sim.url}/sim/outage`, { method: 'POST', headers: { authorization: `Bearer ${sim.apiKey}` }, body: JSON.stringify({ next_calls: 1 }) });
    assert.equal(outage.status, 200);
    const refused = await fetch(`${sim.url}/v1/sms/messages:batch`, { method: 'POST', headers: { authorization: `Bearer ${sim.apiKey}` }, body: '{}' });
    assert.equal(refused.status, 503);
    const badShape = await fetch(`${sim.url}/v1/sms/messages:batch`, { method: 'POST', headers: { authorization: `Bearer ${sim.apiKey}` }, body: '{"messages":[{"phone":1}]}' });
    assert.equal(badShape.status, 400);
    assert.equal(((await badShape.json()) as { error: { code: string } }).error.code, 'invalid_request');
  } finally {
    await sim.close();
  }
});

// The timeout is a liveness bound, not a figure: the library's default would hold the close for 30 s.
test('closing the relay ends the connections senders keep open, with 421', { timeout: 15_000 }, async () => {
  const sim = await startSimulator({ profile: 'clean', seed: 'close', smtp: { port: 0 } });
  // A sender's pooled connection: greeted, then idle.
  const socket = connect(sim.smtpPort!, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const closed = once(socket, 'close');
  while (!received.startsWith('220')) await new Promise((r) => setTimeout(r, 10));
  socket.write('EHLO sender.example\r\n');
  while (!received.includes('250 ')) await new Promise((r) => setTimeout(r, 10));
  await sim.close();
  await closed;
  assert.match(received, /\r\n421 /, 'told the server is shutting down');
});
