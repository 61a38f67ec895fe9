import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { RefusedReport } from '../providers/bounce-listener.ts';

// Mail the bounce listener refused to read (its return path carried no valid
// signature), kept for inspection: the attempt it named and that attempt's
// district, the size and the time in the clear, everything that may hold an
// address or a message sealed. Mail that names no attempt of any district is
// not kept: no district's console would show it and no district's retention
// period would ever remove it (a count goes to the log instead).

/** Stores the reports that name an existing attempt; returns how many were kept. */
export async function storeRefusedReports(q: Queryable, cipher: PersonalDataCipher, reports: RefusedReport[]): Promise<number> {
  if (reports.length === 0) return 0;
  const { rowCount } = await q.query(
    `INSERT INTO inbound_reports_refused (received_at, reason, attempt_id, district_code, size_bytes, envelope_recipient_enc, envelope_enc, message_enc)
     SELECT x.received_at, x.reason, a.id, a.district_code, x.size_bytes, x.recipient_enc, x.envelope_enc, x.message_enc
       FROM unnest($1::timestamptz[], $2::text[], $3::bigint[], $4::int[], $5::bytea[], $6::bytea[], $7::bytea[])
            AS x(received_at, reason, attempt_id, size_bytes, recipient_enc, envelope_enc, message_enc)
       JOIN delivery_attempts a ON a.id = x.attempt_id`,
    [
      reports.map((r) => r.receivedAt),
      reports.map((r) => r.reason),
      reports.map((r) => (r.attemptId && /^\d{1,18}$/.test(r.attemptId) ? r.attemptId : null)),
      reports.map((r) => r.sizeBytes),
      reports.map((r) => cipher.encrypt(r.envelopeRecipient)),
      reports.map((r) => cipher.encrypt(JSON.stringify({ sender: r.envelopeSender, clientAddress: r.clientAddress, clientHostname: r.clientHostname }))),
      // The message may be in any encoding: sealed as latin1 text, which keeps every byte.
      reports.map((r) => cipher.encrypt(r.message.toString('latin1'))),
    ],
  );
  return rowCount;
}

/**
 * Delivery reports of a district that were not applied because they could
 * not be trusted: mail to a return path without a valid signature that named
 * one of its attempts, and receipts about one of its attempts from a provider
 * (or channel) that did not send it.
 */
export async function countUntrustedReports(q: Queryable, districtCode: string): Promise<{ count: number; latest: Date | null }> {
  const { rows } = await q.query<{ count: number; latest: Date | null }>(
    `WITH untrusted AS (
       SELECT received_at FROM inbound_reports_refused WHERE district_code = $1
       UNION ALL
       SELECT r.received_at FROM delivery_receipts r JOIN delivery_attempts a ON a.id = r.attempt_id
        WHERE r.outcome = 'mismatched' AND a.district_code = $1)
     SELECT count(*)::int AS count, max(received_at) AS latest FROM untrusted`,
    [districtCode],
  );
  return rows[0] ?? { count: 0, latest: null };
}
