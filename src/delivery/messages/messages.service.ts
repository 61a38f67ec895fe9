import { AppError } from '../../platform/errors.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { findMessage, type MessageDetail } from './messages.repository.ts';
import { messageMessages } from './messages.messages.ts';

// What the message pages and the messages API both do.

export function messageNotFound(id: number): AppError {
  return new AppError('message_not_found', 404, messageMessages.both('message_not_found', { id }));
}

/** The district's message with its attempts, or 404 (a message of another district is not found). */
export async function messageOr404(q: Queryable, districtCode: string, id: number): Promise<MessageDetail> {
  const message = await findMessage(q, districtCode, id);
  if (!message) throw messageNotFound(id);
  return message;
}
