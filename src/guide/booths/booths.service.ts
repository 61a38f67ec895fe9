import { recordAudit } from '../../platform/audit/audit.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { boothsMessages } from './booths.messages.ts';
import { insertPage, pageOfDistrict, slugTaken, updatePage } from './booths.repository.ts';
import { checkPage, type GuidePage, type PageForm, type PageInput, type PageProblem } from './booths.schema.ts';

// Officials write the guide's pages: each save checked whole (nothing is
// stored when a field is refused), written with its audit entry in one
// transaction (who, which page, which fields changed; never the text).

/** A page refused: every problem, each naming its field. */
export class PageRefusedError extends AppError {
  constructor(readonly pageProblems: PageProblem[]) {
    super('guide_page_invalid', 400, boothsMessages.both('page_refused'), pageProblems.map((p) => ({ field: p.field, reason: p.message.en })));
  }
}

export const pageNotFound = () => new AppError('not_found', 404, boothsMessages.both('page_not_found'));

const slugTakenProblem = (): PageProblem => ({ field: 'slug', message: boothsMessages.both('slug_taken') });

const isSlugConflict = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'guide_pages_slug_once';

/** The names of the fields that differ between the stored page and the new one. */
function changedFields(before: GuidePage | null, after: PageInput): string[] {
  if (!before) return [];
  const pairs: [string, unknown, unknown][] = [
    ['kind', before.kind, after.kind],
    ['slug', before.slug, after.slug],
    ['position', before.position, after.position],
    ['published', before.published, after.published],
    ['title_ko', before.title.ko, after.title.ko],
    ['body_ko', before.body.ko, after.body.ko],
    ['title_en', before.title.en, after.title.en],
    ['body_en', before.body.en, after.body.en],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([name]) => name);
}

function auditAction(before: GuidePage | null, after: PageInput): string {
  if (!before) return after.published ? 'guide_page.created_published' : 'guide_page.created';
  if (before.published !== after.published) return after.published ? 'guide_page.published' : 'guide_page.unpublished';
  return 'guide_page.updated';
}

/**
 * Creates (id null) or replaces a page of the official's own district and
 * returns its id. Throws PageRefusedError (400) with every problem, or
 * not_found (404) for a page the district does not have.
 */
export async function savePage(db: Database, staff: StaffPrincipal, id: number | null, form: PageForm): Promise<number> {
  const checked = checkPage(form);
  if (!checked.page) throw new PageRefusedError(checked.problems);
  const page = checked.page;
  const district = staff.districtCode;
  try {
    return await db.transaction(async (tx) => {
      const before = id === null ? null : await pageOfDistrict(tx, district, id, true);
      if (id !== null && !before) throw pageNotFound();
      if (await slugTaken(tx, district, page.slug, id)) throw new PageRefusedError([slugTakenProblem()]);
      const savedId = before ? (await updatePage(tx, district, before.id, page, staff.id), before.id) : await insertPage(tx, district, page, staff.id);
      const changed = changedFields(before, page);
      await recordAudit(tx, {
        districtCode: district,
        actor: { type: 'staff', id: String(staff.id) },
        action: auditAction(before, page),
        entityType: 'guide_page',
        entityId: String(savedId),
        reason: before ? `an official saved the guide page (${changed.length ? changed.join(', ') : 'no field changed'})` : `an official wrote a new guide page (${page.kind})`,
        source: 'official',
        details: { kind: page.kind, published: page.published, english: page.title.en !== '', changed },
      });
      return savedId;
    });
  } catch (error) {
    // two officials saving the same slug at once: the constraint decides
    if (isSlugConflict(error)) throw new PageRefusedError([slugTakenProblem()]);
    throw error;
  }
}
