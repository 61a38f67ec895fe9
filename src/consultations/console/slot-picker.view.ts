import { html, type Html } from '../../platform/web/html.ts';
import { publicHoliday } from '../../platform/time/seoul.ts';
import type { SlotsResult } from '../booking/booking.service.ts';
import { minuteLabel } from '../schedule/slot-grid.ts';
import { seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import { textareaField } from '../../platform/web/components.ts';
import { checkboxField, describedBy, inlineError, type ConsoleFormat } from './consultations-console.layout.ts';

// Choosing a slot, for a phone booking and for a move: the free times of one
// day as radio buttons (one a time when any expert will do, else one an
// expert and time), and the next days that have free times.

/** A slot as a form value: the expert and the instant. */
export const slotValue = (expertId: number, start: Date | string) => `${expertId}@${typeof start === 'string' ? start : start.toISOString()}`;

export function parseSlotValue(value: string | undefined): { expertId: number; slotStart: string } | null {
  const match = /^([1-9]\d{0,15})@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)$/.exec(value ?? '');
  if (!match || Number.isNaN(new Date(match[2]!).getTime())) return null;
  return { expertId: Number(match[1]), slotStart: match[2]! };
}

export interface SlotPickerOptions {
  f: ConsoleFormat;
  /** The free slots from `day` on (null: no field chosen yet). */
  slots: SlotsResult | null;
  day: string;
  value: string;
  /** One radio a time (any expert will do): the first free expert takes it. */
  onePerTime: boolean;
  error?: string;
  /** Each other day with free times, as a control (a submit button or a link). */
  otherDay: (day: string, label: string) => Html;
}

export function slotPicker(o: SlotPickerOptions): Html {
  const { f } = o;
  if (!o.slots) return html`<p class="hint" id="slot-hint">${f.t('slots_choose_field')}</p>`;
  const first = o.slots.firstBookableDay;
  const place = o.slots.inPersonPlace;
  const entry = o.slots.days.find((d) => d.day === o.day);
  const seen = new Set<number>();
  const choices = (entry?.slots ?? []).filter((s) => !o.onePerTime || (!seen.has(s.start.getTime()) && seen.add(s.start.getTime())));
  const holiday = publicHoliday(o.day);
  const others = o.slots.days.filter((d) => d.day !== o.day && d.slots.length > 0).slice(0, 7);
  const othersHtml = others.length
    ? html`<h3 class="label" id="other-days-heading">${f.t('other_days')}</h3>
<div class="dc-actions" role="group" aria-labelledby="other-days-heading">${others.map((d) => {
        const count = o.onePerTime ? new Set(d.slots.map((s) => s.start.getTime())).size : d.slots.length;
        return o.otherDay(d.day, f.t('other_day_button', { day: f.dayShort(d.day), count: f.n(count) }));
      })}</div>`
    : html``;
  if (choices.length === 0) {
    return html`<div class="field${o.error ? ' field-error' : ''}" id="slot-none">
  ${inlineError(f.locale, 'slot', o.error)}
  <p id="slot" tabindex="-1">${holiday ? f.t('slots_holiday', { holiday }) : f.t('slots_none')}</p>
</div>
${othersHtml}`;
  }
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <fieldset class="fieldset"${describedBy('slot', false, o.error)}>
    <legend class="label">${f.t('slots_legend', { day: f.day(o.day) })}</legend>
    ${inlineError(f.locale, 'slot', o.error)}
    ${choices.map((s, i) => {
      const id = i === 0 ? 'slot' : `slot-${i}`;
      const value = slotValue(s.expertId, s.start);
      const notes = [
        s.mode === 'in_person' && place ? f.t('slot_in_person', { place: place.name[f.locale] }) : '',
        s.day < first ? f.t('slot_inside_notice') : '',
      ].filter(Boolean).join(', ');
      return html`<div class="radio"><input type="radio" id="${id}" name="slot" value="${value}"${value === o.value ? html` checked` : ''}><label for="${id}">${f.t('slot_label', { time: minuteLabel(seoulMinuteOfDay(s.start)), expert: s.expertName })}${notes ? html` <span class="hint">(${notes})</span>` : ''}</label></div>`;
    })}
  </fieldset>
</div>
${othersHtml}`;
}

/** "Also show times inside the minimum notice", for officials. */
export function insideNoticeField(f: ConsoleFormat, minNoticeDays: number, checked: boolean): Html {
  return checkboxField({ locale: f.locale, id: 'inside-notice', name: 'insideNotice', label: f.t('label_inside_notice', { days: minNoticeDays }), checked });
}

/** Why an official books inside the minimum notice (audited): shown once they asked for such times, or gave a reason. */
export function overrideReasonField(f: ConsoleFormat, o: { shown: boolean; value: string; error?: string }): Html {
  if (!o.shown && !o.value && !o.error) return html``;
  return textareaField({
    locale: f.locale, id: 'override-reason', name: 'overrideReason', label: f.t('label_override'), hint: f.t('hint_override'),
    value: o.value, error: o.error, rows: 2, maxlength: 500,
  });
}
