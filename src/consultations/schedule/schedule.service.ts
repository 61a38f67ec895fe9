import { z } from 'zod';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { consultationError } from '../consultations.messages.ts';
import {
  listFields,
  loadSettings,
  saveExpert,
  saveField,
  saveSettings,
  type Field,
  type ScheduleSettings,
  type SettingsValues,
} from './schedule.repository.ts';
import { DEFAULT_RULES, minuteLabel, type Window } from './slot-grid.ts';

// A district's consultation schedule: its settings (windows, slot length and
// rules, defaults from the field: Seocho-gu's 10:00–12:00 and 14:00–16:00 in
// 20-minute slots, 7 days' notice, 60 days ahead, changes until 24 hours
// before, reminders 1 day and 1 hour before), its fields, and its experts.

export const DEFAULT_SETTINGS: SettingsValues = {
  slotMinutes: DEFAULT_RULES.slotMinutes,
  minNoticeDays: DEFAULT_RULES.minNoticeDays,
  horizonDays: DEFAULT_RULES.horizonDays,
  changeCutoffHours: 24,
  reminderOffsetsMinutes: [24 * 60, 60],
  holdMinutes: 120,
  windows: DEFAULT_RULES.windows.map((w) => ({ ...w })),
};

/** The five fields of Seocho-gu's Tax Station. */
export const DEFAULT_FIELDS: readonly Field[] = [
  { code: 'acquisition_tax', name: { ko: '취득세', en: 'Acquisition tax' }, position: 1, active: true },
  { code: 'capital_gains_tax', name: { ko: '양도소득세', en: 'Capital gains tax' }, position: 2, active: true },
  { code: 'inheritance_tax', name: { ko: '상속세', en: 'Inheritance tax' }, position: 3, active: true },
  { code: 'gift_tax', name: { ko: '증여세', en: 'Gift tax' }, position: 4, active: true },
  { code: 'national_taxes', name: { ko: '국세 일반', en: 'National taxes' }, position: 5, active: true },
];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const toMinute = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** Settings as the API takes them: windows as 'HH:MM' pairs; every member optional (the current or default value stays). */
export const settingsInput = z.object({
  slotMinutes: z.number().int().min(5).max(240).optional(),
  minNoticeDays: z.number().int().min(0).max(90).optional(),
  horizonDays: z.number().int().min(1).max(366).optional(),
  changeCutoffHours: z.number().int().min(0).max(720).optional(),
  reminderOffsetsMinutes: z.array(z.number().int().min(1).max(40320)).max(4).optional(),
  holdMinutes: z.number().int().min(5).max(2880).optional(),
  windows: z.array(z.object({ start: hhmm, end: hhmm })).min(1).max(6).optional(),
});
export type SettingsInput = z.infer<typeof settingsInput>;

export const settingsView = z.object({
  slotMinutes: z.number().int(),
  minNoticeDays: z.number().int(),
  horizonDays: z.number().int(),
  changeCutoffHours: z.number().int(),
  reminderOffsetsMinutes: z.array(z.number().int()),
  holdMinutes: z.number().int(),
  windows: z.array(z.object({ start: z.string(), end: z.string() })).describe('Seoul wall clock, HH:MM'),
});

export function viewOfSettings(s: ScheduleSettings): z.infer<typeof settingsView> {
  return {
    slotMinutes: s.slotMinutes,
    minNoticeDays: s.minNoticeDays,
    horizonDays: s.horizonDays,
    changeCutoffHours: s.changeCutoffHours,
    reminderOffsetsMinutes: s.reminderOffsetsMinutes,
    holdMinutes: s.holdMinutes,
    windows: s.windows.map((w) => ({ start: minuteLabel(w.start), end: minuteLabel(w.end) })),
  };
}

function checkSettings(s: SettingsValues): void {
  const problems: string[] = [];
  const windows = [...s.windows].sort((a, b) => a.start - b.start);
  for (const [i, w] of windows.entries()) {
    if (w.end <= w.start) problems.push(`window ${minuteLabel(w.start)}–${minuteLabel(w.end)} ends before it starts`);
    else if (w.end - w.start < s.slotMinutes) problems.push(`window ${minuteLabel(w.start)}–${minuteLabel(w.end)} is shorter than one slot`);
    if (i > 0 && w.start < windows[i - 1]!.end) problems.push(`windows overlap at ${minuteLabel(w.start)}`);
  }
  if (s.horizonDays < s.minNoticeDays) problems.push('horizonDays is less than minNoticeDays');
  if (problems.length) throw consultationError(400, 'settings_invalid', { detail: problems.join('; ') });
}

/** The district's settings; consultations_not_offered (404) when the district has none. */
export async function requireSettings(q: Queryable, districtCode: string): Promise<ScheduleSettings> {
  const settings = await loadSettings(q, districtCode);
  if (!settings) throw consultationError(404, 'consultations_not_offered');
  return settings;
}

/** Sets a district's settings: the given members over the current ones (or the defaults, the first time). */
export async function configureConsultations(db: Database, districtCode: string, input: SettingsInput = {}): Promise<ScheduleSettings> {
  const parsed = settingsInput.parse(input);
  return db.transaction(async (tx) => {
    const current = (await loadSettings(tx, districtCode)) ?? { districtCode, ...DEFAULT_SETTINGS };
    const windows: Window[] = parsed.windows ? parsed.windows.map((w) => ({ start: toMinute(w.start), end: toMinute(w.end) })) : current.windows;
    const next: SettingsValues = {
      slotMinutes: parsed.slotMinutes ?? current.slotMinutes,
      minNoticeDays: parsed.minNoticeDays ?? current.minNoticeDays,
      horizonDays: parsed.horizonDays ?? current.horizonDays,
      changeCutoffHours: parsed.changeCutoffHours ?? current.changeCutoffHours,
      reminderOffsetsMinutes: [...new Set(parsed.reminderOffsetsMinutes ?? current.reminderOffsetsMinutes)].sort((a, b) => b - a),
      holdMinutes: parsed.holdMinutes ?? current.holdMinutes,
      windows: windows.sort((a, b) => a.start - b.start),
    };
    checkSettings(next);
    await saveSettings(tx, districtCode, next);
    return { districtCode, ...next };
  });
}

export const fieldInput = z.object({
  nameKo: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  position: z.number().int().min(0).max(1000).default(0),
  active: z.boolean().default(true),
});
export const fieldCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);

export const fieldView = z.object({ code: z.string(), name: z.object({ ko: z.string(), en: z.string() }), position: z.number().int(), active: z.boolean() });

/** Adds or changes a field (a field is never deleted: bookings name it; set active false). */
export async function saveConsultationField(db: Database, districtCode: string, code: string, input: z.input<typeof fieldInput>): Promise<Field> {
  const f = fieldInput.parse(input);
  const field: Field = { code: fieldCode.parse(code), name: { ko: f.nameKo, en: f.nameEn }, position: f.position, active: f.active };
  await requireSettings(db, districtCode);
  await saveField(db, districtCode, field);
  return field;
}

/** Default settings and the five fields, for a district that starts taking bookings (the demo, tests). */
export async function setUpConsultations(db: Database, districtCode: string, input: SettingsInput = {}): Promise<ScheduleSettings> {
  const settings = await configureConsultations(db, districtCode, input);
  for (const f of DEFAULT_FIELDS) {
    if (!(await listFields(db, districtCode)).some((x) => x.code === f.code)) await saveField(db, districtCode, f);
  }
  return settings;
}

export const expertInput = z.object({
  fields: z.array(fieldCode).min(1).max(20),
  weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  active: z.boolean().default(true),
});

export const expertView = z.object({
  id: z.number().int(),
  staffId: z.number().int(),
  name: z.string(),
  active: z.boolean(),
  fields: z.array(z.string()),
  weekdays: z.array(z.number().int()).describe('0 Sunday … 6 Saturday'),
});

const pgCode = (error: unknown) => (typeof error === 'object' && error !== null ? (error as { code?: string; constraint?: string }) : {});

/**
 * Makes a staff account an expert (or changes one): the fields they cover and
 * the weekdays they serve. The database refuses an account that is not a
 * tax expert of this district (staff_not_expert) and an unknown field.
 */
export async function saveConsultationExpert(db: Database, districtCode: string, staffId: number, input: z.input<typeof expertInput>): Promise<number> {
  const e = expertInput.parse(input);
  try {
    return await db.transaction(async (tx) => {
      await requireSettings(tx, districtCode);
      return saveExpert(tx, districtCode, { staffId, active: e.active, fields: [...new Set(e.fields)], weekdays: [...new Set(e.weekdays)] });
    });
  } catch (error) {
    const { code, constraint } = pgCode(error);
    if (code === '23503' && constraint?.includes('consultation_experts')) throw consultationError(422, 'staff_not_expert');
    if (code === '23503') throw consultationError(422, 'field_not_found');
    throw error;
  }
}
