import type { Queryable } from '../../platform/db/database.ts';
import { DELIVERY_RETENTION_DEFAULTS, type DeliveryRetention } from './retention.schema.ts';

// A district's retention period for delivery contents
// (delivery_settings.retention_contents_days): how many days after a
// message's final state its contents (sealed variables and recipient, the
// attempts' failure details, the receipts' details) are kept.

/** The district's period; the default when it has set none. */
export async function getRetentionForDelivery(q: Queryable, districtCode: string): Promise<DeliveryRetention> {
  const { rows } = await q.query<{ days: number }>('SELECT retention_contents_days AS days FROM delivery_settings WHERE district_code = $1', [districtCode]);
  return rows[0] ? { contentsDays: Number(rows[0].days) } : { ...DELIVERY_RETENTION_DEFAULTS };
}

/**
 * Sets the district's period (validate with deliveryRetentionSchema first; the
 * database refuses a value out of bounds). Returns the period it replaced, so
 * the caller can audit old and new in the same transaction.
 */
export async function setRetentionForDelivery(q: Queryable, districtCode: string, retention: DeliveryRetention): Promise<DeliveryRetention> {
  const before = await getRetentionForDelivery(q, districtCode);
  await q.query(
    `INSERT INTO delivery_settings (district_code, retention_contents_days) VALUES ($1, $2)
     ON CONFLICT (district_code) DO UPDATE SET retention_contents_days = EXCLUDED.retention_contents_days, updated_at = now()`,
    [districtCode, retention.contentsDays],
  );
  return before;
}
