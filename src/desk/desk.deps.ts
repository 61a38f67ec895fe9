import type { AppDeps } from '../platform/http/deps.ts';
import { sharedBus } from '../platform/realtime/shared-bus.ts';
import type { DeskDeps } from './conversations/conversations.service.ts';

// The desk services need the realtime bus: the process's one per database.

export function deskDepsFrom(deps: AppDeps): DeskDeps {
  // Read at each call: a test may set the clock on its server's deps after start.
  return { db: deps.db, cipher: deps.cipher, log: deps.log, bus: sharedBus(deps), now: () => (deps.clock ? deps.clock() : new Date()) };
}
