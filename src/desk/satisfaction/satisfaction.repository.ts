import type { Queryable } from '../../platform/db/database.ts';
import { conflict } from '../../platform/errors.ts';
import { findClosedConversation } from '../conversations/conversations.service.ts';
import { satisfactionMessages } from './satisfaction.messages.ts';
import type { SatisfactionInput } from './satisfaction.schema.ts';

// Satisfaction answers (desk_satisfaction), one per conversation; the
// dashboard counts them per district.

/** The resident's answer to "how did we do?", once per conversation, only after it ended. */
export async function recordSatisfaction(q: Queryable, input: SatisfactionInput): Promise<void> {
  const conversation = await findClosedConversation(q, input.resumeToken);
  const { rowCount } = await q.query(
    `INSERT INTO desk_satisfaction (conversation_id, district_code, rating, comment) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [conversation.id, conversation.district_code, input.rating, input.comment || null],
  );
  if (rowCount === 0) throw conflict('satisfaction_answered', satisfactionMessages.both('already_answered'));
}
