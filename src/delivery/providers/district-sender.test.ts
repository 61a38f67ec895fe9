import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OutboundMessage } from '../provider.ts';
import { startSimulator, type Simulator } from '../simulator/simulator.ts';
import { NhnSmsAdapter } from './nhn/nhn-sms.adapter.ts';
import { SensSmsAdapter } from './sens/sens.adapter.ts';

// A district's own caller number (delivery settings) through the services
// that take one number per request: NHN Cloud and Naver Cloud SENS get one
// request per number, so a batch mixing districts sends each text from its
// own district's number; a number the service has not registered is refused
// as the service refuses it (NHN: -8011, with the advice to register it).

let sim: Simulator;
before(async () => {
  sim = await startSimulator({ profile: 'clean', seed: 'district-sender', overrides: { receiptDelayMs: 0 }, nhn: { sendNos: ['0234235000', '0231538114'] } });
});
after(() => sim?.close());

let n = 0;
function sms(phone: string, smsNumber?: string): OutboundMessage {
  n++;
  return { attemptId: `d${n}`, idempotencyKey: `district-sender-${n}`, channel: 'sms', to: { phone }, ...(smsNumber ? { sender: { smsNumber } } : {}), sms: { kind: 'sms', text: `[마포구] 안내 ${n}` } };
}

test('NHN Cloud: one request per caller number; the district’s number must be registered there', async () => {
  const adapter = new NhnSmsAdapter({ baseUrl: sim.url, secretKey: sim.nhn.secretKey, timeoutMs: 5000, provider: 'nhn-sms', appKey: sim.nhn.smsAppKey, sendNo: '0234235000', maxBatchSize: 1000, pollIntervalMs: 1000 });
  const before = sim.nhn.stats().sendCalls;
  const outcomes = await adapter.sendBatch([sms('+821070000001', '0231538114'), sms('+821070000002'), sms('+821070000003', '0231538114')]);
  assert.deepEqual(outcomes.map((o) => o.status), ['accepted', 'accepted', 'accepted']);
  assert.equal(sim.nhn.stats().sendCalls - before, 2, 'the district’s number and the configured one');
  await assert.rejects(adapter.sendBatch([sms('+821070000004', '0299990000')]), /calling number \(sendNo\) is not registered/);
});

test('SENS: one request per caller number', async () => {
  const adapter = new SensSmsAdapter({ baseUrl: sim.url, accessKey: sim.sens.accessKey, secretKey: sim.sens.secretKey, name: 'sens-sms', serviceId: sim.sens.smsServiceId, from: '0234235000' });
  const before = sim.sens.stats().sendCalls;
  const outcomes = await adapter.sendBatch([sms('+821071000001', '0231538114'), sms('+821071000002'), sms('+821071000003', '0231538114')]);
  assert.deepEqual(outcomes.map((o) => o.status), ['accepted', 'accepted', 'accepted']);
  assert.equal(sim.sens.stats().sendCalls - before, 2);
});
