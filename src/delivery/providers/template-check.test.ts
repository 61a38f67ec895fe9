import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { OutboundMessage, ProviderAdapter } from '../provider.ts';
import { NhnAlimtalkAdapter } from './nhn/nhn-alimtalk.adapter.ts';
import { SensAlimtalkAdapter } from './sens/sens.adapter.ts';

// Issue 21, item 4: an AlimTalk whose rendered text cannot match its
// approved template (a #{variable} left unfilled, the check our own gateway
// protocol makes as 'template_mismatch') is refused by each service's
// adapter before it leaves: the service is never called. A listener that
// counts every request stands in for the service.

let service: Server;
let url = '';
let calls = 0;

before(async () => {
  service = createServer((_request, response) => {
    calls++;
    response.writeHead(500, { 'content-type': 'text/plain' }).end('must not be called');
  });
  await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((r) => service.close(() => r()));
});

const unfilled = (id: string): OutboundMessage => ({
  attemptId: id,
  idempotencyKey: `template-check-${id}`,
  channel: 'kakao',
  to: { phone: '+821055501234' },
  kakao: { templateCode: 'TS_NOTICE_V1', variables: {}, text: '#{name}님, 2026년 재산세 고지서가 발급되었습니다.', buttons: [] },
});

async function refusedBeforeItLeaves(adapter: ProviderAdapter): Promise<void> {
  const before = calls;
  const [outcome] = await adapter.sendBatch([unfilled('a1')]);
  assert.ok(outcome && outcome.status === 'rejected', `refused: ${JSON.stringify(outcome)}`);
  assert.equal(outcome.permanent, true);
  assert.equal(outcome.cause, 'provider_rejected');
  assert.match(outcome.detail ?? '', /template variable left unfilled: it cannot match the approved template/);
  assert.equal(calls, before, 'the service was not called');
}

test('NHN Cloud AlimTalk refuses an unfilled template before calling the service', async () => {
  await refusedBeforeItLeaves(
    new NhnAlimtalkAdapter({ baseUrl: url, secretKey: 'secret', timeoutMs: 1000, provider: 'nhn-kakao', appKey: 'app', senderKey: 'sender', templateCodes: {}, maxBatchSize: 1000, pollIntervalMs: 1000 }),
  );
});

test('Naver Cloud SENS AlimTalk refuses an unfilled template before calling the service', async () => {
  await refusedBeforeItLeaves(
    new SensAlimtalkAdapter({ baseUrl: url, accessKey: 'AKtest', secretKey: 'secret', name: 'sens-kakao', serviceId: 'ncp:kkobizmsg:kr:1:test', plusFriendId: '@test' }),
  );
});
