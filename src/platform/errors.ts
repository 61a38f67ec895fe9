import type { Bilingual, Locale } from './i18n/i18n.ts';

// Errors carry a stable machine-readable code, an HTTP status and a message a
// person can act on in both languages. Anything else that escapes is turned
// into internal_error by the HTTP layer, never shown raw.

export interface FieldProblem {
  /** 1-based line of an input file, when the problem is in a file. */
  line?: number;
  /** The field's code (for API clients); pages name it by `label`. */
  field: string;
  /** What to correct, in English (logs, callers in code); answers use `reasons` when given. */
  reason: string;
  /** What to correct in both languages: the answer gives the request's. */
  reasons?: Bilingual;
  /** The field as the page names it, when the page names it. */
  label?: Bilingual;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: Bilingual,
    readonly problems: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(messages.en, options);
    this.name = 'AppError';
  }

  localized(locale: Locale): string {
    return this.messages[locale];
  }
}

export const badRequest = (code: string, messages: Bilingual, problems: FieldProblem[] = []) =>
  new AppError(code, 400, messages, problems);
export const unauthorized = (messages: Bilingual = { ko: '로그인이 필요합니다.', en: 'Please sign in.' }) =>
  new AppError('unauthenticated', 401, messages);
export const forbidden = (
  messages: Bilingual = { ko: '이 작업을 할 권한이 없습니다.', en: 'Your role does not allow this.' },
) => new AppError('forbidden', 403, messages);
export const notFound = (messages: Bilingual = { ko: '찾을 수 없습니다.', en: 'Not found.' }) =>
  new AppError('not_found', 404, messages);
export const conflict = (code: string, messages: Bilingual) => new AppError(code, 409, messages);
export const tooManyRequests = (messages: Bilingual) => new AppError('rate_limited', 429, messages);
