import type { Queryable } from '../../platform/db/database.ts';

// The board questions a lecture answers are read through the board's own
// repository (src/lectures/board/board.repository.ts, questionsByIds), never
// with SQL against its tables. The board is built beside this feature; it is
// loaded when first needed, so the links are stored and shown by number
// until it exists, and with their titles once it does.

export interface BoardQuestion {
  id: number;
  title: string;
}

type QuestionsByIds = (q: Queryable, districtCode: string, ids: readonly number[]) => Promise<readonly unknown[]>;

let lookup: Promise<QuestionsByIds | null> | undefined;

async function loadLookup(): Promise<QuestionsByIds | null> {
  const specifier = '../board/board.repository.ts';
  try {
    const module = (await import(specifier)) as { questionsByIds?: unknown };
    return typeof module.questionsByIds === 'function' ? (module.questionsByIds as QuestionsByIds) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  }
}

/** The first text field of a board row that reads as its title. */
function titleOf(row: Record<string, unknown>): string | null {
  for (const key of ['title', 'subject', 'summary', 'body', 'text']) {
    const value = row[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().length > 140 ? `${value.trim().slice(0, 139)}…` : value.trim();
  }
  return null;
}

/** Titles of the published questions among ids, by id; empty while the board does not exist. */
export async function boardQuestions(q: Queryable, districtCode: string, ids: readonly number[]): Promise<Map<number, BoardQuestion>> {
  const found = new Map<number, BoardQuestion>();
  if (ids.length === 0) return found;
  lookup ??= loadLookup();
  const questionsByIds = await lookup;
  if (!questionsByIds) {
    lookup = undefined; // look again next time: the board may have landed since
    return found;
  }
  for (const row of await questionsByIds(q, districtCode, ids)) {
    if (!row || typeof row !== 'object') continue;
    const r = row as Record<string, unknown>;
    const id = Number(r.id);
    const title = titleOf(r);
    if (Number.isSafeInteger(id) && title) found.set(id, { id, title });
  }
  return found;
}
