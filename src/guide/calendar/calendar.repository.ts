import type { Queryable } from '../../platform/db/database.ts';
import type { CalendarItem } from './calendar.schedule.ts';

// The guide's calendar tables (migration 0021): the schedule's items, the
// residents' reminder subscriptions and the reminders sent.

type ItemRow = {
  code: string; month: number | null; opens_day: number | null; due_day: number;
  title_ko: string; title_en: string; detail_ko: string; detail_en: string;
};

const itemFrom = (r: ItemRow): CalendarItem => ({
  code: r.code,
  month: r.month,
  opensDay: r.opens_day,
  dueDay: r.due_day,
  title: { ko: r.title_ko, en: r.title_en },
  detail: { ko: r.detail_ko, en: r.detail_en },
});

/** The district's schedule: its own rows when it has any, else the national schedule. */
export async function calendarItems(q: Queryable, districtCode: string): Promise<CalendarItem[]> {
  const { rows } = await q.query<ItemRow>(
    `SELECT code, month, opens_day, due_day, title_ko, title_en, detail_ko, detail_en
       FROM guide_calendar_items
      WHERE district_code = $1
         OR (district_code IS NULL AND NOT EXISTS (SELECT 1 FROM guide_calendar_items own WHERE own.district_code = $1))
      ORDER BY coalesce(month, 0), due_day, code`,
    [districtCode],
  );
  return rows.map(itemFrom);
}

/** Gives the district rows of its own, copied from the national schedule, unless it has some already. */
export async function ownCalendarItems(q: Queryable, districtCode: string): Promise<void> {
  await q.query(
    `INSERT INTO guide_calendar_items (district_code, code, month, opens_day, due_day, title_ko, title_en, detail_ko, detail_en)
     SELECT $1, code, month, opens_day, due_day, title_ko, title_en, detail_ko, detail_en
       FROM guide_calendar_items
      WHERE district_code IS NULL
        AND NOT EXISTS (SELECT 1 FROM guide_calendar_items own WHERE own.district_code = $1)
     -- two officials' first changes at once: the second waits for the first and copies nothing
     ON CONFLICT DO NOTHING`,
    [districtCode],
  );
}

/** Adds the item to the district's own rows, or replaces the one with its code. */
export async function saveCalendarItem(q: Queryable, districtCode: string, item: CalendarItem): Promise<void> {
  await q.query(
    `INSERT INTO guide_calendar_items (district_code, code, month, opens_day, due_day, title_ko, title_en, detail_ko, detail_en)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (district_code, code) DO UPDATE
        SET month = EXCLUDED.month, opens_day = EXCLUDED.opens_day, due_day = EXCLUDED.due_day,
            title_ko = EXCLUDED.title_ko, title_en = EXCLUDED.title_en, detail_ko = EXCLUDED.detail_ko, detail_en = EXCLUDED.detail_en`,
    [districtCode, item.code, item.month, item.opensDay, item.dueDay, item.title.ko, item.title.en, item.detail.ko, item.detail.en],
  );
}

/** Removes one of the district's own items; false when it had none with the code. */
export async function deleteCalendarItem(q: Queryable, districtCode: string, code: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM guide_calendar_items WHERE district_code = $1 AND code = $2', [districtCode, code]);
  return rowCount > 0;
}

// ------------------------------------------------------------ subscriptions

export interface NewSubscription {
  districtCode: string;
  contactField: 'mobile' | 'email';
  contactSealed: Buffer;
  contactHash: Buffer;
  itemCodes: string[];
  daysBefore: number;
  locale: 'ko' | 'en';
  unsubscribeSealed: Buffer;
  unsubscribeHash: Buffer;
}

/** Ends the contact's live subscription in the district (if any) and starts this one; returns its id. */
export async function replaceSubscription(q: Queryable, s: NewSubscription): Promise<number> {
  await q.query(
    'UPDATE guide_calendar_subscriptions SET ended_at = now() WHERE district_code = $1 AND contact_hash = $2 AND ended_at IS NULL',
    [s.districtCode, s.contactHash],
  );
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO guide_calendar_subscriptions (district_code, contact_field, contact_sealed, contact_hash, item_codes, days_before, locale, unsubscribe_sealed, unsubscribe_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [s.districtCode, s.contactField, s.contactSealed, s.contactHash, s.itemCodes, s.daysBefore, s.locale, s.unsubscribeSealed, s.unsubscribeHash],
  );
  return Number(rows[0]!.id);
}

export interface SubscriptionRow {
  id: number;
  districtCode: string;
  contactField: 'mobile' | 'email';
  contactSealed: Buffer;
  itemCodes: string[];
  daysBefore: number;
  locale: 'ko' | 'en';
  unsubscribeSealed: Buffer;
  endedAt: Date | null;
}

type SubscriptionDbRow = {
  id: string; district_code: string; contact_field: 'mobile' | 'email'; contact_sealed: Uint8Array;
  item_codes: string[]; days_before: number; locale: 'ko' | 'en'; unsubscribe_sealed: Uint8Array; ended_at: Date | null;
};

const subscriptionFrom = (r: SubscriptionDbRow): SubscriptionRow => ({
  id: Number(r.id), districtCode: r.district_code, contactField: r.contact_field, contactSealed: Buffer.from(r.contact_sealed),
  itemCodes: r.item_codes, daysBefore: r.days_before, locale: r.locale, unsubscribeSealed: Buffer.from(r.unsubscribe_sealed), endedAt: r.ended_at,
});

const SUBSCRIPTION_COLUMNS = 'id, district_code, contact_field, contact_sealed, item_codes, days_before, locale, unsubscribe_sealed, ended_at';

export async function subscriptionByUnsubscribeHash(q: Queryable, hash: Buffer): Promise<SubscriptionRow | null> {
  const { rows } = await q.query<SubscriptionDbRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM guide_calendar_subscriptions WHERE unsubscribe_hash = $1`, [hash]);
  return rows[0] ? subscriptionFrom(rows[0]) : null;
}

/** Ends a subscription; false when it had ended already. */
export async function endSubscription(q: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE guide_calendar_subscriptions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL', [id]);
  return rowCount > 0;
}

/** Live subscriptions after `afterId`, in id order (the reminder sweep walks them in pages). */
export async function liveSubscriptions(q: Queryable, afterId: number, limit: number): Promise<SubscriptionRow[]> {
  const { rows } = await q.query<SubscriptionDbRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM guide_calendar_subscriptions WHERE ended_at IS NULL AND id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  return rows.map(subscriptionFrom);
}

/** Claims one reminder (subscription, item, due date); false when it was sent already, by this process or another. */
export async function claimReminder(q: Queryable, subscriptionId: number, itemCode: string, dueDate: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO guide_calendar_reminders (subscription_id, item_code, due_date) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [subscriptionId, itemCode, dueDate],
  );
  return rowCount > 0;
}

export async function noteReminderMessage(q: Queryable, subscriptionId: number, itemCode: string, dueDate: string, messageId: number | null): Promise<void> {
  await q.query('UPDATE guide_calendar_reminders SET message_id = $4 WHERE subscription_id = $1 AND item_code = $2 AND due_date = $3', [subscriptionId, itemCode, dueDate, messageId]);
}

/** Whether the district has a schedule of its own (else residents see the national one). */
export async function hasOwnItems(q: Queryable, districtCode: string): Promise<boolean> {
  const { rowCount } = await q.query('SELECT 1 FROM guide_calendar_items WHERE district_code = $1 LIMIT 1', [districtCode]);
  return rowCount > 0;
}
