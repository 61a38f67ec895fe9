import type { Queryable } from '../../platform/db/database.ts';
import { SealedValueUnreadable, type PersonalDataCipher } from '../../platform/crypto.ts';
import type { ElectronicChannel, FailureCause, OutboundMessage, Recipient, Sender } from '../provider.ts';

// Turns ready attempts into provider messages: claims them and loads what the
// message is about, decrypts the one contact the channel needs, and renders
// the content.

export interface SendingRow {
  attempt_id: number;
  message_id: number;
  channel: ElectronicChannel;
  idempotency_key: string;
  /** Tries so far, this one included. */
  tries: number;
  kind: string;
  legal: boolean;
  topic: string | null;
  /** Encrypted JSON Recipient overriding the taxpayer's contacts. */
  recipient_enc: Buffer | null;
  /** Encrypted JSON of the topic's variables. */
  variables_enc: Buffer | null;
  district_code: string;
  district_name_ko: string;
  district_name_en: string;
  taxpayer_name: string | null;
  /** The taxpayer's contacts, encrypted: only the one the channel uses is loaded, the others are null. */
  identity_key_enc: Buffer | null;
  mobile_enc: Buffer | null;
  email_enc: Buffer | null;
  postal_code: string | null;
  address: string | null;
  notice_no: string | null;
  tax_item: string | null;
  tax_year: number | null;
  period: number | null;
  /** For an arrears notice: the unpaid amount and the arrears due date. */
  amount: number | null;
  due_date: string | null;
  additional_dues: number | null;
  effective_due_date: string | null;
  payment_account: string | null;
  /** The district's sender (delivery_settings), read at claim time; null: the provider's own. Only a claim loads them. */
  sms_sender?: string | null;
  email_from_name?: string | null;
  email_from_address?: string | null;
}

/** Which districts' attempts a claim may take (quiet hours hold the others): only these, or all but these. */
export type DistrictFilter = { only: readonly string[] } | { except: readonly string[] };

/** The condition a filter adds on delivery_attempts' district_code, its array as parameter $n. */
export function districtCondition(filter: DistrictFilter | undefined, n: number): { sql: string; params: string[][] } {
  if (!filter) return { sql: '', params: [] };
  return 'only' in filter
    ? { sql: ` AND district_code = ANY($${n}::text[])`, params: [[...filter.only]] }
    : { sql: ` AND district_code <> ALL($${n}::text[])`, params: [[...filter.except]] };
}

/**
 * What an attempt `a` is about, for the renderer: its message, district,
 * taxpayer (name and address, never a contact), notice and arrears. Shared by
 * claiming, the console's message page and the demo's phone.
 */
export const MESSAGE_CONTENT_COLUMNS = `m.kind, m.legal, m.topic, m.recipient_enc, m.variables_enc, m.district_code,
              d.name_ko AS district_name_ko, d.name_en AS district_name_en, t.name AS taxpayer_name, t.postal_code, t.address,
              n.notice_no, n.tax_item, n.tax_year, n.period, coalesce(ar.unpaid_amount, n.amount) AS amount,
              coalesce(ar.due_date, n.due_date) AS due_date, ar.additional_dues, m.effective_due_date, n.payment_account`;
export const MESSAGE_CONTENT_JOINS = `JOIN messages m ON m.id = a.message_id
         JOIN districts d ON d.code = m.district_code
         LEFT JOIN taxpayers t ON t.id = m.taxpayer_id
         LEFT JOIN notices n ON n.id = m.notice_id
         LEFT JOIN arrears ar ON ar.id = m.arrears_id`;

/**
 * Claims up to `limit` ready attempts of a channel for one provider (FOR
 * UPDATE SKIP LOCKED) and loads, in the same statement, what they are about.
 */
export async function claimForSending(
  q: Queryable,
  args: { channel: ElectronicChannel; provider: string; limit: number; worker: string; lockSeconds: number; districts?: DistrictFilter },
): Promise<SendingRow[]> {
  const districts = districtCondition(args.districts, 6);
  // Each row comes back as one JSON text: with PGlite, parsing a result field
  // by field in JavaScript costs more than the whole query, while JSON.parse
  // is native (and runs on the caller's thread, not the database's).
  const { rows } = await q.query<{ row: string }>(
    `WITH claimed AS (
       UPDATE delivery_attempts a
          SET state = 'sending', provider = $2, locked_by = $4, claimed_at = now(),
              locked_until = now() + make_interval(secs => $5), tries = a.tries + 1
        WHERE a.id IN (
          SELECT id FROM delivery_attempts
           WHERE state = 'queued' AND channel = $1 AND available_at <= now()${districts.sql}
           ORDER BY available_at, id
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING a.id, a.message_id, a.channel, a.idempotency_key, a.tries),
     loaded AS (
       SELECT a.id AS attempt_id, a.message_id, a.channel, a.idempotency_key, a.tries, ${MESSAGE_CONTENT_COLUMNS},
              -- Only the contact this channel uses (see recipientFor): no other leaves the table.
              CASE WHEN a.channel = 'kakao' THEN t.identity_key_enc END AS identity_key_enc,
              CASE WHEN a.channel IN ('sms', 'kakao') THEN t.mobile_enc END AS mobile_enc,
              CASE WHEN a.channel = 'email' THEN t.email_enc END AS email_enc,
              -- The district's sender as it is now: a change in the settings applies to the next claim.
              CASE WHEN a.channel = 'sms' THEN s.sms_sender END AS sms_sender,
              CASE WHEN a.channel = 'email' THEN s.email_from_name END AS email_from_name,
              CASE WHEN a.channel = 'email' THEN s.email_from_address END AS email_from_address
         FROM claimed a
         ${MESSAGE_CONTENT_JOINS}
         LEFT JOIN delivery_settings s ON s.district_code = m.district_code)
     SELECT row_to_json(loaded)::text AS row FROM loaded ORDER BY attempt_id`,
    [args.channel, args.provider, args.limit, args.worker, args.lockSeconds, ...districts.params],
  );
  return rows.map((r) => sendingRowFromJson(r.row));
}

const BYTEA_FIELDS = ['recipient_enc', 'variables_enc', 'identity_key_enc', 'mobile_enc', 'email_enc'] as const;

/** JSON renders bytea as a "\\x…" hex string: back to bytes (`extra`: more bytea fields of a wider row). */
export function sendingRowFromJson<T extends SendingRow = SendingRow>(text: string, extra: readonly string[] = []): T {
  const row = JSON.parse(text) as Record<string, unknown>;
  for (const field of [...BYTEA_FIELDS, ...extra]) {
    const value = row[field];
    if (typeof value === 'string') row[field] = Buffer.from(value.slice(2), 'hex');
  }
  return row as unknown as T;
}

export type RenderedContent = Pick<OutboundMessage, 'kakao' | 'sms' | 'email'>;

export type Prepared =
  | { ok: true; message: OutboundMessage }
  | { ok: false; attemptId: number; cause: FailureCause; detail: string };

export function recipientFor(row: SendingRow, cipher: PersonalDataCipher): Recipient | null {
  if (row.recipient_enc) {
    const override = JSON.parse(cipher.decrypt(row.recipient_enc)) as Recipient;
    const to = row.channel === 'email' ? { email: override.email } : row.channel === 'sms' ? { phone: override.phone } : { identityKey: override.identityKey, phone: override.phone };
    return Object.values(to).some(Boolean) ? to : null;
  }
  switch (row.channel) {
    case 'kakao': {
      // Both when known: a relay reaches the identification key (or else the
      // phone); a service that takes only numbers (SENS, NHN Cloud) the phone.
      const identityKey = cipher.decryptNullable(row.identity_key_enc);
      const phone = cipher.decryptNullable(row.mobile_enc);
      return identityKey || phone ? { ...(identityKey ? { identityKey } : {}), ...(phone ? { phone } : {}) } : null;
    }
    case 'sms': {
      const phone = cipher.decryptNullable(row.mobile_enc);
      return phone ? { phone } : null;
    }
    case 'email': {
      const email = cipher.decryptNullable(row.email_enc);
      return email ? { email } : null;
    }
  }
}

/**
 * A sealed value of the message that does not open with this process's key
 * (sealed by a process with another key, or damaged) fails the attempt for
 * good: the same value fails the same way on every try, so retrying would
 * only loop. The message moves on to its next channel or to paper, and the
 * official sees why.
 */
function unreadable(row: SendingRow): Prepared {
  return {
    ok: false,
    attemptId: row.attempt_id,
    cause: 'unreadable_contact',
    detail: `the stored ${row.channel} contact or message data could not be opened with this server's encryption key (sealed with another key, or damaged)`,
  };
}

/** The district's own sender for the row's channel, when it set one. */
export function senderOf(row: SendingRow): Sender | undefined {
  if (row.channel === 'sms' && row.sms_sender) return { smsNumber: row.sms_sender };
  if (row.channel === 'email' && row.email_from_address) return { email: { address: row.email_from_address, ...(row.email_from_name ? { name: row.email_from_name } : {}) } };
  return undefined;
}

export function prepareOutbound(
  rows: SendingRow[],
  cipher: PersonalDataCipher,
  render: (row: SendingRow, channel: ElectronicChannel) => RenderedContent,
): Prepared[] {
  return rows.map((row) => {
    try {
      const to = recipientFor(row, cipher);
      if (!to) return { ok: false, attemptId: row.attempt_id, cause: 'no_contact', detail: `no ${row.channel} contact on record` };
      const sender = senderOf(row);
      return {
        ok: true,
        message: { attemptId: String(row.attempt_id), idempotencyKey: row.idempotency_key, channel: row.channel, to, ...(sender ? { sender } : {}), ...render(row, row.channel) },
      };
    } catch (error) {
      if (error instanceof SealedValueUnreadable) return unreadable(row);
      return { ok: false, attemptId: row.attempt_id, cause: 'provider_rejected', detail: `could not render: ${(error as Error).message}` };
    }
  });
}
