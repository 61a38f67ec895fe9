import type { FastifyRequest } from 'fastify';
import { csrfField, textField, type FieldError } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import type { Expert, Field, ScheduleSettings } from '../schedule/schedule.repository.ts';
import { windowsLabel } from '../schedule/slot-grid.ts';
import { consoleFormat, consolePage, CONSOLE_PATH, errorOf } from './consultations-console.layout.ts';

// The district's consultation schedule as officials see it: the settings
// (hours, length, notice, horizon, change cutoff, reminders, holds), the
// fields and the experts with their fields and days; administrators change
// the settings in a form below.

export const SETTINGS_PATH = `${CONSOLE_PATH}/settings`;

export interface SettingsForm {
  windows: string;
  slotMinutes: string;
  minNoticeDays: string;
  horizonDays: string;
  changeCutoffHours: string;
  reminderOffsetsMinutes: string;
  holdMinutes: string;
}

export function settingsFormOf(s: ScheduleSettings): SettingsForm {
  return {
    windows: windowsLabel(s.windows).replace(/–/g, '-'),
    slotMinutes: String(s.slotMinutes),
    minNoticeDays: String(s.minNoticeDays),
    horizonDays: String(s.horizonDays),
    changeCutoffHours: String(s.changeCutoffHours),
    reminderOffsetsMinutes: s.reminderOffsetsMinutes.join(', '),
    holdMinutes: String(s.holdMinutes),
  };
}

export function settingsPage(
  request: FastifyRequest,
  o: { settings: ScheduleSettings; fields: Field[]; experts: Expert[]; canEdit: boolean; form?: SettingsForm; flash?: string | null; errors?: FieldError[] },
): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const s = o.settings;
  const errors = o.errors ?? [];
  const form = o.form ?? settingsFormOf(s);
  const err = (field: string) => errorOf(errors, field);
  const fieldName = (code: string) => o.fields.find((x) => x.code === code)?.name[locale] ?? code;
  const row = (label: string, value: string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const edit = o.canEdit
    ? html`<h2 id="settings-edit-heading">${t('settings_edit_title')}</h2>
<form method="post" action="${SETTINGS_PATH}?lang=${locale}" novalidate aria-labelledby="settings-edit-heading">
  ${csrfField(request.staffSession?.csrfToken)}
  ${textField({ locale, id: 'windows', name: 'windows', label: t('label_windows'), hint: t('hint_windows'), value: form.windows, error: err('windows'), spellcheck: false, maxlength: 100 })}
  ${textField({ locale, id: 'slot-minutes', name: 'slotMinutes', label: t('label_slot_minutes'), value: form.slotMinutes, error: err('slot-minutes'), inputmode: 'numeric', maxlength: 3, extraClass: 'input-narrow' })}
  ${textField({ locale, id: 'min-notice-days', name: 'minNoticeDays', label: t('label_notice_days'), value: form.minNoticeDays, error: err('min-notice-days'), inputmode: 'numeric', maxlength: 2, extraClass: 'input-narrow' })}
  ${textField({ locale, id: 'horizon-days', name: 'horizonDays', label: t('label_horizon_days'), value: form.horizonDays, error: err('horizon-days'), inputmode: 'numeric', maxlength: 3, extraClass: 'input-narrow' })}
  ${textField({ locale, id: 'change-cutoff-hours', name: 'changeCutoffHours', label: t('label_cutoff_hours'), value: form.changeCutoffHours, error: err('change-cutoff-hours'), inputmode: 'numeric', maxlength: 3, extraClass: 'input-narrow' })}
  ${textField({ locale, id: 'reminder-offsets', name: 'reminderOffsetsMinutes', label: t('label_reminders'), hint: t('hint_reminders'), value: form.reminderOffsetsMinutes, error: err('reminder-offsets'), spellcheck: false, maxlength: 40 })}
  ${textField({ locale, id: 'hold-minutes', name: 'holdMinutes', label: t('label_hold_minutes'), value: form.holdMinutes, error: err('hold-minutes'), inputmode: 'numeric', maxlength: 4, extraClass: 'input-narrow' })}
  <button type="submit" class="button" id="save-settings">${t('save')}</button>
</form>`
    : html`<p class="hint">${t('settings_read_only')}</p>`;
  const body = html`<h1>${t('settings_title')}</h1>
<dl class="summary-list" id="settings-summary">
  ${row(t('set_windows'), windowsLabel(s.windows))}
  ${row(t('set_slot'), t('value_minutes', { n: f.n(s.slotMinutes) }))}
  ${row(t('set_notice'), t('value_days', { n: f.n(s.minNoticeDays) }))}
  ${row(t('set_horizon'), t('value_horizon', { n: f.n(s.horizonDays) }))}
  ${row(t('set_cutoff'), t('value_cutoff', { n: f.n(s.changeCutoffHours) }))}
  ${row(t('set_reminders'), s.reminderOffsetsMinutes.length ? s.reminderOffsetsMinutes.map((m) => f.offset(m)).join(', ') : t('none'))}
  ${row(t('set_hold'), t('value_minutes', { n: f.n(s.holdMinutes) }))}
</dl>
${edit}
<h2 id="fields-heading">${t('fields_title')}</h2>
<div class="table-wrap"><table aria-labelledby="fields-heading">
  <thead><tr><th scope="col">${t('col_name_ko')}</th><th scope="col">${t('col_name_en')}</th><th scope="col">${t('col_active')}</th></tr></thead>
  <tbody>${o.fields.map((x) => html`<tr><td lang="ko">${x.name.ko}</td><td lang="en">${x.name.en}</td><td>${x.active ? t('yes') : t('no')}</td></tr>`)}</tbody>
</table></div>
<h2 id="experts-heading">${t('experts_title')}</h2>
<div class="table-wrap"><table aria-labelledby="experts-heading">
  <thead><tr><th scope="col">${t('col_name')}</th><th scope="col">${t('col_fields')}</th><th scope="col">${t('col_weekdays')}</th><th scope="col">${t('col_active')}</th></tr></thead>
  <tbody>${o.experts.map((e) => html`<tr><td>${e.name}</td><td>${e.fields.map(fieldName).join(', ')}</td><td>${e.weekdays.map((d) => f.weekday(d)).join(', ')}</td><td>${e.active ? t('yes') : t('no')}</td></tr>`)}</tbody>
</table></div>`;
  return consolePage(request, { title: t('settings_title'), current: 'settings', body, errors, flash: o.flash });
}
