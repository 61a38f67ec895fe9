import { z } from 'zod';
import type { Bilingual } from '../i18n/i18n.ts';

// Request fields with the names people know them by. A route's zod schema
// marks a field with labelled(schema, { ko, en }); when the field fails
// validation, the problem answer and the error page name it by that label
// in the request's language, never by its code (`taxYear`, `resumeToken`).
// A field without a label is left unnamed on pages (the reason alone).
// Kept in a registry of our own, so labels stay out of the OpenAPI document.

export const fieldLabels = z.registry<Bilingual>();

/**
 * The schema, marked with the label the page that sends the field shows. The
 * mark is on a copy (which keeps the schema's description), so a schema
 * shared by several fields (a day, an id) takes each field's own label.
 */
export function labelled<T extends z.ZodType>(schema: T, label: Bilingual): T {
  const copy = schema.clone() as T;
  fieldLabels.add(copy, label);
  return copy;
}

/**
 * An object schema with its fields labelled from one map (the form's labels
 * in one place, beside the schema): the same marks as labelled() on each,
 * the object's own checks kept. A field left out of the map stays unnamed.
 */
export function withLabels<T extends z.ZodObject>(schema: T, labels: { [K in keyof T['shape']]?: Bilingual }): T {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, label] of Object.entries(labels) as [string, Bilingual | undefined][]) {
    const field = schema.shape[key] as z.ZodType | undefined;
    if (!field || !label) throw new Error(`withLabels: no field "${key}" to label`);
    shape[key] = labelled(field, label);
  }
  return schema.safeExtend(shape) as unknown as T;
}

interface Def {
  type?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema itself and what it stands for: what it wraps (optional, default, nullable, a pipe's input …), a union's options, an intersection's sides. */
function expand(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 10) return [schema];
  const def = defOf(schema);
  const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  const further = inner ? [inner] : def.type === 'union' ? (def.options ?? []) : def.type === 'intersection' ? [def.left!, def.right!] : [];
  return [schema, ...further.flatMap((s) => expand(s, depth + 1))];
}

/** The label of the field at `path` in a request schema, if the route gave it one. */
export function labelAt(schema: unknown, path: readonly (string | number)[]): Bilingual | undefined {
  if (!(schema instanceof z.ZodType)) return undefined;
  let candidates: z.ZodType[] = [schema];
  for (const key of path) {
    candidates = candidates.flatMap((c) => expand(c)).flatMap((node) => {
      const def = defOf(node);
      if (def.type === 'object' && typeof key === 'string' && def.shape?.[key]) return [def.shape[key]];
      if (def.type === 'array' && def.element) return [def.element];
      return [];
    });
    if (candidates.length === 0) return undefined;
  }
  for (const node of candidates.flatMap((c) => expand(c))) {
    const label = fieldLabels.get(node);
    if (label) return label;
  }
  return undefined;
}
