import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { createRealtimeBus, type RealtimeBus } from '../realtime/bus.ts';

// A sign-out is announced on the realtime bus (NOTIFY between processes), so
// that every process closes the sockets opened with that session at once:
// the desk's agent console re-checks its own session when its staff member's
// topic speaks (issue 13, finding 6). The event names no session: each
// socket asks the database whether its own is still live.

export const sessionEndedTopic = (staffId: number) => `staff-session:${staffId}`;

export interface SessionEndedEvent {
  type: 'session_ended';
}

export async function announceSessionEnded(deps: { db: Database; log: Logger; bus?: RealtimeBus }, staffId: number): Promise<void> {
  try {
    await (deps.bus ?? createRealtimeBus(deps.db)).publish(sessionEndedTopic(staffId), { type: 'session_ended' } satisfies SessionEndedEvent);
  } catch (error) {
    // The session has ended in the database: sockets find out at their next action or check.
    deps.log.warn({ err: error, staffId }, 'sign-out not announced to open sockets');
  }
}
