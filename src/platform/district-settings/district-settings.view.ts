import type { FastifyRequest } from 'fastify';
import type { Bilingual } from '../i18n/i18n.ts';
import { csrfField, errorSummary, type FieldError } from '../web/components.ts';
import { html, type Html } from '../web/html.ts';
import { renderPage } from '../web/layout.ts';
import { districtSettingsMessages as m } from './district-settings.messages.ts';
import { SETTINGS_PATH, type SettingsSection } from './district-settings.section.ts';

// The settings page: a list of its sections, then each section with its own
// form (and what it shows after the form). A confirmation stands at the top
// of the section that was saved, where the redirect's #anchor lands.

export interface RenderedSection {
  section: SettingsSection;
  fields: Html;
  after?: Html;
}

export function settingsPage(
  request: FastifyRequest,
  o: { sections: RenderedSection[]; done?: { title: Bilingual; nothing: boolean }; errors: readonly FieldError[] },
): string {
  const locale = request.locale;
  const staff = request.staff!;
  const doneTitle = o.done?.title[locale];
  const body = html`${errorSummary(locale, o.errors)}
<h1>${m.t(locale, 'title')}</h1>
<p class="lead">${m.t(locale, 'intro', { district: staff.districtName[locale] })}</p>
<nav aria-labelledby="settings-contents-title">
  <h2 id="settings-contents-title">${m.t(locale, 'contents')}</h2>
  <ul class="list">${o.sections.map(({ section }) => html`<li><a href="#settings-${section.id}">${section.title[locale]}</a></li>`)}</ul>
</nav>
${o.sections.map(({ section, fields, after }) => {
  const title = section.title[locale];
  const saved = doneTitle === title;
  return html`<section id="settings-${section.id}" aria-labelledby="settings-${section.id}-title">
  <h2 id="settings-${section.id}-title">${title}</h2>
  ${saved
    ? html`<div class="notification notification-success" role="status"><p class="notification-title">${m.t(locale, o.done!.nothing ? 'saved_nothing' : 'saved', { section: title })}</p></div>`
    : ''}
  ${section.intro ? html`<p>${section.intro[locale]}</p>` : ''}
  ${section.form === false
    ? fields
    : html`<form method="post" action="${SETTINGS_PATH}/${section.id}?lang=${locale}" novalidate aria-labelledby="settings-${section.id}-title">
    ${csrfField(request.staffSession?.csrfToken)}
    ${fields}
    <button type="submit" class="button" id="save-${section.id}">${m.t(locale, 'save_section', { section: title })}</button>
  </form>`}
  ${after ?? ''}
</section>`;
})}`;
  return renderPage(request, { title: m.t(locale, 'title'), body, hasErrors: o.errors.length > 0 });
}
