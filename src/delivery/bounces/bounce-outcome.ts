import { createHash } from 'node:crypto';
import type { FailureCause, Receipt } from '../provider.ts';
import type { BounceClassification, RecipientVerdict } from './bounce-classifier.ts';
import { SENDER_SIDE_REASONS, type BounceReason } from './bounce-rules.ts';

// A classification in the delivery engine's terms, ready for the bounce
// listener (issue 18, Deliver 2), which applies it:
//
//   hard       → the attempt failed and the address is dead: cause
//                `hard_bounce` (no such user, unknown domain, disabled
//                mailbox) or `invalid_recipient` (malformed address). These
//                two are the e-mail causes the contact rules read
//                (EMAIL_FAILURE_CAUSES in hygiene/rules/contact-rules.ts):
//                only they condemn the contact.
//   soft       → the attempt failed (the notice moves to its next channel)
//                but the address is not condemned: `mailbox_full`;
//                `provider_error` when the relay gave up after retries
//                (expired, network, system); `sender_rejected` for the
//                refusals that are the district's problem (spam, block
//                list, SPF/DKIM/DMARC, policy: `senderSide`, counted for the
//                console's warning, Deliver 3); `provider_rejected` for every
//                other refusal (size, unknown).
//   delayed    → nothing: the relay keeps trying; its final report decides.
//   delivered  → the attempt is delivered (Action: delivered). `relayed`
//                and `expanded` reports are not proof of delivery to a
//                mailbox: nothing, as before.
//   not_a_bounce → nothing; the listener keeps the message for inspection.

export type BounceOutcome =
  | { effect: 'none'; why: 'delayed' | 'relayed' | 'expanded' | 'not_a_bounce' }
  | { effect: 'delivered' }
  | { effect: 'failed'; cause: FailureCause; condemnsAddress: boolean; senderSide: boolean; detail: string };

const RETRIES_EXHAUSTED: ReadonlySet<BounceReason> = new Set(['expired', 'network_error', 'system_error']);

/** One verdict (or the classification's primary verdict) in the engine's terms. */
export function outcomeOf(verdict: Pick<RecipientVerdict, 'reason' | 'status'> & { kind: BounceClassification['kind'] }): BounceOutcome {
  const detail = `bounce ${verdict.reason}${verdict.status ? ` ${verdict.status}` : ''}`;
  switch (verdict.kind) {
    case 'not_a_bounce':
      return { effect: 'none', why: 'not_a_bounce' };
    case 'delayed':
      return { effect: 'none', why: 'delayed' };
    case 'delivered':
      return verdict.reason === 'relayed' || verdict.reason === 'expanded' ? { effect: 'none', why: verdict.reason } : { effect: 'delivered' };
    case 'hard':
      return { effect: 'failed', cause: verdict.reason === 'invalid_address' ? 'invalid_recipient' : 'hard_bounce', condemnsAddress: true, senderSide: false, detail };
    case 'soft': {
      const senderSide = SENDER_SIDE_REASONS.has(verdict.reason);
      const cause: FailureCause =
        verdict.reason === 'mailbox_full' ? 'mailbox_full' : senderSide ? 'sender_rejected' : RETRIES_EXHAUSTED.has(verdict.reason) ? 'provider_error' : 'provider_rejected';
      return { effect: 'failed', cause, condemnsAddress: false, senderSide, detail };
    }
  }
}

/**
 * The receipts one classified message yields for the attempt its bounce
 * address names, one per recipient verdict that changes something. The same
 * report delivered twice yields the same receipt ids, so storing it twice
 * changes nothing.
 */
export function receiptsFromClassification(provider: string, classification: BounceClassification, attemptId: string | undefined, receivedAt = new Date()): Receipt[] {
  const receipts: Receipt[] = [];
  classification.recipients.forEach((verdict, index) => {
    const outcome = outcomeOf(verdict);
    if (outcome.effect === 'none') return;
    const receiptId = createHash('sha256')
      .update([classification.reportMessageId ?? '', classification.envelopeId ?? '', attemptId ?? '', String(index), verdict.kind, verdict.reason, verdict.status ?? ''].join('|'))
      .digest('hex')
      .slice(0, 40);
    receipts.push({
      provider,
      receiptId: `bounce.${receiptId}`,
      ...(classification.originalMessageId ? { providerMessageId: classification.originalMessageId } : {}),
      ...(attemptId ? { attemptId } : {}),
      ...(classification.envelopeId ? { idempotencyKey: classification.envelopeId } : {}),
      status: outcome.effect === 'delivered' ? 'delivered' : 'failed',
      ...(outcome.effect === 'failed' ? { cause: outcome.cause, detail: outcome.detail } : {}),
      occurredAt: classification.occurredAt ?? receivedAt,
    });
  });
  return receipts;
}
