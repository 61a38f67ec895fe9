import type { FailureCause } from '../../provider.ts';

// SENS's result codes and what each means for an attempt, as tables: the
// adapters, the poller and the simulator all read them, and the tests check
// every row. Sources and assumptions: docs/providers.md, "Naver Cloud SENS".

/** What one final result does to an attempt. */
export type SensResultOutcome =
  | { status: 'delivered' }
  | { status: 'failed'; cause: FailureCause };

export interface SensCodeRow {
  code: string;
  meaning: string;
  outcome: SensResultOutcome;
}

/**
 * AlimTalk: `messageStatusCode` of a message whose `messageStatusName` is
 * success or fail (Kakao's result codes, relayed by SENS).
 */
export const ALIMTALK_RESULT_CODES: readonly SensCodeRow[] = [
  { code: '0000', meaning: 'delivered to the KakaoTalk user', outcome: { status: 'delivered' } },
  { code: '3008', meaning: 'the phone number is not valid', outcome: { status: 'failed', cause: 'invalid_recipient' } },
  { code: '3013', meaning: 'the message is empty', outcome: { status: 'failed', cause: 'provider_rejected' } },
  { code: '3014', meaning: 'the message is too long', outcome: { status: 'failed', cause: 'provider_rejected' } },
  { code: '3015', meaning: 'no approved template with this code', outcome: { status: 'failed', cause: 'provider_rejected' } },
  { code: '3016', meaning: 'the text does not match the approved template', outcome: { status: 'failed', cause: 'provider_rejected' } },
  { code: '3018', meaning: 'cannot be sent to this user (no KakaoTalk, or messages refused)', outcome: { status: 'failed', cause: 'not_kakao_user' } },
  { code: '3019', meaning: 'the number has no KakaoTalk account', outcome: { status: 'failed', cause: 'not_kakao_user' } },
  { code: '3020', meaning: 'the user blocked AlimTalk from this channel', outcome: { status: 'failed', cause: 'provider_rejected' } },
  { code: '3027', meaning: 'the buttons do not match the approved template', outcome: { status: 'failed', cause: 'provider_rejected' } },
  { code: '4000', meaning: 'no result came back from KakaoTalk', outcome: { status: 'failed', cause: 'no_receipt' } },
  { code: '9998', meaning: 'KakaoTalk system error', outcome: { status: 'failed', cause: 'provider_error' } },
  { code: '9999', meaning: 'KakaoTalk system error', outcome: { status: 'failed', cause: 'provider_error' } },
];

/**
 * SMS/LMS: `statusCode` of a COMPLETED message (the carrier's result).
 * `dead_prefix` is not a code: an unassigned number on 011/016/017/018/019
 * is reported as such (the recipient number comes back with the result).
 */
export const SMS_RESULT_CODES: readonly SensCodeRow[] = [
  { code: '0', meaning: 'delivered to the handset', outcome: { status: 'delivered' } },
  { code: '3001', meaning: 'the number is not in service (unassigned)', outcome: { status: 'failed', cause: 'number_changed' } },
  { code: '3002', meaning: 'the number is not valid', outcome: { status: 'failed', cause: 'invalid_recipient' } },
  { code: '3003', meaning: 'the handset was off or out of coverage until the message expired', outcome: { status: 'failed', cause: 'no_receipt' } },
  { code: '3004', meaning: 'the recipient refuses messages from this sender (spam block)', outcome: { status: 'failed', cause: 'provider_rejected' } },
  { code: '3005', meaning: 'the sender number is not registered', outcome: { status: 'failed', cause: 'provider_rejected' } },
  { code: '3006', meaning: 'carrier system error', outcome: { status: 'failed', cause: 'provider_error' } },
];

/**
 * AlimTalk at send time: `requestStatusCode` per message in the send answer.
 * Only A000 means the message was taken; refusals are permanent unless the
 * row says otherwise.
 */
export const ALIMTALK_REQUEST_CODES: readonly { code: string; meaning: string; accepted: boolean; permanent: boolean; cause: FailureCause }[] = [
  { code: 'A000', meaning: 'taken for sending', accepted: true, permanent: false, cause: 'provider_rejected' },
  { code: 'A001', meaning: 'the phone number is not valid', accepted: false, permanent: true, cause: 'invalid_recipient' },
  { code: 'A002', meaning: 'no approved template with this code', accepted: false, permanent: true, cause: 'provider_rejected' },
  { code: 'A003', meaning: 'the text does not match the approved template', accepted: false, permanent: true, cause: 'provider_rejected' },
  { code: 'A004', meaning: 'temporarily unable to take the message', accepted: false, permanent: false, cause: 'provider_error' },
];

const ALIMTALK_BY_CODE = new Map(ALIMTALK_RESULT_CODES.map((r) => [r.code, r]));
const SMS_BY_CODE = new Map(SMS_RESULT_CODES.map((r) => [r.code, r]));
const REQUEST_BY_CODE = new Map(ALIMTALK_REQUEST_CODES.map((r) => [r.code, r]));

/**
 * A failure for a number on 011/016/017/018/019 is `dead_prefix`, whatever
 * the code: no personal line has been in service on them since 2023-06-30,
 * and the cause tells the office to ask for a new number.
 */
function onDeadPrefix(outcome: SensResultOutcome, to: string): SensResultOutcome {
  return outcome.status === 'failed' && /^01[16789]/.test(to) ? { status: 'failed', cause: 'dead_prefix' } : outcome;
}

/** A final AlimTalk result for the number `to` (domestic digits); an unknown code is a permanent refusal. */
export function alimtalkResultOutcome(code: string, name: string | undefined, to: string): SensResultOutcome {
  const row = ALIMTALK_BY_CODE.get(code);
  return onDeadPrefix(row ? row.outcome : name === 'success' ? { status: 'delivered' } : { status: 'failed', cause: 'provider_rejected' }, to);
}

/** A final SMS result for the number `to` (domestic digits); an unknown code is a permanent refusal. */
export function smsResultOutcome(code: string, name: string | undefined, to: string): SensResultOutcome {
  const row = SMS_BY_CODE.get(code);
  return onDeadPrefix(row ? row.outcome : name === 'success' ? { status: 'delivered' } : { status: 'failed', cause: 'provider_rejected' }, to);
}

export function alimtalkRequestOutcome(code: string): { accepted: true } | { accepted: false; permanent: boolean; cause: FailureCause } {
  const row = REQUEST_BY_CODE.get(code);
  if (row?.accepted) return { accepted: true };
  if (row) return { accepted: false, permanent: row.permanent, cause: row.cause };
  return { accepted: false, permanent: true, cause: 'provider_rejected' };
}
