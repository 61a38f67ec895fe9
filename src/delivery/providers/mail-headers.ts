import type { EmailClass } from '../provider.ts';

// The headers of an outgoing e-mail that depend on what it is (issue 18,
// Deliver 4). Every e-mail tells auto-responders not to answer
// (Auto-Submitted, RFC 3834; X-Auto-Response-Suppress, Microsoft Exchange
// and Outlook); only mail that is neither a legal notice nor one person's own
// business carries List-Unsubscribe (RFC 2369) and Precedence: bulk. A legal
// notice never does: it is served by law, not subscribed to, and a mail
// program's "unsubscribe" button must not suggest otherwise.

/** Topics that answer one person's own request or tell them about their own account. */
const TRANSACTIONAL_TOPICS: ReadonlySet<string> = new Set([
  'one_time_code',
  'update_link',
  'staff_setup_link',
  'contact_changed',
  'desk_reply',
  'desk_transcript',
  'enrolment_withdrawn',
  'consultation_booked',
  'consultation_moved',
  'consultation_cancelled',
  'consultation_reminder',
  'consultation_blocked',
  'consultation_slot_offered',
  'consultation_in_person_booked',
  'consultation_in_person_moved',
  'consultation_in_person_reminder',
  'consultation_in_person_slot_offered',
  'session_registered',
  'session_cancelled',
  'lecture_board_answered',
  'guide_refund_status',
]);

/**
 * The class of a message (its `messages` row): legal notices (a notice or an
 * arrears notice with `legal`) are `legal`; one-time codes and the topics
 * above are `transactional`; reminders, campaigns and other non-legal mail
 * sent to many are `bulk`.
 */
export function emailClassOf(message: { kind: string; legal: boolean; topic: string | null }): EmailClass {
  if (message.legal) return 'legal';
  if (message.kind === 'one_time_code' || (message.topic !== null && TRANSACTIONAL_TOPICS.has(message.topic))) return 'transactional';
  return 'bulk';
}

/** `mailto:` or `https:` only, as RFC 2369 and mail programs expect. */
export function isListUnsubscribeUri(uri: string): boolean {
  return /^(?:mailto:[^\s<>@]+@[^\s<>]+|https:\/\/[^\s<>]+)$/i.test(uri);
}

/** The From header's address: `"강남구청" <notice@x.kr>` → `notice@x.kr`. */
export function addressOfFrom(from: string): string | undefined {
  return /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from)?.[1] ?? (/^\s*([^\s<>"]+@[^\s<>"]+)\s*$/.exec(from)?.[1]);
}

/**
 * The List-Unsubscribe target: the configured one, else a mail to the From
 * address with the subject "unsubscribe" (read by the office, which takes
 * the person off reminders and campaigns by hand).
 */
export function listUnsubscribeFor(configured: string | undefined, from: string): string | undefined {
  if (configured) return configured;
  const address = addressOfFrom(from);
  return address ? `mailto:${address}?subject=unsubscribe` : undefined;
}

export function mailHeaders(emailClass: EmailClass, listUnsubscribe: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
  };
  if (emailClass === 'bulk') {
    headers.Precedence = 'bulk';
    if (listUnsubscribe) headers['List-Unsubscribe'] = `<${listUnsubscribe}>`;
  }
  return headers;
}
