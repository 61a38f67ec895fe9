import type { FastifyRequest } from 'fastify';
import { csrfField, textareaField, type FieldError } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import { seoulMinuteOfDay } from '../../platform/time/seoul.ts';
import type { BlockView } from '../booking/blocks.service.ts';
import type { Expert } from '../schedule/schedule.repository.ts';
import { minuteLabel } from '../schedule/slot-grid.ts';
import { consoleFormat, consolePage, CONSOLE_PATH, dayInput, describedBy, errorOf, inlineError, selectField, type ConsoleFormat } from './consultations-console.layout.ts';

// Blocked times: those in force from today on (each can be lifted), a form
// to block one time or a whole day of one expert or of all, and its check
// step, which says how many bookings the block touches and what happens to
// them before anything changes.

export const BLOCKS_PATH = `${CONSOLE_PATH}/blocks`;

export interface BlockForm {
  expert: string;
  day: string;
  scope: string;
  time: string;
  reason: string;
}

export const EMPTY_BLOCK_FORM: BlockForm = { expert: '', day: '', scope: 'day', time: '', reason: '' };

const expertName = (f: ConsoleFormat, experts: Expert[], id: number | null) => (id === null ? f.t('all_experts') : experts.find((e) => e.id === id)?.name ?? '');
const scopeText = (f: ConsoleFormat, slotStart: string | null) => (slotStart ? minuteLabel(seoulMinuteOfDay(new Date(slotStart))) : f.t('whole_day'));

export function blocksPage(
  request: FastifyRequest,
  o: { blocks: BlockView[]; experts: Expert[]; times: string[]; form: BlockForm; flash?: string | null; errors?: FieldError[] },
): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const errors = o.errors ?? [];
  const err = (field: string) => errorOf(errors, field);
  const csrf = csrfField(request.staffSession?.csrfToken);
  const list = o.blocks.length
    ? html`<div class="table-wrap"><table id="blocks">
  <caption>${t('blocks_current')}</caption>
  <thead><tr><th scope="col">${t('col_day')}</th><th scope="col">${t('col_expert')}</th><th scope="col">${t('col_scope')}</th><th scope="col">${t('col_reason')}</th><th scope="col">${t('col_action')}</th></tr></thead>
  <tbody>${o.blocks.map((b) => html`<tr>
    <td class="date">${f.day(b.day)}</td><td>${expertName(f, o.experts, b.expertId)}</td><td>${scopeText(f, b.slotStart)}</td><td>${b.reason}</td>
    <td><form method="post" action="${BLOCKS_PATH}/${b.id}/lift?lang=${locale}" class="inline-form">${csrf}<button type="submit" class="button button-secondary button-small" id="lift-${b.id}">${t('lift_button')}<span class="visually-hidden"> ${t('lift_context', { day: f.day(b.day), scope: `${expertName(f, o.experts, b.expertId)}, ${scopeText(f, b.slotStart)}` })}</span></button></form></td>
  </tr>`)}</tbody>
</table></div>`
    : html`<p id="blocks">${t('blocks_none')}</p>`;
  const body = html`<h1>${t('blocks_title')}</h1>
<p>${t('blocks_intro')}</p>
${list}
<h2 id="block-heading">${t('block_new_title')}</h2>
<form method="post" action="${BLOCKS_PATH}/check?lang=${locale}" novalidate aria-labelledby="block-heading">
  ${csrf}
  ${selectField({ locale, id: 'block-expert', name: 'expert', label: t('label_expert'), value: o.form.expert, error: err('block-expert'), options: [['', t('all_experts')], ...o.experts.map((e): [string, string] => [String(e.id), e.name])] })}
  ${dayInput({ locale, id: 'block-day', name: 'day', label: t('label_day'), value: o.form.day, error: err('block-day') })}
  <div class="field${err('block-scope') || err('block-time') ? ' field-error' : ''}">
    <fieldset class="fieldset"${describedBy('block-scope', false, err('block-scope'))}>
      <legend class="label">${t('label_block_scope')}</legend>
      ${inlineError(locale, 'block-scope', err('block-scope'))}
      <div class="radio"><input type="radio" id="block-scope" name="scope" value="day"${o.form.scope !== 'slot' ? html` checked` : ''}><label for="block-scope">${t('scope_day')}</label></div>
      <div class="radio"><input type="radio" id="block-scope-slot" name="scope" value="slot"${o.form.scope === 'slot' ? html` checked` : ''}><label for="block-scope-slot">${t('scope_slot')}</label></div>
      <div class="dc-conditional">
        ${selectField({ locale, id: 'block-time', name: 'time', label: t('label_block_time'), value: o.form.time, error: err('block-time'), options: [['', t('choose')], ...o.times.map((x): [string, string] => [x, x])] })}
      </div>
    </fieldset>
  </div>
  ${textareaField({ locale, id: 'block-reason', name: 'reason', label: t('label_block_reason'), hint: t('hint_block_reason'), value: o.form.reason, error: err('block-reason'), rows: 2, maxlength: 500 })}
  <button type="submit" class="button" name="step" value="check" id="block-continue">${t('continue')}</button>
</form>`;
  return consolePage(request, { title: t('blocks_title'), current: 'blocks', body, errors, flash: o.flash });
}

export function blockCheckPage(
  request: FastifyRequest,
  o: { form: BlockForm; experts: Expert[]; affected: number; holds: number },
): string {
  const locale = request.locale;
  const f = consoleFormat(locale);
  const t = f.t;
  const csrf = csrfField(request.staffSession?.csrfToken);
  const hidden = html`${(Object.entries(o.form) as [string, string][]).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
  const change = (anchor: string, what: string) =>
    html`<dd class="dc-check-action"><button type="submit" class="button button-secondary button-small" name="step" value="edit" formaction="${BLOCKS_PATH}/check?lang=${locale}#${anchor}">${t('change')}<span class="visually-hidden"> ${what}</span></button></dd>`;
  const expert = o.form.expert ? o.experts.find((e) => String(e.id) === o.form.expert)?.name ?? '' : t('all_experts');
  const when = o.form.scope === 'slot' ? t('when_value', { day: f.day(o.form.day), time: o.form.time }) : `${f.day(o.form.day)}, ${t('whole_day')}`;
  const body = html`<h1>${t('block_check_title')}</h1>
<form method="post" action="${BLOCKS_PATH}?lang=${locale}" novalidate>
  ${csrf}
  ${hidden}
  <dl class="dc-check">
    <div><dt>${t('row_block_who')}</dt><dd>${expert}</dd>${change('block-expert', t('row_block_who'))}</div>
    <div><dt>${t('row_block_when')}</dt><dd>${when}</dd>${change('block-day', t('row_block_when'))}</div>
    <div><dt>${t('row_block_reason')}</dt><dd>${o.form.reason}</dd>${change('block-reason', t('row_block_reason'))}</div>
    <div><dt>${t('row_block_affected')}</dt><dd id="block-affected">${f.n(o.affected)}</dd><dd class="dc-check-action"></dd></div>
  </dl>
  <div class="dc-warning" id="block-consequences">
    <p><strong>${o.affected > 0 ? t('block_affected', { count: f.n(o.affected) }) : t('block_affected_none')}</strong></p>
    ${o.holds > 0 ? html`<p>${t('block_holds', { count: f.n(o.holds) })}</p>` : ''}
  </div>
  <button type="submit" class="button" id="block-confirm">${t('block_button')}</button>
</form>
<p><a href="${BLOCKS_PATH}?lang=${locale}">${t('blocks_title')}</a></p>`;
  return consolePage(request, { title: t('block_check_title'), current: 'blocks', body });
}
