import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { deliveryMessages } from '../delivery.messages.ts';

// Bounds and defaults of delivery's retention period, as the database's
// CHECK has them (migration 0029).

export const RETENTION_DAYS_MIN = 30;
export const RETENTION_DAYS_MAX = 3650;

export interface DeliveryRetention {
  /** Days after a message's final state that its contents are kept. */
  contentsDays: number;
}

export const DELIVERY_RETENTION_DEFAULTS: DeliveryRetention = { contentsDays: 365 };

export const retentionDaysSchema = z.coerce.number().int().min(RETENTION_DAYS_MIN).max(RETENTION_DAYS_MAX);

export const deliveryRetentionSchema = withLabels(z.object({ contentsDays: retentionDaysSchema }), { contentsDays: deliveryMessages.both('label_contents_days') });
