// One data-access interface over two engines: PGlite (embedded, the default)
// and a PostgreSQL server (DATABASE_URL). Every module talks SQL through it;
// the SQL is the same on both.

export type Engine = 'pglite' | 'postgres';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Transaction extends Queryable {
  readonly engine: Engine;
  /** Multi-statement SQL without parameters. */
  exec(sql: string): Promise<void>;
  /** Bulk load rows into a table: COPY on PostgreSQL, batched INSERT on PGlite. */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
}

export type NotificationHandler = (payload: string) => void;

/** What a listener hears about its connection (PostgreSQL; PGlite's in-process channel never drops). */
export interface ListenEvents {
  /** The listening connection was lost: notifications sent from now until onResume are missed. */
  onDrop?(info: { reason: string }): void;
  /** Listening again on a new connection; the caller should catch up on what it may have missed. */
  onResume?(info: { attempts: number; outageMs: number }): void;
}

export interface Database extends Queryable {
  readonly engine: Engine;
  /** Runs fn in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Delivers the channel's notifications to handler until the returned function is called. */
  listen(channel: string, handler: NotificationHandler, events?: ListenEvents): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** Quotes an identifier for SQL (table and column names chosen by code, never by users). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) {
    throw new Error(`unsafe SQL identifier: ${name}`);
  }
  return name
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

/** Text form of a value for COPY ... (FORMAT text). */
export function copyTextValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  // bytea in hex form; the escaping below doubles the backslash once for COPY.
  else if (Buffer.isBuffer(value) || value instanceof Uint8Array) text = '\\x' + Buffer.from(value).toString('hex');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Multi-row INSERT statements of at most maxParams parameters each. */
export function insertStatements(
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  maxParams = 30000,
): { sql: string; params: unknown[] }[] {
  const perStatement = Math.max(1, Math.floor(maxParams / columns.length));
  const head = `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES `;
  const out: { sql: string; params: unknown[] }[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    out.push({ sql: head + tuples.join(', '), params });
  }
  return out;
}
