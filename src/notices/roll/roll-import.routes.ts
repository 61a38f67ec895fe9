import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { takeUploadedFile, requireStaff } from '../../platform/auth/auth.guard.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import { problemSchema, makeProblem } from '../../platform/http/problem.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { html, type Html } from '../../platform/web/html.ts';
import { recentRollImports } from './roll-imports.repository.ts';
import { ROLL_IMPORT_ROLES, ROLL_SAMPLE_PATH, rollErrorReason, rollReportPage, rollUploadPage } from './roll-upload.view.ts';
import { rollSampleCsv, sampleFileName } from './roll-sample.ts';
import { rollUploadMessages } from './roll.messages.ts';
import { ROLL_COLUMNS } from './roll-format.ts';
import { importRoll, type RollImportReport } from './roll-import.service.ts';

// The tax-roll upload: POST /api/rolls for programs, POST /console/rolls/upload
// for the console form. Both stream the file straight into importRoll (no
// temporary copy, no buffering) for the signed-in staff member's district.

const reportSchema = z
  .object({
    status: z.enum(['imported', 'rejected']),
    importId: z.number().int().nullable(),
    encoding: z.enum(['utf-8', 'utf-8-bom', 'cp949']).nullable(),
    rowsTotal: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    conflicts: z.array(z.object({ line: z.number().int(), taxpayerNo: z.string(), fields: z.array(z.string()) })),
    errors: z.array(z.object({ line: z.number().int(), field: z.string(), reason: z.string(), code: z.string(), reasonKo: z.string().optional() })),
    errorsNotShown: z.number().int(),
    unknownColumns: z.array(z.string()),
    conflictsNotShown: z.number().int().optional(),
  })
  .meta({ id: 'RollImportReport' });

const rejectedSchema = problemSchema.extend({ report: reportSchema }).meta({ id: 'RollRejectedProblem' });

/** One recorded roll import, as the API lists it. */
export const rollImportSummarySchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  encoding: z.string(),
  rowsTotal: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  conflicts: z.number().int(),
  importedBy: z.string(),
  finishedAt: z.string(),
});

const importListSchema = z.object({ imports: z.array(rollImportSummarySchema) }).meta({ id: 'RollImportList' });

const booleanField = z.enum(['1', '0', 'true', 'false', 'on']).transform((v) => v === '1' || v === 'true' || v === 'on');

const multipartBody = {
  type: 'object',
  required: ['file'],
  properties: {
    _csrf: { type: 'string', description: 'CSRF token, when not sent as x-csrf-token; must come before the file' },
    skipInvalid: { type: 'string', enum: ['1', '0', 'true', 'false'], description: 'Import the valid rows and report the bad ones; must come before the file' },
    file: { type: 'string', format: 'binary', description: 'The tax-roll CSV (UTF-8, UTF-8 with BOM or CP949)' },
  },
};

const KO_COLUMN = new Map<string, string>(ROLL_COLUMNS.map((c) => [c.name, c.ko]));
/**
 * A roll column as the reader knows it: its Korean header beside the English
 * one, in Korean. The English header is shown as the file writes it, marked
 * translate="no" (a name in the file, not a word of the page).
 */
function columnName(field: string, locale: Locale): Html {
  const korean = KO_COLUMN.get(field);
  const header = html`<code translate="no">${field}</code>`;
  if (korean === undefined) return header;
  const [before = '', after = ''] = rollUploadMessages.t(locale, 'column_name', { korean, field: '\u0000' }).split('\u0000');
  return html`${before}${header}${after}`;
}

function fieldValue(file: { fields: Record<string, unknown> }, name: string): string | undefined {
  const field = file.fields[name] as { type?: string; value?: unknown } | undefined;
  return field && field.type === 'field' && typeof field.value === 'string' ? field.value : undefined;
}

type Upload = { report: RollImportReport; fileName: string } | { missingFile: true };

async function receiveAndImport(deps: AppDeps, request: FastifyRequest, skipInvalidQuery: boolean | undefined): Promise<Upload> {
  const staff = request.staff!;
  const file = await takeUploadedFile(request);
  if (!file || file.fieldname !== 'file' || !file.filename) {
    file?.file.resume();
    return { missingFile: true };
  }
  const skipField = fieldValue(file, 'skipInvalid');
  const skipInvalid = skipInvalidQuery ?? (skipField !== undefined ? booleanField.safeParse(skipField).data ?? false : false);
  const report = await importRoll(
    { db: deps.db, cipher: deps.cipher },
    {
      districtCode: staff.districtCode,
      input: file.file,
      fileName: file.filename,
      actor: { type: 'staff', id: String(staff.id) },
      skipInvalid,
      maxBytes: deps.config.TAXSTATION_ROLL_MAX_BYTES,
    },
  );
  if (file.file.truncated) {
    throw new AppError('payload_too_large', 413, rollUploadMessages.both('file_too_large'));
  }
  return { report, fileName: file.filename };
}

function fileRequired() {
  return badRequest('validation_failed', rollUploadMessages.both('file_required'), [{ field: 'file', reason: rollUploadMessages.t('en', 'file_required') }]);
}

export const rollImportRoutes: RoutePlugin = async (app, deps) => {
  const maxBytes = deps.config.TAXSTATION_ROLL_MAX_BYTES;

  app.post(
    '/api/rolls',
    {
      preHandler: requireStaff(ROLL_IMPORT_ROLES),
      config: { openapiBody: multipartBody },
      schema: {
        tags: ['notices'],
        summary: 'Import a tax roll (multipart/form-data, field "file") into the signed-in staff member’s district',
        description: 'Streams the file into the import. 201 with the report when imported; 422 with every bad row (line, column, reason) when rejected; the database is then unchanged.',
        consumes: ['multipart/form-data'],
        security: [{ session: [], csrf: [] }],
        querystring: z.object({ skipInvalid: booleanField.optional() }),
        response: { 201: reportSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema, 413: problemSchema, 422: rejectedSchema },
      },
    },
    async (request, reply) => {
      const upload = await receiveAndImport(deps, request, request.query.skipInvalid);
      if ('missingFile' in upload) throw fileRequired();
      const { report } = upload;
      if (report.status === 'imported') return reply.code(201).send(report);
      const locale = request.locale;
      const problem = makeProblem(
        locale,
        'roll_rejected',
        422,
        rollUploadMessages.t(locale, 'rejected_detail', { count: report.errors.length + report.errorsNotShown }),
        report.errors.map((e) => ({ line: e.line, field: e.field, reason: rollErrorReason(e, locale) })),
      );
      return reply.code(422).type('application/problem+json; charset=utf-8').send({ ...problem, report });
    },
  );

  app.get(
    '/api/rolls',
    {
      preHandler: requireStaff(['admin', 'tax_official', 'desk_agent']),
      schema: {
        tags: ['notices'],
        summary: 'The latest roll imports of the signed-in staff member’s district',
        security: [{ session: [] }],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: importListSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => ({ imports: await recentRollImports(deps.db, request.staff!.districtCode, request.query.limit) }),
  );

  app.get(
    ROLL_SAMPLE_PATH,
    {
      preHandler: requireStaff(ROLL_IMPORT_ROLES),
      schema: { hide: true, querystring: z.object({ headers: z.enum(['en', 'ko']).default('en') }) },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${sampleFileName(request.query.headers)}"`)
        .header('cache-control', 'no-store')
        .send(rollSampleCsv(request.query.headers)),
  );

  app.get(
    '/console/rolls/upload',
    { preHandler: requireStaff(ROLL_IMPORT_ROLES), schema: { hide: true, response: { 200: z.string().describe('HTML page') } } },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(rollUploadPage(request, { maxBytes })),
  );

  app.post(
    '/console/rolls/upload',
    { preHandler: requireStaff(ROLL_IMPORT_ROLES), schema: { hide: true, consumes: ['multipart/form-data'] } },
    async (request, reply) => {
      const page = (status: number, html: string) => reply.code(status).type('text/html; charset=utf-8').send(html);
      let upload: Upload;
      try {
        upload = await receiveAndImport(deps, request, undefined);
      } catch (error) {
        // Problems with the file itself are answered on the form; the rest goes to the central handler.
        if (error instanceof AppError && error.status < 500 && error.code !== 'csrf_failed') {
          return page(error.status, rollUploadPage(request, { maxBytes, error: error.localized(request.locale) }));
        }
        throw error;
      }
      if ('missingFile' in upload) {
        return page(400, rollUploadPage(request, { maxBytes, error: rollUploadMessages.t(request.locale, 'file_required') }));
      }
      const status = upload.report.status === 'imported' ? 200 : 422;
      return page(status, rollReportPage(request, upload.report, { fileName: upload.fileName, columnName }));
    },
  );
};
