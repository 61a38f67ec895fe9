import type { Queryable } from '../../platform/db/database.ts';
import type { District } from '../../platform/districts/districts.repository.ts';

// The booking pages' own read: which districts take consultation bookings
// (those with consultation settings), for the landing page's links.

export async function districtsTakingBookings(q: Queryable): Promise<District[]> {
  const { rows } = await q.query<{ code: string; name_ko: string; name_en: string }>(
    `SELECT d.code, d.name_ko, d.name_en FROM districts d JOIN consultation_settings s ON s.district_code = d.code ORDER BY d.name_ko, d.code`,
  );
  return rows.map((r) => ({ code: r.code, name: { ko: r.name_ko, en: r.name_en } }));
}
