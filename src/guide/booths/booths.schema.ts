import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { scriptIn } from './booths.markdown.ts';
import { boothsMessages, type BoothsMessageKey } from './booths.messages.ts';

// A guide page as the console's form sends it, and the rules a page must
// meet before anything is stored: each refusal names its field.

export const PAGE_KINDS = ['booth', 'faq', 'promotion'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX = 60;

export interface GuidePage {
  id: number;
  districtCode: string;
  kind: PageKind;
  slug: string;
  position: number;
  title: Bilingual;
  /** Markdown as written; `en` is '' when the page is only in Korean. */
  body: Bilingual;
  published: boolean;
  updatedAt: Date;
}

/** What an official writes: the page without its id and dates. */
export type PageInput = Pick<GuidePage, 'kind' | 'slug' | 'position' | 'title' | 'body' | 'published'>;

/** The form's fields as strings, each bounded so an oversized post is still answered with a named field. */
export const pageFormBody = withLabels(z.object({
  kind: z.string().max(20).optional(),
  slug: z.string().max(200).optional(),
  position: z.string().max(20).optional(),
  status: z.string().max(20).optional(),
  titleKo: z.string().max(TITLE_MAX * 4).optional(),
  bodyKo: z.string().max(BODY_MAX * 2).optional(),
  titleEn: z.string().max(TITLE_MAX * 4).optional(),
  bodyEn: z.string().max(BODY_MAX * 2).optional(),
  _csrf: z.string().max(200).optional(),
}), {
  kind: boothsMessages.both('kind_field'), slug: boothsMessages.both('slug_label'), position: boothsMessages.both('position_label'), status: boothsMessages.both('status_field'),
  titleKo: boothsMessages.both('title_ko_label'), bodyKo: boothsMessages.both('body_ko_label'), titleEn: boothsMessages.both('title_en_label'), bodyEn: boothsMessages.both('body_en_label'),
});
export type PageForm = z.infer<typeof pageFormBody>;

/** The page's fields as the form shows them (ids of the inputs, for the error summary's links). */
export const FIELD_IDS = {
  kind: 'kind-booth',
  slug: 'slug',
  position: 'position',
  status: 'status-draft',
  titleKo: 'title-ko',
  bodyKo: 'body-ko',
  titleEn: 'title-en',
  bodyEn: 'body-en',
} as const;
export type PageField = keyof typeof FIELD_IDS;

const FIELD_NAMES: Record<PageField, BoothsMessageKey> = {
  kind: 'field_kind',
  slug: 'field_slug',
  position: 'field_position',
  status: 'field_status',
  titleKo: 'field_title_ko',
  bodyKo: 'field_body_ko',
  titleEn: 'field_title_en',
  bodyEn: 'field_body_en',
};

export interface PageProblem {
  field: PageField;
  message: Bilingual;
}

const problem = (field: PageField, key: BoothsMessageKey, vars: Record<string, string | number> = {}): PageProblem => ({
  field,
  message: {
    ko: boothsMessages.t('ko', key, { ...vars, field: boothsMessages.t('ko', FIELD_NAMES[field]), max: (vars.max ?? '').toLocaleString('ko-KR') }),
    en: boothsMessages.t('en', key, { ...vars, field: boothsMessages.t('en', FIELD_NAMES[field]), max: (vars.max ?? '').toLocaleString('en-GB') }),
  },
});

/** Line ends as the database keeps them (a browser's form sends CRLF). */
const text = (value: string | undefined) => (value ?? '').replace(/\r\n?/g, '\n');

/** The page the form describes, or every problem with it (a page with any problem is not stored). */
export function checkPage(form: PageForm): { page: PageInput; problems: [] } | { page: null; problems: PageProblem[] } {
  const problems: PageProblem[] = [];
  const kind = PAGE_KINDS.find((k) => k === form.kind);
  if (!kind) problems.push(problem('kind', 'kind_invalid'));
  const slug = (form.slug ?? '').trim();
  if (!SLUG.test(slug) || slug.length > SLUG_MAX) problems.push(problem('slug', 'slug_invalid'));
  const positionText = (form.position ?? '').trim() || '0';
  const position = /^\d{1,4}$/.test(positionText) ? Number(positionText) : NaN;
  if (Number.isNaN(position)) problems.push(problem('position', 'position_invalid'));
  if (form.status !== 'draft' && form.status !== 'published') problems.push(problem('status', 'status_invalid'));

  const titleKo = text(form.titleKo).trim();
  const titleEn = text(form.titleEn).trim();
  const bodyKo = text(form.bodyKo).trim();
  const bodyEn = text(form.bodyEn).trim();
  const fields: [PageField, string, number][] = [['titleKo', titleKo, TITLE_MAX], ['bodyKo', bodyKo, BODY_MAX], ['titleEn', titleEn, TITLE_MAX], ['bodyEn', bodyEn, BODY_MAX]];
  for (const [field, value, max] of fields) {
    if (scriptIn(value)) problems.push(problem(field, 'script_refused'));
    else if (value.length > max) problems.push(problem(field, 'too_long', { max }));
  }
  if (!titleKo) problems.push(problem('titleKo', 'required'));
  if (!bodyKo) problems.push(problem('bodyKo', 'required'));
  if (bodyEn && !titleEn) problems.push(problem('titleEn', 'english_title_needed'));
  if (titleEn && !bodyEn) problems.push(problem('bodyEn', 'english_body_needed'));

  const order = Object.keys(FIELD_IDS);
  problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (problems.length || !kind) return { page: null, problems };
  return {
    page: { kind, slug, position, published: form.status === 'published', title: { ko: titleKo, en: titleEn }, body: { ko: bodyKo, en: bodyEn } },
    problems: [],
  };
}

/** The form's values of a stored page (to edit it). */
export function formOf(page: GuidePage): PageForm {
  return {
    kind: page.kind,
    slug: page.slug,
    position: String(page.position),
    status: page.published ? 'published' : 'draft',
    titleKo: page.title.ko,
    bodyKo: page.body.ko,
    titleEn: page.title.en,
    bodyEn: page.body.en,
  };
}
