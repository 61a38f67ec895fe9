import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ProviderError, type OutboundMessage, type PolledAttempt, type SendOutcome } from '../../provider.ts';
import { startSimulator, type Simulator } from '../../simulator/simulator.ts';
import { parseSensMessageId, SensAlimtalkAdapter, SensSmsAdapter } from './sens.adapter.ts';
import { SensResultPoller } from './sens.poller.ts';

// The SENS adapters and result poller against the simulator's SENS
// endpoints, over real HTTP. Results are ready at once (receipt delay 0), so
// nothing waits on the clock.

let sim: Simulator;
let n = 0;

before(async () => {
  sim = await startSimulator({ profile: 'gangnam', seed: 'sens-adapters', overrides: { receiptDelayMs: 0 }, sens: { templates: { TS_NOTICE_V1: 'APR', TS_PENDING_V1: 'REQ' } } });
});
after(async () => {
  await sim.close();
});

const creds = () => ({ baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: sim.sens.secretKey });
const smsAdapter = (extra: Partial<ConstructorParameters<typeof SensSmsAdapter>[0]> = {}) =>
  new SensSmsAdapter({ ...creds(), name: 'sens-sms', serviceId: sim.sens.smsServiceId, from: '0234235000', ...extra });
const kakaoAdapter = (extra: Partial<ConstructorParameters<typeof SensAlimtalkAdapter>[0]> = {}) =>
  new SensAlimtalkAdapter({ ...creds(), name: 'sens-kakao', serviceId: sim.sens.alimtalkServiceId, plusFriendId: sim.sens.plusFriendId, templateCodes: { TS_OURS_V1: 'TS_NOTICE_V1' }, ...extra });
const poller = (channel: 'sms' | 'kakao') =>
  new SensResultPoller({ ...creds(), name: channel === 'sms' ? 'sens-sms' : 'sens-kakao', channel, serviceId: channel === 'sms' ? sim.sens.smsServiceId : sim.sens.alimtalkServiceId });

function sms(phone: string | undefined, text = `[강남구] 재산세 고지서 ${++n}`, kind: 'sms' | 'lms' = 'sms'): OutboundMessage {
  n++;
  return { attemptId: `s${n}`, idempotencyKey: `k-s${n}`, channel: 'sms', to: phone ? { phone } : {}, sms: { kind, ...(kind === 'lms' ? { subject: '재산세' } : {}), text } };
}

function kakao(to: OutboundMessage['to'], text = `홍길동님, 재산세 고지서 ${++n}`, templateCode = 'TS_OURS_V1'): OutboundMessage {
  n++;
  return { attemptId: `k${n}`, idempotencyKey: `k-k${n}`, channel: 'kakao', to, kakao: { templateCode, variables: {}, text, buttons: [{ name: '고지서 보기', url: 'https://tax.example.kr/n/1' }] } };
}

/** A number the simulator has the given fate for on that channel. */
function numberWith(channel: 'sms' | 'kakao', kind: string, start: number): string {
  for (let i = start; i < start + 20_000; i++) {
    const phone = `+8210${String(30_000_000 + i).padStart(8, '0')}`;
    const fate = sim.fateOf(channel, { phone });
    if ((fate.kind === 'delivered' ? 'delivered' : fate.kind === 'failed' ? fate.code : '') === kind) return phone;
  }
  throw new Error(`no ${kind} number`);
}

const attemptsOf = (messages: OutboundMessage[], outcomes: SendOutcome[]): PolledAttempt[] =>
  outcomes.flatMap((o, i) => (o.status === 'accepted' ? [{ attemptId: o.attemptId, idempotencyKey: messages[i]!.idempotencyKey, providerMessageId: o.providerMessageId, acceptedAt: new Date() }] : []));

describe('SMS/LMS through SENS', () => {
  test('sends, keeps the request id on each attempt, and polled results carry our causes', async () => {
    const reachable = numberWith('sms', 'delivered', 0);
    const changed = numberWith('sms', 'number_changed', 0);
    const long = '가'.repeat(60); // 120 bytes: over an SMS, sent as LMS rather than cut
    const messages = [sms(reachable), sms('+821655501234'), sms(changed), sms('+12025550123'), sms(undefined), sms(reachable, long), sms(reachable, '나'.repeat(1001), 'lms')];
    const outcomes = await smsAdapter().sendBatch(messages);
    assert.deepEqual(outcomes.map((o) => (o.status === 'accepted' ? 'accepted' : o.cause)), ['accepted', 'accepted', 'accepted', 'invalid_recipient', 'no_contact', 'accepted', 'provider_rejected']);
    const ids = outcomes.flatMap((o) => (o.status === 'accepted' ? [parseSensMessageId(o.providerMessageId)!] : []));
    assert.equal(new Set(ids.map((i) => i.requestId)).size, 2, 'one call for the SMS, one for the LMS');
    assert.equal(new Set(outcomes.flatMap((o) => (o.status === 'accepted' ? [o.providerMessageId] : []))).size, 4, 'each attempt its own id');

    const receipts = await poller('sms').poll(attemptsOf(messages, outcomes));
    const byAttempt = new Map(receipts.map((r) => [r.attemptId, r]));
    assert.equal(byAttempt.get(messages[0]!.attemptId)?.status, 'delivered');
    assert.equal(byAttempt.get(messages[1]!.attemptId)?.cause, 'dead_prefix');
    assert.equal(byAttempt.get(messages[2]!.attemptId)?.cause, 'number_changed');
    assert.equal(byAttempt.get(messages[5]!.attemptId)?.status, 'delivered');
    const again = await poller('sms').poll(attemptsOf(messages, outcomes));
    assert.deepEqual(again.map((r) => r.receiptId).sort(), receipts.map((r) => r.receiptId).sort(), 'the same result read twice has the same receipt id');
  });

  test('one number twice in a batch goes in two calls, so every result finds its attempt', async () => {
    const reachable = numberWith('sms', 'delivered', 100);
    const messages = [sms(reachable, '첫 번째 고지'), sms(reachable, '두 번째 고지')];
    const before = sim.sens.stats().sendCalls;
    const outcomes = await smsAdapter().sendBatch(messages);
    assert.equal(sim.sens.stats().sendCalls - before, 2);
    const receipts = await poller('sms').poll(attemptsOf(messages, outcomes));
    assert.deepEqual(receipts.map((r) => r.attemptId).sort(), messages.map((m) => m.attemptId).sort());
  });

  test('more than 100 messages go in calls of at most 100', async () => {
    const messages = Array.from({ length: 230 }, (_, i) => sms(`+8210${String(40_000_000 + i)}`));
    const before = sim.sens.stats().sendCalls;
    const outcomes = await smsAdapter({ maxBatchSize: 500 }).sendBatch(messages);
    assert.equal(sim.sens.stats().sendCalls - before, 3);
    assert.ok(outcomes.every((o) => o.status === 'accepted'));
  });
});

describe('AlimTalk through SENS', () => {
  test('sends under the mapped template with its buttons and without SMS substitution; results carry our causes', async () => {
    const reachable = numberWith('kakao', 'delivered', 200);
    const notUser = numberWith('kakao', 'not_kakao_user', 200);
    const messages = [
      kakao({ phone: reachable }),
      kakao({ phone: notUser }),
      kakao({ identityKey: 'CI0000000000AbCdEf==' }),
      kakao({ phone: reachable }, '#{name}님, 고지서가 있습니다'),
      kakao({ phone: reachable }, '다른 고지', 'TS_PENDING_V1'),
    ];
    const outcomes = await kakaoAdapter().sendBatch(messages);
    assert.deepEqual(outcomes.map((o) => (o.status === 'accepted' ? 'accepted' : `${o.cause}${o.permanent ? '' : ' (transient)'}`)), ['accepted', 'accepted', 'no_contact', 'provider_rejected', 'provider_rejected']);
    assert.match((outcomes[4] as { detail: string }).detail, /A002/);
    assert.ok(outcomes.filter((o) => o.status === 'accepted').every((o) => parseSensMessageId((o as { providerMessageId: string }).providerMessageId)?.messageId), 'the message id SENS gave is kept');
    assert.equal(sim.sens.stats().smsFailoverRequested, 0);
    const receipts = await poller('kakao').poll(attemptsOf(messages, outcomes));
    const byAttempt = new Map(receipts.map((r) => [r.attemptId, r]));
    assert.equal(byAttempt.get(messages[0]!.attemptId)?.status, 'delivered');
    assert.equal(byAttempt.get(messages[1]!.attemptId)?.cause, 'not_kakao_user');
  });
});

describe('bad answers and bad credentials', () => {
  const refused = async (adapter: SensSmsAdapter) => {
    try {
      await adapter.sendBatch([sms('+821055501234')]);
    } catch (error) {
      assert.ok(error instanceof ProviderError);
      return error;
    }
    throw new Error('the call was not refused');
  };

  test('a wrong secret key, an unknown access key or a clock 10 minutes off: 401, permanent', async () => {
    for (const adapter of [smsAdapter({ secretKey: 'wrong' }), smsAdapter({ accessKey: 'nobody' }), smsAdapter({ now: () => Date.now() - 600_000 })]) {
      const error = await refused(adapter);
      assert.equal(error.details.status, 401);
      assert.equal(error.transient, false);
      assert.match(error.message, /signature/);
    }
    assert.ok(sim.sens.stats().authFailures.expired >= 1);
  });

  test('a key that may only read: 403; an unknown service id: 404; both permanent', async () => {
    const forbidden = await refused(smsAdapter({ accessKey: sim.sens.readOnlyAccessKey, secretKey: sim.sens.readOnlySecretKey }));
    assert.deepEqual([forbidden.details.status, forbidden.transient], [403, false]);
    const unknown = await refused(smsAdapter({ serviceId: 'ncp:sms:kr:1:nothing' }));
    assert.deepEqual([unknown.details.status, unknown.transient], [404, false]);
  });

  test('an HTML answer and an outage are transient, and nothing was sent', async () => {
    const before = sim.stats().accepted;
    sim.setGarbage(1);
    const html = await refused(smsAdapter());
    assert.equal(html.transient, true);
    assert.match(html.message, /not JSON/);
    sim.setOutage({ nextCalls: 1 });
    const outage = await refused(smsAdapter());
    assert.deepEqual([outage.details.status, outage.transient, outage.details.retryAfterMs], [503, true, 1000]);
    assert.equal(sim.stats().accepted, before);
  });

  test('rate limited: 429, transient, with its Retry-After', async () => {
    const limited = await startSimulator({ profile: 'clean', seed: 'sens-429', overrides: { rateLimitPerSecond: 1 } });
    try {
      const adapter = new SensSmsAdapter({ baseUrl: limited.url, accessKey: limited.sens.accessKey, secretKey: limited.sens.secretKey, name: 'sens-sms', serviceId: limited.sens.smsServiceId, from: '0234235000' });
      const errors: ProviderError[] = [];
      for (let i = 0; i < 3; i++) await adapter.sendBatch([sms('+821055501234')]).catch((e: ProviderError) => errors.push(e));
      assert.ok(errors.length >= 1, 'three calls within a second, at most two of them in one second');
      assert.deepEqual([errors[0]!.details.status, errors[0]!.transient, errors[0]!.details.retryAfterMs], [429, true, 1000]);
    } finally {
      await limited.close();
    }
  });

  test('an empty body is transient; a result query that never answers times out, transient', async () => {
    let hang = false;
    const server: Server = createServer((req, res) => {
      if (hang) return; // never answers
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const empty = await refused(new SensSmsAdapter({ baseUrl: url, accessKey: 'a', secretKey: 's', name: 'sens-sms', serviceId: 'ncp:sms:kr:1:x', from: '0234235000' }));
      assert.equal(empty.transient, true);
      assert.match(empty.message, /empty body/);
      hang = true;
      const p = new SensResultPoller({ baseUrl: url, accessKey: 'a', secretKey: 's', name: 'sens-sms', channel: 'sms', serviceId: 'ncp:sms:kr:1:x', timeoutMs: 50 });
      await assert.rejects(p.poll([{ attemptId: '1', idempotencyKey: 'k', providerMessageId: 'r1/tag', acceptedAt: new Date() }]), (e: unknown) => e instanceof ProviderError && e.transient && /timeout/.test(e.message));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test('results never reported stay out; a result for a number we did not ask about is counted and left out', async () => {
    const lost = await startSimulator({ profile: 'clean', seed: 'sens-lost', overrides: { receiptDelayMs: 0, lostReceiptShare: 1 } });
    try {
      const o = { baseUrl: lost.url, accessKey: lost.sens.accessKey, secretKey: lost.sens.secretKey, serviceId: lost.sens.smsServiceId };
      const messages = [sms('+821055501234'), sms('+821055501235')];
      const outcomes = await new SensSmsAdapter({ ...o, name: 'sens-sms', from: '0234235000' }).sendBatch(messages);
      const p = new SensResultPoller({ ...o, name: 'sens-sms', channel: 'sms' });
      assert.deepEqual(await p.poll(attemptsOf(messages, outcomes)), [], 'still PROCESSING: asked again next round, until the deadline');
    } finally {
      await lost.close();
    }
    const messages = [sms(numberWith('sms', 'delivered', 300)), sms(numberWith('sms', 'delivered', 400))];
    const outcomes = await smsAdapter().sendBatch(messages);
    const p = poller('sms');
    const receipts = await p.poll(attemptsOf(messages, outcomes).slice(0, 1));
    assert.deepEqual(receipts.map((r) => r.attemptId), [messages[0]!.attemptId]);
    assert.equal(p.unknownResults, 1);
  });
});
