import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldProblem } from '../errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import { renderErrorPage } from '../web/error-page.ts';
import { httpMessages } from './http.messages.ts';

// One answer shape for every error (RFC 9457 problem details) with a stable
// code, and the message in the request's language. Anything not raised as an
// AppError or recognised below becomes internal_error: logged (scrubbed by
// the logger), never shown.

export const problemSchema = z
  .object({
    type: z.string().describe('urn:taxstation:problem:<code>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('What happened and what to do, in the request language'),
    code: z.string().describe('Stable machine-readable code'),
    errors: z
      .array(z.object({ line: z.number().int().optional(), field: z.string(), reason: z.string() }))
      .optional()
      .describe('One entry per field (and line, for files) that needs correcting'),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

type TitleKey = Parameters<typeof httpMessages.t>[1];

export function problemTitle(locale: Locale, status: number): string {
  const key = `title_${status}` as TitleKey;
  return key in httpMessages.catalogue ? httpMessages.t(locale, key) : httpMessages.t(locale, 'title_other');
}

export function makeProblem(locale: Locale, code: string, status: number, detail: string, errors?: FieldProblem[]): Problem {
  const problem: Problem = { type: `urn:taxstation:problem:${code}`, title: problemTitle(locale, status), status, detail, code };
  if (errors && errors.length > 0) problem.errors = errors;
  return problem;
}

function describeValues(values: unknown): string {
  return Array.isArray(values) ? values.map(String).join(', ') : String(values ?? '');
}

/** A zod issue as a reason a person can act on, in their language. */
function zodReason(locale: Locale, keyword: string, params: Record<string, unknown>, message: string): string {
  switch (keyword) {
    case 'invalid_type':
      // zod 4 does not hand over the input; its message says when there was none.
      if (/received undefined/.test(message)) return httpMessages.t(locale, 'reason_required');
      return httpMessages.t(locale, 'reason_invalid_type', { expected: String(params.expected ?? '') });
    case 'too_small':
      if (params.origin === 'string' && params.minimum === 1) return httpMessages.t(locale, 'reason_required');
      return httpMessages.t(locale, 'reason_too_small', { minimum: String(params.minimum) });
    case 'too_big':
      return httpMessages.t(locale, 'reason_too_big', { maximum: String(params.maximum) });
    case 'invalid_format':
      return httpMessages.t(locale, 'reason_invalid_format', { format: String(params.format ?? params.pattern ?? '') });
    case 'invalid_value':
      return httpMessages.t(locale, 'reason_invalid_value', { values: describeValues(params.values) });
    case 'unrecognized_keys':
      return httpMessages.t(locale, 'reason_unrecognized_keys', { keys: describeValues(params.keys) });
    default:
      return httpMessages.t(locale, 'reason_other');
  }
}

export function problemFromError(error: unknown, request: FastifyRequest): { problem: Problem; internal: boolean; retryAfter?: number } {
  const locale = request.locale ?? 'ko';
  if (error instanceof AppError) {
    const retryAfter = (error as AppError & { retryAfterSeconds?: number }).retryAfterSeconds;
    return { problem: makeProblem(locale, error.code, error.status, error.localized(locale), error.problems), internal: false, retryAfter };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors = error.validation.map((issue) => ({
      field: issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || context,
      reason: zodReason(locale, issue.keyword, issue.params as Record<string, unknown>, issue.message ?? ''),
    }));
    return { problem: makeProblem(locale, 'validation_failed', 400, httpMessages.t(locale, 'validation_failed'), errors), internal: false };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return { problem: makeProblem(locale, 'payload_too_large', 413, httpMessages.t(locale, 'payload_too_large')), internal: false };
    if (status === 415) {
      const type = String(request.headers['content-type'] ?? '').split(';')[0] || '-';
      return { problem: makeProblem(locale, 'unsupported_media_type', 415, httpMessages.t(locale, 'unsupported_media_type', { type })), internal: false };
    }
    if (status === 400) return { problem: makeProblem(locale, 'malformed_body', 400, httpMessages.t(locale, 'malformed_body')), internal: false };
    return { problem: makeProblem(locale, 'request_error', status, httpMessages.t(locale, 'request_error')), internal: false };
  }
  return { problem: makeProblem(locale, 'internal_error', 500, httpMessages.t(locale, 'internal_error')), internal: true };
}

/** API clients get JSON; a browser asking for a page gets a page. */
export function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return false;
  const accept = String(request.headers.accept ?? '');
  if (/application\/(problem\+)?json/.test(accept) && !accept.includes('text/html')) return false;
  return true;
}

export async function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): Promise<FastifyReply> {
  const { problem, internal, retryAfter } = problemFromError(error, request);
  if (internal) request.log.error({ err: error }, 'unhandled error');
  else if (problem.status >= 500) request.log.error({ err: error }, problem.code);
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  if (wantsHtml(request)) {
    if (problem.status === 401 && request.method === 'GET') {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    return reply.code(problem.status).type('text/html; charset=utf-8').send(renderErrorPage(request, problem));
  }
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

export function notFoundError(request: FastifyRequest): AppError {
  const url = request.url.split('?')[0] ?? '/';
  return new AppError('not_found', 404, httpMessages.both('not_found', { method: request.method, url }));
}
