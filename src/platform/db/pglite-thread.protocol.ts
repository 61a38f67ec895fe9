// Messages between a PgliteThreadDatabase (the caller's thread) and the
// thread that runs PGlite (pglite-thread.worker.ts). Values cross by
// structured clone: rows, Dates, Uint8Arrays and JSON values survive it.

export type ThreadRequest =
  | { id: number; op: 'query'; tx?: number; sql: string; params: readonly unknown[] }
  | { id: number; op: 'exec'; tx?: number; sql: string }
  | { id: number; op: 'copy'; tx: number; table: string; columns: readonly string[]; text: string }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; channel: string }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' };

/** What of a database error crosses the thread boundary (the fields callers read). */
export interface ThreadError {
  name: string;
  message: string;
  fields: Record<string, string | number | undefined>;
}

export type ThreadReply =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; value?: unknown }
  | { kind: 'error'; id: number; error: ThreadError }
  | { kind: 'notify'; channel: string; payload: string };

export interface ThreadStart {
  dataDir?: string;
  loadDataDir?: ArrayBuffer;
}

const ERROR_FIELDS = ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'dataType', 'severity', 'position', 'where', 'routine'] as const;

export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: ThreadError['fields'] = {};
  for (const f of ERROR_FIELDS) {
    const v = (error as unknown as Record<string, unknown>)[f];
    if (typeof v === 'string' || typeof v === 'number') fields[f] = v;
  }
  return { name: error.name, message: error.message, fields };
}

export function fromThreadError(e: ThreadError): Error {
  const error = Object.assign(new Error(e.message), e.fields);
  error.name = e.name;
  return error;
}
