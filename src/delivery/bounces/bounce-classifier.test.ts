import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { classifyBounce, classifySmtpReply } from './bounce-classifier.ts';
import { BOUNCE_KINDS, BOUNCE_REASONS, HARD_REASONS } from './bounce-rules.ts';

// The corpus: one file per mail system and case, each written for this
// project in the format that system uses, with its expected answer in
// corpus/expected.json. Every file is classified and compared exactly.

const CORPUS = join(import.meta.dirname, 'corpus');
interface Expected {
  kind: string;
  reason: string;
  status: string | null;
  recipient: string | null;
}
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Expected>;
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();

test('every corpus file has an expected answer and every answer a file', () => {
  assert.deepEqual(files, Object.keys(expected).sort());
  assert.ok(files.length >= 60, `corpus has ${files.length} files`);
});

test('the corpus covers every kind and the mail systems of issue 18', () => {
  const kinds = new Set(Object.values(expected).map((e) => e.kind));
  for (const kind of BOUNCE_KINDS) assert.ok(kinds.has(kind), `no corpus file of kind ${kind}`);
  for (const prefix of ['postfix-', 'rfc3464-', 'sendmail-', 'exim-', 'qmail-', 'gmail-', 'yahoo-', 'office365-', 'exchange', 'outlook-com-', 'hotmail-', 'ses-', 'mailman-', 'google-groups-', 'barracuda-', 'proofpoint-', 'spamassassin-', 'naver-', 'daum-', 'korean-', 'arf-', 'mdn-', 'vacation-', 'challenge-']) {
    assert.ok(files.some((f) => f.startsWith(prefix)), `no corpus file for ${prefix}`);
  }
  for (const e of Object.values(expected)) assert.ok((BOUNCE_REASONS as readonly string[]).includes(e.reason), e.reason);
});

for (const file of files) {
  test(`corpus ${file}`, () => {
    const result = classifyBounce(readFileSync(join(CORPUS, file)));
    assert.deepEqual({ kind: result.kind, reason: result.reason, status: result.status, recipient: result.recipient }, expected[file]);
  });
}

test('only an address-level reason, permanently refused, is hard: no 5.7.x refusal in the corpus is hard', () => {
  for (const file of files) {
    const e = expected[file]!;
    if (e.kind === 'hard') {
      assert.ok(HARD_REASONS.has(e.reason as never), `${file}: hard for ${e.reason}`);
      assert.ok(e.status === null || e.status.startsWith('5.'), `${file}: hard with ${e.status}`);
      assert.ok(!e.status?.startsWith('5.7.'), `${file}: hard with a 5.7.x code`);
    }
  }
});

test('a report also yields its envelope id, the returned Message-ID and the time of the last attempt', () => {
  const r = classifyBounce(readFileSync(join(CORPUS, 'sendmail-user-unknown.eml')));
  assert.equal(r.envelopeId, 'notice:a7f3c1');
  assert.equal(r.originalMessageId, '<ts.4f1c0a9e2b7d@tax.gangnam.example.kr>');
  assert.equal(r.reportMessageId, '<20260710000005.1C2D3E4F@mail.example.org>');
  assert.equal(r.occurredAt?.toISOString(), '2026-07-10T00:00:03.000Z');
  assert.equal(r.format, 'sendmail');
  assert.equal(r.rule, 'no-such-user');
  assert.match(r.diagnostic ?? '', /User unknown/);
});

test('each recipient of a report gets its own verdict; the most severe is the answer', () => {
  const r = classifyBounce(readFileSync(join(CORPUS, 'rfc3464-two-recipients.eml')));
  assert.deepEqual(
    r.recipients.map((v) => [v.recipient, v.kind, v.reason, v.status]),
    [
      ['jang.wu.office@example.com', 'delivered', 'delivered', '2.0.0'],
      ['jang.wu@example.com', 'soft', 'mailbox_full', '5.2.2'],
    ],
  );
});

test('the returned message is never read: its words do not change the verdict', () => {
  // The returned notice in postfix-no-such-user.eml says "spam", "blocked", "mailbox full";
  // with the report's own text removed, nothing is left to call it anything but unknown.
  const raw = readFileSync(join(CORPUS, 'postfix-no-such-user.eml'), 'utf8');
  assert.match(raw, /mailbox full\? None of these words count/);
  const withoutReason = raw.replace(/User unknown in virtual\n? {0,4}mailbox table/g, 'rejected').replace(/Status: 5\.1\.1/, 'Status: 5.0.0').replace(/550 5\.1\.1/g, '550');
  const r = classifyBounce(withoutReason);
  assert.equal(r.kind, 'soft');
  assert.equal(r.reason, 'unknown');
});

test('Status 5.0.0 with the real code in Diagnostic-Code reads the real code; a 4.x.x code is never hard', () => {
  assert.deepEqual(pick(classifyBounce(dsn('5.0.0', '550 5.1.1 <someone@example.net>: user unknown'))), ['hard', 'no_such_user', '5.1.1']);
  assert.deepEqual(pick(classifyBounce(dsn('5.0.0', '550 5.2.2 over quota'))), ['soft', 'mailbox_full', '5.2.2']);
  // a more specific code of another class does not replace the report's own
  assert.deepEqual(pick(classifyBounce(dsn('4.0.0', '550 5.1.1 user unknown'))), ['soft', 'no_such_user', '4.0.0']);
  assert.deepEqual(pick(classifyBounce(dsn('4.1.1', 'user unknown, try later'))), ['soft', 'no_such_user', '4.1.1']);
  assert.deepEqual(pick(classifyBounce(dsn('5.7.1', 'Message refused: user unknown to our spam filter, blocked using bl.example.org'))), ['soft', 'sender_blocked', '5.7.1']);
  assert.deepEqual(pick(classifyBounce(dsn('5.7.1', 'Recipient address rejected: Access denied'))), ['soft', 'policy', '5.7.1']);
  assert.deepEqual(pick(classifyBounce(dsn('5.4.1', 'Recipient address rejected: Access denied. AS(201806281)'))), ['hard', 'no_such_user', '5.4.1']);
  assert.deepEqual(pick(classifyBounce(dsn('4.4.7', 'Message expired', 'failed'))), ['soft', 'expired', '4.4.7']);
  assert.deepEqual(pick(classifyBounce(dsn('5.1.1', 'user unknown', 'delayed'))), ['delayed', 'no_such_user', '5.1.1']);
});

test('Postfix\'s "delivery temporarily suspended" is the way there, not a suspended mailbox: a delay, or expired once final', () => {
  const postfix = (action: 'failed' | 'delayed', diagnostic: string) => dsn('4.4.1', diagnostic, action, 'X-Postfix');
  const why = 'delivery temporarily suspended: connect to mx.example.net[203.0.113.5]:25: Connection timed out';
  assert.deepEqual(pick(classifyBounce(postfix('failed', why))), ['soft', 'expired', '4.4.1']);
  assert.deepEqual(pick(classifyBounce(postfix('delayed', why))), ['delayed', 'network_error', '4.4.1']);
  // the why still counts when it names the sender's problem
  assert.deepEqual(pick(classifyBounce(postfix('failed', 'delivery temporarily suspended: host mx.example.net[203.0.113.5] refused to talk to me: 554 Client host blocked using zen.spamhaus.org'))), ['soft', 'sender_blocked', '4.4.1']);
  // a mailbox suspended for a while is still read as such
  assert.deepEqual(pick(classifyBounce(postfix('failed', '450 4.2.1 mailbox temporarily suspended'))), ['soft', 'mailbox_disabled', '4.4.1']);
});

test('Sendmail "Returned mail: <reason>" subjects count as the reason when the text names none', () => {
  const raw = ['From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.org>', 'Subject: Returned mail: User unknown', '', 'The original message was received at Fri, 10 Jul 2026', '', '   ----- The following addresses had permanent fatal errors -----', '<x@example.org>', ''].join('\n');
  assert.deepEqual(pick(classifyBounce(raw)), ['hard', 'no_such_user', null]);
});

/** A one-recipient RFC 3464 report. */
function dsn(status: string, diagnostic: string, action = 'failed', diagnosticType = 'smtp'): string {
  return [
    'From: MAILER-DAEMON@mx.example.net',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    'Final-Recipient: rfc822; someone@example.net',
    `Action: ${action}`,
    `Status: ${status}`,
    `Diagnostic-Code: ${diagnosticType}; ${diagnostic}`,
    '--b--',
  ].join('\r\n');
}

function pick(r: { kind: string; reason: string; status: string | null }) {
  return [r.kind, r.reason, r.status];
}

test('an SMTP reply refused at sending time is read by the same rules: a 550 is hard only when it names a dead address', () => {
  const reply = (code: number, text: string) => {
    const v = classifySmtpReply(code, text);
    return [v.kind, v.reason, v.status];
  };
  assert.deepEqual(reply(550, '550 5.1.1 <someone@example.net>: Recipient address rejected: User unknown'), ['hard', 'no_such_user', '5.1.1']);
  assert.deepEqual(reply(550, '550 User unknown'), ['hard', 'no_such_user', null]);
  assert.deepEqual(reply(554, '554 5.7.1 Service unavailable; Client host [198.51.100.20] blocked using zen.spamhaus.org'), ['soft', 'sender_blocked', '5.7.1']);
  assert.deepEqual(reply(550, '550-5.7.26 This mail has been blocked because the sender is unauthenticated.'), ['soft', 'sender_auth_failed', '5.7.26']);
  assert.deepEqual(reply(550, '550 5.7.1 Relay access denied'), ['soft', 'policy', '5.7.1']);
  assert.deepEqual(reply(552, '552 5.2.2 Mailbox full'), ['soft', 'mailbox_full', '5.2.2']);
  assert.deepEqual(reply(450, '450 4.1.1 <someone@example.net>: Recipient address rejected: unverified address'), ['soft', 'no_such_user', '4.1.1']);
  assert.deepEqual(reply(550, '550 Requested action not taken: mailbox unavailable'), ['soft', 'unknown', null]);
  assert.deepEqual(reply(421, '421 4.7.0 Try again later, closing connection.'), ['soft', 'system_error', '4.7.0']);
});
