import type { FastifyRequest } from 'fastify';
import { csrfField, textField, type FieldError } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import type { InPersonView } from '../in-person/in-person.service.ts';
import type { Expert } from '../schedule/schedule.repository.ts';
import { checkboxField, consoleFormat, consolePage, CONSOLE_PATH, errorOf, inlineError } from '../console/consultations-console.layout.ts';
import { sessionsConsoleMessages as m } from './sessions-console.messages.ts';

// The monthly in-person day for officials: where, when and who, and the
// form that sets it (as PUT /api/consultations/in-person does).

export const IN_PERSON_PATH = `${CONSOLE_PATH}/in-person`;

export interface InPersonForm {
  enabled: boolean;
  placeNameKo: string; placeNameEn: string; addressKo: string; addressEn: string;
  windows: string;
  expertIds: number[];
}

export const IN_PERSON_TEXT_FIELDS: [Exclude<keyof InPersonForm, 'enabled' | 'windows' | 'expertIds'>, string, Parameters<typeof m.t>[1]][] = [
  ['placeNameKo', 'place-ko', 'label_place_ko'], ['placeNameEn', 'place-en', 'label_place_en'],
  ['addressKo', 'address-ko', 'label_address_ko'], ['addressEn', 'address-en', 'label_address_en'],
];

export function inPersonFormOf(v: InPersonView | null): InPersonForm {
  if (!v) return { enabled: true, placeNameKo: '', placeNameEn: '', addressKo: '', addressEn: '', windows: '10:00-12:00, 14:00-16:00', expertIds: [] };
  return {
    enabled: v.enabled, placeNameKo: v.place.name.ko, placeNameEn: v.place.name.en, addressKo: v.place.address.ko, addressEn: v.place.address.en,
    windows: v.windows.map((w) => `${w.start}-${w.end}`).join(', '), expertIds: v.experts.map((e) => e.id),
  };
}

export function inPersonPage(request: FastifyRequest, o: { day: InPersonView | null; experts: Expert[]; form?: InPersonForm; errors?: FieldError[]; flash?: string | null }): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = (key: Parameters<typeof m.t>[1], vars?: Record<string, string | number>) => m.t(locale, key, vars);
  const errors = o.errors ?? [];
  const err = (id: string) => errorOf(errors, id);
  const form = o.form ?? inPersonFormOf(o.day);
  const d = o.day;
  const current = d
    ? html`<dl class="summary-list" id="in-person-summary">
  <dt>${t('ip_state')}</dt><dd>${t(d.enabled ? 'ip_on' : 'ip_off')}</dd>
  <dt>${t('ip_place')}</dt><dd>${d.place.name[locale]} (${d.place.address[locale]})</dd>
  <dt>${t('ip_windows')}</dt><dd>${d.windows.map((w) => `${w.start}–${w.end}`).join(', ')}</dd>
  <dt>${t('ip_experts')}</dt><dd>${d.experts.map((e) => e.name).join(', ')}</dd>
  <dt>${t('ip_slots')}</dt><dd>${t('ip_slots_value', { n: f.n(d.slotsPerExpert), minutes: f.n(d.slotMinutes) })}</dd>
  <dt>${t('ip_days')}</dt><dd>${d.upcomingDays.length ? d.upcomingDays.map((day) => f.dayShort(day)).join(', ') : '—'}</dd>
</dl>`
    : html`<p id="in-person-none">${t('ip_none')}</p>`;
  const expertsError = err('experts');
  const body = html`<h1>${t('ip_title')}</h1>
<p class="lead">${t('ip_rule')}</p>
${current}
<h2 id="in-person-edit-heading">${t('ip_edit_title')}</h2>
<form method="post" action="${IN_PERSON_PATH}?lang=${locale}" novalidate aria-labelledby="in-person-edit-heading">
  ${csrfField(request.staffSession?.csrfToken)}
  ${checkboxField({ locale, id: 'enabled', name: 'enabled', label: t('label_enabled'), checked: form.enabled })}
  ${IN_PERSON_TEXT_FIELDS.map(([key, id, label]) => textField({ locale, id, name: key, label: t(label), value: form[key], error: err(id), maxlength: key.startsWith('address') ? 300 : 200 }))}
  ${textField({ locale, id: 'windows', name: 'windows', label: t('label_windows'), hint: t('hint_windows'), value: form.windows, error: err('windows'), spellcheck: false, maxlength: 100 })}
  <div class="field${expertsError ? ' field-error' : ''}">
    <fieldset class="fieldset"${expertsError ? html` aria-describedby="experts-error"` : ''}>
      <legend class="label">${t('legend_experts')}</legend>
      ${inlineError(locale, 'experts', expertsError)}
      ${o.experts.map((e, i) => {
        const id = i === 0 ? 'experts' : `experts-${e.id}`;
        return html`<div class="checkbox"><input type="checkbox" id="${id}" name="expertIds" value="${e.id}"${form.expertIds.includes(e.id) ? html` checked` : ''}><label for="${id}">${e.name}</label></div>`;
      })}
    </fieldset>
  </div>
  <button type="submit" class="button" id="save-in-person">${t('save')}</button>
</form>`;
  return consolePage(request, { title: t('ip_title'), current: 'in_person', body, errors, flash: o.flash });
}
