import { z } from 'zod';
import { requireStaff } from '../../platform/auth/auth.guard.ts';
import { AppError } from '../../platform/errors.ts';
import { formatDay } from '../../platform/web/format.ts';
import { renderErrorPage } from '../../platform/web/error-page.ts';
import { problemFromError, problemSchema } from '../../platform/http/problem.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { limitResidentRequest } from '../desk.http.ts';
import { attachmentAnswerSchema, attachmentUploadBody, receiveResidentAttachment, RESUME_HEADER } from './attachment-upload.ts';
import { attachmentMessages } from './attachments.messages.ts';
import { readAttachment } from './attachments.repository.ts';

// Files in conversations: a resident's upload from the web widget
// (POST /r/desk/attachments; the messenger channel's files arrive with its
// webhook) and the download for desk staff of the district
// (GET /api/desk/attachments/:id).

export const attachmentRoutes: RoutePlugin = async (app, appDeps) => {
  const deps = deskDepsFrom(appDeps);

  app.post(
    '/r/desk/attachments',
    {
      config: { openapiBody: attachmentUploadBody },
      schema: {
        tags: ['desk'],
        summary: `A resident's picture or PDF (at most 5 MB, type read from the bytes), posted into their open conversation; multipart field "file", the conversation's resume token in ${RESUME_HEADER}`,
        consumes: ['multipart/form-data'],
        response: { 201: attachmentAnswerSchema, 400: problemSchema, 404: problemSchema, 413: problemSchema, 415: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      // The address's budget for every /r/desk request, and a smaller one for files.
      await limitResidentRequest(deps.db, request.ip, [{ key: `desk-upload:${request.ip}`, windowSeconds: 600, max: 20 }]);
      return reply.code(201).send(await receiveResidentAttachment(deps, request));
    },
  );

  app.get(
    '/api/desk/attachments/:id',
    {
      // tax officials work the console too (they apply contact-update forms)
      preValidation: requireStaff(['admin', 'desk_agent', 'tax_official']),
      schema: { tags: ['desk'], summary: "An attachment of a conversation of the staff member's district", params: z.object({ id: z.string().max(20) }) },
    },
    async (request, reply) => {
      const id = /^[1-9]\d{0,15}$/.test(request.params.id) ? Number(request.params.id) : 0;
      const found = id ? await readAttachment(deps.db, request.staff!.districtCode, id) : null;
      // The console's link opens this address in the browser: a page in words there, the problem as JSON to programs.
      const refuse = (error: AppError) => {
        if (!String(request.headers.accept ?? '').includes('text/html')) throw error;
        return reply.code(error.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderErrorPage(request, problemFromError(error, request).problem));
      };
      if (!found) return refuse(new AppError('attachment_not_found', 404, attachmentMessages.both('not_found')));
      if ('purgedAt' in found) {
        const text = (locale: 'ko' | 'en') => attachmentMessages.t(locale, 'purged', { date: formatDay(locale, found.purgedAt) });
        return refuse(new AppError('attachment_purged', 410, { ko: text('ko'), en: text('en') }));
      }
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(found.fileName)}`);
      reply.header('content-security-policy', "default-src 'none'; sandbox");
      return reply.type(found.contentType).send(found.content);
    },
  );
};
