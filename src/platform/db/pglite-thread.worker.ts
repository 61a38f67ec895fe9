// The thread that runs PGlite for a PgliteThreadDatabase. Statements outside
// a transaction run as they come (PGlite queues them behind any open
// transaction); a transaction's statements wait in its own queue, so the
// caller's transaction callback drives it exactly as on the same thread.

import { parentPort, workerData } from 'node:worker_threads';
import type { Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { copyText, createPgliteEngine, pgliteQuery } from './pglite.ts';
import { toThreadError, type ThreadReply, type ThreadRequest, type ThreadStart } from './pglite-thread.protocol.ts';

const port = parentPort!;
const start = workerData as ThreadStart;
const send = (reply: ThreadReply) => port.postMessage(reply);

class Rollback extends Error {}

interface OpenTransaction {
  queue: ThreadRequest[];
  wake: (() => void) | null;
}

const transactions = new Map<number, OpenTransaction>();
const unlisten = new Map<string, () => Promise<void>>();

const pg = await createPgliteEngine({
  dataDir: start.dataDir,
  loadDataDir: start.loadDataDir ? new Blob([start.loadDataDir]) : undefined,
});

async function run(target: Pick<PGliteTransaction, 'query' | 'exec'>, request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'query':
      return pgliteQuery(target, request.sql, request.params);
    case 'exec':
      await target.exec(request.sql);
      return undefined;
    case 'copy':
      await copyText(target, request.table, request.columns, request.text);
      return undefined;
    default:
      throw new Error(`PGlite thread: ${request.op} cannot run here`);
  }
}

function answer(id: number, work: Promise<unknown>): Promise<void> {
  return work.then(
    (value) => send({ kind: 'result', id, value }),
    (error: unknown) => send({ kind: 'error', id, error: toThreadError(error) }),
  );
}

function nextOf(open: OpenTransaction): Promise<ThreadRequest> {
  const waiting = open.queue.shift();
  if (waiting) return Promise.resolve(waiting);
  return new Promise((resolve) => {
    open.wake = () => {
      open.wake = null;
      resolve(open.queue.shift()!);
    };
  });
}

function begin(request: Extract<ThreadRequest, { op: 'begin' }>): void {
  const open: OpenTransaction = { queue: [], wake: null };
  transactions.set(request.tx, open);
  let endId: number | null = null;
  pg.transaction(async (tx) => {
    send({ kind: 'result', id: request.id });
    for (;;) {
      const next = await nextOf(open);
      if (next.op === 'end') {
        endId = next.id;
        if (next.commit) return;
        throw new Rollback();
      }
      await answer(next.id, run(tx, next));
    }
  }).then(
    () => send({ kind: 'result', id: endId! }),
    (error: unknown) => {
      if (error instanceof Rollback) send({ kind: 'result', id: endId! });
      // BEGIN itself failed (endId null) or COMMIT did: the caller hears it either way
      else send({ kind: 'error', id: endId ?? request.id, error: toThreadError(error) });
    },
  ).finally(() => transactions.delete(request.tx));
}

async function handle(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'listen': {
      if (!unlisten.has(request.channel)) {
        unlisten.set(request.channel, await pg.listen(request.channel, (payload) => send({ kind: 'notify', channel: request.channel, payload })));
      }
      return undefined;
    }
    case 'unlisten': {
      const stop = unlisten.get(request.channel);
      unlisten.delete(request.channel);
      await stop?.();
      return undefined;
    }
    case 'dump': {
      const blob = (await pg.dumpDataDir('none')) as Blob;
      return await blob.arrayBuffer();
    }
    case 'close':
      if (!pg.closed) await pg.close();
      return undefined;
    default:
      return run(pg, request);
  }
}

port.on('message', (request: ThreadRequest) => {
  if (request.op === 'begin') return begin(request);
  if ('tx' in request && request.tx !== undefined) {
    const open = transactions.get(request.tx);
    if (!open) {
      send({ kind: 'error', id: request.id, error: toThreadError(new Error(`PGlite thread: transaction ${request.tx} is not open`)) });
      return;
    }
    open.queue.push(request);
    open.wake?.();
    return;
  }
  void answer(request.id, handle(request)).then(() => {
    if (request.op === 'close') port.close();
  });
});

send({ kind: 'ready' });
