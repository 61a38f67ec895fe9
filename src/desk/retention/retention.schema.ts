import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { deskHoursMessages } from '../business-hours/desk-hours.messages.ts';

// Bounds and defaults of the desk's retention periods, as the database's
// CHECKs have them (migration 0029, desk_retention_settings).

export const DESK_RETENTION_DAYS_MIN = 30;
export const DESK_RETENTION_DAYS_MAX = 3650;

export interface DeskRetention {
  /** Days after a conversation's close that what was written in it is kept. */
  chatDays: number;
  /** Days after a conversation's close that its attachments are kept. */
  attachmentDays: number;
  /** Days after an offline message was answered (unanswered: left) that its contents are kept. */
  offlineDays: number;
}

export const DESK_RETENTION_DEFAULTS: DeskRetention = { chatDays: 180, attachmentDays: 180, offlineDays: 180 };

const days = z.coerce.number().int().min(DESK_RETENTION_DAYS_MIN).max(DESK_RETENTION_DAYS_MAX);

export const deskRetentionSchema = withLabels(z.object({ chatDays: days, attachmentDays: days, offlineDays: days }), {
  chatDays: deskHoursMessages.both('retention_chat'), attachmentDays: deskHoursMessages.both('retention_attachments'), offlineDays: deskHoursMessages.both('retention_offline'),
});
