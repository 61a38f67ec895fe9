import type { Database } from '../platform/db/database.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import { createRealtimeBus, type RealtimeBus } from '../platform/realtime/bus.ts';
import type { DeskDeps } from './conversations/conversations.service.ts';

// The desk services need the realtime bus; a process shares one per
// database (one LISTEN connection), whether or not AppDeps carries it.

const buses = new WeakMap<Database, RealtimeBus>();

export function deskDepsFrom(deps: AppDeps): DeskDeps {
  let bus = deps.bus ?? buses.get(deps.db);
  if (!bus) {
    bus = createRealtimeBus(deps.db);
    buses.set(deps.db, bus);
  }
  // Read at each call: a test may set the clock on its server's deps after start.
  return { db: deps.db, cipher: deps.cipher, log: deps.log, bus, now: () => (deps.clock ? deps.clock() : new Date()) };
}
