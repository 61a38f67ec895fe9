import type { Queryable } from '../../platform/db/database.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import { cannedAnswerMessages } from './canned-answers.messages.ts';
import type { CannedAnswer, CannedAnswerInput } from './canned-answers.schema.ts';

// The canned answers of a district (desk_canned_answers). A title is unique
// within a district; another district's answer is never found.

type CannedRow = { id: number; title: string; body_ko: string; body_en: string; updated_at: Date | string };
const COLUMNS = 'id, title, body_ko, body_en, updated_at';
const toCanned = (r: CannedRow): CannedAnswer => ({ id: Number(r.id), title: r.title, bodyKo: r.body_ko, bodyEn: r.body_en, updatedAt: new Date(r.updated_at).toISOString() });

export const cannedAnswerMissing = () => new AppError('canned_answer_not_found', 404, cannedAnswerMessages.both('not_found'));
const duplicateTitle = () => conflict('canned_answer_duplicate', cannedAnswerMessages.both('duplicate_title'));

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

export async function listCannedAnswers(q: Queryable, districtCode: string): Promise<CannedAnswer[]> {
  const { rows } = await q.query<CannedRow>(`SELECT ${COLUMNS} FROM desk_canned_answers WHERE district_code = $1 ORDER BY title`, [districtCode]);
  return rows.map(toCanned);
}

/** One canned answer of the district; null when there is none (or it is another district's). */
export async function findCannedAnswer(q: Queryable, districtCode: string, id: number): Promise<CannedAnswer | null> {
  const { rows } = await q.query<CannedRow>(`SELECT ${COLUMNS} FROM desk_canned_answers WHERE id = $1 AND district_code = $2`, [id, districtCode]);
  return rows[0] ? toCanned(rows[0]) : null;
}

export async function createCannedAnswer(q: Queryable, districtCode: string, staffId: number, input: CannedAnswerInput): Promise<CannedAnswer> {
  try {
    const { rows } = await q.query<CannedRow>(
      `INSERT INTO desk_canned_answers (district_code, title, body_ko, body_en, updated_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [districtCode, input.title, input.bodyKo, input.bodyEn, staffId],
    );
    return toCanned(rows[0]!);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateTitle();
    throw error;
  }
}

export async function updateCannedAnswer(q: Queryable, districtCode: string, staffId: number, id: number, input: CannedAnswerInput): Promise<CannedAnswer> {
  try {
    const { rows } = await q.query<CannedRow>(
      `UPDATE desk_canned_answers SET title = $3, body_ko = $4, body_en = $5, updated_by = $6, updated_at = now()
        WHERE id = $1 AND district_code = $2 RETURNING ${COLUMNS}`,
      [id, districtCode, input.title, input.bodyKo, input.bodyEn, staffId],
    );
    if (!rows[0]) throw cannedAnswerMissing();
    return toCanned(rows[0]);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateTitle();
    throw error;
  }
}

export async function deleteCannedAnswer(q: Queryable, districtCode: string, id: number): Promise<void> {
  const { rowCount } = await q.query('DELETE FROM desk_canned_answers WHERE id = $1 AND district_code = $2', [id, districtCode]);
  if (rowCount === 0) throw cannedAnswerMissing();
}
