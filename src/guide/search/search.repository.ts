import type { Database, Queryable } from '../../platform/db/database.ts';

// The guide's search index (migration 0026): a district's documents are
// replaced as a whole when they are rebuilt from their sources.

export type DocumentKind = 'calendar' | 'booth' | 'faq' | 'promotion' | 'lecture' | 'question' | 'refund';

export interface SearchDocument {
  kind: DocumentKind;
  sourceId: string;
  title: { ko: string; en: string };
  body: { ko: string; en: string };
  path: string;
  grams: string[];
  titleGrams: string[];
}

export async function indexedAt(q: Queryable, districtCode: string, lock = false): Promise<Date | null> {
  const { rows } = await q.query<{ indexed_at: Date }>(`SELECT indexed_at FROM guide_search_state WHERE district_code = $1${lock ? ' FOR UPDATE' : ''}`, [districtCode]);
  return rows[0]?.indexed_at ?? null;
}

/** Makes sure the district has a state row to lock (the first rebuild of a district). */
export async function ensureStateRow(q: Queryable, districtCode: string): Promise<void> {
  await q.query(`INSERT INTO guide_search_state (district_code, indexed_at) VALUES ($1, 'epoch') ON CONFLICT DO NOTHING`, [districtCode]);
}

/** Replaces the district's documents and notes when (run in a transaction holding the state row). */
export async function replaceDocuments(q: Queryable, districtCode: string, docs: readonly SearchDocument[], at: Date): Promise<void> {
  await q.query('DELETE FROM guide_search_documents WHERE district_code = $1', [districtCode]);
  // One statement per batch: the n-gram arrays travel as JSON, as arrays of arrays of different lengths cannot be a SQL array.
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    await q.query(
      `INSERT INTO guide_search_documents (district_code, kind, source_id, title_ko, title_en, body_ko, body_en, path, grams, title_grams)
       SELECT $1, d->>'kind', d->>'sourceId', d->>'titleKo', d->>'titleEn', d->>'bodyKo', d->>'bodyEn', d->>'path',
              array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(d->'grams'))),
              array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(d->'titleGrams')))
         FROM jsonb_array_elements($2::jsonb) AS d`,
      [districtCode, JSON.stringify(batch.map((d) => ({
        kind: d.kind, sourceId: d.sourceId, titleKo: d.title.ko, titleEn: d.title.en, bodyKo: d.body.ko, bodyEn: d.body.en,
        path: d.path, grams: d.grams, titleGrams: d.titleGrams,
      })))],
    );
  }
  await q.query('UPDATE guide_search_state SET indexed_at = $2 WHERE district_code = $1', [districtCode, at]);
}

export interface SearchHit {
  kind: DocumentKind;
  title: { ko: string; en: string };
  body: { ko: string; en: string };
  path: string;
  inTitle: boolean;
}

/** A tsquery holding every n-gram ('재산' & '산세'); n-grams are letters and digits only, quoted all the same. */
const allOf = (grams: readonly string[]) => grams.map((g) => `'${g.replace(/'/g, "''")}'`).join(' & ');

type HitRow = { kind: DocumentKind; title_ko: string; title_en: string; body_ko: string; body_en: string; path: string };
const hitFrom = (inTitle: boolean) => (r: HitRow): SearchHit => ({ kind: r.kind, title: { ko: r.title_ko, en: r.title_en }, body: { ko: r.body_ko, en: r.body_en }, path: r.path, inTitle });

/**
 * The district's documents holding every n-gram: those holding them in the
 * title first (in the order of the guide's kinds), then the others. Two
 * index look-ups, each stopping at the limit, rather than ranking every
 * match: a common word matches most of a tax guide.
 */
export async function findDocuments(db: Database, districtCode: string, grams: readonly string[], limit: number): Promise<SearchHit[]> {
  return db.transaction((tx) => findInTransaction(tx, districtCode, grams, limit));
}

async function findInTransaction(q: Queryable, districtCode: string, grams: readonly string[], limit: number): Promise<SearchHit[]> {
  const query = allOf(grams);
  // The planner cannot tell how few rows an n-gram query matches and, on a
  // guide of some thousand documents, reads them all rather than the GIN
  // index (18 ms against 3.5 ms for a rare word over 10,000 documents,
  // bench/search.ts); for this transaction only, it is told to use the index.
  await q.query('SET LOCAL enable_seqscan = off');
  const { rows: inTitle } = await q.query<HitRow>(
    `SELECT kind, title_ko, title_en, body_ko, body_en, path
       FROM guide_search_documents
      WHERE district_code = $1 AND title_grams @@ $2::tsquery
      ORDER BY array_position(ARRAY['calendar', 'refund', 'faq', 'booth', 'promotion', 'lecture', 'question'], kind), id
      LIMIT $3`,
    [districtCode, query, limit],
  );
  if (inTitle.length >= limit) return inTitle.map(hitFrom(true));
  const { rows: inBody } = await q.query<HitRow>(
    `SELECT kind, title_ko, title_en, body_ko, body_en, path
       FROM guide_search_documents
      WHERE district_code = $1 AND grams @@ $2::tsquery AND NOT title_grams @@ $2::tsquery
      LIMIT $3`,
    [districtCode, query, limit - inTitle.length],
  );
  return [...inTitle.map(hitFrom(true)), ...inBody.map(hitFrom(false))];
}
