import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { assetUrl } from '../../platform/web/assets.ts';
import { csrfField, errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { formatSeoulTime } from '../../platform/web/format.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { webMessages } from '../../platform/web/web.messages.ts';
import { sectionNav } from '../../platform/web/web-shell.ts';
import { printPageParts } from '../render/notice-render.ts';
import type { MessageTemplate } from './templates.defaults.ts';
import { ALLOWED_VARIABLES, type TemplateChannel, type TemplateKind } from './templates.engine.ts';
import type { PreviewResult } from './templates.repository.ts';
import { templateMessages, type TemplateMessageKey } from './templates.messages.ts';
import { templatesNav } from './templates.nav.ts';

// The template list (kind × channel × language) and the edit form with a
// preview; refusals show the GOV.UK error summary naming the variable.

const wordsFor = (locale: Locale) => (key: TemplateMessageKey, vars?: Record<string, string | number>) => templateMessages.t(locale, key, vars);

/** The consoles' stylesheet (forms, tables, previews); a <link> in the body is allowed and keeps the shared layout untouched. */
function consoleStyles(): Html {
  return html`<link rel="stylesheet" href="${assetUrl('delivery-console.css')}">`;
}

/** What a template is for, its channel and its language, in words; an unknown code as it is. */
function templateNames(locale: Locale, o: { kind: string; channel: string; locale: string }): { kind: string; channel: string; locale: string } {
  const word = (key: string, code: string) => (key in templateMessages.catalogue ? templateMessages.t(locale, key as TemplateMessageKey) : code);
  return { kind: word(`kind_${o.kind}`, o.kind), channel: word(`channel_${o.channel}`, o.channel), locale: word(`locale_${o.locale}`, o.locale) };
}

export function templatesListPage(request: FastifyRequest, rows: MessageTemplate[], flash?: string): string {
  const locale = request.locale;
  const t = wordsFor(locale);
  const body = html`${consoleStyles()}
${sectionNav(request, templatesNav)}
<h1>${t('templates_title')}</h1>
${flash ? html`<div class="notification notification-success" role="status"><p>${flash}</p></div>` : ''}
<p>${t('templates_intro')}</p>
<div class="table-wrap"><table>
  <caption class="visually-hidden">${t('templates_title')}</caption>
  <thead><tr><th scope="col">${t('col_kind')}</th><th scope="col">${t('col_channel')}</th><th scope="col">${t('col_locale')}</th>
    <th scope="col">${t('col_source')}</th><th scope="col">${t('col_updated')}</th><th scope="col"><span class="visually-hidden">${t('edit')}</span></th></tr></thead>
  <tbody>${rows.map((r) => {
    const names = templateNames(locale, r);
    return html`<tr><td>${names.kind}</td><td>${names.channel}</td><td>${names.locale}</td>
    <td>${r.source === 'district' ? t('source_district') : t('source_builtin')}</td>
    <td class="date">${r.updatedBy ? `${r.updatedBy}, ${formatSeoulTime(locale, new Date(r.updatedAt!))}` : ''}</td>
    <td><a href="/console/templates/${r.kind}/${r.channel}/${r.locale}?lang=${locale}" aria-label="${t('edit_label', names)}">${t('edit')}</a></td></tr>`;
  })}</tbody>
</table></div>`;
  return renderPage(request, { title: t('templates_title'), body });
}

export interface TemplateForm {
  kakaoTemplateCode?: string;
  subject?: string;
  body: string;
  htmlBody?: string;
  buttons: string;
}

export function buttonsText(buttons: { name: string; url: string }[]): string {
  return buttons.map((b) => `${b.name} | ${b.url}`).join('\n');
}

function previewBlock(locale: Locale, preview: PreviewResult): Html {
  const t = wordsFor(locale);
  const rows: Html[] = [];
  const row = (label: string, value: Html | string) => rows.push(html`<dt>${label}</dt><dd>${value}</dd>`);
  if (preview.channel === 'kakao') {
    row(t('preview_text'), html`<pre class="dc-pre">${preview.content.text}</pre>`);
    row(t('preview_buttons'), preview.content.buttons.map((b) => `${b.name} → ${b.url}`).join(', '));
  } else if (preview.channel === 'sms') {
    row(t('preview_kind'), preview.content.kind.toUpperCase());
    if ('subject' in preview.content && preview.content.subject) row(t('preview_subject'), preview.content.subject);
    row(t('preview_text'), html`<pre class="dc-pre">${preview.content.text}</pre>`);
  } else if (preview.channel === 'email') {
    row(t('preview_subject'), preview.content.subject);
    row(t('preview_text'), html`<pre class="dc-pre">${preview.content.text}</pre>`);
    row('HTML', html`<pre class="dc-pre">${preview.content.html}</pre>`);
  } else {
    // The print page's every part, in its order, from the same PrintPage the PDF draws (notice-render.ts).
    for (const part of printPageParts(preview.content)) {
      const text = part.kind === 'prose' || part.kind === 'warning' ? html`<pre class="dc-pre">${part.text}</pre>` : part.kind === 'emphasis' ? html`<strong>${part.text}</strong>` : html`${part.text}`;
      row(part.label, part.link ? html`${text}<br><code translate="no">${part.link}</code>` : text);
    }
  }
  return html`<section class="dc-preview" aria-labelledby="preview-heading" id="preview">
  <h2 id="preview-heading">${t('preview_title')}</h2>
  <dl class="summary-list">${rows}</dl>
</section>`;
}

export function templateEditPage(
  request: FastifyRequest,
  o: {
    kind: TemplateKind;
    channel: TemplateChannel;
    tplLocale: Locale;
    form: TemplateForm;
    source: 'builtin' | 'district';
    errors?: FieldError[];
    preview?: PreviewResult;
    flash?: string;
    /** The hosts links may go to (the service's own and the district's domains). */
    linkHosts?: readonly string[];
  },
): string {
  const locale = request.locale;
  const t = wordsFor(locale);
  const errors = o.errors ?? [];
  const err = (id: string) => errors.find((e) => e.field === id)?.message;
  const names = templateNames(locale, { kind: o.kind, channel: o.channel, locale: o.tplLocale });
  const title = t('template_title', names);
  const action = `/console/templates/${o.kind}/${o.channel}/${o.tplLocale}`;
  const textarea = (id: string, name: string, label: string, value: string, rows: number, maxlength: number, hint?: string) => {
    const error = err(id);
    const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field${error ? ' field-error' : ''}">
  <label class="label" for="${id}">${label}</label>
  ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${error}</p>` : ''}
  <textarea class="textarea" id="${id}" name="${name}" rows="${rows}" maxlength="${maxlength}" spellcheck="false"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}>${value}</textarea>
</div>`;
  };
  const body = html`${consoleStyles()}${errorSummary(locale, errors)}
${sectionNav(request, templatesNav)}
<h1>${title}</h1>
${o.flash ? html`<div class="notification notification-success" role="status"><p>${o.flash}</p></div>` : ''}
<p>${t('col_source')}: ${o.source === 'district' ? t('source_district') : t('source_builtin')}</p>
<h2 id="vars-heading">${t('template_variables')}</h2>
<ul class="dc-vars" aria-labelledby="vars-heading">${ALLOWED_VARIABLES[o.kind].map((v) => html`<li><code>{{${v}}}</code></li>`)}</ul>
${o.channel !== 'paper' && o.linkHosts ? html`<p id="tpl-link-hosts">${t('allowed_hosts', { hosts: o.linkHosts.join(', ') || t('no_hosts') })}</p>` : ''}
<form method="post" action="${action}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${o.channel === 'kakao'
    ? textField({ locale, id: 'tpl-kakao-code', name: 'kakaoTemplateCode', label: t('field_kakao_code'), hint: t('field_kakao_code_hint'), value: o.form.kakaoTemplateCode ?? '', error: err('tpl-kakao-code'), spellcheck: false, maxlength: 30 })
    : ''}
  ${o.channel !== 'kakao'
    ? textField({ locale, id: 'tpl-subject', name: 'subject', label: t('field_subject'), hint: t('field_subject_hint'), value: o.form.subject ?? '', error: err('tpl-subject'), maxlength: 200 })
    : ''}
  ${textarea('tpl-body', 'body', t('field_body'), o.form.body, 10, o.channel === 'kakao' ? 1000 : 4000)}
  ${o.channel === 'email' ? textarea('tpl-html-body', 'htmlBody', t('field_html_body'), o.form.htmlBody ?? '', 14, 100_000) : ''}
  ${o.channel === 'kakao' ? textarea('tpl-buttons', 'buttons', t('field_buttons'), o.form.buttons, 3, 4000, t('field_buttons_hint')) : ''}
  <div class="dc-actions">
    <button type="submit" class="button button-secondary" name="action" value="preview" id="tpl-preview">${t('preview_button')}</button>
    <button type="submit" class="button" name="action" value="save" id="tpl-save">${t('save_button')}</button>
  </div>
</form>
${o.preview ? previewBlock(locale, o.preview) : ''}
${o.source === 'district'
  ? html`<form method="post" action="${action}/reset?lang=${locale}">
  ${csrfField(request.staffSession?.csrfToken)}
  <button type="submit" class="button button-secondary" id="tpl-reset">${t('reset_button')}</button>
</form>`
  : ''}
<p><a href="/console/templates?lang=${locale}">${t('templates_title')}</a></p>`;
  return renderPage(request, { title, body, hasErrors: errors.length > 0 });
}
