import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ProviderError, type OutboundMessage, type PolledAttempt, type SendOutcome } from '../../provider.ts';
import { providersSchema } from '../../providers.config.ts';
import { startSimulator, type Simulator } from '../../simulator/simulator.ts';
import { checkProviders } from '../providers-check.ts';
import { NhnAlimtalkAdapter } from './nhn-alimtalk.adapter.ts';
import { NhnSmsAdapter } from './nhn-sms.adapter.ts';
import { UncertainBatches, unpackMessageId } from './nhn-send.ts';

// The NHN Cloud adapters (and their polling) against the simulator's NHN
// endpoints over real HTTP; bad answers from small local servers. Results
// are ready at once (receipt delay 0): nothing waits on the clock.

let sim: Simulator;
let n = 0;

before(async () => {
  sim = await startSimulator({ profile: 'gangnam', seed: 'nhn-adapters', overrides: { receiptDelayMs: 0 }, nhn: { templates: { GN_TAX_01: 'TSC03', GN_PENDING: 'TSC02' } } });
});
after(async () => {
  await sim.close();
});

const client = (extra: { secretKey?: string; appKey?: string; baseUrl?: string; timeoutMs?: number } = {}) => ({
  baseUrl: extra.baseUrl ?? sim.url,
  secretKey: extra.secretKey ?? sim.nhn.secretKey,
  timeoutMs: extra.timeoutMs ?? 5000,
});
const smsAdapter = (extra: Parameters<typeof client>[0] & { sendNo?: string } = {}) =>
  new NhnSmsAdapter({ ...client(extra), provider: 'nhn-sms', appKey: extra.appKey ?? sim.nhn.smsAppKey, sendNo: extra.sendNo ?? '0234235000', maxBatchSize: 1000, pollIntervalMs: 1000 });
const kakaoAdapter = (extra: Parameters<typeof client>[0] = {}) =>
  new NhnAlimtalkAdapter({ ...client(extra), provider: 'nhn-kakao', appKey: extra.appKey ?? sim.nhn.alimtalkAppKey, senderKey: sim.nhn.senderKey, templateCodes: { TS_NOTICE_V1: 'GN_TAX_01', TS_WAITING_V1: 'GN_PENDING' }, maxBatchSize: 1000, pollIntervalMs: 1000 });

function sms(phone: string | undefined, kind: 'sms' | 'lms' = 'sms', text = `[강남구] 재산세 고지 ${++n}`): OutboundMessage {
  n++;
  return { attemptId: `s${n}`, idempotencyKey: `nhn-s${n}`, channel: 'sms', to: phone ? { phone } : {}, sms: { kind, ...(kind === 'lms' ? { subject: '재산세 고지' } : {}), text } };
}

function kakao(to: OutboundMessage['to'], templateCode = 'TS_NOTICE_V1', text = `홍길동님, 2026년 재산세 고지서가 발급되었습니다 ${++n}`): OutboundMessage {
  n++;
  return { attemptId: `k${n}`, idempotencyKey: `nhn-k${n}`, channel: 'kakao', to, kakao: { templateCode, variables: {}, text, buttons: [{ name: '고지서 보기', url: 'https://tax.example.kr/n/1' }] } };
}

function numberWith(channel: 'sms' | 'kakao', kind: string, start: number): string {
  for (let i = start; i < start + 20_000; i++) {
    const phone = `+8210${String(40_000_000 + i).padStart(8, '0')}`;
    const fate = sim.fateOf(channel, { phone });
    if ((fate.kind === 'delivered' ? 'delivered' : fate.kind === 'failed' ? fate.code : '') === kind) return phone;
  }
  throw new Error(`no ${kind} number`);
}

const attemptsOf = (messages: OutboundMessage[], outcomes: SendOutcome[]): PolledAttempt[] =>
  outcomes.flatMap((o, i) => (o.status === 'accepted' ? [{ attemptId: o.attemptId, idempotencyKey: messages[i]!.idempotencyKey, providerMessageId: o.providerMessageId, acceptedAt: new Date() }] : []));

async function rejects(p: Promise<unknown>, transient: boolean, words: RegExp): Promise<ProviderError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `a ProviderError, not ${String(error)}`);
    assert.equal(error.transient, transient, error.message);
    assert.match(error.message, words);
    return error;
  }
  throw new Error('expected a ProviderError');
}

describe('SMS/LMS through NHN Cloud', () => {
  test('sends one request per kind, keeps request id and recipient sequence, and polled results carry our causes', async () => {
    const reachable = numberWith('sms', 'delivered', 0);
    const changed = numberWith('sms', 'number_changed', 0);
    const messages = [sms(reachable), sms('+821655501234'), sms(changed), sms('+12025550123'), sms(undefined), sms(reachable, 'lms', '가'.repeat(300)), sms(reachable, 'sms', '가'.repeat(46))];
    const adapter = smsAdapter();
    const outcomes = await adapter.sendBatch(messages);
    assert.deepEqual(outcomes.map((o) => (o.status === 'accepted' ? 'accepted' : o.cause)), ['accepted', 'accepted', 'accepted', 'invalid_recipient', 'no_contact', 'accepted', 'provider_rejected']);
    const ids = outcomes.flatMap((o) => (o.status === 'accepted' ? [unpackMessageId(o.providerMessageId)!] : []));
    assert.deepEqual(ids.map((i) => i.prefix), ['sms', 'sms', 'sms', 'lms']);
    assert.equal(new Set(ids.slice(0, 3).map((i) => i.requestId)).size, 1, 'one request for the SMS');
    assert.deepEqual(ids.slice(0, 3).map((i) => i.recipientSeq), [1, 2, 3]);
    const receipts = await adapter.poll(attemptsOf(messages, outcomes));
    const byAttempt = new Map(receipts.map((r) => [r.attemptId, r]));
    assert.equal(byAttempt.get(messages[0]!.attemptId)?.status, 'delivered');
    assert.equal(byAttempt.get(messages[1]!.attemptId)?.cause, 'dead_prefix');
    assert.equal(byAttempt.get(messages[2]!.attemptId)?.cause, 'number_changed');
    assert.equal(byAttempt.get(messages[5]!.attemptId)?.status, 'delivered');
    // The same results read again are the same receipts (the inbox ignores them).
    assert.deepEqual((await adapter.poll(attemptsOf(messages, outcomes))).map((r) => r.receiptId).sort(), receipts.map((r) => r.receiptId).sort());
  });

  test('a result the poller was not asked about (another attempt, already final) is not reported', async () => {
    const messages = [sms(numberWith('sms', 'delivered', 100)), sms(numberWith('sms', 'delivered', 200))];
    const adapter = smsAdapter();
    const outcomes = await adapter.sendBatch(messages);
    const receipts = await adapter.poll(attemptsOf(messages, outcomes).slice(0, 1));
    assert.deepEqual(receipts.map((r) => r.attemptId), [messages[0]!.attemptId]);
    assert.deepEqual(await adapter.poll([{ attemptId: '1', idempotencyKey: 'x', providerMessageId: 'not-ours', acceptedAt: new Date() }]), []);
  });

  test('an answer lost after the service took the request: the resend is answered from the service, never sent twice', async () => {
    const messages = [sms(numberWith('sms', 'delivered', 300)), sms(numberWith('sms', 'delivered', 400))];
    let clock = Date.parse('2026-06-12T01:00:00Z');
    const adapter = new NhnSmsAdapter({ ...client(), provider: 'nhn-sms', appKey: sim.nhn.smsAppKey, sendNo: '0234235000', maxBatchSize: 1000, pollIntervalMs: 1000, now: () => clock });
    sim.setGarbage(1);
    await rejects(adapter.sendBatch(messages), true, /not JSON/);
    // The lost request could still be in flight for one more timeout; the resend comes after it.
    clock += 5000;
    const again = await adapter.sendBatch(messages);
    assert.ok(again.every((o) => o.status === 'accepted'));
    const deliveries = sim.stats().deliveriesByKey;
    for (const m of messages) assert.equal(deliveries[m.idempotencyKey], 1, 'delivered once');
    assert.ok(sim.nhn.stats().answersLost >= 1);
  });
});

test('a lost batch is looked up only once it can no longer be in flight: one more timeout after it was given up', () => {
  const lost = [{ senderGroupingKey: 'a', prefix: 'sms', lostAt: 10_000 }, { senderGroupingKey: 'b', prefix: 'sms', lostAt: 12_000 }];
  assert.equal(UncertainBatches.waitBeforeLookup(lost, 12_000, 5000), 5000);
  assert.equal(UncertainBatches.waitBeforeLookup(lost, 16_000, 5000), 1000);
  assert.equal(UncertainBatches.waitBeforeLookup(lost, 20_000, 5000), 0);
  assert.equal(UncertainBatches.waitBeforeLookup([], 0, 5000), 0);
});

describe('AlimTalk through NHN Cloud', () => {
  test('the approved template code, buttons, no SMS substitution by the service; refusals before and at the service', async () => {
    const reachable = numberWith('kakao', 'delivered', 0);
    const notKakao = numberWith('kakao', 'not_kakao_user', 0);
    const unfilled = kakao({ phone: reachable }, 'TS_NOTICE_V1', '#{name}님, 재산세 고지서');
    const messages = [kakao({ phone: reachable }), kakao({ phone: notKakao }), kakao({ identityKey: 'Q0k'.repeat(20) }), unfilled, kakao({ phone: reachable }, 'TS_WAITING_V1'), kakao({ phone: '+821022' })];
    const adapter = kakaoAdapter();
    const before = sim.nhn.stats().resendRequested;
    const outcomes = await adapter.sendBatch(messages);
    assert.deepEqual(outcomes.map((o) => (o.status === 'accepted' ? 'accepted' : `${o.cause}${o.permanent ? '' : ' (again)'}`)), ['accepted', 'accepted', 'no_contact', 'provider_rejected', 'provider_rejected', 'invalid_recipient']);
    assert.match((outcomes[4] as { detail: string }).detail, /-3015/);
    assert.equal(sim.nhn.stats().resendRequested, before, 'isResend false for every recipient');
    const receipts = await adapter.poll(attemptsOf(messages, outcomes));
    const byAttempt = new Map(receipts.map((r) => [r.attemptId, r]));
    assert.equal(byAttempt.get(messages[0]!.attemptId)?.status, 'delivered');
    assert.equal(byAttempt.get(messages[1]!.attemptId)?.cause, 'not_kakao_user');
  });
});

describe('bad credentials and bad answers', () => {
  test('a wrong or expired secret key, a wrong app key, an unregistered calling number: permanent, said in words', async () => {
    const m = [sms(numberWith('sms', 'delivered', 500))];
    await rejects(smsAdapter({ secretKey: 'wrong' }).sendBatch(m), false, /credentials \(401, code -1009\): the secret key is wrong/);
    await rejects(smsAdapter({ secretKey: sim.nhn.expiredSecretKeys[0]! }).sendBatch(m), false, /secret key has expired/);
    await rejects(smsAdapter({ appKey: 'nope' }).sendBatch(m), false, /-1000\): the app key is not valid/);
    await rejects(smsAdapter({ sendNo: '0299999999' }).sendBatch(m), false, /calling number \(sendNo\) is not registered/);
    await rejects(kakaoAdapter({ secretKey: 'wrong' }).poll([{ attemptId: '1', idempotencyKey: 'k', providerMessageId: 'at:r:1', acceptedAt: new Date() }]), false, /credentials/);
  });

  test('an outage page, a rate limit: transient, with the wait the service asks for', async () => {
    sim.setOutage({ nextCalls: 1 });
    await rejects(smsAdapter().sendBatch([sms(numberWith('sms', 'delivered', 600))]), true, /answered 503/);
  });

  async function answering(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
    const server: Server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
  }

  test('an empty body, an HTML page, a 429 with Retry-After, a poll that never answers', async () => {
    const cases: [number, string, Record<string, string>, boolean, RegExp][] = [
      [200, '', {}, true, /empty body/],
      [200, '<html>maintenance</html>', { 'content-type': 'text/html' }, true, /not JSON/],
      [429, '', { 'retry-after': '7' }, true, /rate limited/],
      [400, '<html>bad</html>', {}, false, /not JSON/],
    ];
    for (const [status, body, headers, transient, words] of cases) {
      const server = await answering((_req, res) => {
        res.writeHead(status, headers);
        res.end(body);
      });
      try {
        const error = await rejects(smsAdapter({ baseUrl: server.url }).sendBatch([sms('+821012345678')]), transient, words);
        if (status === 429) assert.equal(error.details.retryAfterMs, 7000);
      } finally {
        await server.close();
      }
    }
    const silent = await answering(() => {});
    try {
      await rejects(kakaoAdapter({ baseUrl: silent.url, timeoutMs: 200 }).poll([{ attemptId: '1', idempotencyKey: 'k', providerMessageId: 'at:r:1', acceptedAt: new Date() }]), true, /no answer within the timeout/);
    } finally {
      await silent.close();
    }
  });
});

describe('providers check', () => {
  const entries = (over: { secretKey?: string; sendNo?: string; templateCodes?: Record<string, string> } = {}) =>
    providersSchema.parse([
      { type: 'nhn-sms', name: 'nhn-sms', baseUrl: sim.url, appKey: sim.nhn.smsAppKey, secretKey: { env: 'NHN_TEST_SECRET' }, sendNo: over.sendNo ?? '0234235000' },
      { type: 'nhn-alimtalk', name: 'nhn-kakao', baseUrl: sim.url, appKey: sim.nhn.alimtalkAppKey, secretKey: { env: 'NHN_TEST_SECRET' }, senderKey: sim.nhn.senderKey, templateCodes: over.templateCodes ?? { TS_NOTICE_V1: 'GN_TAX_01' } },
    ]);
  const sources = (secret: string | undefined) => ({ env: { NHN_TEST_SECRET: secret }, readFile: () => { throw new Error('no files'); } });

  test('a working setting is OK, with what was checked', async () => {
    const lines = await checkProviders(entries(), { sources: sources(sim.nhn.secretKey) });
    assert.deepEqual(lines.map((l) => l.ok), [true, true]);
    assert.match(lines[0]!.findings.map((f) => f.en).join(' '), /calling number 0234235000 is registered and in use/);
    assert.match(lines[1]!.findings.map((f) => f.en).join(' '), /1 of 2 templates are approved/);
    assert.match(lines[0]!.findings.map((f) => f.ko).join(' '), /앱 키와 비밀 키가 맞습니다\. 발신번호\(0234235000\)가 등록되어 사용 중입니다/);
    assert.match(lines[1]!.findings.map((f) => f.ko).join(' '), /템플릿 2개 중 1개가 승인되었습니다/);
  });

  test('a bad key, an unregistered number, a template not approved, a missing variable: each said in words', async () => {
    const bad = await checkProviders(entries(), { sources: sources('wrong') });
    assert.ok(bad.every((l) => !l.ok));
    assert.match(bad[0]!.findings.map((f) => f.en).join(' '), /refused our credentials .*secret key is wrong/);
    assert.match(bad[0]!.findings.map((f) => f.ko).join(' '), /NHN Cloud가 자격 증명을 거부했습니다\(상태 40[13]\)/);
    const number = await checkProviders(entries({ sendNo: '0299999999' }), { sources: sources(sim.nhn.secretKey) });
    assert.match(number[0]!.findings.map((f) => f.en).join(' '), /calling number 0299999999 is not registered/);
    const template = await checkProviders(entries({ templateCodes: { TS_NOTICE_V1: 'GN_PENDING', TS_OTP_V1: 'GN_NONE' } }), { sources: sources(sim.nhn.secretKey) });
    assert.equal(template[1]!.ok, false);
    assert.match(template[1]!.findings.map((f) => f.en).join(' '), /GN_PENDING\) is not approved yet \(under review\)/);
    assert.match(template[1]!.findings.map((f) => f.en).join(' '), /no template has that code/);
    assert.match(template[1]!.findings.map((f) => f.ko).join(' '), /템플릿\(TS_NOTICE_V1, 코드 GN_PENDING\)이 아직 승인되지 않았습니다\(검수 중\)/);
    assert.match(template[1]!.findings.map((f) => f.ko).join(' '), /템플릿\(TS_OTP_V1\)은 코드 GN_NONE로 보내게 되어 있지만 코드가 GN_NONE인 템플릿이 없습니다/);
    const unset = await checkProviders(entries(), { sources: sources(undefined) });
    assert.match(unset[0]!.findings.map((f) => f.en).join(' '), /nhn-sms\.secretKey: the environment variable NHN_TEST_SECRET is not set/);
    assert.match(unset[0]!.findings.map((f) => f.ko).join(' '), /nhn-sms\.secretKey의 자격 증명을 읽을 수 없습니다/);
    assert.ok(!JSON.stringify([bad, number, template, unset]).includes(sim.nhn.secretKey), 'no credential in a finding');
  });
});
