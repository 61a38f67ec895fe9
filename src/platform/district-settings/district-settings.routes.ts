import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../auth/auth.guard.ts';
import type { RoutePlugin } from '../http/routes.ts';
import { sharedBus } from '../realtime/shared-bus.ts';
import {
  DISTRICT_SETTINGS_TOPIC,
  SETTINGS_PATH,
  type DistrictSettingsEvent,
  type SectionState,
  type SectionValues,
  type SettingsContext,
  type SettingsSection,
} from './district-settings.section.ts';
import { settingsPage } from './district-settings.view.ts';

// The district settings page of the console (/console/settings), for the
// district's administrators only: every section's form on one page, each
// posting to /console/settings/<section>. A refused form comes back with its
// input as typed and an error by each field (400); a saved one redirects to
// the page with a confirmation (303). After a change the page publishes
// DISTRICT_SETTINGS_TOPIC on the realtime bus (NOTIFY on PostgreSQL), so every
// process that caches a setting drops it: nothing needs a restart. The
// district is always the signed-in admin's own.

export const SETTINGS_ROLES = ['admin'] as const;

const SECTION_ID = /^[a-z][a-z-]{1,30}$/;
const doneQuery = z.object({ done: z.string().regex(SECTION_ID).optional(), nothing: z.literal('1').optional() });
/** A form as @fastify/formbody parses it: field name → value, or values when repeated. */
const formBody = z.record(z.string().max(100), z.union([z.string().max(4000), z.array(z.string().max(4000)).max(100)]));

function sendHtml(reply: FastifyReply, status: number, page: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

export function districtSettingsRoutes(sections: readonly SettingsSection[]): RoutePlugin {
  for (const s of sections) if (!SECTION_ID.test(s.id)) throw new Error(`settings section id "${s.id}": use lower-case letters and hyphens`);
  if (new Set(sections.map((s) => s.id)).size !== sections.length) throw new Error('settings sections: an id is used twice');

  return async (app, deps) => {
    const contextOf = (request: FastifyRequest): SettingsContext => ({ request, deps, districtCode: request.staff!.districtCode });

    /** The whole page; `refused`: the section whose form came back, with its input and errors. */
    async function page(request: FastifyRequest, o: { done?: string; nothing?: boolean; refused?: { id: string; state: SectionState } }) {
      const ctx = contextOf(request);
      const rendered = [];
      for (const section of sections) {
        const state: SectionState = o.refused?.id === section.id ? o.refused.state : { errors: [] };
        rendered.push({ section, fields: await section.fields(ctx, state), after: section.after ? await section.after(ctx, state) : undefined });
      }
      const done = sections.find((s) => s.id === o.done);
      return settingsPage(request, { sections: rendered, done: done ? { title: done.title, nothing: o.nothing === true } : undefined, errors: o.refused?.state.errors ?? [] });
    }

    app.get(SETTINGS_PATH, { preValidation: guard(SETTINGS_ROLES), schema: { hide: true, querystring: doneQuery } }, async (request, reply) =>
      sendHtml(reply, 200, await page(request, { done: request.query.done, nothing: request.query.nothing === '1' })),
    );

    for (const section of sections) {
      await section.routes?.(app, deps, (request, state) => page(request, { refused: { id: section.id, state } }));
      if (section.form === false) continue;
      app.post(
        `${SETTINGS_PATH}/${section.id}`,
        { preValidation: guard(SETTINGS_ROLES), schema: { hide: true, body: formBody } },
        async (request, reply) => {
          const { _csrf: _token, ...body } = request.body as SectionValues;
          const outcome = await section.save({ ...contextOf(request), staffId: request.staff!.id }, body);
          if (!outcome.ok) return sendHtml(reply, 400, await page(request, { refused: { id: section.id, state: { posted: body, errors: outcome.errors } } }));
          if (outcome.changed > 0) await announceSettingsChange(deps, request, section.id);
          return reply.redirect(`${SETTINGS_PATH}?lang=${request.locale}&done=${section.id}${outcome.changed ? '' : '&nothing=1'}#settings-${section.id}`, 303);
        },
      );
    }

  };
}

/**
 * Tells every process that the district's settings changed (a section's own
 * routes call it too, after the logo). The change is saved already, so a
 * failed NOTIFY is logged, not answered: caches catch up within their maximum age.
 */
export async function announceSettingsChange(deps: Parameters<typeof sharedBus>[0], request: FastifyRequest, section: string): Promise<void> {
  try {
    await sharedBus(deps).publish(DISTRICT_SETTINGS_TOPIC, { district: request.staff!.districtCode, section } satisfies DistrictSettingsEvent);
  } catch (error) {
    request.log.warn({ err: error, section }, 'district settings saved, but the change could not be announced; caches catch up within their maximum age');
  }
}
