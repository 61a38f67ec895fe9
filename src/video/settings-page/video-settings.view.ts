import type { FastifyRequest } from 'fastify';
import { csrfField, errorSummary, textField, type FieldError } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { videoSettingsMessages } from './video-settings.messages.ts';

export const VIDEO_SETTINGS_PATH = '/console/video/settings';

export function videoSettingsPage(request: FastifyRequest, o: { value: string; canEdit: boolean; saved?: boolean; errors?: FieldError[] }): string {
  const locale = request.locale;
  const t = (key: Parameters<typeof videoSettingsMessages.t>[1]) => videoSettingsMessages.t(locale, key);
  const errors = o.errors ?? [];
  const body = html`${errorSummary(locale, errors)}
${o.saved ? html`<div class="notification notification-success" role="status" id="flash"><p>${t('saved')}</p></div>` : ''}
<h1>${t('title')}</h1>
<p>${t('lead')}</p>
${o.canEdit
  ? html`<form method="post" action="${VIDEO_SETTINGS_PATH}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'open-before', name: 'openBeforeMinutes', label: t('open_before'), hint: t('open_before_hint'), value: o.value, inputmode: 'numeric', maxlength: 2, extraClass: 'input-narrow', error: errors.find((e) => e.field === 'open-before')?.message })}
  <button type="submit" class="button" id="save">${t('save')}</button>
</form>`
  : html`<dl class="summary-list"><div class="summary-row"><dt class="summary-key">${t('open_before')}</dt><dd class="summary-value" id="open-before">${o.value}</dd></div></dl>
<p id="admins-only">${t('admins_only')}</p>`}`;
  return renderPage(request, { title: t('title'), body, hasErrors: errors.length > 0 });
}
