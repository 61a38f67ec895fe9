import type { Database } from '../db/database.ts';

// Events between serve processes. Every process listens on one database
// channel and hands each event to its local subscribers of the event's topic;
// on PostgreSQL that is LISTEN/NOTIFY between processes, on PGlite the same
// calls stay in the one process. NOTIFY payloads are capped (8000 bytes), so
// events carry ids and small flags; receivers read rows by id.

export interface RealtimeBus {
  publish(topic: string, event: unknown): Promise<void>;
  subscribe(topic: string, handler: (event: unknown) => void): Promise<() => Promise<void>>;
}

export const REALTIME_CHANNEL = 'taxstation_realtime';
const MAX_PAYLOAD = 7900;

export function createRealtimeBus(db: Database): RealtimeBus {
  const handlers = new Map<string, Set<(event: unknown) => void>>();
  let listening: Promise<unknown> | undefined;

  const dispatch = (payload: string) => {
    let parsed: { t?: unknown; e?: unknown };
    try {
      parsed = JSON.parse(payload) as { t?: unknown; e?: unknown };
    } catch {
      return;
    }
    if (typeof parsed.t !== 'string') return;
    for (const handler of [...(handlers.get(parsed.t) ?? [])]) {
      try {
        handler(parsed.e);
      } catch {
        // one subscriber's failure must not starve the others
      }
    }
  };

  return {
    async publish(topic, event) {
      const payload = JSON.stringify({ t: topic, e: event });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD) throw new Error(`realtime event too large for NOTIFY (${topic})`);
      await db.notify(REALTIME_CHANNEL, payload);
    },
    async subscribe(topic, handler) {
      listening ??= db.listen(REALTIME_CHANNEL, dispatch);
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
