import type { Queryable } from '../../platform/db/database.ts';

/**
 * E-mail refused for the sender's reasons (issue 18): the receiving systems
 * judged the district's mail, not the address (SPF, DKIM or DMARC failed,
 * the sending address or server is on a block list, their policy or spam
 * filter refused it). Counted from failure_cause `sender_rejected`, split by
 * the reason the bounce or the SMTP reply named (kept in failure_detail).
 * Such failures never count against a taxpayer's contact.
 */
export interface SenderSideRefusals {
  /** The window's start and end. */
  since: Date;
  until: Date;
  /** E-mail attempts of the district handed to a provider, or ended, in the window. */
  attempts: number;
  refused: number;
  /** Of the refused: sender authentication (SPF, DKIM, DMARC, reverse DNS). */
  authentication: number;
  /** Of the refused: the sending address, domain or server on a block list. */
  blockList: number;
  /** Of the refused: the receiver's policy or spam filter. */
  policy: number;
  latest: Date | null;
  /** At least SENDER_SIDE_WARNING.minRefused and SENDER_SIDE_WARNING.minShare of the attempts. */
  warn: boolean;
}

/**
 * When the console warns: at least 5 such refusals and at least 2% of the
 * district's e-mail attempts in the last 24 hours. Five keeps one odd
 * receiving system from raising it; 2% is well above what a correctly set-up
 * sender sees (large mailbox providers ask bulk senders to stay under 0.3%
 * of complaints, and authentication failures should be none at all).
 */
export const SENDER_SIDE_WARNING = { windowHours: 24, minRefused: 5, minShare: 0.02 } as const;

export async function senderSideRefusals(q: Queryable, districtCode: string, at?: Date): Promise<SenderSideRefusals> {
  const { rows } = await q.query<{ since: Date; until: Date; attempts: number; refused: number; authentication: number; block_list: number; latest: Date | null }>(
    `WITH w AS (SELECT coalesce($2::timestamptz, now()) - make_interval(hours => $3) AS since, coalesce($2::timestamptz, now()) AS until)
     SELECT w.since, w.until,
            count(a.id)::int AS attempts,
            count(a.id) FILTER (WHERE a.failure_cause = 'sender_rejected')::int AS refused,
            count(a.id) FILTER (WHERE a.failure_cause = 'sender_rejected' AND a.failure_detail LIKE '%sender_auth_failed%')::int AS authentication,
            count(a.id) FILTER (WHERE a.failure_cause = 'sender_rejected' AND a.failure_detail LIKE '%sender_blocked%')::int AS block_list,
            max(a.final_at) FILTER (WHERE a.failure_cause = 'sender_rejected') AS latest
       FROM w LEFT JOIN delivery_attempts a
         ON a.district_code = $1 AND a.channel = 'email'
        AND ((a.claimed_at > w.since AND a.claimed_at <= w.until) OR (a.final_at > w.since AND a.final_at <= w.until))
      GROUP BY w.since, w.until`,
    [districtCode, at ?? null, SENDER_SIDE_WARNING.windowHours],
  );
  const r = rows[0]!;
  const policy = r.refused - r.authentication - r.block_list;
  return {
    since: new Date(r.since),
    until: new Date(r.until),
    attempts: r.attempts,
    refused: r.refused,
    authentication: r.authentication,
    blockList: r.block_list,
    policy,
    latest: r.latest ? new Date(r.latest) : null,
    warn: r.refused >= SENDER_SIDE_WARNING.minRefused && r.refused >= SENDER_SIDE_WARNING.minShare * r.attempts,
  };
}
