import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { ZodApp } from '../../platform/http/routes.ts';
import type { FieldError } from '../../platform/web/components.ts';
import type { ConsultationDeps } from '../consultations.deps.ts';
import { SCHEDULE_ROLES } from '../consultations.http.ts';
import { configureInPersonDay, getInPersonDay, type InPersonInput } from '../in-person/in-person.service.ts';
import { listExperts } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { sendHtml } from '../console/consultations-console.layout.ts';
import { sessionsConsoleMessages as m } from './sessions-console.messages.ts';
import { IN_PERSON_PATH, IN_PERSON_TEXT_FIELDS, inPersonPage, type InPersonForm } from './in-person.view.ts';

// The in-person day's page for officials: GET shows it and the form, POST
// checks each value (every refusal naming its control in both languages)
// and sets it through configureInPersonDay, as PUT /api/consultations/in-person.

const lang = z.enum(['ko', 'en']).optional();
const text = z.string().max(400).optional();
const WINDOW = /^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$/;
const minuteOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

export function readInPersonForm(request: FastifyRequest, form: InPersonForm, slotMinutes: number, expertIds: ReadonlySet<number>): { input: InPersonInput } | { errors: FieldError[] } {
  const t = (key: Parameters<typeof m.t>[1], vars?: Record<string, string | number>) => m.t(request.locale, key, vars);
  const errors: FieldError[] = [];
  for (const [key, id, label] of IN_PERSON_TEXT_FIELDS) {
    const v = form[key].trim();
    if (!v || v.length > (key.startsWith('address') ? 300 : 200)) errors.push({ field: id, message: t('err_required', { label: t(label) }) });
  }
  const parts = form.windows.split(',').map((w) => w.trim()).filter(Boolean);
  const windows: { start: string; end: string }[] = [];
  for (const part of parts) {
    const x = WINDOW.exec(part);
    if (!x) break;
    const start = `${x[1]!.padStart(2, '0')}:${x[2]}`;
    const end = `${x[3]!.padStart(2, '0')}:${x[4]}`;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(start) || !/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(end)) break;
    windows.push({ start, end });
  }
  if (parts.length === 0 || parts.length > 6 || windows.length !== parts.length) errors.push({ field: 'windows', message: t('err_windows') });
  else {
    const sorted = [...windows].sort((a, b) => minuteOf(a.start) - minuteOf(b.start));
    if (sorted.some((w, i) => minuteOf(w.end) - minuteOf(w.start) < slotMinutes || (i > 0 && minuteOf(w.start) < minuteOf(sorted[i - 1]!.end)))) {
      errors.push({ field: 'windows', message: t('err_windows_order', { minutes: slotMinutes }) });
    }
  }
  if (form.expertIds.length === 0 || form.expertIds.some((id) => !expertIds.has(id))) errors.push({ field: 'experts', message: t('err_experts') });
  if (errors.length) return { errors };
  return {
    input: {
      enabled: form.enabled, placeNameKo: form.placeNameKo.trim(), placeNameEn: form.placeNameEn.trim(), addressKo: form.addressKo.trim(), addressEn: form.addressEn.trim(),
      windows, expertIds: form.expertIds,
    },
  };
}

export function inPersonPageRoutes(app: ZodApp, deps: ConsultationDeps): void {
  const dayOf = async (district: string) => {
    try {
      return await getInPersonDay(deps, district);
    } catch (error) {
      if (error instanceof AppError && error.code === 'in_person_not_offered') return null;
      throw error;
    }
  };
  async function render(request: FastifyRequest, reply: FastifyReply, extra: { form?: InPersonForm; errors?: FieldError[]; flash?: string | null } = {}, status = 200) {
    const district = request.staff!.districtCode;
    const [day, experts] = await Promise.all([dayOf(district), listExperts(deps.db, district, { activeOnly: true })]);
    return sendHtml(reply, inPersonPage(request, { day, experts, ...extra }), status);
  }

  app.get(IN_PERSON_PATH, { preValidation: guard(SCHEDULE_ROLES), schema: { hide: true, querystring: z.object({ lang, saved: z.literal('1').optional() }) } }, async (request, reply) =>
    render(request, reply, { flash: request.query.saved ? m.t(request.locale, 'saved') : null }));

  app.post(IN_PERSON_PATH, {
    preValidation: guard(SCHEDULE_ROLES),
    schema: {
      hide: true, querystring: z.object({ lang }),
      body: z.object({
        _csrf: z.string().optional(), enabled: z.string().max(5).optional(), placeNameKo: text, placeNameEn: text, addressKo: text, addressEn: text, windows: text,
        expertIds: z.union([z.string().max(20), z.array(z.string().max(20)).max(100)]).optional(),
      }),
    },
  }, async (request, reply) => {
    const b = request.body;
    const ids = (Array.isArray(b.expertIds) ? b.expertIds : b.expertIds ? [b.expertIds] : []).map((x) => (/^\d{1,12}$/.test(x) ? Number(x) : -1));
    const form: InPersonForm = {
      enabled: b.enabled === '1', placeNameKo: b.placeNameKo ?? '', placeNameEn: b.placeNameEn ?? '', addressKo: b.addressKo ?? '', addressEn: b.addressEn ?? '', windows: b.windows ?? '', expertIds: ids,
    };
    const district = request.staff!.districtCode;
    const [settings, experts] = await Promise.all([requireSettings(deps.db, district), listExperts(deps.db, district)]);
    const read = readInPersonForm(request, form, settings.slotMinutes, new Set(experts.map((e) => e.id)));
    if ('errors' in read) return render(request, reply, { form, errors: read.errors }, 400);
    try {
      await configureInPersonDay(deps, district, read.input);
    } catch (error) {
      // The form's own checks match the engine's; this is the engine's word should they ever differ.
      if (!(error instanceof AppError) || !['in_person_invalid', 'in_person_expert_unknown'].includes(error.code)) throw error;
      const field = error.code === 'in_person_invalid' ? 'windows' : 'experts';
      return render(request, reply, { form, errors: [{ field, message: field === 'windows' ? m.t(request.locale, 'err_windows_order', { minutes: settings.slotMinutes }) : m.t(request.locale, 'err_experts') }] }, 400);
    }
    return reply.redirect(`${IN_PERSON_PATH}?lang=${request.locale}&saved=1`, 303);
  });
}
