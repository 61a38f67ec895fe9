import type { FastifyRequest } from 'fastify';
import type { DistrictDetails } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { markdownText, renderMarkdown, type HeadingOffset } from './booths.markdown.ts';
import { boothsMessages, type BoothsMessageKey } from './booths.messages.ts';
import type { GuidePage } from './booths.schema.ts';

// The residents' guide pages: the information booths (with the district's
// promotions), one booth, and the FAQ. Each page's main content is a
// function of its own (…Content), so the station can show it in a panel;
// the page functions wrap it in the site's layout. A page without an
// English version shows its Korean text, marked lang="ko", with a note in
// English that it is only in Korean.

export const boothsPath = (district: string) => `/r/guide/${district}/booths`;
export const boothPath = (district: string, slug: string) => `/r/guide/${district}/booths/${slug}`;
export const faqPath = (district: string) => `/r/guide/${district}/faq`;

type T = (key: BoothsMessageKey, vars?: Record<string, string | number>) => string;
const translator = (locale: Locale): T => (key, vars) => boothsMessages.t(locale, key, vars);

export interface BoothsContext {
  district: DistrictDetails;
}

/** A page in the reader's language, or in Korean when it has no English version. */
interface Shown {
  lang: Locale;
  title: string;
  body: string;
  /** shown in Korean to a reader of English */
  onlyKorean: boolean;
}

function shown(page: GuidePage, locale: Locale): Shown {
  const lang: Locale = page.title[locale] !== '' ? locale : 'ko';
  return { lang, title: page.title[lang], body: page.body[lang], onlyKorean: lang !== locale };
}

/** lang="…" when the text is not in the page's language. */
const langOf = (s: Shown) => (s.onlyKorean ? html` lang="${s.lang}"` : '');
const onlyKoreanNote = (s: Shown) => (s.onlyKorean ? html`<p class="hint only-korean" lang="en">${boothsMessages.t('en', 'only_korean')}</p>` : '');
const body = (s: Shown, offset: HeadingOffset) => html`<div class="guide-page-body"${langOf(s)}>${renderMarkdown(s.body, offset)}</div>`;

/** The first words of a page, for the list of booths. */
function summaryOf(markdown: string, max = 140): string {
  const text = markdownText(markdown);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function promotion(locale: Locale, page: GuidePage): Html {
  const s = shown(page, locale);
  return html`<article class="guide-promotion" id="promotion-${page.slug}" aria-labelledby="promotion-${page.slug}-title">
  <h3 id="promotion-${page.slug}-title"${langOf(s)}>${s.title}</h3>
  ${onlyKoreanNote(s)}
  ${body(s, 3)}
</article>`;
}

function boothItem(locale: Locale, district: string, page: GuidePage): Html {
  const s = shown(page, locale);
  return html`<li id="booth-${page.slug}">
  <h3><a href="${boothPath(district, page.slug)}?lang=${locale}"${langOf(s)}>${s.title}</a></h3>
  <p${langOf(s)}>${summaryOf(s.body)}</p>
  ${onlyKoreanNote(s)}
</li>`;
}

export function boothListContent(locale: Locale, c: BoothsContext, o: { booths: readonly GuidePage[]; promotions: readonly GuidePage[] }): Html {
  const t = translator(locale);
  const district = c.district.code;
  return html`<h1>${t('booths_title')}</h1>
<p class="lead">${t('booths_lead', { district: c.district.name[locale] })}</p>
${o.promotions.length
  ? html`<section class="guide-promotions" aria-labelledby="promotions-heading">
  <h2 id="promotions-heading">${t('promotions_heading')}</h2>
  ${o.promotions.map((p) => promotion(locale, p))}
</section>`
  : ''}
<section aria-labelledby="booth-list-heading">
  <h2 id="booth-list-heading">${t('booth_list_heading')}</h2>
  ${o.booths.length ? html`<ul class="booth-list">${o.booths.map((b) => boothItem(locale, district, b))}</ul>` : html`<p id="no-booths">${t('no_booths')}</p>`}
</section>
<p><a id="faq-link" href="${faqPath(district)}?lang=${locale}">${t('faq_link')}</a></p>`;
}

export function boothListPage(request: FastifyRequest, c: BoothsContext, o: Parameters<typeof boothListContent>[2]): string {
  return renderPage(request, { title: translator(request.locale)('booths_title'), body: boothListContent(request.locale, c, o) });
}

export function boothContent(locale: Locale, c: BoothsContext, page: GuidePage): Html {
  const t = translator(locale);
  const s = shown(page, locale);
  const district = c.district.code;
  return html`<h1${langOf(s)}>${s.title}</h1>
${onlyKoreanNote(s)}
${body(s, 1)}
<ul class="guide-links">
  <li><a id="faq-link" href="${faqPath(district)}?lang=${locale}">${t('faq_link')}</a></li>
  <li><a id="back-to-booths" href="${boothsPath(district)}?lang=${locale}">${t('back_to_booths')}</a></li>
</ul>`;
}

export function boothPage(request: FastifyRequest, c: BoothsContext, page: GuidePage): string {
  return renderPage(request, { title: shown(page, request.locale).title, body: boothContent(request.locale, c, page) });
}

/** The FAQ: each question a <summary> that opens its answer (by keyboard too: Enter or Space). */
export function faqContent(locale: Locale, c: BoothsContext, faqs: readonly GuidePage[]): Html {
  const t = translator(locale);
  const district = c.district.code;
  return html`<h1>${t('faq_title')}</h1>
<p class="lead">${t('faq_lead', { district: c.district.name[locale] })}</p>
${faqs.length
  ? html`<div class="faq-list">${faqs.map((page) => {
      const s = shown(page, locale);
      return html`<details class="faq" id="faq-${page.slug}">
  <summary id="faq-${page.slug}-question"><span${langOf(s)}>${s.title}</span></summary>
  <div class="faq-answer">${onlyKoreanNote(s)}${body(s, 2)}</div>
</details>`;
    })}</div>`
  : html`<p id="no-faq">${t('no_faq')}</p>`}
<p><a id="back-to-booths" href="${boothsPath(district)}?lang=${locale}">${t('back_to_booths')}</a></p>`;
}

export function faqPage(request: FastifyRequest, c: BoothsContext, faqs: readonly GuidePage[]): string {
  return renderPage(request, { title: translator(request.locale)('faq_title'), body: faqContent(request.locale, c, faqs) });
}

export function guidePageNotFound(request: FastifyRequest, c: BoothsContext): string {
  const t = translator(request.locale);
  return renderPage(request, {
    title: t('not_found_title'),
    body: html`<h1>${t('not_found_title')}</h1><p>${t('not_found_body')}</p>
<p><a href="${boothsPath(c.district.code)}?lang=${request.locale}">${t('back_to_booths')}</a></p>`,
  });
}

export function districtUnknownPage(request: FastifyRequest): string {
  const t = translator(request.locale);
  return renderPage(request, { title: t('district_unknown_title'), body: html`<h1>${t('district_unknown_title')}</h1><p>${t('district_unknown_body')}</p>` });
}

export function tooManyPage(request: FastifyRequest, minutes: number): string {
  const t = translator(request.locale);
  return renderPage(request, { title: t('booths_title'), body: html`<h1>${t('booths_title')}</h1><p id="too-many">${t('too_many', { minutes })}</p>` });
}
