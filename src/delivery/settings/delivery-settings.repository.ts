import type { Queryable } from '../../platform/db/database.ts';

// A district's delivery settings (delivery_settings, delivery's own table):
// the channels and their order, quiet hours, the SMS caller number and the
// e-mail sender, postage, the receipt deadline and the reminder's day. The
// engine reads them where it uses them: channel order at issuance (SQL,
// channel-plan.sql.ts), the sender in the claim's statement (outbound.ts),
// the receipt deadline at acceptance, postage in the paper batch, and quiet
// hours through delivery-settings.cache.ts. A district without a row has
// the defaults; a NULL quiet_hours / sender means the installation's own
// (TAXSTATION_QUIET_HOURS, the provider's configured sender).

export interface DeliverySettings {
  channelOrder: string[];
  /** 'HH:MM-HH:MM' or 'off'; null: the installation's default (TAXSTATION_QUIET_HOURS). */
  quietHours: string | null;
  /** Digits only; null: each SMS provider's configured number. */
  smsSender: string | null;
  emailFromName: string | null;
  emailFromAddress: string | null;
  postagePerPageKrw: number;
  /** null when the district has no row: the installation's TAXSTATION_RECEIPT_TIMEOUT_SECONDS. */
  receiptTimeoutSeconds: number | null;
  reminderDaysBeforeDue: number;
}

export const DEFAULT_CHANNEL_ORDER = ['kakao', 'sms', 'email'] as const;
export const DEFAULT_POSTAGE_PER_PAGE_KRW = 540;
export const DEFAULT_REMINDER_DAYS = 5;

type Row = {
  channel_order: string[];
  quiet_hours: string | null;
  sms_sender: string | null;
  email_from_name: string | null;
  email_from_address: string | null;
  postage_per_page_krw: number;
  receipt_timeout_seconds: number;
  reminder_days_before_due: number;
};

const COLUMNS = 'channel_order, quiet_hours, sms_sender, email_from_name, email_from_address, postage_per_page_krw, receipt_timeout_seconds, reminder_days_before_due';

function fromRow(r: Row | undefined): DeliverySettings {
  if (!r) {
    return {
      channelOrder: [...DEFAULT_CHANNEL_ORDER], quietHours: null, smsSender: null, emailFromName: null, emailFromAddress: null,
      postagePerPageKrw: DEFAULT_POSTAGE_PER_PAGE_KRW, receiptTimeoutSeconds: null, reminderDaysBeforeDue: DEFAULT_REMINDER_DAYS,
    };
  }
  return {
    channelOrder: r.channel_order, quietHours: r.quiet_hours, smsSender: r.sms_sender, emailFromName: r.email_from_name, emailFromAddress: r.email_from_address,
    postagePerPageKrw: Number(r.postage_per_page_krw), receiptTimeoutSeconds: Number(r.receipt_timeout_seconds), reminderDaysBeforeDue: Number(r.reminder_days_before_due),
  };
}

export async function deliverySettingsOf(q: Queryable, districtCode: string): Promise<DeliverySettings> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM delivery_settings WHERE district_code = $1`, [districtCode]);
  return fromRow(rows[0]);
}

/** The same, the row locked for a change (inside the change's transaction). */
export async function lockDeliverySettings(q: Queryable, districtCode: string): Promise<DeliverySettings> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM delivery_settings WHERE district_code = $1 FOR UPDATE`, [districtCode]);
  return fromRow(rows[0]);
}

/**
 * Writes the settings the console's form holds; the row is made when the
 * district has none. Columns other domains' features add to the table
 * (retention) are left as they are.
 */
export async function saveDeliverySettings(q: Queryable, districtCode: string, s: DeliverySettings & { receiptTimeoutSeconds: number }): Promise<void> {
  await q.query(
    `INSERT INTO delivery_settings (district_code, ${COLUMNS}, updated_at)
     VALUES ($1, $2::text[], $3, $4, $5, $6, $7, $8, $9, now())
     ON CONFLICT (district_code) DO UPDATE
        SET channel_order = EXCLUDED.channel_order, quiet_hours = EXCLUDED.quiet_hours, sms_sender = EXCLUDED.sms_sender,
            email_from_name = EXCLUDED.email_from_name, email_from_address = EXCLUDED.email_from_address,
            postage_per_page_krw = EXCLUDED.postage_per_page_krw, receipt_timeout_seconds = EXCLUDED.receipt_timeout_seconds,
            reminder_days_before_due = EXCLUDED.reminder_days_before_due, updated_at = now()`,
    [districtCode, s.channelOrder, s.quietHours, s.smsSender, s.emailFromName, s.emailFromAddress, s.postagePerPageKrw, s.receiptTimeoutSeconds, s.reminderDaysBeforeDue],
  );
}

/** The districts whose quiet hours are their own (not the installation's default): the dispatch engine's cache reads this. */
export async function quietHoursOverrides(q: Queryable): Promise<Map<string, string>> {
  const { rows } = await q.query<{ district_code: string; quiet_hours: string }>(
    'SELECT district_code, quiet_hours FROM delivery_settings WHERE quiet_hours IS NOT NULL',
  );
  return new Map(rows.map((r) => [r.district_code, r.quiet_hours]));
}

/** The district's own quiet hours, null when it uses the installation's default. */
export async function quietHoursOf(q: Queryable, districtCode: string): Promise<string | null> {
  const { rows } = await q.query<{ quiet_hours: string | null }>('SELECT quiet_hours FROM delivery_settings WHERE district_code = $1', [districtCode]);
  return rows[0]?.quiet_hours ?? null;
}
