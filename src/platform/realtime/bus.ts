import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';

// Events between serve processes. Every process listens on one database
// channel and hands each event to its local subscribers of the event's topic;
// on PostgreSQL that is LISTEN/NOTIFY between processes, on PGlite the same
// calls stay in the one process. NOTIFY payloads are capped (8000 bytes), so
// events carry ids and small flags; receivers read rows by id.
//
// NOTIFY is fire-and-forget: while the listening connection is down (it
// reconnects by itself) events are lost. When it listens again, every
// subscriber gets RESYNC and catches up from its own cursor (message ids,
// current state) instead of trusting that it heard everything.

export interface RealtimeBus {
  publish(topic: string, event: unknown): Promise<void>;
  /** handler receives the topic's events, and RESYNC after events may have been missed. */
  subscribe(topic: string, handler: (event: unknown) => void): Promise<() => Promise<void>>;
}

export interface ResyncEvent {
  type: 'resync';
}
export const RESYNC: Readonly<ResyncEvent> = Object.freeze({ type: 'resync' });

export function isResync(event: unknown): event is ResyncEvent {
  return (event as { type?: unknown } | null)?.type === 'resync';
}

export interface RealtimeBusOptions {
  /** Where the drop and recovery of the listening connection are told (no event contents). */
  log?: Logger;
}

export const REALTIME_CHANNEL = 'taxstation_realtime';
const MAX_PAYLOAD = 7900;

export function createRealtimeBus(db: Database, options: RealtimeBusOptions = {}): RealtimeBus {
  const handlers = new Map<string, Set<(event: unknown) => void>>();
  let listening: Promise<unknown> | undefined;

  const deliver = (handler: (event: unknown) => void, event: unknown) => {
    try {
      handler(event);
    } catch {
      // one subscriber's failure must not starve the others
    }
  };

  const dispatch = (payload: string) => {
    let parsed: { t?: unknown; e?: unknown };
    try {
      parsed = JSON.parse(payload) as { t?: unknown; e?: unknown };
    } catch {
      return;
    }
    if (typeof parsed.t !== 'string') return;
    for (const handler of [...(handlers.get(parsed.t) ?? [])]) deliver(handler, parsed.e);
  };

  const resync = () => {
    for (const set of [...handlers.values()]) for (const handler of [...set]) deliver(handler, RESYNC);
  };

  const listen = () =>
    db.listen(REALTIME_CHANNEL, dispatch, {
      onDrop: ({ reason }) => options.log?.warn({ channel: REALTIME_CHANNEL, reason }, 'realtime listener lost its connection; reconnecting'),
      onResume: ({ attempts, outageMs }) => {
        options.log?.info({ channel: REALTIME_CHANNEL, attempts, outageMs, topics: handlers.size }, 'realtime listener reconnected; subscribers resync');
        resync();
      },
    });

  return {
    async publish(topic, event) {
      const payload = JSON.stringify({ t: topic, e: event });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD) throw new Error(`realtime event too large for NOTIFY (${topic})`);
      await db.notify(REALTIME_CHANNEL, payload);
    },
    async subscribe(topic, handler) {
      // A failed first LISTEN is tried again by the next subscriber.
      listening ??= listen().catch((error: unknown) => {
        listening = undefined;
        throw error;
      });
      await listening;
      let set = handlers.get(topic);
      if (!set) handlers.set(topic, (set = new Set()));
      set.add(handler);
      return async () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(topic) === set) handlers.delete(topic);
      };
    },
  };
}
