import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import { listExperts, listFields } from '../schedule/schedule.repository.ts';
import { configureConsultations, requireSettings, type SettingsInput } from '../schedule/schedule.service.ts';
import { consoleFormat, SCHEDULE_ROLES, SETTINGS_WRITE_ROLES, sendHtml } from './consultations-console.layout.ts';
import { settingsPage, SETTINGS_PATH, type SettingsForm } from './settings.view.ts';

// The schedule's settings, fields and experts for officials; administrators
// change the settings (as PUT /api/consultations/settings does), each value
// checked here first so that every refusal names its control in both
// languages.

const lang = z.enum(['ko', 'en']).optional();
const text = z.string().max(500).optional();

const WINDOW = /^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$/;
const hhmm = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;
const minuteOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** The form read as the engine's settings input; errors name the controls. */
export function readSettingsForm(form: SettingsForm, t: ReturnType<typeof consoleFormat>['t']): { input: SettingsInput } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const int = (id: string, value: string, min: number, max: number): number => {
    const v = value.trim();
    const n = Number(v);
    if (!/^\d{1,6}$/.test(v) || n < min || n > max) {
      errors.push({ field: id, message: t('err_number', { min, max }) });
      return NaN;
    }
    return n;
  };
  const slotMinutes = int('slot-minutes', form.slotMinutes, 5, 240);
  const minNoticeDays = int('min-notice-days', form.minNoticeDays, 0, 90);
  const horizonDays = int('horizon-days', form.horizonDays, 1, 366);
  const changeCutoffHours = int('change-cutoff-hours', form.changeCutoffHours, 0, 720);
  const holdMinutes = int('hold-minutes', form.holdMinutes, 5, 2880);
  if (!Number.isNaN(minNoticeDays) && !Number.isNaN(horizonDays) && horizonDays < minNoticeDays) errors.push({ field: 'horizon-days', message: t('err_horizon_notice') });

  const parts = form.windows.split(',').map((w) => w.trim()).filter(Boolean);
  const windows: { start: string; end: string }[] = [];
  for (const part of parts) {
    const m = WINDOW.exec(part);
    if (!m) break;
    const start = hhmm(m[1]!, m[2]!);
    const end = hhmm(m[3]!, m[4]!);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(start) || !/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(end)) break;
    windows.push({ start, end });
  }
  if (parts.length === 0 || parts.length > 6 || windows.length !== parts.length) errors.push({ field: 'windows', message: t('err_windows') });
  else {
    const sorted = [...windows].sort((a, b) => minuteOf(a.start) - minuteOf(b.start));
    const bad = sorted.some((w, i) =>
      minuteOf(w.end) <= minuteOf(w.start)
      || (!Number.isNaN(slotMinutes) && minuteOf(w.end) - minuteOf(w.start) < slotMinutes)
      || (i > 0 && minuteOf(w.start) < minuteOf(sorted[i - 1]!.end)));
    if (bad) errors.push({ field: 'windows', message: t('err_windows_order') });
  }

  const offsets = form.reminderOffsetsMinutes.split(',').map((x) => x.trim()).filter(Boolean);
  if (offsets.length > 4 || offsets.some((x) => !/^\d{1,5}$/.test(x) || Number(x) < 1 || Number(x) > 40320)) {
    errors.push({ field: 'reminder-offsets', message: t('err_reminders') });
  }
  if (errors.length) return { errors };
  return { input: { windows, slotMinutes, minNoticeDays, horizonDays, changeCutoffHours, holdMinutes, reminderOffsetsMinutes: offsets.map(Number) } };
}

export const settingsPageRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);

  async function render(request: FastifyRequest, reply: FastifyReply, extra: { form?: SettingsForm; flash?: string | null; errors?: FieldError[] } = {}, status = 200) {
    const district = request.staff!.districtCode;
    const [settings, fields, experts] = await Promise.all([requireSettings(deps.db, district), listFields(deps.db, district), listExperts(deps.db, district)]);
    return sendHtml(reply, settingsPage(request, { settings, fields, experts, canEdit: SETTINGS_WRITE_ROLES.includes(request.staff!.role), ...extra }), status);
  }

  app.get(SETTINGS_PATH, {
    preValidation: guard(SCHEDULE_ROLES),
    schema: { hide: true, querystring: z.object({ lang, saved: z.literal('1').optional() }) },
  }, async (request, reply) => render(request, reply, { flash: request.query.saved ? consoleFormat(request.locale).t('flash_saved') : null }));

  app.post(SETTINGS_PATH, {
    preValidation: guard(SETTINGS_WRITE_ROLES),
    schema: {
      hide: true, querystring: z.object({ lang }),
      body: z.object({ _csrf: z.string().optional(), windows: text, slotMinutes: text, minNoticeDays: text, horizonDays: text, changeCutoffHours: text, reminderOffsetsMinutes: text, holdMinutes: text }),
    },
  }, async (request, reply) => {
    const b = request.body;
    const form: SettingsForm = {
      windows: b.windows ?? '', slotMinutes: b.slotMinutes ?? '', minNoticeDays: b.minNoticeDays ?? '', horizonDays: b.horizonDays ?? '',
      changeCutoffHours: b.changeCutoffHours ?? '', reminderOffsetsMinutes: b.reminderOffsetsMinutes ?? '', holdMinutes: b.holdMinutes ?? '',
    };
    const read = readSettingsForm(form, consoleFormat(request.locale).t);
    if ('errors' in read) return render(request, reply, { form, errors: read.errors }, 400);
    try {
      await configureConsultations(deps.db, request.staff!.districtCode, read.input);
    } catch (error) {
      // The form's own checks match the engine's; this is the engine's word should they ever differ.
      if (!(error instanceof AppError) || error.code !== 'settings_invalid') throw error;
      return render(request, reply, { form, errors: [{ field: 'windows', message: consoleFormat(request.locale).t('err_windows_order') }] }, 400);
    }
    return reply.redirect(`${SETTINGS_PATH}?lang=${request.locale}&saved=1`, 303);
  });
};
