import { PGlite, types, type Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { openPgliteThread } from './pglite-thread.ts';
import { copyTextValue, ident, type Database, type QueryResult, type Queryable, type Transaction } from './database.ts';

// Same value shapes as the pg driver after configurePgTypes(): bigint as
// number, date as 'YYYY-MM-DD' text.
const parsers = {
  [types.INT8]: (value: string) => Number(value),
  [types.DATE]: (value: string) => value,
};

export interface PgliteOptions {
  /** Folder for the data files; undefined keeps the database in memory. */
  dataDir?: string;
  /** A dump made by dumpDataDir(), to start from a migrated template quickly. */
  loadDataDir?: Blob;
  /**
   * Run PGlite on this thread instead of its own (pglite-thread.ts). Only
   * for tools that reach into the engine itself (the benchmarks' statement
   * timer and bare COPY); everything else gets the thread.
   */
  sameThread?: boolean;
}

/** The engine itself, as both the thread and the same-thread database start it. */
export async function createPgliteEngine(options: { dataDir?: string; loadDataDir?: Blob }): Promise<PGlite> {
  const pg = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { pg_trgm, btree_gist },
    parsers,
    relaxedDurability: false,
  });
  // The data lives in memory or in the page cache, never behind a disk seek:
  // with the server default (4) the planner scans a whole table by hash join
  // instead of looking a batch of ids up by index, which costs a full scan
  // per batch and grows with the table.
  await pg.exec('SET random_page_cost = 1.1');
  return pg;
}

/**
 * Opens PGlite. By default it runs on a thread of its own: a statement runs
 * for milliseconds to seconds of CPU, and on the caller's thread no socket
 * is read meanwhile (an SMTP conversation, an HTTP request, a receipt).
 */
export async function openPglite(options: PgliteOptions = {}): Promise<Database & { dump(): Promise<Blob> }> {
  if (!options.sameThread) return openPgliteThread(options);
  return openPgliteSameThread(options);
}

export async function openPgliteSameThread(options: Omit<PgliteOptions, 'sameThread'> = {}): Promise<PgliteDatabase> {
  return new PgliteDatabase(await createPgliteEngine(options));
}

/** A statement on PGlite (or one of its transactions), its result in the shape pg gives. */
export async function pgliteQuery<T>(target: Pick<PGlite, 'query'> | Pick<PGliteTransaction, 'query'>, sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
  const result = await target.query<T>(sql, params as unknown[]);
  // PGlite reports affectedRows 0 for a SELECT; pg's rowCount counts its rows.
  return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}

function wrap(target: Pick<PGlite, 'query'> | PGliteTransaction): Queryable {
  return { query: <T>(sql: string, params?: readonly unknown[]) => pgliteQuery<T>(target, sql, params) };
}

async function copyRows(
  target: PGliteTransaction,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  await copyText(target, table, columns, copyTextOf(rows));
}

export function copyTextOf(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => row.map(copyTextValue).join('\t')).join('\n') + '\n';
}

export async function copyText(target: Pick<PGliteTransaction, 'query'>, table: string, columns: readonly string[], text: string): Promise<void> {
  await target.query(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
}

export class PgliteDatabase implements Database {
  readonly engine = 'pglite' as const;
  private readonly plain: Queryable;

  constructor(readonly pg: PGlite) {
    this.plain = wrap(pg);
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    return this.plain.query<T>(sql, params);
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (raw) => {
      const inner = wrap(raw);
      const tx: Transaction = {
        engine: 'pglite',
        query: inner.query,
        exec: async (sql) => {
          await raw.exec(sql);
        },
        copyRows: (table, columns, rows) => copyRows(raw, table, columns, rows),
      };
      return fn(tx);
    });
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    const unlisten = await this.pg.listen(channel, handler);
    return async () => {
      await unlisten();
    };
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.pg.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async dump(): Promise<Blob> {
    return (await this.pg.dumpDataDir('none')) as Blob;
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
