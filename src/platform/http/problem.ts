import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldProblem } from '../errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import { renderErrorPage } from '../web/error-page.ts';
import { labelAt } from './field-labels.ts';
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
      .array(
        z.object({
          line: z.number().int().optional(),
          field: z.string().describe('The field, as the request names it'),
          label: z.string().optional().describe('The field as the page names it, in the request language'),
          reason: z.string().describe('What to correct, in the request language'),
          allowed: z.array(z.string()).optional().describe('The values the field takes, when it takes only some'),
        }),
      )
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

export type ProblemField = NonNullable<Problem['errors']>[number];

export function makeProblem(locale: Locale, code: string, status: number, detail: string, errors?: FieldProblem[]): Problem {
  const problem: Problem = { type: `urn:taxstation:problem:${code}`, title: problemTitle(locale, status), status, detail, code };
  if (errors && errors.length > 0) problem.errors = errors.map((e) => localizedField(locale, e));
  return problem;
}

function localizedField(locale: Locale, e: FieldProblem & { allowed?: string[] }): ProblemField {
  return {
    ...(e.line !== undefined ? { line: e.line } : {}),
    field: e.field,
    ...(e.label ? { label: e.label[locale] } : {}),
    reason: e.reasons?.[locale] ?? e.reason,
    ...(e.allowed ? { allowed: e.allowed } : {}),
  };
}

type ReasonKey = Parameters<typeof httpMessages.t>[1];

const EXPECTED: Record<string, ReasonKey> = { number: 'reason_expected_number', int: 'reason_expected_number', bigint: 'reason_expected_number', boolean: 'reason_expected_boolean', string: 'reason_expected_text', date: 'reason_expected_date' };
const FORMATS: Record<string, ReasonKey> = { email: 'reason_format_email', url: 'reason_format_url', date: 'reason_format_date', datetime: 'reason_format_datetime', time: 'reason_format_time' };
/** A length (string), an amount (number) or a count (array, set): each reads differently. */
const SIZE_ORIGINS: Record<string, 'string' | 'number' | 'count'> = { string: 'string', number: 'number', int: 'number', bigint: 'number', date: 'number', array: 'count', set: 'count', file: 'number' };

/** A zod issue as a sentence a person can act on, in their language (never zod's own English message). */
export function zodReason(locale: Locale, keyword: string, params: Record<string, unknown>, message: string): string {
  const t = (key: ReasonKey, vars?: Record<string, string>) => httpMessages.t(locale, key, vars);
  // A schema's own sentence for its check: .refine(…, { params: { reasons: { ko, en } } }).
  const own = (params.params as { reasons?: Partial<Record<Locale, string>> } | undefined)?.reasons?.[locale];
  if (own) return own;
  switch (keyword) {
    case 'invalid_type':
      // zod 4 does not hand over the input; its message says when there was none.
      if (/received undefined/.test(message)) return t('reason_required');
      return t(EXPECTED[String(params.expected)] ?? 'reason_other');
    case 'too_small': {
      if (params.origin === 'string' && params.minimum === 1) return t('reason_required');
      const origin = SIZE_ORIGINS[String(params.origin)] ?? 'number';
      return t(origin === 'string' ? 'reason_too_short' : origin === 'count' ? 'reason_too_few' : 'reason_too_small', { minimum: String(params.minimum) });
    }
    case 'too_big': {
      const origin = SIZE_ORIGINS[String(params.origin)] ?? 'number';
      return t(origin === 'string' ? 'reason_too_long' : origin === 'count' ? 'reason_too_many' : 'reason_too_big', { maximum: String(params.maximum) });
    }
    case 'invalid_format':
      return t(FORMATS[String(params.format)] ?? 'reason_invalid_format');
    case 'invalid_value':
      return t('reason_invalid_value');
    case 'unrecognized_keys':
      return t('reason_unrecognized_keys');
    default:
      return t('reason_other');
  }
}

/** A zod issue (from a schema a service parses with) as reasons in both languages. */
export function issueReasons(issue: z.core.$ZodIssue): { ko: string; en: string } {
  const params = issue as unknown as Record<string, unknown>;
  return { ko: zodReason('ko', issue.code, params, issue.message), en: zodReason('en', issue.code, params, issue.message) };
}

/** The values an issue says the field takes (an enum's), for API clients. */
function allowedValues(keyword: string, params: Record<string, unknown>): string[] | undefined {
  return keyword === 'invalid_value' && Array.isArray(params.values) ? params.values.map(String) : undefined;
}

export function problemFromError(error: unknown, request: FastifyRequest): { problem: Problem; internal: boolean; retryAfter?: number } {
  const locale = request.locale ?? 'ko';
  if (error instanceof AppError) {
    const retryAfter = (error as AppError & { retryAfterSeconds?: number }).retryAfterSeconds;
    return { problem: makeProblem(locale, error.code, error.status, error.localized(locale), error.problems), internal: false, retryAfter };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const schema = (request.routeOptions?.schema as Record<string, unknown> | undefined)?.[context];
    const errors = error.validation.map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean);
      const params = issue.params as Record<string, unknown>;
      const label = labelAt(schema, path.map((p: string) => (/^\d+$/.test(p) ? Number(p) : p)));
      const allowed = allowedValues(issue.keyword, params);
      return {
        field: path.join('.') || context,
        ...(label ? { label } : {}),
        reason: zodReason(locale, issue.keyword, params, issue.message ?? ''),
        ...(allowed ? { allowed } : {}),
      };
    });
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
