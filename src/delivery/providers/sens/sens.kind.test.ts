import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSimulator, type Simulator } from '../../simulator/simulator.ts';
import { TOPICS } from '../../topics.ts';
import { sensAlimtalkConfigSchema, sensSmsConfigSchema } from './sens.config.ts';
import { ProviderError } from '../../provider.ts';
import { explainSensFailure, SENS_ALIMTALK_KIND, SENS_SMS_KIND } from './sens.kind.ts';

// `taxstation providers check` for SENS entries: each bad configuration
// reported in words, never a credential.

let sim: Simulator;
const approved = Object.fromEntries(Object.values(TOPICS).map((t) => [t.kakaoTemplateCode, 'APR' as const]));

before(async () => {
  sim = await startSimulator({ profile: 'clean', seed: 'sens-check', sens: { templates: { ...approved, TS_OTP_V1: 'REQ', TS_DESK_REPLY_V1: 'REJ' } } });
});
after(async () => {
  await sim.close();
});

const sources = (env: Record<string, string> = {}) => ({ env, readFile: () => { throw new Error('no such file'); } });
const sms = (extra: Record<string, unknown> = {}) =>
  sensSmsConfigSchema.parse({ type: 'sens-sms', name: 'sens-sms', baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: sim.sens.secretKey, serviceId: sim.sens.smsServiceId, from: '0234235000', ...extra });
const kakao = (extra: Record<string, unknown> = {}) =>
  sensAlimtalkConfigSchema.parse({ type: 'sens-alimtalk', name: 'sens-kakao', baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: sim.sens.secretKey, serviceId: sim.sens.alimtalkServiceId, plusFriendId: sim.sens.plusFriendId, ...extra });

test('a good SMS entry passes, and says the calling number must be registered', async () => {
  const r = await SENS_SMS_KIND.check(sms(), sources());
  assert.equal(r.ok, true);
  assert.match(r.findings.map((f) => f.en).join('\n'), /sign correctly/);
  assert.match(r.findings.map((f) => f.en).join('\n'), /0234235000 is registered/);
  assert.match(r.findings.map((f) => f.ko).join('\n'), /키 서명이 올바르고[\s\S]*발신번호\(0234235000\)가 프로젝트의 발신번호로 등록·승인되어 있는지/);
});

test('a wrong secret key or access key: the signature is refused, in words, without the key', async () => {
  for (const config of [sms({ secretKey: 'not-the-secret' }), sms({ accessKey: 'AKnobody' })]) {
    const r = await SENS_SMS_KIND.check(config, sources());
    assert.equal(r.ok, false);
    assert.match(r.findings[0]!.en, /access key or the secret key is wrong.*clock/);
    assert.match(r.findings[0]!.ko, /서명을 거부했습니다\(401\).*시계/);
    assert.doesNotMatch(JSON.stringify(r.findings), /not-the-secret|AKnobody/);
  }
});

test('a key without permission, an unknown service id, an unreachable service', async () => {
  const readOnly = await SENS_ALIMTALK_KIND.check(kakao({ accessKey: sim.sens.readOnlyAccessKey, secretKey: sim.sens.readOnlySecretKey }), sources());
  assert.match(readOnly.findings[0]!.en, /sign correctly/, 'a read-only key may read the template list');
  const forbidden = explainSensFailure(sms(), new ProviderError('sens-sms: refused', false, { status: 403 }));
  assert.match(forbidden.ko, /SENS 권한을 주세요/);
  assert.match(forbidden.en, /forbids this access key the service \(403\): give the key .* permission for SENS/);
  const unknown = await SENS_SMS_KIND.check(sms({ serviceId: 'ncp:sms:kr:1:other' }), sources());
  assert.match(unknown.findings[0]!.en, /knows no service ncp:sms:kr:1:other.*copy the service id/);
  assert.match(unknown.findings[0]!.ko, /SENS 서비스\(ncp:sms:kr:1:other\)를 찾을 수 없습니다/);
  const down = await SENS_SMS_KIND.check(sms({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }), sources());
  assert.match(down.findings[0]!.en, /could not be reached/);
  assert.match(down.findings[0]!.ko, /SENS에 연결할 수 없거나/);
});

test('a credential from an unset environment variable is named, not guessed', async () => {
  const r = await SENS_SMS_KIND.check(sms({ secretKey: { env: 'SENS_SECRET' } }), sources());
  assert.equal(r.ok, false);
  assert.match(r.findings[0]!.en, /sens-sms\.secretKey: the environment variable SENS_SECRET is not set/);
  assert.match(r.findings[0]!.ko, /sens-sms\.secretKey의 자격 증명을 읽을 수 없습니다/);
  assert.equal((await SENS_SMS_KIND.check(sms({ secretKey: { env: 'SENS_SECRET' } }), sources({ SENS_SECRET: sim.sens.secretKey }))).ok, true);
});

test('AlimTalk: templates under inspection, rejected or missing are each named; a wrong channel id is said', async () => {
  const r = await SENS_ALIMTALK_KIND.check(kakao({ templateCodes: { TS_NOTICE_OURS: 'TS_NOTICE_SENS' } }), sources());
  assert.equal(r.ok, false);
  const text = r.findings.map((f) => f.en).join('\n');
  assert.match(text, /template TS_OTP_V1 .* is not approved: it is under inspection by Kakao/);
  assert.match(r.findings.map((f) => f.ko).join('\n'), /템플릿\(TS_OTP_V1, .*용\)이 승인되지 않았습니다: 카카오가 검수 중입니다/);
  assert.match(text, /template TS_DESK_REPLY_V1 .* is not approved: it is rejected by Kakao/);
  assert.match(text, /template TS_NOTICE_SENS \(for TS_NOTICE_OURS\) is not registered/);
  const channel = await SENS_ALIMTALK_KIND.check(kakao({ plusFriendId: '@elsewhere' }), sources());
  assert.match(channel.findings[0]!.ko, /채널 @elsewhere에 이 서비스의 템플릿이 없습니다/);
  assert.match(channel.findings[0]!.en, /channel @elsewhere has no templates.*plusFriendId/);
});

test('building an entry gives the adapter and its poller at the configured interval', () => {
  const built = SENS_ALIMTALK_KIND.build(kakao({ pollIntervalMs: 30_000 }), sources());
  assert.equal(built.adapter.channel, 'kakao');
  assert.equal(built.adapter.maxBatchSize, 100);
  assert.equal(built.poller?.intervalMs, 30_000);
  assert.equal(built.parser, undefined, 'SENS has no result webhook here');
});
