import type { Database } from '../../platform/db/database.ts';
import type { LawRules } from './law-rules.ts';

// §33: a paper notice returned as undeliverable (or to an unknown address)
// goes to public notice, and is deemed served N days after it.

export interface PublicNoticeResult {
  recorded: number;
  unknown: string[];
}

export async function recordReturnedPost(
  db: Database,
  rules: LawRules,
  args: { districtCode: string; taxYear: number; noticeNos: string[]; actor: string; publishedOn?: Date },
): Promise<PublicNoticeResult> {
  const published = args.publishedOn ?? new Date();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number; notice_no: string }>(
      `UPDATE messages m
          SET public_notice_at = $4, deemed_served_on = ($4 AT TIME ZONE 'Asia/Seoul')::date + $5::int, updated_at = now()
         FROM notices n
        WHERE n.id = m.notice_id AND m.state = 'paper' AND m.public_notice_at IS NULL
          AND n.district_code = $1 AND n.tax_year = $2 AND n.notice_no = ANY($3::text[])
        RETURNING m.id, n.notice_no`,
      [args.districtCode, args.taxYear, args.noticeNos, published, rules.publicNotice.deemedServedAfterDays],
    );
    await tx.query(
      `INSERT INTO message_events (message_id, event, detail)
       SELECT id, 'public_notice', jsonb_build_object('article', $2::text, 'by', $3::text) FROM unnest($1::bigint[]) AS id`,
      [rows.map((r) => r.id), rules.publicNotice.article, args.actor],
    );
    const found = new Set(rows.map((r) => r.notice_no));
    return { recorded: rows.length, unknown: args.noticeNos.filter((n) => !found.has(n)) };
  });
}
