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
<form method="post" action="${VIDEO_SETTINGS_PATH}?lang=${locale}" novalidate>
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'open-before', name: 'openBeforeMinutes', label: t('open_before'), hint: t('open_before_hint'), value: o.value, error: errors.find((e) => e.field === 'open-before')?.message })}
  ${o.canEdit ? html`<button type="submit" class="button" id="save">${t('save')}</button>` : html`<p id="admins-only">${t('admins_only')}</p>`}
</form>`;
  return renderPage(request, { title: t('title'), body, hasErrors: errors.length > 0 });
}
