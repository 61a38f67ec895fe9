import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { rowIdSchema } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { addDays, seoulDay } from '../../platform/time/seoul.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { consultationDepsFrom } from '../consultations.deps.ts';
import { blockSlots, liftConsultationBlock, listConsultationBlocks } from '../booking/blocks.service.ts';
import { listBookings } from '../booking/booking.service.ts';
import { listExperts, type Expert } from '../schedule/schedule.repository.ts';
import { requireSettings } from '../schedule/schedule.service.ts';
import { minuteLabel, seoulInstant, slotMinutesOfDay } from '../schedule/slot-grid.ts';
import { consoleFormat, SCHEDULE_ROLES, sendHtml } from './consultations-console.layout.ts';
import { staffActor } from '../consultations.http.ts';
import { blockCheckPage, blocksPage, BLOCKS_PATH, EMPTY_BLOCK_FORM, type BlockForm } from './blocks.view.ts';

// Blocking a time or a day: the form, its check step (how many bookings it
// touches, what happens to them), then the engine's blockSlots, which gives
// each booking another free expert or cancels it, tells the resident and
// offers other times, all in one transaction. Lifting a block is one button.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const lang = z.enum(['ko', 'en']).optional();
const count = z.coerce.number().int().min(0).max(100_000).optional();

const blockBody = z.object({
  _csrf: z.string().optional(),
  step: z.string().max(10).optional(),
  expert: z.string().max(20).optional(),
  day: z.string().max(20).optional(),
  scope: z.string().max(10).optional(),
  time: z.string().max(10).optional(),
  reason: z.string().max(5000).optional(),
});

interface CheckedBlock {
  expertId: number | null;
  day: string;
  /** Set for one time; null for the whole day. */
  slotStart: Date | null;
  reason: string;
}

export const blockPageRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = consultationDepsFrom(appDeps);
  const write = guard(SCHEDULE_ROLES);

  async function loaded(districtCode: string): Promise<{ experts: Expert[]; times: string[]; minutes: number[] }> {
    const settings = await requireSettings(deps.db, districtCode);
    // The weekday grid's times and, where the district has one, the in-person day's.
    const inPerson = settings.inPerson?.enabled ? slotMinutesOfDay({ windows: settings.inPerson.windows, slotMinutes: settings.slotMinutes }) : [];
    const minutes = [...new Set([...slotMinutesOfDay(settings), ...inPerson])].sort((a, b) => a - b);
    return { experts: await listExperts(deps.db, districtCode), times: minutes.map(minuteLabel), minutes };
  }

  async function renderBlocks(request: FastifyRequest, reply: FastifyReply, form: BlockForm, extra: { flash?: string | null; errors?: FieldError[] } = {}, status = 200) {
    const district = request.staff!.districtCode;
    const today = seoulDay(deps.clock());
    const { experts, times } = await loaded(district);
    const blocks = await listConsultationBlocks(deps, district, today, addDays(today, 365));
    return sendHtml(reply, blocksPage(request, { blocks, experts, times, form, ...extra }), status);
  }

  async function checkBlock(request: FastifyRequest, form: BlockForm): Promise<{ ok: CheckedBlock } | { errors: FieldError[] }> {
    const t = consoleFormat(request.locale).t;
    const { experts, times, minutes } = await loaded(request.staff!.districtCode);
    const errors: FieldError[] = [];
    const expert = experts.find((e) => String(e.id) === form.expert);
    if (form.expert && !expert) errors.push({ field: 'block-expert', message: t('err_block_expert') });
    const day = form.day.trim();
    const dayOk = DAY.test(day) && !Number.isNaN(Date.parse(day));
    if (!dayOk) errors.push({ field: 'block-day', message: t('err_day') });
    else if (day < seoulDay(deps.clock())) errors.push({ field: 'block-day', message: t('err_block_past') });
    if (form.scope !== 'day' && form.scope !== 'slot') errors.push({ field: 'block-scope', message: t('err_block_scope') });
    const timeIndex = times.indexOf(form.time);
    if (form.scope === 'slot' && timeIndex < 0) errors.push({ field: 'block-time', message: t('err_block_time') });
    const reason = form.reason.trim();
    if (!reason || reason.length > 500) errors.push({ field: 'block-reason', message: t('err_block_reason') });
    if (errors.length) return { errors };
    return { ok: { expertId: expert?.id ?? null, day, slotStart: form.scope === 'slot' ? seoulInstant(day, minutes[timeIndex]!) : null, reason } };
  }

  const formOf = (b: z.infer<typeof blockBody>): BlockForm => ({
    expert: b.expert ?? '', day: b.day ?? '', scope: b.scope ?? '', time: b.scope === 'slot' ? (b.time ?? '') : '', reason: b.reason ?? '',
  });

  app.get(BLOCKS_PATH, {
    preValidation: write,
    schema: { hide: true, querystring: z.object({ lang, blocked: z.literal('1').optional(), reassigned: count, cancelled: count, lifted: z.literal('1').optional() }) },
  }, async (request, reply) => {
    const q = request.query;
    const t = consoleFormat(request.locale).t;
    const flash = q.blocked ? t('flash_blocked', { reassigned: q.reassigned ?? 0, cancelled: q.cancelled ?? 0 }) : q.lifted ? t('flash_lifted') : null;
    return renderBlocks(request, reply, EMPTY_BLOCK_FORM, { flash });
  });

  app.post(`${BLOCKS_PATH}/check`, { preValidation: write, schema: { hide: true, querystring: z.object({ lang }), body: blockBody } }, async (request, reply) => {
    const form = formOf(request.body);
    if (request.body.step === 'edit') return renderBlocks(request, reply, form);
    const checked = await checkBlock(request, form);
    if ('errors' in checked) return renderBlocks(request, reply, form, { errors: checked.errors }, 400);
    const c = checked.ok;
    const district = request.staff!.districtCode;
    const under = (await listBookings(deps, { districtCode: district, from: c.day, to: c.day, expertId: c.expertId ?? undefined, states: ['booked', 'moved', 'held'] }))
      .filter((b) => !c.slotStart || new Date(b.start).getTime() === c.slotStart.getTime());
    const { experts } = await loaded(district);
    return sendHtml(reply, blockCheckPage(request, {
      form, experts, affected: under.filter((b) => b.state !== 'held').length, holds: under.filter((b) => b.state === 'held').length,
    }));
  });

  app.post(BLOCKS_PATH, { preValidation: write, schema: { hide: true, querystring: z.object({ lang }), body: blockBody } }, async (request, reply) => {
    const form = formOf(request.body);
    const checked = await checkBlock(request, form);
    if ('errors' in checked) return renderBlocks(request, reply, form, { errors: checked.errors }, 400);
    const c = checked.ok;
    let result: Awaited<ReturnType<typeof blockSlots>>;
    try {
      result = await blockSlots(deps, {
        expertId: c.expertId, ...(c.slotStart ? { slotStart: c.slotStart.toISOString() } : { day: c.day }), reason: c.reason,
      }, staffActor(request));
    } catch (error) {
      // A time of the in-person day's grid on another day, say: the engine's words, on the time.
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return renderBlocks(request, reply, form, { errors: [{ field: c.slotStart ? 'block-time' : 'block-expert', message: error.localized(request.locale) }] }, error.status);
    }
    return reply.redirect(`${BLOCKS_PATH}?lang=${request.locale}&blocked=1&reassigned=${result.reassigned.length}&cancelled=${result.cancelled.length}`, 303);
  });

  app.post(`${BLOCKS_PATH}/:id/lift`, {
    preValidation: write,
    schema: { hide: true, params: z.object({ id: rowIdSchema }), querystring: z.object({ lang }), body: z.object({ _csrf: z.string().optional() }) },
  }, async (request, reply) => {
    await liftConsultationBlock(deps, request.params.id, staffActor(request));
    return reply.redirect(`${BLOCKS_PATH}?lang=${request.locale}&lifted=1`, 303);
  });
};
