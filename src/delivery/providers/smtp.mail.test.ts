import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { bodyText, headerOf, parseMessage, walk, type MimeEntity } from '../bounces/mime.ts';
import type { EmailClass, OutboundMessage } from '../provider.ts';
import { dkimSigningOf, parseProvidersConfig, type SmtpProviderConfig } from '../providers.config.ts';
import { addressOfFrom, emailClassOf, isListUnsubscribeUri } from './mail-headers.ts';
import { BounceSigner, classifySmtpRejection, SmtpAdapter } from './smtp.adapter.ts';

// Issue 18, Deliver 4: what leaves is signed and well formed. A relay of our
// own (smtp-server on 127.0.0.1) keeps every message as it came; the DKIM
// signature is verified here against the public key, by RFC 6376 with the
// relaxed/relaxed canonicalisation nodemailer uses. Replies at sending time
// are read by the classifier's rules: only a dead address condemns it.

const received: { to: string; raw: Buffer }[] = [];
let relay: SMTPServer;
let relayPort: number;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const signer = new BounceSigner(randomBytes(32));

/** What the relay answers to RCPT TO, by the recipient's local part. */
const REFUSALS: Record<string, [number, string]> = {
  'blocklisted': [550, '5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org'],
  'dmarc': [550, "5.7.26 Unauthenticated email from tax.example.go.kr is not accepted due to domain's DMARC policy"],
  'nobody': [550, '5.1.1 <nobody@example.kr>: Recipient address rejected: User unknown in virtual mailbox table'],
  'full': [552, '5.2.2 Mailbox full'],
  'badsyntax': [553, '5.1.3 Bad recipient address syntax'],
  'spam': [550, '5.7.1 Message rejected as spam'],
};

before(async () => {
  relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = REFUSALS[address.address.split('@')[0]!];
      if (!refusal) return callback();
      const e = new Error(refusal[1]) as Error & { responseCode: number };
      e.responseCode = refusal[0];
      callback(e);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayPort = (relay.server.address() as { port: number }).port;
});

after(async () => {
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});

function adapter(extra: Partial<ConstructorParameters<typeof SmtpAdapter>[0]> = {}): SmtpAdapter {
  return new SmtpAdapter({ host: '127.0.0.1', port: relayPort, from: '"강남구청 세무과" <notice@tax.example.go.kr>', bounceDomain: 'bounces.tax.example.go.kr', bounceSigner: signer, ...extra });
}

let n = 0;
function email(to: string, emailClass?: EmailClass): OutboundMessage {
  n++;
  return {
    attemptId: String(1000 + n),
    idempotencyKey: `mail:${n}:${randomBytes(4).toString('hex')}`,
    channel: 'email',
    to: { email: to },
    email: { subject: '재산세 고지서', html: '<p>재산세 <b>123,000원</b></p>', text: '재산세 123,000원', ...(emailClass ? { class: emailClass } : {}) },
  };
}

async function sendOne(a: SmtpAdapter, m: OutboundMessage): Promise<Buffer> {
  const [outcome] = await a.sendBatch([m]);
  assert.equal(outcome?.status, 'accepted', JSON.stringify(outcome));
  const got = received.find((r) => r.to === m.to.email);
  assert.ok(got, 'the relay has it');
  return got.raw;
}

// ------------------------------------------------------------ DKIM verification (RFC 6376)

interface HeaderLine {
  name: string;
  /** The whole field as it came, folding included, without the final CRLF. */
  raw: string;
}

function headerLines(head: string): HeaderLine[] {
  const lines: HeaderLine[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && lines.length > 0) lines[lines.length - 1]!.raw += `\r\n${line}`;
    else lines.push({ name: line.slice(0, line.indexOf(':')).trim().toLowerCase(), raw: line });
  }
  return lines;
}

/** Relaxed header canonicalisation (§3.4.2). */
function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const value = field.slice(colon + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim();
  return `${field.slice(0, colon).trim().toLowerCase()}:${value}`;
}

/** Relaxed body canonicalisation (§3.4.4). */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

function verifyDkim(raw: Buffer, key: KeyObject): { tags: Record<string, string>; bodyHashOk: boolean; signatureOk: boolean } {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const lines = headerLines(text.slice(0, split));
  const body = text.slice(split + 4);
  const signature = lines.find((l) => l.name === 'dkim-signature');
  assert.ok(signature, 'a DKIM-Signature header');
  const tags = Object.fromEntries(
    signature.raw
      .slice(signature.raw.indexOf(':') + 1)
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf('=')).trim(), t.slice(t.indexOf('=') + 1).replace(/\s+/g, '')]),
  );
  const bodyHashOk = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64') === tags.bh;
  // The signed fields, each from the bottom up, then the signature header itself with b= empty and no CRLF.
  const used = new Set<HeaderLine>();
  let data = '';
  for (const name of tags.h!.toLowerCase().split(':')) {
    const field = [...lines].reverse().find((l) => l.name === name.trim() && !used.has(l));
    if (!field) continue;
    used.add(field);
    data += `${relaxedHeader(field.raw)}\r\n`;
  }
  data += relaxedHeader(signature.raw.replace(/(^|;)(\s*b=)[^;]*/, '$1$2'));
  const signatureOk = verify('sha256', Buffer.from(data, 'latin1'), key, Buffer.from(tags.b!, 'base64'));
  return { tags, bodyHashOk, signatureOk };
}

// ------------------------------------------------------------ tests

test('with a key configured, every message carries a DKIM signature (d=, s=, rsa-sha256, relaxed) that verifies against the public key', async () => {
  const a = adapter({ dkim: { domainName: 'tax.example.go.kr', keySelector: 'ts2026', privateKey: privatePem } });
  try {
    for (const cls of ['legal', 'bulk', 'transactional'] as const) {
      const raw = await sendOne(a, email(`signed-${cls}@example.kr`, cls));
      const { tags, bodyHashOk, signatureOk } = verifyDkim(raw, publicKey);
      assert.equal(tags.v, '1');
      assert.equal(tags.a, 'rsa-sha256');
      assert.equal(tags.c, 'relaxed/relaxed');
      assert.equal(tags.d, 'tax.example.go.kr');
      assert.equal(tags.s, 'ts2026');
      for (const field of ['from', 'to', 'subject', 'date', 'message-id', 'content-type']) assert.ok(tags.h!.toLowerCase().split(':').includes(field), `h= signs ${field}`);
      if (cls === 'bulk') assert.ok(tags.h!.toLowerCase().split(':').includes('list-unsubscribe'), 'List-Unsubscribe is signed');
      assert.ok(bodyHashOk, `${cls}: the body hash holds`);
      assert.ok(signatureOk, `${cls}: the signature verifies`);
      // Any change to a signed header breaks it.
      const forged = Buffer.from(raw.toString('latin1').replace(/^Subject: .*$/m, 'Subject: =?UTF-8?B?7J6s7IKw7IS4IO2ZmOq4iQ==?='), 'latin1');
      assert.equal(verifyDkim(forged, publicKey).signatureOk, false, 'a changed subject does not verify');
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
      assert.equal(verifyDkim(raw, otherKey).signatureOk, false, 'another key does not verify');
    }
  } finally {
    await a.close();
  }
});

test('without a key the mail goes unsigned', async () => {
  const a = adapter();
  try {
    const raw = await sendOne(a, email('unsigned@example.kr'));
    assert.doesNotMatch(raw.toString('latin1'), /^DKIM-Signature:/im);
  } finally {
    await a.close();
  }
});

test('a plain-text part beside the HTML; auto-responders told not to answer; List-Unsubscribe and Precedence: bulk only on bulk mail, never on a legal notice', async () => {
  const a = adapter();
  try {
    const expect = { legal: false, bulk: true, transactional: false, default: false } as const;
    for (const [cls, bulk] of Object.entries(expect)) {
      const raw = await sendOne(a, email(`headers-${cls}@example.kr`, cls === 'default' ? undefined : (cls as EmailClass)));
      const { root } = parseMessage(raw);
      assert.equal(root.contentType.type, 'multipart/alternative', cls);
      const parts: MimeEntity[] = [];
      walk(root, (e) => {
        if (e.children.length === 0) parts.push(e);
      });
      assert.deepEqual(parts.map((p) => p.contentType.type), ['text/plain', 'text/html'], `${cls}: text first, then HTML`);
      assert.equal(bodyText(parts[0]!).trim(), '재산세 123,000원');
      assert.match(bodyText(parts[1]!), /<b>123,000원<\/b>/);
      assert.equal(headerOf(root, 'auto-submitted'), 'auto-generated', cls);
      assert.equal(headerOf(root, 'x-auto-response-suppress'), 'All', cls);
      assert.equal(headerOf(root, 'precedence'), bulk ? 'bulk' : undefined, cls);
      assert.equal(headerOf(root, 'list-unsubscribe'), bulk ? '<mailto:notice@tax.example.go.kr?subject=unsubscribe>' : undefined, cls);
    }
  } finally {
    await a.close();
  }
  const configured = adapter({ listUnsubscribe: 'https://tax.example.go.kr/r/unsubscribe' });
  try {
    const { root } = parseMessage(await sendOne(configured, email('configured-unsub@example.kr', 'bulk')));
    assert.equal(headerOf(root, 'list-unsubscribe'), '<https://tax.example.go.kr/r/unsubscribe>');
  } finally {
    await configured.close();
  }
});

test('the class of a message: legal notices are legal, one person\'s own business transactional, reminders and campaigns bulk', () => {
  assert.equal(emailClassOf({ kind: 'notice', legal: true, topic: null }), 'legal');
  assert.equal(emailClassOf({ kind: 'arrears', legal: true, topic: null }), 'legal');
  assert.equal(emailClassOf({ kind: 'reminder', legal: false, topic: null }), 'bulk');
  assert.equal(emailClassOf({ kind: 'campaign', legal: false, topic: 'contact_update_request' }), 'bulk');
  assert.equal(emailClassOf({ kind: 'notice', legal: false, topic: null }), 'bulk');
  assert.equal(emailClassOf({ kind: 'one_time_code', legal: false, topic: 'one_time_code' }), 'transactional');
  for (const topic of ['update_link', 'contact_changed', 'desk_reply', 'desk_transcript', 'enrolment_withdrawn']) {
    assert.equal(emailClassOf({ kind: 'guidance', legal: false, topic }), 'transactional', topic);
  }
  assert.equal(addressOfFrom('"강남구청 세무과" <notice@tax.example.go.kr>'), 'notice@tax.example.go.kr');
  assert.equal(addressOfFrom('notice@tax.example.go.kr'), 'notice@tax.example.go.kr');
  assert.ok(isListUnsubscribeUri('mailto:a@b.kr?subject=unsubscribe') && isListUnsubscribeUri('https://b.kr/u'));
  assert.ok(!isListUnsubscribeUri('http://b.kr/u') && !isListUnsubscribeUri('javascript:alert(1)') && !isListUnsubscribeUri('mailto:a@b.kr>, <x'));
});

test('refusals at sending time: only a dead or malformed address condemns it; a block list, DMARC or spam refusal is the sender\'s problem', async () => {
  const a = adapter();
  try {
    const messages = ['blocklisted', 'dmarc', 'spam', 'nobody', 'full', 'badsyntax'].map((local) => email(`${local}@example.kr`, 'legal'));
    const outcomes = await a.sendBatch(messages);
    const causes = outcomes.map((o) => (o.status === 'rejected' ? [o.permanent, o.cause] : o.status));
    assert.deepEqual(causes, [
      [true, 'sender_rejected'],
      [true, 'sender_rejected'],
      [true, 'sender_rejected'],
      [true, 'hard_bounce'],
      [true, 'mailbox_full'],
      [true, 'invalid_recipient'],
    ]);
    const details = outcomes.map((o) => (o.status === 'rejected' ? o.detail : ''));
    assert.match(details[0]!, /^SMTP 550 5\.7\.1 sender_blocked at RCPT/);
    assert.match(details[1]!, /^SMTP 550 5\.7\.26 sender_auth_failed at RCPT/);
    for (const d of details) assert.ok(!d.includes('@'), `no address in ${d}`);
  } finally {
    await a.close();
  }
  // The mapping itself, as the adapter used it before issue 18 (every 550 hard) and now.
  assert.equal(classifySmtpRejection(550, '5.7.1 Client host [198.51.100.7] blocked using bl.spamcop.net').cause, 'sender_rejected');
  assert.equal(classifySmtpRejection(550, '5.7.1 Relaying denied').cause, 'sender_rejected');
  assert.equal(classifySmtpRejection(550, '5.1.1 The email account that you tried to reach does not exist').cause, 'hard_bounce');
  // A bare 550 that names no reason no longer condemns the address (RFC 5321 uses it for policy refusals too).
  assert.equal(classifySmtpRejection(550, 'Requested action not taken: mailbox unavailable').cause, 'provider_rejected');
  assert.equal(classifySmtpRejection(554, '5.3.4 Message too big for system').cause, 'provider_rejected');
});

test('the DKIM setting: the key from a file or an environment variable, checked at start, never in an error message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-dkim-'));
  const keyFile = join(dir, 'dkim.pem');
  writeFileSync(keyFile, privatePem, { mode: 0o600 });
  const smtp = (dkim: unknown): SmtpProviderConfig => {
    const [c] = parseProvidersConfig(JSON.stringify([{ type: 'smtp', name: 'mail', host: 'smtp.internal', port: 25, from: 'notice@tax.example.go.kr', bounceDomain: 'bounces.tax.example.go.kr', dkim }]))!;
    return c as SmtpProviderConfig;
  };
  const fromFile = dkimSigningOf(smtp({ domainName: 'tax.example.go.kr', keySelector: 'ts2026', privateKeyFile: keyFile }));
  assert.deepEqual(fromFile, { domainName: 'tax.example.go.kr', keySelector: 'ts2026', privateKey: privatePem });
  const fromEnv = dkimSigningOf(smtp({ domainName: 'tax.example.go.kr', keySelector: 'ts2026', privateKeyEnv: 'TS_TEST_DKIM' }), { TS_TEST_DKIM: privatePem });
  assert.equal(fromEnv?.privateKey, privatePem);
  assert.equal(dkimSigningOf(smtp(undefined)), undefined, 'no setting: unsigned');

  const refused = (dkim: unknown, env: Record<string, string> = {}) => {
    try {
      dkimSigningOf(smtp(dkim), env);
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };
  assert.match(refused({ domainName: 'tax.example.go.kr', keySelector: 'ts2026', privateKeyFile: join(dir, 'missing.pem') }), /mail\.dkim: the file .*missing\.pem cannot be read/);
  assert.match(refused({ domainName: 'tax.example.go.kr', keySelector: 'ts2026', privateKeyEnv: 'TS_TEST_DKIM' }), /the environment variable TS_TEST_DKIM is not set/);
  const notAKey = 'not a key but a secret-looking string 0123456789';
  const message = refused({ domainName: 'tax.example.go.kr', keySelector: 'ts2026', privateKeyEnv: 'TS_TEST_DKIM' }, { TS_TEST_DKIM: notAKey });
  assert.match(message, /does not hold a PEM private key/);
  assert.ok(!message.includes(notAKey), 'the value is never repeated');
  const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.match(refused({ domainName: 'tax.example.go.kr', keySelector: 'ts2026', privateKeyEnv: 'K' }, { K: ed }), /must hold an RSA key/);
  // The setting's own checks.
  assert.throws(() => smtp({ domainName: 'tax.example.go.kr', keySelector: 'ts2026' }), /exactly one of privateKeyFile and privateKeyEnv/);
  assert.throws(() => smtp({ domainName: 'not a domain', keySelector: 'ts2026', privateKeyFile: keyFile }), /a domain name/);
  assert.throws(() => smtp({ domainName: 'tax.example.go.kr', keySelector: 'ts 2026;', privateKeyFile: keyFile }), /a selector/);
  assert.throws(
    () => parseProvidersConfig(JSON.stringify([{ type: 'smtp', name: 'mail', host: 'h', port: 25, from: 'a@b.kr', bounceDomain: 'b.kr', listUnsubscribe: 'javascript:x' }])),
    /listUnsubscribe: a mailto: or https: address/,
  );
});

test('the district’s sender (its delivery settings) is the From of its mail; without one the configured From', async () => {
  const a = adapter();
  try {
    const own = parseMessage(await sendOne(a, { ...email('district-sender@example.kr'), sender: { email: { name: '마포구청 세무과', address: 'notice@mapo.go.kr' } } })).root;
    assert.match(headerOf(own, 'from')!, /<notice@mapo\.go\.kr>$/);
    assert.match(headerOf(own, 'from')!, /^(=\?UTF-8\?.+\?=|"?마포구청 세무과"?) </i, 'the district’s name before the address');
    const configured = parseMessage(await sendOne(a, email('configured-sender@example.kr'))).root;
    assert.match(headerOf(configured, 'from')!, /notice@tax\.example\.go\.kr/);
  } finally {
    await a.close();
  }
});
