import { postMessage, type DeskDeps } from '../conversations/conversations.service.ts';
import { REFUND_GUIDE_PATH } from '../../guide/refund/refund-guide.page.ts';
import { deskOpenState, outOfHoursMessage } from '../business-hours/business-hours.repository.ts';
import { autoReplyMessages } from './auto-replies.messages.ts';

// Messages the desk itself sends into a conversation: the out-of-hours notice
// when a conversation opens while the desk is closed, and the link to the
// refund application when a resident asks about a refund.

/**
 * Posts the district's out-of-hours message when the desk is closed now.
 * The web widget's socket and the messenger webhook call it right after
 * opening a conversation.
 */
export async function announceIfClosed(deps: DeskDeps, districtCode: string, conversationId: number, locale: 'ko' | 'en'): Promise<boolean> {
  const state = await deskOpenState(deps.db, districtCode, deps.now());
  if (state.open) return false;
  const message = await outOfHoursMessage(deps.db, districtCode);
  await postMessage(deps, {
    conversationId, author: { type: 'system', id: 'desk' }, kind: 'text', body: message[locale],
    payload: { auto: 'out_of_hours', reason: state.reason, offlineForm: '/r/desk/offline' },
  });
  return true;
}

// The refund application lives in the guide domain.
export const REFUND_APPLICATION_PATH = REFUND_GUIDE_PATH;

const REFUND_WORDS = /환급|환불|refund|overpaid|과오납/i;

export function asksAboutRefund(text: string): boolean {
  return REFUND_WORDS.test(text);
}

/** Posts the refund-application link once per conversation when a message asks about a refund. */
export async function refundLinkReply(deps: DeskDeps, conversationId: number, text: string, locale: 'ko' | 'en'): Promise<boolean> {
  if (!asksAboutRefund(text)) return false;
  const { rows } = await deps.db.query(
    `SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND author_type = 'system' AND payload->>'auto' = 'refund_link' LIMIT 1`,
    [conversationId],
  );
  if (rows.length) return false;
  await postMessage(deps, {
    conversationId, author: { type: 'system', id: 'desk' }, kind: 'text', body: autoReplyMessages.t(locale, 'refund_link', { link: REFUND_APPLICATION_PATH }),
    payload: { auto: 'refund_link', link: REFUND_APPLICATION_PATH },
  });
  return true;
}
