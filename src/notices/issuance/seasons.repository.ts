import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { districtExists } from '../../platform/districts/districts.repository.ts';
import { TAX_ITEMS } from '../tax-items.ts';

// A season: one tax item, year and instalment of a district, issued
// together. The season row is the notices' own; delivery's issueSeason
// (delivery/queue/queue.ts) opens it and turns its notices into messages in
// the same transaction.

export const seasonSchema = z.object({
  districtCode: z.string().min(1),
  taxItem: z.enum(TAX_ITEMS),
  taxYear: z.number().int().min(1990).max(2200),
  period: z.number().int().min(0).max(12).default(0),
  sendAfter: z.date().optional(),
  createdBy: z.string().min(1),
});
export type SeasonInput = z.input<typeof seasonSchema>;
export type Season = z.output<typeof seasonSchema>;

/**
 * The season's row, created on first issue; issuing it again keeps the row
 * (and its send time). Refuses a district that does not exist.
 */
export async function openSeason(tx: Queryable, season: Season): Promise<number> {
  if (!(await districtExists(tx, season.districtCode))) {
    throw new AppError('district_not_found', 404, { ko: `구 코드 ${season.districtCode}를 찾을 수 없습니다.`, en: `No district with code ${season.districtCode}.` });
  }
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO seasons (district_code, kind, tax_item, tax_year, period, send_after, created_by)
     VALUES ($1, 'notice', $2, $3, $4, coalesce($5, now()), $6)
     ON CONFLICT (district_code, kind, tax_item, tax_year, period) DO UPDATE SET send_after = seasons.send_after
     RETURNING id`,
    [season.districtCode, season.taxItem, season.taxYear, season.period, season.sendAfter ?? null, season.createdBy],
  );
  return rows[0]!.id;
}
