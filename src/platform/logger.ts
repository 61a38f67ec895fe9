import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

// Personal data never reaches a log: known fields are redacted by path and
// every string is scrubbed of what looks like a phone number, an e-mail
// address, an identification key or a date of birth, wherever it hides.

const PERSONAL_FIELDS = [
  'mobile', 'phone', 'email', 'identity_key', 'identityKey', 'ci', 'birth_date', 'birthDate', 'dob',
  'password', 'new_mobile', 'new_email', 'to', 'recipient', 'code', 'token',
];

const REDACT_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  ...PERSONAL_FIELDS.map((f) => `*.*.${f}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

const SCRUBBERS: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/(?:\+?82[- ]?)?0?1[016789][- .]?\d{3,4}[- .]?\d{4}/g, '[phone]'],
  [/[A-Za-z0-9+/]{86}==/g, '[identity-key]'],
  [/\b(?:19|20)\d{2}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])\b/g, '[date]'],
];

export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: scrubText(value.message), code: (value as { code?: unknown }).code, stack: value.stack ? scrubText(value.stack) : undefined };
  // Only plain objects are rebuilt; class instances (requests, buffers) are
  // left to pino's serializers, which run on them unchanged.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, depth + 1);
  return out;
}

// Secrets in request paths (the self-service links /r/update/<token>, and
// whatever else carries one) never reach the request log: a route parameter
// named like a secret is replaced, and so is any long random-looking segment,
// on a known route or not. Query strings are never logged.

const SECRET_PARAM = /token|secret|code|key/i;
const TOKEN_PLACEHOLDER = '[token]';

function looksRandom(segment: string): boolean {
  if (segment.length < 16 || !/^[A-Za-z0-9_-]+$/.test(segment)) return false;
  const digits = /\d/.test(segment);
  const letters = /[A-Za-z]/.test(segment);
  return (digits && letters) || (/[a-z]/.test(segment) && /[A-Z]/.test(segment));
}

/** The path of a request URL as the log may keep it; `routePattern` is the matched route ('/r/update/:token'), when any. */
export function loggablePath(url: string, routePattern?: string): string {
  const segments = (url.split('?')[0] ?? '').split('/');
  const pattern = routePattern?.split('/');
  const byName = pattern && pattern.length === segments.length && !routePattern!.includes('*');
  return segments
    .map((segment, i) => {
      const part = byName ? pattern[i]! : '';
      if (part.startsWith(':') && SECRET_PARAM.test(part)) return TOKEN_PLACEHOLDER;
      return looksRandom(segment) ? TOKEN_PLACEHOLDER : segment;
    })
    .join('/');
}

/**
 * The request a line is written for. The HTTP server enters it at the start
 * of each request, so a line written through any logger while the request is
 * handled (a domain's deps.log, not only request.log) carries its reqId.
 */
export const logContext = new AsyncLocalStorage<{ reqId: string }>();

export interface LoggerOptions {
  level?: string;
  name?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'taxstation',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // request.log already binds reqId; other loggers get it from the context.
      mixin: (_object, _level, logger) => {
        const reqId = logContext.getStore()?.reqId;
        return reqId && !('reqId' in logger.bindings()) ? { reqId } : {};
      },
      formatters: {
        log: (object) => scrubValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
