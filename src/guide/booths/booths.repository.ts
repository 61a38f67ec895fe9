import type { Queryable } from '../../platform/db/database.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { markdownText } from './booths.markdown.ts';
import type { GuidePage, PageInput, PageKind } from './booths.schema.ts';

// The guide's pages (migration 0025, table guide_pages): booths, FAQ entries
// and promotions of each district. The only place with their SQL.

type Row = {
  id: string | number; district_code: string; kind: PageKind; slug: string; position: number;
  title_ko: string; title_en: string; body_ko: string; body_en: string; published: boolean; updated_at: Date;
};

const COLUMNS = 'id, district_code, kind, slug, position, title_ko, title_en, body_ko, body_en, published, updated_at';

const pageFrom = (r: Row): GuidePage => ({
  id: Number(r.id),
  districtCode: r.district_code,
  kind: r.kind,
  slug: r.slug,
  position: r.position,
  title: { ko: r.title_ko, en: r.title_en },
  body: { ko: r.body_ko, en: r.body_en },
  published: r.published,
  updatedAt: new Date(r.updated_at),
});

/** Stores a new page; the unique constraint guide_pages_slug_once refuses a slug the district already uses (23505). */
export async function insertPage(q: Queryable, districtCode: string, page: PageInput, staffId: number): Promise<number> {
  const { rows } = await q.query<{ id: string | number }>(
    `INSERT INTO guide_pages (district_code, kind, slug, position, title_ko, title_en, body_ko, body_en, published, published_at, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 THEN now() END, $10, $10)
     RETURNING id`,
    [districtCode, page.kind, page.slug, page.position, page.title.ko, page.title.en, page.body.ko, page.body.en, page.published, staffId],
  );
  return Number(rows[0]!.id);
}

/** Replaces the page's content; published_at keeps the first publication's time while it stays published. */
export async function updatePage(q: Queryable, districtCode: string, id: number, page: PageInput, staffId: number): Promise<void> {
  await q.query(
    `UPDATE guide_pages
        SET kind = $3, slug = $4, position = $5, title_ko = $6, title_en = $7, body_ko = $8, body_en = $9,
            published = $10, published_at = CASE WHEN NOT $10 THEN NULL WHEN published THEN published_at ELSE now() END,
            updated_by = $11, updated_at = now()
      WHERE district_code = $1 AND id = $2`,
    [districtCode, id, page.kind, page.slug, page.position, page.title.ko, page.title.en, page.body.ko, page.body.en, page.published, staffId],
  );
}

/** One page of the district, published or not (null for another district's page); locked for an edit when asked. */
export async function pageOfDistrict(q: Queryable, districtCode: string, id: number, lock = false): Promise<GuidePage | null> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM guide_pages WHERE district_code = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [districtCode, id]);
  return rows[0] ? pageFrom(rows[0]) : null;
}

/** Whether another page of the district uses the slug. */
export async function slugTaken(q: Queryable, districtCode: string, slug: string, exceptId: number | null): Promise<boolean> {
  const { rowCount } = await q.query('SELECT 1 FROM guide_pages WHERE district_code = $1 AND slug = $2 AND id IS DISTINCT FROM $3', [districtCode, slug, exceptId]);
  return rowCount > 0;
}

/** Every page of the district, drafts too, for the console: by kind, then order. */
export async function districtPages(q: Queryable, districtCode: string): Promise<GuidePage[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM guide_pages WHERE district_code = $1
      ORDER BY CASE kind WHEN 'booth' THEN 0 WHEN 'faq' THEN 1 ELSE 2 END, position, id`,
    [districtCode],
  );
  return rows.map(pageFrom);
}

/** The district's published pages of these kinds, in their order. */
export async function publishedPages(q: Queryable, districtCode: string, kinds: readonly PageKind[]): Promise<GuidePage[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM guide_pages WHERE district_code = $1 AND published AND kind = ANY($2::text[]) ORDER BY position, id`,
    [districtCode, [...kinds]],
  );
  return rows.map(pageFrom);
}

/** One published page by its slug, or null (a draft is not found). */
export async function publishedPage(q: Queryable, districtCode: string, kind: PageKind, slug: string): Promise<GuidePage | null> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM guide_pages WHERE district_code = $1 AND kind = $2 AND slug = $3 AND published`, [districtCode, kind, slug]);
  return rows[0] ? pageFrom(rows[0]) : null;
}

export interface SearchablePage {
  id: number;
  kind: PageKind;
  slug: string;
  title: Bilingual;
  /** The body's words without Markdown; `en` is '' when the page is only in Korean. */
  text: Bilingual;
}

/** The district's published pages as plain text, for the guide's search (issue 23 item 5). */
export async function publishedPagesForSearch(q: Queryable, districtCode: string): Promise<SearchablePage[]> {
  const pages = await publishedPages(q, districtCode, ['booth', 'faq', 'promotion']);
  return pages.map((p) => ({
    id: p.id,
    kind: p.kind,
    slug: p.slug,
    title: p.title,
    text: { ko: markdownText(p.body.ko), en: p.body.en ? markdownText(p.body.en) : '' },
  }));
}
