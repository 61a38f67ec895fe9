import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  changedFields,
  fieldErrorsOf,
  many,
  one,
  recordSettingsChange,
  type SectionValues,
  type SettingsSection,
} from '../../platform/district-settings/district-settings.section.ts';
import { textareaField, textField } from '../../platform/web/components.ts';
import { html } from '../../platform/web/html.ts';
import { seoulDay } from '../../platform/time/seoul.ts';
import { getRetentionForDesk, setRetentionForDesk } from '../retention/retention.repository.ts';
import { DESK_RETENTION_DAYS_MAX, DESK_RETENTION_DAYS_MIN } from '../retention/retention.schema.ts';
import type { HoursRow } from './business-hours.ts';
import { closedDaysFrom, districtHours, ownOutOfHoursMessage, setClosedDaysFrom, setDistrictHours, setOutOfHoursMessage } from './business-hours.repository.ts';
import { deskHoursMessages as m, type DeskHoursMessageKey } from './desk-hours.messages.ts';

// The desk's section of the district settings page: its weekly hours (one or
// two opening windows a day), the district's own closed days, the message
// residents see when it is closed, and how long the desk keeps what they
// wrote. The desk had no page for these before; its repository
// (business-hours.repository.ts, retention/retention.repository.ts) is what
// this section writes through, and deskOpenState reads the same rows at
// every conversation, so a change applies at once.

/** Monday first, as an office's week is read. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;
const SLOTS = ['o1', 'c1', 'o2', 'c2'] as const;
const BLANK_CLOSED_ROWS = 3;
const MAX_CLOSED_ROWS = 100;

const time = z.string().trim().regex(/^(([01]\d|2[0-3]):[0-5]\d)?$/, 'time_invalid');
const daySchema = z
  .object({ o1: time, c1: time, o2: time, c2: time })
  .superRefine((d, ctx) => {
    const pair = (o: 'o1' | 'o2', c: 'c1' | 'c2') => {
      if ((d[o] === '') !== (d[c] === '')) ctx.addIssue({ code: 'custom', path: [d[o] === '' ? o : c], message: 'time_pair' });
      else if (d[o] && d[c] && d[o] >= d[c]) ctx.addIssue({ code: 'custom', path: [c], message: 'time_order' });
    };
    pair('o1', 'c1');
    pair('o2', 'c2');
    if (d.o2 && (!d.c1 || d.o2 < d.c1)) ctx.addIssue({ code: 'custom', path: ['o2'], message: 'time_second_after_first' });
  });
const days = z.string().trim().regex(/^\d{1,5}$/, 'retention_invalid').transform(Number).pipe(z.number().min(DESK_RETENTION_DAYS_MIN, 'retention_invalid').max(DESK_RETENTION_DAYS_MAX, 'retention_invalid'));

function formSchema(today: string) {
  const closedRow = z
    .object({ day: z.string().trim(), reason: z.string().trim().max(200, 'closed_reason_required') })
    .superRefine((r, ctx) => {
      if (r.day === '' && r.reason === '') return;
      if (r.day === '') ctx.addIssue({ code: 'custom', path: ['day'], message: 'closed_day_required' });
      else if (!/^\d{4}-\d{2}-\d{2}$/.test(r.day) || Number.isNaN(Date.parse(`${r.day}T00:00:00Z`)) || new Date(`${r.day}T00:00:00Z`).toISOString().slice(0, 10) !== r.day) {
        ctx.addIssue({ code: 'custom', path: ['day'], message: 'closed_day_invalid' });
      } else if (r.day < today) ctx.addIssue({ code: 'custom', path: ['day'], message: 'closed_day_past' });
      if (r.day !== '' && r.reason === '') ctx.addIssue({ code: 'custom', path: ['reason'], message: 'closed_reason_required' });
    });
  return z
    .object({
      week: z.array(daySchema).length(WEEK.length),
      closed: z.array(closedRow).max(MAX_CLOSED_ROWS, 'invalid'),
      outOfHoursKo: z.string().trim().max(1000, 'out_of_hours_too_long'),
      outOfHoursEn: z.string().trim().max(1000, 'out_of_hours_too_long'),
      chatDays: days,
      attachmentDays: days,
      offlineDays: days,
    })
    .superRefine((v, ctx) => {
      // No hours at all would read as "never set" (the default hours): a desk that never opens is switched off elsewhere.
      if (v.week.every((d) => d.o1 === '' && d.o2 === '')) ctx.addIssue({ code: 'custom', path: ['week', 0, 'o1'], message: 'week_empty' });
      const seen = new Set<string>();
      v.closed.forEach((r, i) => {
        if (r.day === '') return;
        if (seen.has(r.day)) ctx.addIssue({ code: 'custom', path: ['closed', i, 'day'], message: 'closed_day_twice' });
        seen.add(r.day);
      });
      if ((v.outOfHoursKo === '') !== (v.outOfHoursEn === '')) {
        ctx.addIssue({ code: 'custom', path: [v.outOfHoursKo === '' ? 'outOfHoursKo' : 'outOfHoursEn'], message: 'out_of_hours_both' });
      }
    });
}

type Week = { o1: string; c1: string; o2: string; c2: string }[];
interface FormValues {
  week: Week;
  closed: { day: string; reason: string }[];
  outOfHoursKo: string;
  outOfHoursEn: string;
  chatDays: string;
  attachmentDays: string;
  offlineDays: string;
}

const slotName = (weekday: number, slot: string) => `d${weekday}${slot}`;
const id = (name: string) => `desk-${name}`;

function weekOf(hours: readonly HoursRow[]): Week {
  return WEEK.map((weekday) => {
    const rows = hours.filter((h) => h.weekday === weekday).sort((a, b) => a.opens.localeCompare(b.opens));
    return { o1: rows[0]?.opens ?? '', c1: rows[0]?.closes ?? '', o2: rows[1]?.opens ?? '', c2: rows[1]?.closes ?? '' };
  });
}

function postedForm(body: SectionValues): FormValues {
  const dayValues = many(body, 'closedDay');
  const reasons = many(body, 'closedReason');
  return {
    week: WEEK.map((weekday) => Object.fromEntries(SLOTS.map((s) => [s, one(body, slotName(weekday, s))])) as Week[number]),
    closed: Array.from({ length: Math.max(dayValues.length, reasons.length) }, (_, i) => ({ day: dayValues[i] ?? '', reason: reasons[i] ?? '' })),
    outOfHoursKo: one(body, 'outOfHoursKo'),
    outOfHoursEn: one(body, 'outOfHoursEn'),
    chatDays: one(body, 'chatDays'),
    attachmentDays: one(body, 'attachmentDays'),
    offlineDays: one(body, 'offlineDays'),
  };
}

/** Where an issue's path points on the form. */
function fieldOf(path: readonly PropertyKey[]): string {
  if (path[0] === 'week') return id(slotName(WEEK[Number(path[1])] ?? 1, String(path[2] ?? 'o1')));
  if (path[0] === 'closed') return id(`${path[2] === 'reason' ? 'closedReason' : 'closedDay'}-${Number(path[1] ?? 0) + 1}`);
  return id(String(path[0]));
}

/** Hours as the audit log keeps them: "1 09:00-12:00 13:00-18:00" per open weekday. */
function hoursAudit(week: Week): string[] {
  return WEEK.flatMap((weekday, i) => {
    const d = week[i]!;
    const windows = [d.o1 && `${d.o1}-${d.c1}`, d.o2 && `${d.o2}-${d.c2}`].filter(Boolean);
    return windows.length ? [`${weekday} ${windows.join(' ')}`] : [];
  });
}

/**
 * Free texts (a closed day's reason, the out-of-hours message) may hold
 * anything a person typed: the audit log keeps their length and a short
 * fingerprint, so a change is seen without the text.
 */
function textAudit(text: string | null): string | null {
  return text === null ? null : `${[...text].length} characters, sha256 ${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

/** The desk's settings as the audit log keeps them. */
function audited(s: { week: Week; closed: { day: string; reason: string }[]; message: { ko: string; en: string } | null; retention: { chatDays: number; attachmentDays: number; offlineDays: number } }) {
  return {
    hours: hoursAudit(s.week),
    closedDays: s.closed.map((r) => `${r.day} (${textAudit(r.reason)})`),
    outOfHoursMessage: s.message ? { ko: textAudit(s.message.ko), en: textAudit(s.message.en) } : 'standard',
    ...s.retention,
  };
}

export const deskHoursSection: SettingsSection = {
  id: 'desk',
  title: m.both('title'),
  intro: m.both('intro'),

  async fields(ctx, state) {
    const locale = ctx.request.locale;
    const db = ctx.deps.db;
    const today = seoulDay(ctx.deps.clock?.() ?? new Date());
    let v: FormValues;
    if (state.posted) v = postedForm(state.posted);
    else {
      const own = await ownOutOfHoursMessage(db, ctx.districtCode);
      const retention = await getRetentionForDesk(db, ctx.districtCode);
      v = {
        week: weekOf(await districtHours(db, ctx.districtCode)),
        closed: await closedDaysFrom(db, ctx.districtCode, today),
        outOfHoursKo: own?.ko ?? '',
        outOfHoursEn: own?.en ?? '',
        chatDays: String(retention.chatDays),
        attachmentDays: String(retention.attachmentDays),
        offlineDays: String(retention.offlineDays),
      };
    }
    const closedRows = [...v.closed.filter((r) => r.day !== '' || r.reason !== ''), ...Array.from({ length: BLANK_CLOSED_ROWS }, () => ({ day: '', reason: '' }))];
    const error = (fieldId: string) => state.errors.find((e) => e.field === fieldId)?.message;
    const t = (key: DeskHoursMessageKey, vars?: Record<string, string | number>) => m.t(locale, key, vars);
    const slotLabels: Record<(typeof SLOTS)[number], DeskHoursMessageKey> = { o1: 'opens', c1: 'closes', o2: 'opens_again', c2: 'closes_again' };

    return html`<div class="field">
  <fieldset class="fieldset" aria-describedby="${id('weekly')}-hint">
    <legend class="label">${t('weekly_legend')}</legend>
    <p class="hint" id="${id('weekly')}-hint">${t('weekly_hint')}</p>
    ${WEEK.map((weekday, i) => {
      const day = v.week[i]!;
      return html`<fieldset class="fieldset">
      <legend>${t(`weekday_${weekday}` as DeskHoursMessageKey)}</legend>
      <div class="field-row">${SLOTS.map((slot) => {
        const name = slotName(weekday, slot);
        return textField({ locale, id: id(name), name, label: t(slotLabels[slot]), type: 'time', value: day[slot], error: error(id(name)), extraClass: 'input-narrow' });
      })}</div>
    </fieldset>`;
    })}
  </fieldset>
</div>
<div class="field">
  <fieldset class="fieldset" aria-describedby="${id('closed')}-hint">
    <legend class="label">${t('closed_legend')}</legend>
    <p class="hint" id="${id('closed')}-hint">${t('closed_hint')}</p>
    ${closedRows.map((row, i) => {
      const n = i + 1;
      return html`<div class="field-row">
      ${textField({ locale, id: id(`closedDay-${n}`), name: 'closedDay', label: t('closed_day', { n }), type: 'date', value: row.day, error: error(id(`closedDay-${n}`)), extraClass: 'input-narrow' })}
      ${textField({ locale, id: id(`closedReason-${n}`), name: 'closedReason', label: t('closed_reason', { n }), value: row.reason, error: error(id(`closedReason-${n}`)), maxlength: 200 })}
    </div>`;
    })}
  </fieldset>
</div>
${textareaField({ locale, id: id('outOfHoursKo'), name: 'outOfHoursKo', label: t('out_of_hours_ko'), hint: t('out_of_hours_hint'), value: v.outOfHoursKo, error: error(id('outOfHoursKo')), lang: 'ko', rows: 3, maxlength: 1000 })}
${textareaField({ locale, id: id('outOfHoursEn'), name: 'outOfHoursEn', label: t('out_of_hours_en'), hint: t('out_of_hours_hint'), value: v.outOfHoursEn, error: error(id('outOfHoursEn')), lang: 'en', rows: 3, maxlength: 1000 })}
<div class="field">
  <fieldset class="fieldset" aria-describedby="${id('retention')}-hint">
    <legend class="label">${t('retention_legend')}</legend>
    <p class="hint" id="${id('retention')}-hint">${t('retention_hint')}</p>
    ${(
      [
        ['chatDays', 'retention_chat'],
        ['attachmentDays', 'retention_attachments'],
        ['offlineDays', 'retention_offline'],
      ] as const
    ).map(([name, label]) => textField({ locale, id: id(name), name, label: t(label), value: v[name], error: error(id(name)), inputmode: 'numeric', extraClass: 'input-narrow', autocomplete: 'off', maxlength: 5 }))}
  </fieldset>
</div>`;
  },

  async save(ctx, body) {
    const locale = ctx.request.locale;
    const today = seoulDay(ctx.deps.clock?.() ?? new Date());
    const parsed = formSchema(today).safeParse(postedForm(body));
    if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error.issues, locale, m, fieldOf, 'invalid') };
    const f = parsed.data;
    const hours: HoursRow[] = WEEK.flatMap((weekday, i) => {
      const d = f.week[i]!;
      return [
        ...(d.o1 ? [{ weekday, opens: d.o1, closes: d.c1 }] : []),
        ...(d.o2 ? [{ weekday, opens: d.o2, closes: d.c2 }] : []),
      ];
    });
    const closed = f.closed.filter((r) => r.day !== '').sort((a, b) => a.day.localeCompare(b.day));
    const message = f.outOfHoursKo ? { ko: f.outOfHoursKo, en: f.outOfHoursEn } : null;
    const retention = { chatDays: f.chatDays, attachmentDays: f.attachmentDays, offlineDays: f.offlineDays };
    const changed = await ctx.deps.db.transaction(async (tx) => {
      const before = {
        week: weekOf(await districtHours(tx, ctx.districtCode)),
        closed: await closedDaysFrom(tx, ctx.districtCode, today),
        message: await ownOutOfHoursMessage(tx, ctx.districtCode),
        retention: await getRetentionForDesk(tx, ctx.districtCode),
      };
      const after = { week: weekOf(hours), closed, message, retention };
      const differs = (part: keyof typeof before) => JSON.stringify(before[part]) !== JSON.stringify(after[part]);
      if (differs('week')) await setDistrictHours(tx, ctx.districtCode, hours);
      if (differs('closed')) await setClosedDaysFrom(tx, ctx.districtCode, today, closed);
      if (differs('message')) await setOutOfHoursMessage(tx, ctx.districtCode, message);
      if (differs('retention')) await setRetentionForDesk(tx, ctx.districtCode, retention);
      return recordSettingsChange(tx, { districtCode: ctx.districtCode, staffId: ctx.staffId, section: 'desk', changes: changedFields(audited(before), audited(after)) });
    });
    return { ok: true, changed };
  },
};
