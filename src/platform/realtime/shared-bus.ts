import type { Database } from '../db/database.ts';
import { createRealtimeBus, type RealtimeBus } from './bus.ts';

// A process shares one realtime bus per database (one LISTEN connection),
// whichever domains use it and whether or not the app's deps carry one.

const buses = new WeakMap<Database, RealtimeBus>();

export function sharedBus(deps: { db: Database; bus?: RealtimeBus }): RealtimeBus {
  if (deps.bus) return deps.bus;
  let bus = buses.get(deps.db);
  if (!bus) {
    bus = createRealtimeBus(deps.db);
    buses.set(deps.db, bus);
  }
  return bus;
}
