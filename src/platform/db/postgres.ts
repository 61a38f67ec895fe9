import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { copyTextValue, ident, type Database, type ListenEvents, type NotificationHandler, type QueryResult, type Transaction } from './database.ts';
import { ListenConnection } from './listen-connection.ts';

let typesConfigured = false;
function configurePgTypes(): void {
  if (typesConfigured) return;
  typesConfigured = true;
  // bigint ids and counts fit in a double here; dates stay calendar dates,
  // never shifted by the process time zone.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
}

export interface PostgresOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

export function openPostgres(options: PostgresOptions): PostgresDatabase {
  configurePgTypes();
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'taxstation',
  });
  // An idle client that loses its connection (a server restart,
  // pg_terminate_backend) must not crash the process; the pool replaces it
  // on next use. A client checked out for a transaction has its own handler
  // (see transaction()).
  pool.on('error', () => {});
  return new PostgresDatabase(pool, options.connectionString);
}

async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const stream = client.query(
    copyStreams.from(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN (FORMAT text)`),
  );
  const lines = function* () {
    const chunk: string[] = [];
    for (const row of rows) {
      chunk.push(row.map(copyTextValue).join('\t') + '\n');
      if (chunk.length === 1000) {
        yield chunk.join('');
        chunk.length = 0;
      }
    }
    if (chunk.length) yield chunk.join('');
  };
  await pipeline(Readable.from(lines()), stream);
}

export class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;
  private readonly listening: ListenConnection;

  constructor(
    readonly pool: pg.Pool,
    connectionString: string,
  ) {
    this.listening = new ListenConnection(connectionString);
  }

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // While checked out, a client has no pool listener: without this one, a
    // connection ended by the server mid-transaction emits an unhandled
    // 'error' and ends the process. The query in flight fails with it too,
    // and the broken client is destroyed on release instead of reused.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const tx: Transaction = {
        engine: 'postgres',
        async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
          const result = await client.query(sql, params as unknown[]);
          return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
        },
        exec: async (sql) => {
          await client.query(sql);
        },
        copyRows: (table, columns, rows) => copyRows(client, table, columns, rows),
      };
      const value = await fn(tx);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      if (!broken) await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  listen(channel: string, handler: NotificationHandler, events?: ListenEvents): Promise<() => Promise<void>> {
    return this.listening.listen(channel, handler, events);
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async close(): Promise<void> {
    await this.listening.close();
    await this.pool.end();
  }
}
