import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ReceiptRejected } from '../provider.ts';
import { GatewayReceiptParser } from './gateway-receipt.parser.ts';
import { signedWebhookHeaders, signGatewayBody, verifyGatewaySignature } from './gateway-signature.ts';

const secret = 'test-webhook-secret-0123456789';
const parser = new GatewayReceiptParser({ provider: 'kakao-test', secret });

const body = JSON.stringify({
  receipts: [
    { receipt_id: 'r1', message_id: 'm1', idempotency_key: 'k1', status: 'delivered', occurred_at: '2026-07-10T01:02:03.000Z' },
    { receipt_id: 'r2', message_id: 'm2', idempotency_key: 'k2', status: 'failed', code: 'dead_prefix', occurred_at: '2026-07-10T01:02:04.000Z' },
    { receipt_id: 'r3', message_id: 'm3', idempotency_key: 'k3', status: 'failed', code: 'something_new', occurred_at: '2026-07-10T01:02:05+09:00' },
    { receipt_id: 'r4', message_id: 'm1', idempotency_key: 'k1', status: 'opened', occurred_at: '2026-07-10T01:05:00.000Z' },
  ],
});

function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ReceiptRejected, `expected ReceiptRejected, got ${String(error)}`);
    return error.reason;
  }
  assert.fail('expected the receipt to be refused');
}

test('a signed receipt batch parses into receipts with our failure causes', () => {
  const receipts = parser.parseWebhook(signedWebhookHeaders(secret, body), Buffer.from(body));
  assert.equal(receipts.length, 4);
  assert.deepEqual(receipts[0], {
    provider: 'kakao-test',
    receiptId: 'r1',
    providerMessageId: 'm1',
    idempotencyKey: 'k1',
    status: 'delivered',
    occurredAt: new Date('2026-07-10T01:02:03.000Z'),
  });
  assert.equal(receipts[1]!.cause, 'dead_prefix');
  assert.equal(receipts[2]!.cause, 'provider_rejected', 'an unknown gateway code is a refusal, kept with its code');
  assert.equal(receipts[2]!.detail, 'something_new');
  assert.equal(receipts[2]!.occurredAt.toISOString(), '2026-07-09T16:02:05.000Z');
  assert.equal(receipts[3]!.status, 'opened');
});

test('headers are found whatever their case, and a rotated secret still verifies', () => {
  const headers = Object.fromEntries(Object.entries(signedWebhookHeaders(secret, body)).map(([k, v]) => [k.toUpperCase(), v]));
  const rotating = new GatewayReceiptParser({ provider: 'kakao-test', secret: ['the-new-secret-abcdefghij', secret] });
  assert.equal(rotating.parseWebhook(headers, Buffer.from(body)).length, 4);
});

test('unsigned, forged, stale and malformed receipts are refused with their reason', () => {
  const good = signedWebhookHeaders(secret, body);
  assert.equal(rejection(() => parser.parseWebhook({}, Buffer.from(body))), 'unsigned');
  assert.equal(rejection(() => parser.parseWebhook({ 'x-gateway-timestamp': good['x-gateway-timestamp'] }, Buffer.from(body))), 'unsigned');
  assert.equal(rejection(() => parser.parseWebhook(signedWebhookHeaders('some-other-secret-xxxxxxxx', body), Buffer.from(body))), 'bad_signature');
  assert.equal(rejection(() => parser.parseWebhook({ ...good, 'x-gateway-signature': 'v1=zz' }, Buffer.from(body))), 'bad_signature');
  // The same body and signature with another timestamp: the signature covers the time.
  assert.equal(rejection(() => parser.parseWebhook({ ...good, 'x-gateway-timestamp': String(Number(good['x-gateway-timestamp']) - 1) }, Buffer.from(body))), 'bad_signature');
  const old = signedWebhookHeaders(secret, body, Date.now() - 6 * 60 * 1000);
  assert.equal(rejection(() => parser.parseWebhook(old, Buffer.from(body))), 'stale');
  const notJson = 'receipts=1';
  assert.equal(rejection(() => parser.parseWebhook(signedWebhookHeaders(secret, notJson), Buffer.from(notJson))), 'malformed');
  const wrongShape = JSON.stringify({ receipts: [{ receipt_id: 'r1', status: 'maybe' }] });
  assert.equal(rejection(() => parser.parseWebhook(signedWebhookHeaders(secret, wrongShape), Buffer.from(wrongShape))), 'malformed');
  const empty = JSON.stringify({ receipts: [] });
  assert.equal(rejection(() => parser.parseWebhook(signedWebhookHeaders(secret, empty), Buffer.from(empty))), 'malformed');
});

test('a short secret is refused at construction', () => {
  assert.throws(() => new GatewayReceiptParser({ provider: 'x', secret: 'short' }), /at least 16/);
});

test('property: any body signed with the right secret verifies; any single-byte change does not', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 2048 }),
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      (bytes, ts, position, flip) => {
        const raw = Buffer.from(bytes);
        const timestamp = String(ts);
        const signature = signGatewayBody(secret, timestamp, raw);
        assert.equal(verifyGatewaySignature(secret, timestamp, raw, signature), true);
        const changed = Buffer.from(raw);
        const at = position % changed.length;
        changed[at] = changed[at]! ^ flip;
        assert.equal(verifyGatewaySignature(secret, timestamp, changed, signature), false);
      },
    ),
    { numRuns: 300 },
  );
});
