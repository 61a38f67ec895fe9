import type { Queryable } from '../../platform/db/database.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { GuideDeps } from '../guide.deps.ts';
import { queryGrams, snippetAround } from './search.grams.ts';
import { ensureStateRow, findDocuments, indexedAt, replaceDocuments, type DocumentKind, type SearchDocument } from './search.repository.ts';
import { documentsOf } from './search.sources.ts';

// Searching a district's guide. The index is rebuilt from its sources when
// it is older than a minute as a search arrives (the state row is locked and
// its age read again under the lock, so searches at once rebuild it once);
// what changed in the last minute may not be found yet.

export const INDEX_MAX_AGE_MS = 60_000;
export const RESULTS = 30;

export interface SearchResult {
  kind: DocumentKind;
  title: string;
  /** Set when the title is only in Korean on an English page. */
  titleLang: Locale | null;
  snippet: string;
  snippetLang: Locale | null;
  path: string;
}

/**
 * Rebuilds the district's index from the given documents (or its sources).
 * With `unlessYoungerThanMs`, a rebuild that another search finished while
 * this one waited for the lock is not done again. Returns the documents
 * indexed, or null when it was left as it was.
 */
export async function rebuildIndex(
  deps: Pick<GuideDeps, 'db' | 'clock'>,
  districtCode: string,
  documents?: readonly SearchDocument[],
  unlessYoungerThanMs?: number,
): Promise<number | null> {
  return deps.db.transaction(async (tx) => {
    await ensureStateRow(tx, districtCode);
    const at = await indexedAt(tx, districtCode, true);
    const now = deps.clock();
    if (unlessYoungerThanMs !== undefined && at && now.getTime() - at.getTime() < unlessYoungerThanMs) return null;
    const docs = documents ?? (await documentsOf(tx, districtCode, now));
    await replaceDocuments(tx, districtCode, docs, now);
    return docs.length;
  });
}

async function freshen(deps: Pick<GuideDeps, 'db' | 'clock'>, q: Queryable, districtCode: string): Promise<void> {
  const at = await indexedAt(q, districtCode);
  if (at && deps.clock().getTime() - at.getTime() < INDEX_MAX_AGE_MS) return;
  await rebuildIndex(deps, districtCode, undefined, INDEX_MAX_AGE_MS);
}

export async function searchGuide(deps: Pick<GuideDeps, 'db' | 'clock'>, districtCode: string, query: string, locale: Locale, options: { rebuild?: boolean } = {}): Promise<SearchResult[]> {
  const grams = queryGrams(query);
  if (grams.length === 0) return [];
  if (options.rebuild !== false) await freshen(deps, deps.db, districtCode);
  const hits = await findDocuments(deps.db, districtCode, grams, RESULTS);
  return hits.map((h) => {
    const titleLocal = h.title[locale] || h.title.ko;
    const bodyLocal = h.body[locale] || h.body.ko;
    return {
      kind: h.kind,
      title: titleLocal,
      // a document has its Korean always; a text missing in the page's language is shown in Korean, marked
      titleLang: h.title[locale] ? null : 'ko',
      snippet: snippetAround(bodyLocal, query),
      snippetLang: h.body[locale] ? null : 'ko',
      path: h.path,
    };
  });
}
