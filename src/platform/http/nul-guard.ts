import type { FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../errors.ts';
import { httpMessages } from './http.messages.ts';

// PostgreSQL cannot store U+0000 in text: a NUL that reaches a query fails
// deep inside a route as a 500. Every string of a request's parsed input
// (body, query string, path parameters; keys as well as values) is checked
// here once, before validation and before any route, and a NUL is answered
// 400 nul_character naming each field. Headers need no check: Node's parser
// refuses a NUL in a header before any of this runs.

const MAX_DEPTH = 32;

/** Dotted paths (items.0.note) of the strings holding a NUL; `root` names a value that is itself a string. */
export function fieldsWithNul(value: unknown, root: string): string[] {
  const found: string[] = [];
  const visit = (v: unknown, path: string, depth: number) => {
    if (typeof v === 'string') {
      if (v.includes('\0')) found.push(path || root);
      return;
    }
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(v)) return;
    for (const [key, child] of Object.entries(v)) {
      const name = key.replaceAll('\0', '\\0');
      const childPath = path ? `${path}.${name}` : name;
      if (key.includes('\0')) found.push(childPath);
      visit(child, childPath, depth + 1);
    }
  };
  visit(value, '', 0);
  return found;
}

export async function refuseNulHook(request: FastifyRequest): Promise<void> {
  const fields = [
    ...fieldsWithNul(request.params, 'params'),
    ...fieldsWithNul(request.query, 'query'),
    ...fieldsWithNul(request.body, 'body'),
  ];
  if (fields.length === 0) return;
  const problems: FieldProblem[] = [...new Set(fields)].map((field) => ({ field, reason: httpMessages.t(request.locale ?? 'ko', 'reason_nul') }));
  throw new AppError('nul_character', 400, httpMessages.both('nul_character'), problems);
}
