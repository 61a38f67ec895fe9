import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { guard } from '../auth/auth.guard.ts';
import type { Role } from '../auth/roles.ts';
import { findDistrict } from '../districts/districts.repository.ts';
import type { RoutePlugin } from '../http/routes.ts';
import { seoulDay } from '../time/seoul.ts';
import { dataExportMessages } from './data-export.messages.ts';
import { renderExportPdf } from './data-export.pdf.ts';
import type { TaxpayerExportRegistry } from './data-export.section.ts';
import { exportJson, gatherTaxpayerExport, taxpayerNotFound } from './data-export.service.ts';
import { exportPage } from './data-export.view.ts';

// The taxpayer data export (/console/taxpayers/:id/export), for the
// district's administrators and tax officials: a page with the required
// reason, then the file (JSON or PDF) as a download. The taxpayer must be of
// the official's own district (another district's is not found). Every
// download is audited with who, which taxpayer and why. The sections come
// from the composition root's registry (src/app/taxpayer-export.ts).

export const EXPORT_ROLES: readonly Role[] = ['admin', 'tax_official'];

const SECTION_ID = /^[a-z][a-z_]{1,40}$/;
const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const lang = z.object({ lang: z.enum(['ko', 'en']).optional() });
const exportBody = z.object({ _csrf: z.string().optional(), reason: z.string().max(4000).optional(), format: z.enum(['json', 'pdf']) });

function sendHtml(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

export function taxpayerExportRoutes(registry: TaxpayerExportRegistry): RoutePlugin {
  for (const s of registry.sections) if (!SECTION_ID.test(s.id)) throw new Error(`export section id "${s.id}": use lower-case letters and underscores`);
  if (new Set(registry.sections.map((s) => s.id)).size !== registry.sections.length) throw new Error('export sections: an id is used twice');

  return async (app, deps) => {
    const { db, cipher } = deps;
    const only = guard(EXPORT_ROLES);

    async function subjectOr404(districtCode: string, id: number) {
      const subject = await registry.subject(db, districtCode, id);
      if (!subject) throw taxpayerNotFound();
      return subject;
    }

    app.get('/console/taxpayers/:id/export', { preValidation: only, schema: { hide: true, params: idParam, querystring: lang } }, async (request, reply) => {
      const subject = await subjectOr404(request.staff!.districtCode, request.params.id);
      return sendHtml(reply, exportPage(request, { taxpayerId: request.params.id, subject, sectionTitles: registry.sections.map((s) => s.title[request.locale]) }));
    });

    app.post(
      '/console/taxpayers/:id/export',
      { preValidation: only, schema: { hide: true, params: idParam, querystring: lang, body: exportBody } },
      async (request, reply) => {
        const staff = request.staff!;
        const locale = request.locale;
        const id = request.params.id;
        const reason = (request.body.reason ?? '').trim();
        const problem = !reason ? 'err_reason' : reason.length > 500 ? 'err_reason_long' : null;
        if (problem) {
          const subject = await subjectOr404(staff.districtCode, id);
          const page = exportPage(request, {
            taxpayerId: id, subject, reason, sectionTitles: registry.sections.map((s) => s.title[locale]),
            errors: [{ field: 'reason', message: dataExportMessages.t(locale, problem) }],
          });
          return sendHtml(reply, page, 400);
        }
        const format = request.body.format;
        const gathered = await gatherTaxpayerExport({ db, cipher }, registry, { districtCode: staff.districtCode, taxpayerId: id, locale, format, reason, staff: staff.username });
        const base = `taxpayer-${id}-${seoulDay(gathered.exportedAt).replaceAll('-', '')}`;
        reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
        if (format === 'json') {
          return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${base}.json"`).send(exportJson(gathered));
        }
        const district = await findDistrict(db, staff.districtCode);
        const pdf = await renderExportPdf(gathered, { locale, districtName: district?.name ?? { ko: staff.districtCode, en: staff.districtCode } });
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${base}.pdf"`).send(pdf);
      },
    );
  };
}
