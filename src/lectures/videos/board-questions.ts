import type { Queryable } from '../../platform/db/database.ts';
import { questionsByIds } from '../board/board.repository.ts';

// The board questions a lecture answers are read through the board's own
// repository (src/lectures/board, questionsByIds: published questions of the
// district only), never with SQL against its tables. A linked question the
// board does not show (not published, withdrawn) is shown by its number.

export interface BoardQuestion {
  id: number;
  title: string;
}

/** Titles of the published questions among ids, by id. */
export async function boardQuestions(q: Queryable, districtCode: string, ids: readonly number[]): Promise<Map<number, BoardQuestion>> {
  const found = new Map<number, BoardQuestion>();
  for (const row of await questionsByIds(q, districtCode, ids)) found.set(row.id, { id: row.id, title: row.title });
  return found;
}
