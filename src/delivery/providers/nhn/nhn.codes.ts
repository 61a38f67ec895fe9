import type { FailureCause } from '../../provider.ts';

// NHN Cloud's codes and what our engine makes of them. One table per kind of
// code; each row is tested (nhn.codes.test.ts). Rows marked "assumed" in
// docs/providers.md are our reading where the reference gives no number.

/** A final result read from a result query. */
export type NhnFinal = { status: 'delivered' } | { status: 'failed'; cause: FailureCause };

/**
 * AlimTalk result codes (Kakao's, passed through by the service) in a
 * message's result (`resultCode` of a COMPLETED or FAILED message).
 */
export const ALIMTALK_RESULT_CODES: Record<string, { meaning: string; final: NhnFinal }> = {
  '1000': { meaning: 'delivered', final: { status: 'delivered' } },
  '3018': { meaning: 'cannot be sent to this person: no KakaoTalk, AlimTalk blocked or not reachable', final: { status: 'failed', cause: 'not_kakao_user' } },
  '3008': { meaning: 'the phone number is not valid', final: { status: 'failed', cause: 'invalid_recipient' } },
  '3015': { meaning: 'no template with this code', final: { status: 'failed', cause: 'provider_rejected' } },
  '3016': { meaning: 'the text does not match the approved template', final: { status: 'failed', cause: 'provider_rejected' } },
  '3014': { meaning: 'the text is too long', final: { status: 'failed', cause: 'provider_rejected' } },
  '3005': { meaning: 'sent, but no acknowledgement from the handset', final: { status: 'failed', cause: 'no_receipt' } },
  '3006': { meaning: 'KakaoTalk failed to send it (system)', final: { status: 'failed', cause: 'provider_error' } },
  '1003': { meaning: 'the sender key is not valid', final: { status: 'failed', cause: 'provider_rejected' } },
  '1006': { meaning: 'the KakaoTalk channel (sender) was deleted', final: { status: 'failed', cause: 'provider_rejected' } },
  '1007': { meaning: 'the KakaoTalk channel (sender) is suspended', final: { status: 'failed', cause: 'provider_rejected' } },
};

/** SMS/LMS delivery result codes of a failed message (`msgStatus` 0), as the carriers report them. */
export const SMS_RESULT_CODES: Record<string, { meaning: string; final: NhnFinal }> = {
  '1000': { meaning: 'delivered', final: { status: 'delivered' } },
  '3001': { meaning: 'the number is not in service', final: { status: 'failed', cause: 'number_changed' } },
  '3002': { meaning: 'the number is not valid', final: { status: 'failed', cause: 'invalid_recipient' } },
  '3003': { meaning: 'the handset could not be reached (off, out of coverage) until the carrier gave up', final: { status: 'failed', cause: 'provider_error' } },
  '3004': { meaning: 'the recipient blocks this sender', final: { status: 'failed', cause: 'provider_rejected' } },
  '3005': { meaning: 'carrier error', final: { status: 'failed', cause: 'provider_error' } },
};

/** National prefixes with no line in service since 2023-06-30: a number "not in service" there is a dead prefix. */
const DEAD_PREFIX = /^01[16789]/;

/**
 * What an AlimTalk result means for us: a final result, or null while the
 * service is still working on it (READY, IN_PROGRESS).
 */
export function alimtalkFinal(messageStatus: string, resultCode: string | null | undefined): NhnFinal | null {
  if (messageStatus === 'COMPLETED' && (resultCode === '1000' || !resultCode)) return { status: 'delivered' };
  if (messageStatus === 'CANCEL') return { status: 'failed', cause: 'provider_rejected' };
  if (messageStatus === 'COMPLETED' || messageStatus === 'FAILED') {
    const row = resultCode ? ALIMTALK_RESULT_CODES[resultCode] : undefined;
    if (row) return row.final.status === 'delivered' && messageStatus === 'FAILED' ? { status: 'failed', cause: 'provider_rejected' } : row.final;
    return { status: 'failed', cause: 'provider_rejected' };
  }
  return null;
}

/**
 * What an SMS/LMS result means for us (`msgStatus` 0 failed, 1 requesting,
 * 2 processing, 3 delivered, 4 cancelled, 5 refused as a duplicate), or null
 * while in progress. `recipientNo` tells a dead prefix from a changed number.
 */
export function smsFinal(msgStatus: string, resultCode: string | null | undefined, recipientNo: string): NhnFinal | null {
  if (msgStatus === '3') return { status: 'delivered' };
  if (msgStatus === '1' || msgStatus === '2') return null;
  if (msgStatus === '0') {
    const row = resultCode ? SMS_RESULT_CODES[resultCode] : undefined;
    if (!row || row.final.status === 'delivered') return { status: 'failed', cause: 'provider_rejected' };
    if (row.final.cause === 'number_changed' && DEAD_PREFIX.test(recipientNo)) return { status: 'failed', cause: 'dead_prefix' };
    return row.final;
  }
  return { status: 'failed', cause: 'provider_rejected' };
}

/** A recipient's code in a send answer: 0 is accepted; the rest refuse that recipient. */
export const SEND_RESULT_CODES: Record<number, { meaning: string; permanent: boolean; cause: FailureCause }> = {
  [-2019]: { meaning: 'the recipient number is not valid', permanent: true, cause: 'invalid_recipient' },
  [-2018]: { meaning: 'no recipient number', permanent: true, cause: 'no_contact' },
  [-2020]: { meaning: 'the text is over its byte limit (SMS 90, LMS 2,000)', permanent: true, cause: 'provider_rejected' },
  [-3015]: { meaning: 'no approved AlimTalk template with this code', permanent: true, cause: 'provider_rejected' },
  [-3016]: { meaning: 'the text does not match the approved template', permanent: true, cause: 'provider_rejected' },
  [-9999]: { meaning: 'system error at the service', permanent: false, cause: 'provider_error' },
};

export function sendRefusal(code: number): { permanent: boolean; cause: FailureCause } {
  const row = SEND_RESULT_CODES[code];
  return row ? { permanent: row.permanent, cause: row.cause } : { permanent: true, cause: 'provider_rejected' };
}

/**
 * A header's `resultCode` when `isSuccessful` is false: the whole call
 * failed. `transient` calls are retried; the others need the district to
 * fix something, said in `advice`.
 */
export const HEADER_CODES: Record<number, { transient: boolean; advice: string }> = {
  [-1000]: { transient: false, advice: 'the app key is not valid: copy it again from the console (URL & Appkey)' },
  [-1001]: { transient: false, advice: 'no service with this app key: is the product enabled in this project?' },
  [-1002]: { transient: false, advice: 'the app key was terminated: enable the product again or use the new key' },
  [-1003]: { transient: false, advice: 'the key does not belong to a member of this project' },
  [-1004]: { transient: false, advice: "this server's IP address is not allowed: add it in the console's IP restrictions" },
  [-1007]: { transient: false, advice: 'the member type is not valid for this API' },
  [-1008]: { transient: false, advice: 'the project is blocked: contact NHN Cloud' },
  [-1009]: { transient: false, advice: 'the secret key is wrong: copy it again from the console (URL & Appkey)' },
  [-1010]: { transient: false, advice: 'the secret key has expired: issue a new one in the console and update secretKey' },
  [-8011]: { transient: false, advice: 'the calling number (sendNo) is not registered: register it in the console (Calling Number Registration)' },
  [-9997]: { transient: false, advice: 'the service could not read our request (a defect: report it)' },
  [-2016]: { transient: false, advice: 'more than 1,000 recipients in one request (maxBatchSize must be at most 1000)' },
  [-9999]: { transient: true, advice: 'system error at the service' },
};

export function headerFailure(code: number): { transient: boolean; advice: string } {
  return HEADER_CODES[code] ?? { transient: false, advice: `the service refused the request (code ${code})` };
}
