import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { csrfField, errorSummary, textareaField, textField, type FieldError } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { renderMarkdown } from './booths.markdown.ts';
import { boothsMessages, type BoothsMessageKey } from './booths.messages.ts';
import { BODY_MAX, FIELD_IDS, PAGE_KINDS, SLUG_MAX, TITLE_MAX, type GuidePage, type PageForm, type PageKind } from './booths.schema.ts';
import { boothPath, boothsPath, faqPath } from './booths.view.ts';

// The console's guide pages (/console/guide/pages): the district's booths,
// FAQ entries and promotions with their state, and the form that writes one
// in Korean and English, with a preview of what residents see.

export const PAGES_PATH = '/console/guide/pages';
export const pagePath = (id: number) => `${PAGES_PATH}/${id}`;

type T = (key: BoothsMessageKey, vars?: Record<string, string | number>) => string;
const translator = (locale: Locale): T => (key, vars) => boothsMessages.t(locale, key, vars);

const KIND_NAMES: Record<PageKind, BoothsMessageKey> = { booth: 'kind_booth', faq: 'kind_faq', promotion: 'kind_promotion' };
const NEW_KIND: Record<PageKind, BoothsMessageKey> = { booth: 'new_booth', faq: 'new_faq', promotion: 'new_promotion' };

/** Where residents read a published page. */
function residentUrl(page: GuidePage, locale: Locale): string {
  if (page.kind === 'booth') return `${boothPath(page.districtCode, page.slug)}?lang=${locale}`;
  if (page.kind === 'faq') return `${faqPath(page.districtCode)}?lang=${locale}#faq-${page.slug}`;
  return `${boothsPath(page.districtCode)}?lang=${locale}#promotion-${page.slug}`;
}

const savedFlash = (t: T) => html`<div class="notification notification-success" role="status" id="flash"><p>${t('saved')}</p></div>`;

export function pagesListPage(request: FastifyRequest, o: { pages: readonly GuidePage[]; saved: boolean }): string {
  const locale = request.locale;
  const t = translator(locale);
  const district = request.staff!.districtCode;
  const body = html`${o.saved ? savedFlash(t) : ''}
<h1>${t('console_title')}</h1>
<p class="lead">${t('console_lead')}</p>
<ul class="guide-new-links">${PAGE_KINDS.map((k) => html`<li><a id="new-${k}" href="${PAGES_PATH}/new?kind=${k}&amp;lang=${locale}">${t(NEW_KIND[k])}</a></li>`)}</ul>
${o.pages.length
  ? html`<div class="table-wrap"><table id="pages">
  <caption>${t('pages_caption')}</caption>
  <thead><tr><th scope="col">${t('col_kind')}</th><th scope="col">${t('col_title')}</th><th scope="col">${t('col_slug')}</th><th scope="col" class="num">${t('col_position')}</th><th scope="col">${t('col_status')}</th><th scope="col">${t('col_english')}</th></tr></thead>
  <tbody>${o.pages.map((p) => html`<tr id="page-${p.id}">
    <td>${t(KIND_NAMES[p.kind])}</td>
    <td><a href="${pagePath(p.id)}?lang=${locale}" lang="ko">${p.title.ko}</a></td>
    <td><code>${p.slug}</code></td>
    <td class="num">${p.position}</td>
    <td>${p.published ? t('status_published') : t('status_draft')}</td>
    <td>${p.title.en ? t('english_yes') : t('english_no')}</td>
  </tr>`)}</tbody>
</table></div>`
  : html`<p id="no-pages">${t('no_pages')}</p>`}
<p><a href="${boothsPath(district)}?lang=${locale}">${t('resident_link')}</a></p>`;
  return renderPage(request, { title: t('console_title'), body });
}

/** A fieldset of radios with its legend and its error tied to it. */
function choices(locale: Locale, o: { name: string; legend: string; hint?: string; error?: string; options: { value: string; label: string }[]; value: string | undefined }): Html {
  const errorId = `${o.name}-error`;
  const hintId = `${o.name}-hint`;
  const describedBy = [o.hint ? hintId : '', o.error ? errorId : ''].filter(Boolean).join(' ');
  return html`<fieldset class="fieldset${o.error ? ' field-error' : ''}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
  <legend class="label">${o.legend}</legend>
  ${o.hint ? html`<p class="hint" id="${hintId}">${o.hint}</p>` : ''}
  ${o.error ? html`<p class="error-message" id="${errorId}"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${o.error}</p>` : ''}
  ${o.options.map((c) => html`<div class="radio"><input type="radio" id="${o.name}-${c.value}" name="${o.name}" value="${c.value}"${c.value === o.value ? html` checked` : ''}><label for="${o.name}-${c.value}">${c.label}</label></div>`)}
</fieldset>`;
}

function preview(locale: Locale, page: GuidePage): Html {
  const t = translator(locale);
  return html`<section aria-labelledby="preview-heading" id="preview">
  <h2 id="preview-heading">${t('preview_heading')}</h2>
  <h3>${t('preview_ko')}</h3>
  <div class="guide-page-body" lang="ko"><p><strong>${page.title.ko}</strong></p>${renderMarkdown(page.body.ko, 3)}</div>
  ${page.title.en ? html`<h3>${t('preview_en')}</h3>
  <div class="guide-page-body" lang="en"><p><strong>${page.title.en}</strong></p>${renderMarkdown(page.body.en, 3)}</div>` : ''}
  ${page.published ? html`<p><a id="resident-link" href="${residentUrl(page, locale)}">${t('resident_link')}</a></p>` : ''}
</section>`;
}

/** The form of a new page (page null) or of a stored one, with the values to show and the errors. */
export function pageFormPage(request: FastifyRequest, o: { page: GuidePage | null; form: PageForm; errors: readonly FieldError[]; saved?: boolean }): string {
  const locale = request.locale;
  const t = translator(locale);
  const f = o.form;
  const errorOf = (field: keyof typeof FIELD_IDS) => o.errors.find((e) => e.field === FIELD_IDS[field])?.message;
  const title = o.page ? t('form_edit_title', { title: o.page.title.ko }) : t('form_new_title');
  const body = html`${errorSummary(locale, o.errors)}
${o.saved ? savedFlash(t) : ''}
<h1>${title}</h1>
<form method="post" action="${o.page ? pagePath(o.page.id) : PAGES_PATH}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${choices(locale, { name: 'kind', legend: t('kind_legend'), error: errorOf('kind'), value: f.kind, options: PAGE_KINDS.map((k) => ({ value: k, label: t(KIND_NAMES[k]) })) })}
  ${textField({ locale, id: 'slug', name: 'slug', label: t('slug_label'), hint: t('slug_hint'), value: f.slug, spellcheck: false, error: errorOf('slug'), maxlength: SLUG_MAX })}
  ${textField({ locale, id: 'position', name: 'position', label: t('position_label'), hint: t('position_hint'), value: f.position, error: errorOf('position'), inputmode: 'numeric', maxlength: 4, extraClass: 'input-narrow' })}
  ${choices(locale, {
    name: 'status', legend: t('status_legend'), hint: t('status_published_hint'), error: errorOf('status'), value: f.status,
    options: [{ value: 'draft', label: t('status_draft') }, { value: 'published', label: t('status_published') }],
  })}
  ${textField({ locale, id: 'title-ko', name: 'titleKo', label: t('title_ko_label'), hint: t('title_hint'), value: f.titleKo, error: errorOf('titleKo'), maxlength: TITLE_MAX })}
  ${textareaField({ locale, id: 'body-ko', name: 'bodyKo', label: t('body_ko_label'), hint: t('body_hint'), value: f.bodyKo, rows: 14, maxlength: BODY_MAX, lang: 'ko', error: errorOf('bodyKo') })}
  <p class="hint" id="english-hint">${t('english_hint')}</p>
  ${textField({ locale, id: 'title-en', name: 'titleEn', label: t('title_en_label'), value: f.titleEn, error: errorOf('titleEn'), maxlength: TITLE_MAX })}
  ${textareaField({ locale, id: 'body-en', name: 'bodyEn', label: t('body_en_label'), hint: t('body_hint'), value: f.bodyEn, rows: 14, maxlength: BODY_MAX, lang: 'en', error: errorOf('bodyEn') })}
  <button type="submit" class="button" id="save">${t('save')}</button>
</form>
${o.page ? preview(locale, o.page) : ''}
<p><a id="back-to-list" href="${PAGES_PATH}?lang=${locale}">${t('back_to_list')}</a></p>`;
  return renderPage(request, { title, body, hasErrors: o.errors.length > 0 });
}

