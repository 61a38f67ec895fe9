import type { Locale } from '../i18n/i18n.ts';
import { html, type Html } from './html.ts';
import { webMessages } from './web.messages.ts';

// GOV.UK-style form pieces: every field has a label, an optional hint, and
// its error message tied to it with aria-describedby.

export interface FieldError {
  /** id of the input the message belongs to */
  field: string;
  message: string;
}

/** The summary at the top of a page with errors; site.js moves focus to it. */
export function errorSummary(locale: Locale, errors: readonly FieldError[]): Html {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" data-error-summary tabindex="-1" role="alert" aria-labelledby="error-summary-title">
  <h2 id="error-summary-title" class="error-summary-title">${webMessages.t(locale, 'error_summary_title')}</h2>
  <ul class="error-summary-list">${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

export interface TextFieldOptions {
  locale: Locale;
  id: string;
  name?: string;
  label: string;
  hint?: string;
  type?: 'text' | 'password' | 'email' | 'tel' | 'time' | 'date';
  value?: string;
  autocomplete?: string;
  error?: string;
  spellcheck?: boolean;
  /** 'numeric' for whole numbers (GOV.UK: a text input, not type=number) */
  inputmode?: 'numeric' | 'tel' | 'email';
  /** a class beside `input`, e.g. input-narrow */
  extraClass?: string;
  /** the most characters the field takes (the server checks it too) */
  maxlength?: number;
}

/** A field's (or fieldset's) error line, "Error:" read first by screen readers; nothing when there is no message. */
export function errorMessage(locale: Locale, id: string, message: string | undefined): Html {
  return message ? html`<p class="form-hint-invalid error-message" id="${id}-error"><span class="visually-hidden">${webMessages.t(locale, 'error_prefix')}:</span> ${message}</p>` : html``;
}

/**
 * The frame every field shares, a KRDS form group: the label, the hint
 * (before the control, so it is read first), the control, and KRDS's inline
 * error under it; the control's aria attributes tie hint and error to it.
 */
function field(o: { locale: Locale; id: string; label: string; hint?: string; error?: string }, control: (aria: Html) => Html): Html {
  const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  const aria = html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.error ? html` aria-invalid="true"` : ''}`;
  return html`<div class="form-group field${o.error ? ' field-error' : ''}">
  <div class="form-tit"><label class="label" for="${o.id}">${o.label}</label></div>
  ${o.hint ? html`<p class="form-hint hint" id="${o.id}-hint">${o.hint}</p>` : ''}
  <div class="form-conts${o.error ? ' is-error' : ''}">${control(aria)}</div>
  ${errorMessage(o.locale, o.id, o.error)}
</div>`;
}

export function textField(o: TextFieldOptions): Html {
  return field(o, (aria) => html`<input class="input${o.extraClass ? ` ${o.extraClass}` : ''}" id="${o.id}" name="${o.name ?? o.id}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.spellcheck === false ? html` spellcheck="false" autocapitalize="none"` : ''}${aria}>`);
}

export interface TextareaFieldOptions {
  locale: Locale;
  id: string;
  name: string;
  label: string;
  hint?: string;
  value?: string;
  error?: string;
  rows?: number;
  maxlength?: number;
  lang?: Locale;
  /** a page's own class beside `textarea` */
  extraClass?: string;
}

/** A labelled textarea with its hint and error tied to it, like textField(). */
export function textareaField(o: TextareaFieldOptions): Html {
  return field(o, (aria) => html`<textarea class="textarea${o.extraClass ? ` ${o.extraClass}` : ''}" id="${o.id}" name="${o.name}" rows="${o.rows ?? 4}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.lang ? html` lang="${o.lang}"` : ''}${aria}>${o.value ?? ''}</textarea>`);
}

export function csrfField(token: string | undefined): Html {
  return html`<input type="hidden" name="_csrf" value="${token ?? ''}">`;
}

export interface ChoiceFieldOptions {
  locale: Locale;
  id: string;
  name?: string;
  label: string;
  hint?: string;
  value: string;
  /** [value, label] */
  options: readonly (readonly [string, string])[];
  error?: string;
}

/** A labelled select, like textField(). */
export function selectField(o: ChoiceFieldOptions): Html {
  return field(o, (aria) => html`<select class="select" id="${o.id}" name="${o.name ?? o.id}"${aria}>
    ${o.options.map(([value, label]) => html`<option value="${value}"${value === o.value ? html` selected` : ''}>${label}</option>`)}
  </select>`);
}

/**
 * Radio buttons in a fieldset whose legend is the question; the first
 * button's id is `id` (where the error summary leads), the others `id-value`.
 * `after`: HTML shown under one option (a conditional question), keyed by value.
 */
export function radioField(o: ChoiceFieldOptions & { after?: Partial<Record<string, Html>> }): Html {
  const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field-error' : ''}">
  <fieldset class="fieldset"${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
    <legend class="label">${o.label}</legend>
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
    ${errorMessage(o.locale, o.id, o.error)}
    ${o.options.map(([value, label], i) => {
      const id = i === 0 ? o.id : `${o.id}-${value.replace(/[^a-z0-9]+/gi, '-')}`;
      return html`<div class="radio"><input type="radio" id="${id}" name="${o.name ?? o.id}" value="${value}"${value === o.value ? html` checked` : ''}><label for="${id}">${label}</label></div>${o.after?.[value] ?? ''}`;
    })}
  </fieldset>
</div>`;
}

export interface Step {
  label: string;
}

/**
 * KRDS step indicator: where a task takes several pages, the steps by number
 * and name, those before `current` (0-based) done, the current one named so
 * to screen readers (and aria-current="step").
 */
export function stepIndicator(locale: Locale, steps: readonly Step[], current: number): Html {
  const t = (key: Parameters<typeof webMessages.t>[1], vars?: Record<string, string>) => webMessages.t(locale, key, vars);
  return html`<ol class="krds-step-wrap" aria-label="${t('steps_label')}">
  ${steps.map((step, i) => {
    const state = i < current ? 'done' : i === current ? 'active' : '';
    return html`<li${state ? html` class="${state}"` : ''}${i === current ? html` aria-current="step"` : ''}><span>${i === current ? html`<em class="sr-only">${t('step_current')}</em>` : i < current ? html`<em class="sr-only">${t('step_done')}</em>` : ''}<i class="step">${t('step_number', { n: String(i + 1) })}</i> <span class="step-tit">${step.label}</span></span></li>`;
  })}
</ol>`;
}
