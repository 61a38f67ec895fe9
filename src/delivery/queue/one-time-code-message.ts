import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { issueCode, type CodeRequest } from '../../platform/one-time-codes.ts';
import { enqueueMessages } from './queue.ts';

/**
 * A one-time code (platform/one-time-codes.ts) sent to the contact it
 * confirms, through the delivery engine (topic one_time_code: a text
 * message to a mobile, an e-mail to an address), in the caller's
 * transaction: the code and its message are stored together. Every form
 * that confirms a contact sends its code this way.
 */
export async function sendOneTimeCode(
  tx: Queryable,
  cipher: PersonalDataCipher,
  request: CodeRequest & { taxpayerId?: number | null },
): Promise<{ id: number; messageId: number | null }> {
  return issueCode(tx, cipher, request, async (code) => {
    const [id] = await enqueueMessages(tx, cipher, [{
      districtCode: request.districtCode,
      kind: 'one_time_code',
      topic: 'one_time_code',
      taxpayerId: request.taxpayerId ?? null,
      plan: request.field === 'mobile' ? ['sms'] : ['email'],
      recipient: request.field === 'mobile' ? { phone: request.value } : { email: request.value },
      variables: { code },
    }]);
    return id ?? null;
  });
}
