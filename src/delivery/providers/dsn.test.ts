import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { classifyBounce } from '../bounces/bounce-classifier.ts';
import { receiptsFromClassification } from '../bounces/bounce-outcome.ts';
import { parseDeliveryStatusReport, writeDeliveryStatusReport } from './dsn.ts';

// The RFC 3464 writer (the simulator's relay uses it) and the old parser
// (kept as the baseline of `npm run bench -- bounces`); the bounce listener
// reads reports with the classifier of returned mail since issue 18.
const receiptsOf = (raw: string, attemptId: string) => receiptsFromClassification('smtp', classifyBounce(raw), attemptId);

// A Postfix-style bounce, folded headers and all, as relays really send them.
const postfixBounce = [
  'Return-Path: <>',
  'From: MAILER-DAEMON@mx.example.net (Mail Delivery System)',
  'Subject: Undelivered Mail Returned to Sender',
  'To: bounce+77@bounces.gangnam.example.kr',
  'Message-Id: <20260710010203.ABC@mx.example.net>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="ABC.1720000000/mx.example.net"',
  '',
  'This is a MIME-encapsulated message.',
  '',
  '--ABC.1720000000/mx.example.net',
  'Content-Description: Notification',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'I\'m sorry to have to inform you that your message could not be delivered.',
  '',
  '--ABC.1720000000/mx.example.net',
  'Content-Description: Delivery report',
  'Content-Type: message/delivery-status',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from(
    [
      'Reporting-MTA: dns; mx.example.net',
      'X-Postfix-Queue-ID: ABC',
      'Original-Envelope-Id: mail+3A42+3Aretry',
      'Arrival-Date: Fri, 10 Jul 2026 10:02:01 +0900 (KST)',
      '',
      'Final-Recipient: rfc822; nobody@example.net',
      'Original-Recipient: rfc822;nobody@example.net',
      'Action: failed',
      'Status: 5.1.1',
      'Remote-MTA: dns; mail.example.net',
      'Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address',
      '    rejected: User unknown in virtual mailbox table',
      '',
      'Final-Recipient: rfc822; later@example.net',
      'Action: delayed',
      'Status: 4.4.1',
      '',
    ].join('\r\n'),
  ).toString('base64'),
  '',
  '--ABC.1720000000/mx.example.net',
  'Content-Description: Undelivered Message Headers',
  'Content-Type: text/rfc822-headers',
  '',
  'From: notice@gangnam.example.kr',
  'Message-ID: <ts.abc@bounces.gangnam.example.kr>',
  'Subject: =?UTF-8?B?7J6s7IKw7IS4?=',
  '',
  '--ABC.1720000000/mx.example.net--',
  '',
].join('\r\n');

test('a Postfix bounce with a base64 status part and folded fields is read', () => {
  const report = parseDeliveryStatusReport(postfixBounce);
  assert.ok(report);
  assert.equal(report.envelopeId, 'mail:42:retry');
  assert.equal(report.originalMessageId, '<ts.abc@bounces.gangnam.example.kr>');
  assert.equal(report.reportMessageId, '<20260710010203.ABC@mx.example.net>');
  assert.equal(report.recipients.length, 2);
  assert.equal(report.recipients[0]!.action, 'failed');
  assert.equal(report.recipients[0]!.status, '5.1.1');
  assert.equal(report.recipients[0]!.finalRecipient, 'nobody@example.net');
  assert.match(report.recipients[0]!.diagnosticCode ?? '', /User unknown/);
  // As the listener reads it: delayed changes nothing, only the failure becomes a receipt.
  const receipts = receiptsOf(postfixBounce, '77');
  assert.equal(receipts.length, 1);
  assert.equal(receipts[0]!.cause, 'hard_bounce');
  assert.equal(receipts[0]!.attemptId, '77');
  assert.equal(receipts[0]!.idempotencyKey, 'mail:42:retry');
  assert.equal(receipts[0]!.occurredAt.toISOString(), '2026-07-10T01:02:01.000Z');
  // The same report twice gives the same receipt id.
  assert.equal(receiptsOf(postfixBounce, '77')[0]!.receiptId, receipts[0]!.receiptId);
});

test('mail that is not a delivery report is not read as one', () => {
  assert.equal(parseDeliveryStatusReport('Subject: Out of office\r\n\r\nAway until Monday.\r\n'), undefined);
  assert.equal(parseDeliveryStatusReport(''), undefined);
  assert.equal(parseDeliveryStatusReport('Content-Type: multipart/report; boundary=x\r\n\r\n--x\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; a\r\n\r\n--x--\r\n'), undefined);
});

test('the reports the relay writes, as the listener reads them: 5.2.2 full, 5.1.x hard, 5.7.x the sender\'s problem, delayed nothing', () => {
  const at = new Date('2026-07-10T00:00:00Z');
  const write = (action: 'delivered' | 'failed' | 'delayed', status: string) =>
    receiptsOf(writeDeliveryStatusReport({ reportingMta: 'r.example', to: 'bounce+1@b.kr', envelopeId: 'k', arrivalDate: at, recipient: { address: 'a@b.kr', action, status }, originalHeaders: 'Message-ID: <m@x>' }), '1');
  assert.equal(write('delivered', '2.0.0')[0]!.status, 'delivered');
  assert.equal(write('failed', '5.2.2')[0]!.cause, 'mailbox_full');
  assert.equal(write('failed', '5.1.1')[0]!.cause, 'hard_bounce');
  assert.equal(write('failed', '5.1.10')[0]!.cause, 'hard_bounce');
  // Before issue 18 every failed 5.x.x was a hard bounce: a policy refusal condemned the address.
  assert.equal(write('failed', '5.7.1')[0]!.cause, 'sender_rejected');
  assert.equal(write('delayed', '4.4.7').length, 0);
});

test('property: what the relay writes, the listener reads back', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 80 }).filter((s) => !/[\r\n]/.test(s)),
      fc.constantFrom('delivered' as const, 'failed' as const, 'delayed' as const),
      fc.tuple(fc.constantFrom(2, 4, 5), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 20 })),
      fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      (envelopeId, action, [a, b, c], arrival) => {
        const arrivalDate = new Date(Math.floor(arrival.getTime() / 1000) * 1000);
        const report = parseDeliveryStatusReport(
          writeDeliveryStatusReport({ reportingMta: 'relay.example', to: 'bounce+x@b.kr', envelopeId, arrivalDate, recipient: { address: 'who@example.kr', action, status: `${a}.${b}.${c}` }, originalHeaders: 'Message-ID: <orig@example.kr>\r\nSubject: s' }),
        );
        assert.ok(report);
        assert.equal(report.envelopeId, envelopeId);
        assert.equal(report.originalMessageId, '<orig@example.kr>');
        assert.equal(report.arrivalDate?.getTime(), arrivalDate.getTime());
        assert.deepEqual(report.recipients.map((r) => [r.action, r.status, r.finalRecipient]), [[action, `${a}.${b}.${c}`, 'who@example.kr']]);
      },
    ),
    { numRuns: 300 },
  );
});

test('property: any input either parses or is declined, never throws', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.string({ maxLength: 400 }).map((s) => `Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n${s}\r\n--b--`)), (input) => {
      const report = parseDeliveryStatusReport(input);
      if (report) assert.ok(report.recipients.length > 0);
    }),
    { numRuns: 500 },
  );
});
