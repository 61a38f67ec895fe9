import type { Queryable } from '../../platform/db/database.ts';
import { MESSAGE_CONTENT_COLUMNS, MESSAGE_CONTENT_JOINS, sendingRowFromJson, type SendingRow } from '../dispatch/outbound.ts';

// What the demo's phones and inboxes received: every attempt a provider (the
// in-process simulator) accepted, with what the message is about, in the
// shape the dispatch renderer takes. Demo only (see demo-phone.routes.ts):
// it loads every contact of the taxpayer, to show which phone or inbox it reached.

export interface ReceivedRow extends SendingRow {
  taxpayer_id: number | null;
  accepted_at: string | null;
  attempt_state: string;
  /** The taxpayer's mobile, encrypted, for a KakaoTalk message addressed by identification key. */
  taxpayer_mobile_enc: Buffer | null;
}

const LIMIT = 5000;

export async function listReceived(q: Queryable): Promise<ReceivedRow[]> {
  const { rows } = await q.query<{ row: string }>(
    `WITH loaded AS (
       SELECT a.id AS attempt_id, a.message_id, a.channel, a.idempotency_key, a.tries, a.state AS attempt_state, a.accepted_at,
              m.taxpayer_id, ${MESSAGE_CONTENT_COLUMNS},
              t.identity_key_enc, t.mobile_enc, t.email_enc, t.mobile_enc AS taxpayer_mobile_enc
         FROM delivery_attempts a
         ${MESSAGE_CONTENT_JOINS}
        WHERE a.state IN ('accepted', 'delivered')
        ORDER BY a.id DESC
        LIMIT ${LIMIT})
     SELECT row_to_json(loaded)::text AS row FROM loaded`,
  );
  return rows.map((r) => sendingRowFromJson<ReceivedRow>(r.row, ['taxpayer_mobile_enc']));
}
