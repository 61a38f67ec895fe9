import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { guideDepsFrom } from '../guide.deps.ts';
import { calendarMessages } from './calendar.messages.ts';
import { calendarItems, hasOwnItems } from './calendar.repository.ts';
import { removeItem, saveItem, type ItemForm } from './calendar-console.service.ts';
import { CALENDAR_CONSOLE_PATH, calendarConsolePage, EMPTY_FORM, FIELD_IDS, formOf } from './calendar-console.view.ts';

// /console/guide/calendar: tax officials and administrators keep their
// district's schedule (the district comes from the session, never the form).

const ROLES = ['tax_official', 'admin'] as const;
const text = (max: number) => z.string().max(max).optional().default('');
const itemBody = z.object({ code: text(60), month: text(5), opensDay: text(5), dueDay: text(5), titleKo: text(200), titleEn: text(200), detailKo: text(1000), detailEn: text(1000) }).passthrough();
const codeParams = z.object({ code: z.string().max(60) });
const query = z.object({ lang: z.enum(['ko', 'en']).optional(), edit: z.string().max(60).optional(), done: z.enum(['saved', 'deleted']).optional() });

export const calendarConsoleRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = guideDepsFrom(appDeps);
  type Shown = { form?: ItemForm; editing?: string | null; errors?: FieldError[]; flash?: 'saved' | 'deleted' | null; status?: number };
  const send = async (request: FastifyRequest, reply: FastifyReply, o: Shown) => {
    const district = request.staff!.districtCode;
    const page = calendarConsolePage(request, {
      items: await calendarItems(deps.db, district), own: await hasOwnItems(deps.db, district),
      form: o.form ?? EMPTY_FORM, editing: o.editing ?? null, errors: o.errors ?? [], flash: o.flash ?? null,
    });
    return reply.code(o.status ?? 200).type('text/html; charset=utf-8').send(page);
  };
  const save = async (request: FastifyRequest, reply: FastifyReply, form: ItemForm, editing: string | null) => {
    const problems = await saveItem(deps, request.staff!, form, editing);
    if (problems.length === 0) return reply.redirect(`${CALENDAR_CONSOLE_PATH}?done=saved&lang=${request.locale}`, 303);
    const errors = problems.map((p) => ({ field: FIELD_IDS[p.field], message: calendarMessages.t(request.locale, p.key) }));
    return send(request, reply, { form: { ...form, ...(editing ? { code: editing } : {}) }, editing, errors, status: problems.some((p) => p.key === 'e_code_taken') ? 409 : 400 });
  };

  app.get(CALENDAR_CONSOLE_PATH, { schema: { hide: true, querystring: query }, preValidation: guard(ROLES) }, async (request, reply) => {
    const editing = request.query.edit ? (await calendarItems(deps.db, request.staff!.districtCode)).find((i) => i.code === request.query.edit) ?? null : null;
    return send(request, reply, { form: editing ? formOf(editing) : EMPTY_FORM, editing: editing?.code ?? null, flash: request.query.done ?? null });
  });

  app.post(CALENDAR_CONSOLE_PATH, { schema: { hide: true, querystring: query, body: itemBody }, preValidation: guard(ROLES) }, (request, reply) => save(request, reply, request.body, null));

  app.post(`${CALENDAR_CONSOLE_PATH}/:code`, { schema: { hide: true, params: codeParams, querystring: query, body: itemBody }, preValidation: guard(ROLES) }, (request, reply) =>
    save(request, reply, request.body, request.params.code));

  app.post(`${CALENDAR_CONSOLE_PATH}/:code/delete`, { schema: { hide: true, params: codeParams, querystring: query, body: z.object({}).passthrough() }, preValidation: guard(ROLES) }, async (request, reply) => {
    if (await removeItem(deps, request.staff!, request.params.code)) return reply.redirect(`${CALENDAR_CONSOLE_PATH}?done=deleted&lang=${request.locale}`, 303);
    return send(request, reply, { errors: [{ field: FIELD_IDS.code, message: calendarMessages.t(request.locale, 'e_unknown') }], status: 404 });
  });
};
