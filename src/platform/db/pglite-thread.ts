// PGlite on a thread of its own. PGlite runs each statement on the thread
// that calls it, for as long as the statement takes (a season's issuance is
// seconds of CPU), and no socket is read meanwhile: HTTP requests wait, an
// SMTP conversation of several round trips crawls. On its own thread the
// engine works while this thread serves the network, and the process uses
// a second core. The caller sees the same Database as on PostgreSQL.

import { Worker } from 'node:worker_threads';
import type { Database, NotificationHandler, QueryResult, Transaction } from './database.ts';
import { copyTextOf } from './pglite.ts';
import { fromThreadError, type ThreadReply, type ThreadRequest, type ThreadStart } from './pglite-thread.protocol.ts';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Request = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export async function openPgliteThread(options: { dataDir?: string; loadDataDir?: Blob }): Promise<PgliteThreadDatabase> {
  const start: ThreadStart = { dataDir: options.dataDir };
  if (options.loadDataDir) start.loadDataDir = await options.loadDataDir.arrayBuffer();
  const worker = new Worker(new URL('./pglite.thread.mjs', import.meta.url), {
    workerData: start,
    transferList: start.loadDataDir ? [start.loadDataDir] : [],
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (reply: ThreadReply) => {
      if (reply.kind !== 'ready') return;
      worker.off('error', onError);
      worker.off('message', onMessage);
      resolve();
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
  return new PgliteThreadDatabase(worker);
}

export class PgliteThreadDatabase implements Database {
  readonly engine = 'pglite' as const;
  private nextId = 1;
  private nextTx = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private readonly listening = new Map<string, Promise<unknown>>();
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly worker: Worker) {
    // Like PGlite on the same thread, an idle database keeps no process alive;
    // a statement under way does (ref while anything is pending).
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.receive(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the PGlite thread exited (code ${code})`)));
  }

  private receive(reply: ThreadReply): void {
    if (reply.kind === 'notify') {
      for (const handler of this.handlers.get(reply.channel) ?? []) handler(reply.payload);
      return;
    }
    if (reply.kind === 'ready') return;
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.settled(reply.id);
    if (reply.kind === 'result') waiting.resolve(reply.value);
    else waiting.reject(fromThreadError(reply.error));
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(error);
    }
  }

  private call<T>(request: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...request, id } as ThreadRequest);
    });
  }

  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    return this.call<QueryResult<T>>({ op: 'query', sql, params });
  }

  async exec(sql: string): Promise<void> {
    await this.call({ op: 'exec', sql });
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = this.nextTx++;
    await this.call({ op: 'begin', tx: id });
    const tx: Transaction = {
      engine: 'pglite',
      query: <R>(sql: string, params: readonly unknown[] = []) => this.call<QueryResult<R>>({ op: 'query', tx: id, sql, params }),
      exec: async (sql) => {
        await this.call({ op: 'exec', tx: id, sql });
      },
      copyRows: async (table, columns, rows) => {
        if (rows.length === 0) return;
        await this.call({ op: 'copy', tx: id, table, columns, text: copyTextOf(rows) });
      },
    };
    let value: T;
    try {
      value = await fn(tx);
    } catch (error) {
      await this.call({ op: 'end', tx: id, commit: false }).catch(() => {});
      throw error;
    }
    await this.call({ op: 'end', tx: id, commit: true });
    return value;
  }

  async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.listening.set(channel, this.call({ op: 'listen', channel }));
    }
    set.add(handler);
    await this.listening.get(channel);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(channel);
      this.listening.delete(channel);
      if (!this.failure) await this.call({ op: 'unlisten', channel });
    };
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async dump(): Promise<Blob> {
    return new Blob([await this.call<ArrayBuffer>({ op: 'dump' })]);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.failure) await this.call({ op: 'close' }).catch(() => {});
      await this.worker.terminate();
    })();
    return this.closing;
  }
}
