import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { classifyBounce, type BounceClassification } from './bounce-classifier.ts';
import { BOUNCE_KINDS, BOUNCE_REASONS, HARD_REASONS } from './bounce-rules.ts';

// Whatever arrives at the bounce address, the classifier answers, quickly,
// and never throws: random bytes, every corpus file cut anywhere, boundaries
// that never end, multi-megabyte reports, wrong charsets, broken encoded
// words.

const CORPUS = join(import.meta.dirname, 'corpus');
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((f) => readFileSync(join(CORPUS, f)));

/** What every answer must satisfy. */
function assertWellFormed(r: BounceClassification): void {
  assert.ok((BOUNCE_KINDS as readonly string[]).includes(r.kind), r.kind);
  assert.ok((BOUNCE_REASONS as readonly string[]).includes(r.reason), r.reason);
  assert.ok(r.status === null || /^[245]\.\d{1,3}\.\d{1,3}$/.test(r.status), String(r.status));
  assert.ok(r.recipient === null || r.recipient.includes('@'), String(r.recipient));
  if (r.kind === 'hard') assert.ok(HARD_REASONS.has(r.reason) && !r.status?.startsWith('4.'), `hard ${r.reason} ${r.status}`);
  if (r.kind === 'not_a_bounce') assert.equal(r.recipients.length, 0);
  else assert.ok(r.recipients.length > 0);
  assert.ok(r.diagnostic === null || r.diagnostic.length <= 300);
  JSON.stringify(r);
}

function timed(input: Uint8Array | string, limitMs: number): BounceClassification {
  const start = performance.now();
  const r = classifyBounce(input);
  const ms = performance.now() - start;
  assert.ok(ms < limitMs, `took ${ms.toFixed(0)} ms`);
  assertWellFormed(r);
  return r;
}

test('random bytes and random text: an answer, never an exception', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 8192 }), (bytes) => {
      assertWellFormed(classifyBounce(bytes));
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 4096 }), (text) => {
      assertWellFormed(classifyBounce(text));
    }),
    { numRuns: 500 },
  );
});

test('random text shaped like mail: header lines, boundaries, DSN fields, codes and phrases in any order', () => {
  const pieces = fc.constantFrom(
    'From: MAILER-DAEMON@mx.example.net\n',
    'Subject: Undelivered Mail Returned to Sender\n',
    'Subject: =?utf-8?B?67CY7Iah?=\n',
    'Subject: =?euc-kr?Q?=B9=DD=BC=DB?=\n',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n',
    'Content-Type: multipart/mixed; boundary=b\n',
    'Content-Type: message/delivery-status\n',
    'Content-Type: message/rfc822\n',
    'Content-Type: text/html; charset=x-nonexistent\n',
    'Content-Transfer-Encoding: base64\n',
    'Content-Transfer-Encoding: quoted-printable\n',
    '\n',
    '\r\n',
    '--b\n',
    '--b--\n',
    'Final-Recipient: rfc822; someone@example.net\n',
    'Action: failed\n',
    'Action: delayed\n',
    'Status: 5.0.0\n',
    'Status: 4.4.7\n',
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown\n',
    '550-5.7.1 blocked using zen.spamhaus.org\n',
    '<someone@example.net>: host mx said: 552 5.2.2 mailbox full\n',
    'This is a warning only.\n',
    '=?utf-8?B?!!?=',
    '=E2=8',
    '<style>',
    '&#xffffff;',
    '받는 사람: 홍길동@',
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
      assertWellFormed(classifyBounce(parts.join('')));
    }),
    { numRuns: 1000 },
  );
});

test('every corpus file cut at random places, or with random bytes changed: an answer', () => {
  fc.assert(
    fc.property(fc.nat({ max: corpus.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, at) => {
      const file = corpus[i]!;
      assertWellFormed(classifyBounce(file.subarray(0, Math.floor(file.length * at))));
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }), (i, edits) => {
      const file = Buffer.from(corpus[i]!);
      for (const [at, byte] of edits) if (file.length > 0) file[Math.floor(at * (file.length - 1))] = byte;
      assertWellFormed(classifyBounce(file));
    }),
    { numRuns: 500 },
  );
  // And every file at every 97th byte, to leave no region out.
  for (const file of corpus) for (let at = 0; at < file.length; at += 97) assertWellFormed(classifyBounce(file.subarray(0, at)));
});

const MB = 1024 * 1024;
const REPORT_HEAD = ['From: MAILER-DAEMON@mx.example.net', 'Subject: Undelivered Mail Returned to Sender', 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '', '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; someone@example.net', 'Action: failed', 'Status: 5.1.1', ''].join('\n');

test('a 5 MB report completes in bounded time and is still read', () => {
  const attachment = `--b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n${Buffer.alloc(5 * MB, 7).toString('base64').replace(/.{76}/g, '$&\n')}`;
  const r = timed(Buffer.from(`${REPORT_HEAD}\n${attachment}`), 3000);
  assert.equal(r.kind, 'hard');
  assert.equal(r.recipient, 'someone@example.net');
  assert.equal(r.truncated, true);
});

test('pathological inputs of several megabytes complete in bounded time', () => {
  const daemon = 'From: MAILER-DAEMON@x.example\nSubject: Undelivered Mail\n\n';
  const inputs: Record<string, string | Buffer> = {
    'boundary that never ends': `${REPORT_HEAD.replace('--b\nContent-Type: message/delivery-status', '--b\nContent-Type: text/plain')}${'user unknown\n'.repeat(400_000)}`,
    'a million empty parts': `Content-Type: multipart/mixed; boundary=b\n\n${'--b\n\n'.repeat(MB)}`,
    'nesting 2,000 deep': Array.from({ length: 2000 }, (_, i) => `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n`).join(''),
    'one 5 MB line': 'a'.repeat(5 * MB),
    'only angle brackets in HTML': `Content-Type: text/html\n\n${'<'.repeat(5 * MB)}`,
    'unclosed style tags': `Content-Type: text/html\n\n${'<style '.repeat(MB)}`,
    'encoded words without end': `Subject: ${'=?utf-8?B?'.repeat(MB)}\n\nx`,
    'broken Q words': `Subject: ${'=?utf-8?Q?=E2=?= '.repeat(300_000)}\n\nx`,
    'local parts without @': daemon + 'a.'.repeat(2 * MB),
    'domains without end': `${daemon}x@${'a-'.repeat(2 * MB)}`,
    'almost-codes': daemon + '5.1.1.'.repeat(MB),
    'folded header forever': `Subject: a\n${' b\n'.repeat(MB)}`,
    'blank DSN groups': `${REPORT_HEAD}${'\n \n'.repeat(MB)}`,
    'newlines only': '\n'.repeat(5 * MB),
    'binary junk': Buffer.from(Array.from({ length: 5 * MB }, (_, i) => (i * 2654435761) & 0xff)),
    'quoted-printable soft breaks': `Content-Transfer-Encoding: quoted-printable\n\n${'=\n'.repeat(MB)}`,
    'base64 of nothing': `Content-Transfer-Encoding: base64\n\n${'!'.repeat(5 * MB)}`,
  };
  for (const [name, input] of Object.entries(inputs)) {
    try {
      timed(input, 3000);
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
  }
});

test('wrong charsets and broken encoded words: an answer, and the report is still read', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('utf-8', 'us-ascii', 'euc-kr', 'ks_c_5601-1987', 'iso-2022-kr', 'x-nonexistent', 'utf-7', '"', '', 'iso-8859-1'),
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ maxLength: 40 }),
      (charset, junk, word) => {
        const raw = Buffer.concat([
          Buffer.from(`From: MAILER-DAEMON@mx.example.net\nSubject: =?${charset}?B?${word}?= =?${charset}?Q?${word}=ZZ?=\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: text/plain; charset=${charset}\n\n`),
          Buffer.from(junk),
          Buffer.from('\n--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; someone@example.net\nAction: failed\nStatus: 5.1.1\n--b--\n'),
        ]);
        const r = classifyBounce(raw);
        assertWellFormed(r);
        assert.equal(r.recipient, 'someone@example.net');
        assert.equal(r.status, '5.1.1');
      },
    ),
    { numRuns: 300 },
  );
});

test('property: a refusal with a 5.7.x code and sender-side words is never hard; a 4.x.x code is never hard', () => {
  const senderSide = fc.constantFrom(
    'Service unavailable; Client host [198.51.100.20] blocked using zen.spamhaus.org',
    'Message rejected as spam',
    'SPF check failed for tax.gangnam.example.kr',
    'Unauthenticated email is not accepted due to domain DMARC policy',
    'Relay access denied',
    'Your IP(198.51.100.20) is filtered',
    'Delivery not authorized, message refused',
    'Recipient address rejected: Access denied',
  );
  const any = fc.constantFrom('user unknown', 'mailbox full', 'no such user here', 'host not found', 'connection timed out', '', 'account disabled');
  const dsn = (status: string, diagnostic: string) =>
    `From: MAILER-DAEMON@mx.example.net\nSubject: Undelivered Mail Returned to Sender\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; someone@example.net\nAction: failed\nStatus: ${status}\nDiagnostic-Code: smtp; ${diagnostic}\n--b--\n`;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 30 }).filter((n) => n !== 17 && n !== 18), senderSide, (n, text) => {
      const r = classifyBounce(dsn(`5.7.${n}`, `550 5.7.${n} ${text}`));
      assert.equal(r.kind, 'soft', `5.7.${n} ${text}: ${r.kind} ${r.reason}`);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 30 }), any, (x, y, text) => {
      const r = classifyBounce(dsn(`4.${x}.${y}`, `450 4.${x}.${y} ${text}`));
      assert.notEqual(r.kind, 'hard', `4.${x}.${y} ${text}`);
    }),
    { numRuns: 300 },
  );
});
