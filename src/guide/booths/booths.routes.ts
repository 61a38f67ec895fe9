import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { guard } from '../../platform/auth/auth.guard.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { hitRateLimits } from '../../platform/rate-limit/window-counters.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { pageFormPage, pagePath, PAGES_PATH, pagesListPage } from './booths-console.view.ts';
import { districtPages, pageOfDistrict, publishedPage, publishedPages } from './booths.repository.ts';
import { FIELD_IDS, formOf, PAGE_KINDS, pageFormBody, type PageForm } from './booths.schema.ts';
import { pageNotFound, PageRefusedError, savePage } from './booths.service.ts';
import { boothListPage, boothPage, districtUnknownPage, faqPage, guidePageNotFound, tooManyPage, type BoothsContext } from './booths.view.ts';

// The guide's booths, FAQ and promotions: the residents' pages
// (/r/guide/:district/booths, …/booths/:slug, …/faq; published pages only)
// and the console where officials and administrators of the district write
// them (/console/guide/pages). Plain HTML forms with the session's CSRF token.

const WRITERS = ['tax_official', 'admin'] as const;
const lang = { lang: z.enum(['ko', 'en']).optional() };
const districtParams = z.object({ district: z.string().min(1).max(40) });
const slugParams = districtParams.extend({ slug: z.string().min(1).max(80) });
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  reply.header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** A refused page as the form's error summary entries, in the reader's language. */
const fieldErrors = (request: FastifyRequest, error: PageRefusedError): FieldError[] =>
  error.pageProblems.map((p) => ({ field: FIELD_IDS[p.field], message: p.message[request.locale] }));

export const boothRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;

  // ------------------------------------------------------------ residents
  /** The district's context, or null after answering (unknown district, too many requests). */
  const residentContext = async (request: FastifyRequest, reply: FastifyReply, code: string): Promise<BoothsContext | null> => {
    const decision = await hitRateLimits(db, [{ key: `guide-booths:${request.ip}`, windowSeconds: 600, max: 600 }]);
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfter));
      await sendHtml(reply, tooManyPage(request, Math.ceil(decision.retryAfter / 60)), 429);
      return null;
    }
    const district = await findDistrict(db, code);
    if (!district) {
      await sendHtml(reply, districtUnknownPage(request), 404);
      return null;
    }
    return { district };
  };

  app.get('/r/guide/:district/booths', { schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const c = await residentContext(request, reply, request.params.district);
    if (!c) return reply;
    const pages = await publishedPages(db, c.district.code, ['booth', 'promotion']);
    return sendHtml(reply, boothListPage(request, c, { booths: pages.filter((p) => p.kind === 'booth'), promotions: pages.filter((p) => p.kind === 'promotion') }));
  });

  app.get('/r/guide/:district/booths/:slug', { schema: { hide: true, params: slugParams, querystring: z.object(lang) } }, async (request, reply) => {
    const c = await residentContext(request, reply, request.params.district);
    if (!c) return reply;
    const page = await publishedPage(db, c.district.code, 'booth', request.params.slug);
    if (!page) return sendHtml(reply, guidePageNotFound(request, c), 404);
    return sendHtml(reply, boothPage(request, c, page));
  });

  app.get('/r/guide/:district/faq', { schema: { hide: true, params: districtParams, querystring: z.object(lang) } }, async (request, reply) => {
    const c = await residentContext(request, reply, request.params.district);
    if (!c) return reply;
    return sendHtml(reply, faqPage(request, c, await publishedPages(db, c.district.code, ['faq'])));
  });

  // -------------------------------------------------------------- console
  app.get(PAGES_PATH, { schema: { hide: true, querystring: z.object({ ...lang, saved: z.literal('1').optional() }) }, preValidation: guard(WRITERS) }, async (request, reply) => {
    const pages = await districtPages(db, request.staff!.districtCode);
    return sendHtml(reply, pagesListPage(request, { pages, saved: request.query.saved === '1' }));
  });

  app.get(`${PAGES_PATH}/new`, { schema: { hide: true, querystring: z.object({ ...lang, kind: z.enum(PAGE_KINDS).optional() }) }, preValidation: guard(WRITERS) }, async (request, reply) => {
    const form: PageForm = { kind: request.query.kind ?? 'booth', status: 'draft', position: '0' };
    return sendHtml(reply, pageFormPage(request, { page: null, form, errors: [] }));
  });

  app.get(`${PAGES_PATH}/:id`, { schema: { hide: true, params: idParams, querystring: z.object({ ...lang, saved: z.literal('1').optional() }) }, preValidation: guard(WRITERS) }, async (request, reply) => {
    const page = await pageOfDistrict(db, request.staff!.districtCode, request.params.id);
    if (!page) throw pageNotFound();
    return sendHtml(reply, pageFormPage(request, { page, form: formOf(page), errors: [], saved: request.query.saved === '1' }));
  });

  /** Saves the form (a new page when id is null); a refusal shows the form again with every problem named. */
  const save = async (request: FastifyRequest, reply: FastifyReply, id: number | null, form: PageForm) => {
    const staff = request.staff!;
    try {
      const savedId = await savePage(db, staff, id, form);
      return reply.redirect(`${pagePath(savedId)}?lang=${request.locale}&saved=1`, 303);
    } catch (error) {
      if (!(error instanceof PageRefusedError)) throw error;
      const page = id === null ? null : await pageOfDistrict(db, staff.districtCode, id);
      return sendHtml(reply, pageFormPage(request, { page, form, errors: fieldErrors(request, error) }), 400);
    }
  };

  app.post(PAGES_PATH, { schema: { hide: true, querystring: z.object(lang), body: pageFormBody }, preValidation: guard(WRITERS) }, (request, reply) => save(request, reply, null, request.body));

  app.post(`${PAGES_PATH}/:id`, { schema: { hide: true, params: idParams, querystring: z.object(lang), body: pageFormBody }, preValidation: guard(WRITERS) }, (request, reply) =>
    save(request, reply, request.params.id, request.body),
  );
};
