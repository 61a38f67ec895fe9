import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import nodemailer from 'nodemailer';
import type { OutboundMessage, Receipt } from '../provider.ts';
import { ProviderError } from '../provider.ts';
import { startSimulator, type Simulator } from '../simulator/simulator.ts';
import { startBounceListener, type BounceListener, type RefusedReport } from './bounce-listener.ts';
import { writeDeliveryStatusReport } from './dsn.ts';
import { BounceSigner, SmtpAdapter, messageIdFor } from './smtp.adapter.ts';

// The whole e-mail loop over real SMTP on 127.0.0.1: adapter → simulated
// relay → DSN by SMTP → bounce listener → receipts.

let sim: Simulator;
let listener: BounceListener;
let adapter: SmtpAdapter;
const stored: Receipt[] = [];
const refused: RefusedReport[] = [];
let failStores = 0;
const signer = new BounceSigner(randomBytes(32));

before(async () => {
  listener = await startBounceListener({
    port: 0,
    signer,
    async onRefused(reports) {
      refused.push(...reports);
    },
    async onReceipts(receipts) {
      if (failStores > 0) {
        failStores--;
        throw new Error('database unavailable');
      }
      stored.push(...receipts);
    },
  });
  sim = await startSimulator({ profile: 'gangnam', seed: 'smtp-test', smtp: { port: 0, dsnTo: { host: '127.0.0.1', port: listener.port } }, overrides: { receiptDelayMs: 5 } });
  adapter = new SmtpAdapter({ host: '127.0.0.1', port: sim.smtpPort!, from: '"강남구청 세무과" <notice@gangnam.example.kr>', bounceDomain: 'bounces.gangnam.example.kr', bounceSigner: signer });
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

test('return paths carry the attempt id and a signature of it that only the key makes, whatever characters the id has', () => {
  const address = signer.address('smtp', '12345', 'b.example.kr');
  assert.match(address, /^bounce\+12345\.[0-9a-f]{20}@b\.example\.kr$/);
  assert.ok(address.split('@')[0]!.length <= 64, 'a local part has at most 64 characters');
  for (const id of ['12345', '9223372036854775807', 'x', 'x.41', 'a-b_c', '0190f7a2-6c1e-7b7a-9d3e-1f2a3b4c5d6e', 'Att1X', 'id with spaces/and+plus', '한글']) {
    assert.deepEqual(signer.check(signer.address('smtp', id, 'b.example.kr'), ['smtp']), { ok: true, provider: 'smtp', attemptId: id });
  }
  // A relay may change the case of a local part.
  assert.deepEqual(signer.check(address.toUpperCase(), ['smtp']), { ok: true, provider: 'smtp', attemptId: '12345' });
  assert.deepEqual(signer.check(`<${address}>`, ['other', 'smtp']), { ok: true, provider: 'smtp', attemptId: '12345' });
  // What is not ours, unsigned, or signed by something else.
  assert.deepEqual(signer.check('postmaster@b.example.kr', ['smtp']), { ok: false, reason: 'not_ours' });
  assert.deepEqual(signer.check('bounce+12345@b.example.kr', ['smtp']), { ok: false, reason: 'unsigned', attemptId: '12345' });
  assert.deepEqual(signer.check('bounce+12345.00000000000000000000@b.example.kr', ['smtp']), { ok: false, reason: 'bad_signature', attemptId: '12345' });
  assert.deepEqual(signer.check(address.replace('12345', '12346'), ['smtp']), { ok: false, reason: 'bad_signature', attemptId: '12346' });
  assert.deepEqual(signer.check(new BounceSigner(randomBytes(32)).address('smtp', '12345', 'b.example.kr'), ['smtp']), { ok: false, reason: 'bad_signature', attemptId: '12345' });
  assert.deepEqual(signer.check(address, ['smtp-2']), { ok: false, reason: 'bad_signature', attemptId: '12345' }, 'signed for another provider');
  assert.equal(messageIdFor('k1', 'x.kr'), messageIdFor('k1', 'x.kr'));
  assert.notEqual(messageIdFor('k1', 'x.kr'), messageIdFor('k1', 'x.kr2'));
});

test('property: a signed return path verifies, in any case, and any change to it does not', () => {
  const provider = fc.constantFrom('smtp', 'email-sim', 'smtp-backup');
  fc.assert(
    fc.property(provider, fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.stringMatching(/^[a-z0-9x._-]{1,12}$/)), fc.nat(), fc.nat(), (p, id, at, flip) => {
      const address = signer.address(p, id, 'bounces.example.kr');
      assert.deepEqual(signer.check(address, ['smtp', 'email-sim', 'smtp-backup']), { ok: true, provider: p, attemptId: id });
      assert.equal(signer.check(address.toUpperCase(), [p]).ok, true);
      // Change one character of the local part (after 'bounce+') to another that a local part may hold.
      const local = address.split('@')[0]!;
      const i = 7 + (at % (local.length - 7));
      const alphabet = '0123456789abcdefx.-_';
      const replacement = alphabet[(alphabet.indexOf(local[i]!.toLowerCase()) + 1 + (flip % (alphabet.length - 1))) % alphabet.length]!;
      const changed = `${local.slice(0, i)}${replacement}${local.slice(i + 1)}@bounces.example.kr`;
      const checked = signer.check(changed, [p]);
      assert.ok(!checked.ok || changed.toLowerCase() === address.toLowerCase(), `${changed} must not verify`);
    }),
    { numRuns: 2000 },
  );
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
  assert.ok(receipt.receiptId.startsWith('bounce.'));
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
    const before = [stored.length, refused.length];
    await client.sendMail({ envelope: { from: '', to: [signer.address('smtp', '999', 'bounces.example.kr')] }, raw: 'Subject: Out of office\r\n\r\nI am away.\r\n' });
    assert.deepEqual([stored.length, refused.length], before);
  } finally {
    client.close();
  }
});

test('a report to an unsigned or wrongly signed return path is accepted only to be kept: it never becomes a receipt', async () => {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  const report = (to: string) =>
    writeDeliveryStatusReport({
      reportingMta: 'mx.attacker.example', to, arrivalDate: new Date('2020-01-01T00:00:00Z'), date: new Date('2020-01-01T00:00:00Z'),
      recipient: { address: 'someone@example.kr', action: 'delivered', status: '2.0.0' }, originalHeaders: 'Subject: x',
    });
  try {
    const before = stored.length;
    const forged = signer.address('smtp', '3', 'bounces.example.kr').replace(/\.[0-9a-f]{20}@/, '.0123456789abcdef0123@');
    for (const to of ['bounce+3@bounces.example.kr', forged]) {
      const sent = await client.sendMail({ envelope: { from: 'mailer@attacker.example', to: [to] }, raw: report(to) });
      assert.match(sent.response, /^250/);
    }
    assert.equal(stored.length, before, 'no receipt');
    const kept = refused.slice(-2);
    assert.deepEqual(kept.map((r) => [r.reason, r.attemptId, r.envelopeRecipient]), [['unsigned', '3', 'bounce+3@bounces.example.kr'], ['bad_signature', '3', forged]]);
    assert.equal(kept[0]!.envelopeSender, 'mailer@attacker.example');
    assert.match(kept[0]!.message.toString('latin1'), /Action: delivered/);
    assert.equal(kept[0]!.sizeBytes, kept[0]!.message.length);
  } finally {
    client.close();
  }
});

test('bad input at the listener (issue 18): junk, truncated, endless and mis-encoded reports are answered, one over the size limit gets 552, and the listener keeps serving', async () => {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  const to = signer.address('smtp', 'junk1', 'bounces.example.kr');
  const send = (raw: string | Buffer) => client.sendMail({ envelope: { from: '', to: [to] }, raw });
  const dsnHeader = 'From: MAILER-DAEMON@mx.example.net\r\nSubject: Undelivered Mail Returned to Sender\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="x"\r\n\r\n';
  const genuine = writeDeliveryStatusReport({
    reportingMta: 'mx.example.net', to, arrivalDate: new Date('2026-07-10T00:00:00Z'), date: new Date('2026-07-10T00:00:00Z'),
    recipient: { address: 'someone@example.kr', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }, originalHeaders: 'Subject: x',
  });
  try {
    const bad: [string, string | Buffer][] = [
      ['binary junk', randomBytes(200_000)],
      ['a report cut in the middle', genuine.slice(0, Math.floor(genuine.length / 2))],
      ['a boundary that never ends, 900 KB of recipient blocks', dsnHeader + '--x\r\nContent-Type: message/delivery-status\r\n\r\n' + 'Final-Recipient: rfc822; a@b.kr\r\nStatus: 5.1.1\r\n\r\n'.repeat(20_000)],
      ['nested parts that never close', dsnHeader + Array.from({ length: 500 }, (_, i) => `--x\r\nContent-Type: multipart/mixed; boundary="x${i}"\r\n\r\n`).join('')],
      ['a wrong charset and broken encoded words', Buffer.concat([Buffer.from('From: =?euc-kr?B?!!!?= <MAILER-DAEMON@x>\r\nSubject: =?utf-8?Q?=FF=FE?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'), Buffer.from([0xbe, 0xc6, 0xff, 0xfe, 0x00, 0xc0, 0x0a])])],
    ];
    for (const [what, raw] of bad) assert.match((await send(raw)).response, /^250/, what);
    // Over the listener's limit (default 1 MiB, documented in the README): refused, never read.
    await assert.rejects(send(genuine + 'x'.repeat(1024 * 1024)), (e: { responseCode?: number; response?: string }) => e.responseCode === 552 && /5\.3\.4/.test(e.response ?? ''));
    // Still serving, and still reading reports.
    const before = stored.length;
    assert.match((await send(genuine)).response, /^250/);
    assert.deepEqual(stored.slice(before).map((r) => [r.attemptId, r.status, r.cause]), [['junk1', 'failed', 'hard_bounce']]);
  } finally {
    client.close();
  }
});

test('a relay that cannot be reached is a transient provider error', async () => {
  const nowhere = new SmtpAdapter({ host: '127.0.0.1', port: 1, from: 'notice@example.kr', bounceDomain: 'b.example.kr', bounceSigner: signer, timeoutMs: 2_000 });
  try {
    await assert.rejects(nowhere.sendBatch([email('a@example.kr')]), (e: unknown) => e instanceof ProviderError && e.transient);
  } finally {
    await nowhere.close();
  }
});
