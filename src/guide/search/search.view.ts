import type { FastifyRequest } from 'fastify';
import type { District } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { textField } from '../../platform/web/components.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { searchMessages } from './search.messages.ts';
import type { SearchResult } from './search.service.ts';

// The guide's search page: a GET form (the address can be shared and
// bookmarked) and the results, each with its kind, a snippet and a link.

export const searchPath = (district: string) => `/r/guide/${district}/search`;

const langAttr = (lang: Locale | null) => (lang ? html` lang="${lang}"` : html``);

/** The result's address with ?lang= before any #fragment. */
export function withLang(path: string, locale: Locale): string {
  const [base, fragment] = path.split('#', 2) as [string, string | undefined];
  return `${base}${base.includes('?') ? '&' : '?'}lang=${locale}${fragment ? `#${fragment}` : ''}`;
}

export function searchContent(locale: Locale, district: District, query: string, results: readonly SearchResult[] | null): Html {
  const t = (key: Parameters<typeof searchMessages.t>[1], vars?: Record<string, string | number>) => searchMessages.t(locale, key, vars);
  return html`<h1>${t('title')}</h1>
<form method="get" action="${searchPath(district.code)}" role="search">
  <input type="hidden" name="lang" value="${locale}">
  ${textField({ locale, id: 'q', name: 'q', label: t('label'), hint: t('hint'), value: query, maxlength: 100 })}
  <button type="submit" class="button" id="search">${t('button')}</button>
</form>
${results === null ? '' : results.length === 0
  ? html`<p id="no-results" role="status">${t('none', { query })}</p>`
  : html`<h2 id="results-heading" role="status">${t('results', { query, count: results.length })}</h2>
<ol class="search-results" aria-labelledby="results-heading">${results.map((r) => html`<li>
  <p class="hint">${t(`kind_${r.kind}`)}${r.titleLang ? html` · ${t('only_korean')}` : ''}</p>
  <h3 class="heading-s"><a href="${withLang(r.path, locale)}"${langAttr(r.titleLang)}>${r.title}</a></h3>
  ${r.snippet ? html`<p${langAttr(r.snippetLang)}>${r.snippet}</p>` : ''}
</li>`)}</ol>`}`;
}

export function searchPage(request: FastifyRequest, district: District, query: string, results: readonly SearchResult[] | null): string {
  return renderPage(request, { title: searchMessages.t(request.locale, 'title'), body: searchContent(request.locale, district, query, results) });
}
