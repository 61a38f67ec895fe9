import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import { sessionSecurity as security, staffApiErrors as errors } from '../../platform/http/api-schemas.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { loadLinkDomains, replaceLinkDomains } from './link-domains.repository.ts';
import { districtLinkPolicy, loadAllTemplates, loadTemplates, previewTemplate, resetTemplate, saveTemplate } from './templates.repository.ts';
import { linkDomainsSchema, templateBody, templateKey, templateSchema } from './templates.schema.ts';
import { TEMPLATE_EDITOR_ROLES } from './templates.nav.ts';

// The templates API (tag 'delivery'): per kind × channel × language, the
// district's saved template or the built-in; saving, previewing and resetting
// one; and the domains links in templates may go to. The district always
// comes from the session.

export const templateApiRoutes: RoutePlugin = async (app, deps) => {
  const db = deps.db;
  const read = guard(TEMPLATE_EDITOR_ROLES);
  const write = guard(TEMPLATE_EDITOR_ROLES);
  /** The service's address: its host is one links in templates may go to. */
  const templatePublicUrl = (request: FastifyRequest) => deps.config.TAXSTATION_PUBLIC_URL ?? `${request.protocol}://${request.host}`;

  app.get(
    '/api/templates/link-domains',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'The domains the district’s templates may link to (buttons, e-mail links and images, addresses in text)', security, response: { 200: linkDomainsSchema, ...errors } },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      return { domains: await loadLinkDomains(db, district), allowedHosts: [...(await districtLinkPolicy(db, district, templatePublicUrl(request))).hosts] };
    },
  );

  app.put(
    '/api/templates/link-domains',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Replace the domains the district’s templates may link to; anything that is not a domain name is refused (422), naming it',
        security,
        body: z.object({ domains: z.array(z.string().max(300)).max(50) }),
        response: { 200: linkDomainsSchema, ...errors, 422: problemSchema },
      },
    },
    async (request) => {
      const district = request.staff!.districtCode;
      const domains = await replaceLinkDomains(db, { districtCode: district, domains: request.body.domains, actor: request.staff!.username });
      return { domains, allowedHosts: [...(await districtLinkPolicy(db, district, templatePublicUrl(request))).hosts] };
    },
  );

  app.get(
    '/api/templates',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'Every template of the district (saved or built-in)', security, response: { 200: z.object({ templates: z.array(templateSchema) }), ...errors } },
    },
    async (request) => ({ templates: await loadAllTemplates(db, request.staff!.districtCode) }),
  );

  app.get(
    '/api/templates/:kind/:channel/:locale',
    {
      preValidation: read,
      schema: { tags: ['delivery'], summary: 'One template', security, params: templateKey, response: { 200: templateSchema, ...errors } },
    },
    async (request) => {
      const p = request.params;
      return (await loadTemplates(db, request.staff!.districtCode, p.kind, p.locale))[p.channel];
    },
  );

  app.put(
    '/api/templates/:kind/:channel/:locale',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary:
          'Save the district’s template; an unknown {{variable}}, a link outside the allowed domains, or script, event handlers and forms in the e-mail HTML are refused (422), each named',
        security,
        params: templateKey,
        body: templateBody,
        response: { 200: templateSchema, ...errors, 422: problemSchema },
      },
    },
    async (request) => {
      const p = request.params;
      return saveTemplate(db, { ...request.body, ...p, districtCode: request.staff!.districtCode, updatedBy: request.staff!.username }, { publicUrl: templatePublicUrl(request) });
    },
  );

  app.post(
    '/api/templates/:kind/:channel/:locale/preview',
    {
      preValidation: write,
      schema: {
        tags: ['delivery'],
        summary: 'Render a draft (or, with no body, the current template) with sample values',
        security,
        params: templateKey,
        body: templateBody.optional(),
        response: { 200: z.object({ channel: z.string(), content: z.record(z.string(), z.unknown()) }), ...errors, 422: problemSchema },
      },
    },
    async (request) => {
      const p = request.params;
      const preview = await previewTemplate(db, { ...p, districtCode: request.staff!.districtCode, draft: request.body ?? undefined, publicUrl: templatePublicUrl(request) });
      return { channel: preview.channel, content: preview.content as unknown as Record<string, unknown> };
    },
  );

  app.delete(
    '/api/templates/:kind/:channel/:locale',
    {
      preValidation: write,
      schema: { tags: ['delivery'], summary: 'Reset to the built-in template', security, params: templateKey, response: { 200: z.object({ reset: z.boolean() }), ...errors } },
    },
    async (request) => {
      const p = request.params;
      return { reset: await resetTemplate(db, { ...p, districtCode: request.staff!.districtCode }) };
    },
  );
};
