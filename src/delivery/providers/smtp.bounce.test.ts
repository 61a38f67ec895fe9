import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import nodemailer from 'nodemailer';
import type { OutboundMessage, Receipt } from '../provider.ts';
import { ProviderError } from '../provider.ts';
import { startSimulator, type Simulator } from '../simulator/simulator.ts';
import { startBounceListener, type BounceListener } from './bounce-listener.ts';
import { SmtpAdapter, attemptIdFromBounceAddress, bounceAddress, messageIdFor } from './smtp.adapter.ts';

// The whole e-mail loop over real SMTP on 127.0.0.1: adapter → simulated
// relay → DSN by SMTP → bounce listener → receipts.

let sim: Simulator;
let listener: BounceListener;
let adapter: SmtpAdapter;
const stored: Receipt[] = [];
let failStores = 0;

before(async () => {
  listener = await startBounceListener({
    port: 0,
    async onReceipts(receipts) {
      if (failStores > 0) {
        failStores--;
        throw new Error('database unavailable');
      }
      stored.push(...receipts);
    },
  });
  sim = await startSimulator({ profile: 'gangnam', seed: 'smtp-test', smtp: { port: 0, dsnTo: { host: '127.0.0.1', port: listener.port } }, overrides: { receiptDelayMs: 5 } });
  adapter = new SmtpAdapter({ host: '127.0.0.1', port: sim.smtpPort!, from: '"강남구청 세무과" <notice@gangnam.example.kr>', bounceDomain: 'bounces.gangnam.example.kr' });
});

after(async () => {
  await adapter.close();
  await sim.close();
  await listener.close();
});

let n = 0;
function email(to: string): OutboundMessage {
  n++;
  return {
    attemptId: `att${n}x${Date.now()}`,
    idempotencyKey: `mail:${n}:${Date.now()}`,
    channel: 'email',
    to: { email: to },
    email: { subject: '재산세 고지서', html: '<p>재산세 123,000원</p>', text: '재산세 123,000원' },
  };
}

function mailboxWith(kind: 'delivered' | 'bounced-5.1.1' | 'bounced-5.2.2' | 'rejected_at_rcpt'): string {
  for (let i = 0; i < 20_000; i++) {
    const address = `person${i}@mail.example.kr`;
    const fate = sim.fateOf('email', { email: address });
    const label = fate.kind === 'bounced' ? `bounced-${fate.status}` : fate.kind;
    if (label === kind) return address;
  }
  throw new Error(`no mailbox with fate ${kind}`);
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('bounce addresses carry the attempt id, whatever characters it has', () => {
  assert.equal(bounceAddress('12345', 'b.example.kr'), 'bounce+12345@b.example.kr');
  for (const id of ['12345', 'a-b_c', '0190f7a2-6c1e-7b7a-9d3e-1f2a3b4c5d6e', 'id with spaces/and+plus', '한글']) {
    assert.equal(attemptIdFromBounceAddress(bounceAddress(id, 'b.example.kr')), id);
  }
  assert.equal(attemptIdFromBounceAddress('postmaster@b.example.kr'), undefined);
  assert.equal(messageIdFor('k1', 'x.kr'), messageIdFor('k1', 'x.kr'));
  assert.notEqual(messageIdFor('k1', 'x.kr'), messageIdFor('k2', 'x.kr'));
});

test('a delivered e-mail comes back as a delivered receipt through a success DSN', async () => {
  const message = email(mailboxWith('delivered'));
  const [outcome] = await adapter.sendBatch([message]);
  assert.ok(outcome?.status === 'accepted');
  assert.equal(outcome.providerMessageId, messageIdFor(message.idempotencyKey, 'bounces.gangnam.example.kr'));
  await until(() => stored.some((r) => r.attemptId === message.attemptId), 'the success DSN');
  const receipt = stored.find((r) => r.attemptId === message.attemptId)!;
  assert.equal(receipt.status, 'delivered');
  assert.equal(receipt.provider, 'smtp');
  assert.equal(receipt.idempotencyKey, message.idempotencyKey);
  assert.equal(receipt.providerMessageId, outcome.providerMessageId);
  assert.ok(receipt.receiptId.startsWith('dsn.'));
});

test('a bouncing and a full mailbox come back as hard_bounce and mailbox_full', async () => {
  const bounce = email(mailboxWith('bounced-5.1.1'));
  const full = email(mailboxWith('bounced-5.2.2'));
  const outcomes = await adapter.sendBatch([bounce, full]);
  assert.deepEqual(outcomes.map((o) => o.status), ['accepted', 'accepted']);
  await until(() => [bounce, full].every((m) => stored.some((r) => r.attemptId === m.attemptId)), 'the failure DSNs');
  const of = (m: OutboundMessage) => stored.find((r) => r.attemptId === m.attemptId)!;
  assert.equal(of(bounce).status, 'failed');
  assert.equal(of(bounce).cause, 'hard_bounce');
  assert.equal(of(full).cause, 'mailbox_full');
});

test('a mailbox refused during the SMTP session is a permanent rejection, the others in the batch still go', async () => {
  const refused = email(mailboxWith('rejected_at_rcpt'));
  const fine = email(mailboxWith('delivered'));
  const malformed = email('not-an-address');
  const noAddress: OutboundMessage = { ...email('x@y.kr'), to: {} };
  const outcomes = await adapter.sendBatch([refused, fine, malformed, noAddress]);
  const first = outcomes[0]!;
  assert.ok(first.status === 'rejected' && first.permanent && first.cause === 'hard_bounce', JSON.stringify(first));
  assert.ok(!first.detail.includes('@'), 'no address in the detail');
  assert.equal(outcomes[1]!.status, 'accepted');
  assert.equal(outcomes[2]!.status, 'rejected');
  assert.ok(outcomes[3]!.status === 'rejected' && outcomes[3]!.cause === 'no_contact');
});

test('sending the same attempt again after a crash is recognised: one delivery, one receipt id', async () => {
  const message = email(mailboxWith('delivered'));
  await adapter.sendBatch([message]);
  await adapter.sendBatch([message]);
  const stats = sim.stats();
  assert.equal(stats.deliveriesByKey[message.idempotencyKey], 1);
  assert.ok(stats.duplicatesSuppressed >= 1);
  await until(() => stored.some((r) => r.attemptId === message.attemptId), 'the DSN');
  await sim.receiptsIdle();
  assert.equal(stored.filter((r) => r.attemptId === message.attemptId).length, 1);
});

test('a report is acknowledged only once stored: the relay retries and nothing is lost', async () => {
  failStores = 2;
  const message = email(mailboxWith('bounced-5.1.1'));
  await adapter.sendBatch([message]);
  await until(() => stored.some((r) => r.attemptId === message.attemptId), 'the retried DSN');
  assert.equal(failStores, 0);
  assert.equal(stored.find((r) => r.attemptId === message.attemptId)!.cause, 'hard_bounce');
});

test('the listener refuses mail to other addresses and ignores mail that is not a report', async () => {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  try {
    await assert.rejects(client.sendMail({ from: 'someone@example.kr', to: 'postmaster@bounces.example.kr', text: 'hi' }), (e: { responseCode?: number }) => e.responseCode === 550);
    const before = stored.length;
    await client.sendMail({ envelope: { from: '', to: [bounceAddress('999', 'bounces.example.kr')] }, raw: 'Subject: Out of office\r\n\r\nI am away.\r\n' });
    assert.equal(stored.length, before);
  } finally {
    client.close();
  }
});

test('a relay that cannot be reached is a transient provider error', async () => {
  const nowhere = new SmtpAdapter({ host: '127.0.0.1', port: 1, from: 'notice@example.kr', bounceDomain: 'b.example.kr', timeoutMs: 2_000 });
  try {
    await assert.rejects(nowhere.sendBatch([email('a@example.kr')]), (e: unknown) => e instanceof ProviderError && e.transient);
  } finally {
    await nowhere.close();
  }
});
