import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EMAIL_FAILURE_CAUSES } from '../../hygiene/rules/contact-rules.ts';
import { FAILURE_CAUSES } from '../provider.ts';
import { classifyBounce } from './bounce-classifier.ts';
import { outcomeOf, receiptsFromClassification } from './bounce-outcome.ts';
import { BOUNCE_KINDS, BOUNCE_REASONS, HARD_REASONS, SENDER_SIDE_REASONS } from './bounce-rules.ts';

// A classification in the engine's terms: only hard bounces carry a cause
// the contact rules read as "the address is wrong".

const CORPUS = join(import.meta.dirname, 'corpus');
const classify = (file: string) => classifyBounce(readFileSync(join(CORPUS, file)));

test('hard condemns the address (a cause the contact rules read); soft fails the attempt only; delayed and not_a_bounce change nothing', () => {
  for (const kind of BOUNCE_KINDS) {
    for (const reason of BOUNCE_REASONS) {
      for (const status of [null, '5.1.1', '4.4.7']) {
        const outcome = outcomeOf({ kind, reason, status });
        if (outcome.effect !== 'failed') {
          assert.ok(kind === 'delayed' || kind === 'not_a_bounce' || kind === 'delivered', `${kind} ${reason}`);
          continue;
        }
        assert.ok((FAILURE_CAUSES as readonly string[]).includes(outcome.cause));
        const condemnedByRules = (EMAIL_FAILURE_CAUSES as readonly string[]).includes(outcome.cause);
        assert.equal(outcome.condemnsAddress, kind === 'hard', `${kind} ${reason}`);
        assert.equal(condemnedByRules, kind === 'hard', `${kind} ${reason} → ${outcome.cause}`);
        assert.equal(outcome.senderSide, kind === 'soft' && SENDER_SIDE_REASONS.has(reason));
        assert.equal(outcome.detail, `bounce ${reason}${status ? ` ${status}` : ''}`);
      }
    }
  }
  assert.deepEqual(outcomeOf({ kind: 'hard', reason: 'invalid_address', status: '5.1.3' }), { effect: 'failed', cause: 'invalid_recipient', condemnsAddress: true, senderSide: false, detail: 'bounce invalid_address 5.1.3' });
  for (const reason of HARD_REASONS) if (reason !== 'invalid_address') assert.equal((outcomeOf({ kind: 'hard', reason, status: null }) as { cause: string }).cause, 'hard_bounce');
  assert.equal((outcomeOf({ kind: 'soft', reason: 'mailbox_full', status: '5.2.2' }) as { cause: string }).cause, 'mailbox_full');
  assert.equal((outcomeOf({ kind: 'soft', reason: 'expired', status: '4.4.7' }) as { cause: string }).cause, 'provider_error');
  for (const reason of SENDER_SIDE_REASONS) assert.equal((outcomeOf({ kind: 'soft', reason, status: '5.7.1' }) as { cause: string }).cause, 'sender_rejected', reason);
  assert.equal((outcomeOf({ kind: 'soft', reason: 'message_too_big', status: '5.3.4' }) as { cause: string }).cause, 'provider_rejected');
  assert.deepEqual(outcomeOf({ kind: 'delivered', reason: 'delivered', status: '2.0.0' }), { effect: 'delivered' });
  assert.deepEqual(outcomeOf({ kind: 'delivered', reason: 'relayed', status: '2.0.0' }), { effect: 'none', why: 'relayed' });
});

test('receipts: a hard bounce fails the attempt named by the bounce address as hard_bounce; the same report twice gives the same receipt', () => {
  const c = classify('postfix-no-such-user.eml');
  const at = new Date('2026-07-10T00:00:10Z');
  const receipts = receiptsFromClassification('smtp', c, 'a7f3c1', at);
  assert.equal(receipts.length, 1);
  assert.deepEqual({ ...receipts[0], receiptId: undefined }, {
    provider: 'smtp',
    receiptId: undefined,
    providerMessageId: '<ts.4f1c0a9e2b7d@tax.gangnam.example.kr>',
    attemptId: 'a7f3c1',
    idempotencyKey: 'notice:a7f3c1',
    status: 'failed',
    cause: 'hard_bounce',
    detail: 'bounce no_such_user 5.1.1',
    // the report's own time (Last-Attempt-Date, else Arrival-Date, else Date), not the time it was read
    occurredAt: new Date('2026-07-10T00:00:05Z'),
  });
  assert.deepEqual(receiptsFromClassification('smtp', classify('postfix-no-such-user.eml'), 'a7f3c1', at), receipts);
  assert.notEqual(receiptsFromClassification('smtp', c, 'other', at)[0]!.receiptId, receipts[0]!.receiptId);
});

test('receipts: soft bounces fail without condemning; delays, relays, auto-replies and abuse reports give none; success gives delivered', () => {
  const causes = (file: string) => receiptsFromClassification('smtp', classify(file), 'x').map((r) => `${r.status}:${r.cause ?? ''}`);
  assert.deepEqual(causes('postfix-spamhaus.eml'), ['failed:sender_rejected']);
  assert.deepEqual(causes('office365-dmarc-reject.eml'), ['failed:sender_rejected']);
  assert.deepEqual(causes('gmail-over-quota.eml'), ['failed:mailbox_full']);
  assert.deepEqual(causes('postfix-expired.eml'), ['failed:provider_error']);
  assert.deepEqual(causes('postfix-delayed.eml'), []);
  assert.deepEqual(causes('postfix-relayed.eml'), []);
  assert.deepEqual(causes('vacation-gmail.eml'), []);
  assert.deepEqual(causes('arf-abuse-report.eml'), []);
  assert.deepEqual(causes('postfix-delivered.eml'), ['delivered:']);
  assert.deepEqual(causes('rfc3464-two-recipients.eml'), ['delivered:', 'failed:mailbox_full']);
});
