import type { Database } from '../platform/db/database.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { Logger } from '../platform/logger.ts';
import type { RealtimeBus } from '../platform/realtime/bus.ts';
import { sharedBus } from '../platform/realtime/shared-bus.ts';
import { consultationDepsFrom, type ConsultationDeps } from '../consultations/consultations.deps.ts';

// What the video rooms need: the reservations (src/consultations owns them),
// the realtime bus (signals and presence between serve processes), a clock
// (the room opens and closes by it; tests set it) and the ICE settings.

export interface IceSettings {
  stunUrls: readonly string[];
  turnUrls: readonly string[];
  /** coturn's static-auth-secret; null: no relay offered */
  turnSecret: string | null;
  transportPolicy: 'all' | 'relay';
}

export interface VideoDeps {
  db: Database;
  bus: RealtimeBus;
  log: Logger;
  clock: () => Date;
  consultations: ConsultationDeps;
  ice: IceSettings;
}

export function videoDepsFrom(app: AppDeps): VideoDeps {
  const { config } = app;
  return {
    db: app.db,
    bus: sharedBus(app),
    log: app.log,
    // read at each call: a test may set the clock on its server's deps after start
    clock: () => (app.clock ? app.clock() : new Date()),
    consultations: consultationDepsFrom(app),
    ice: {
      stunUrls: config.TAXSTATION_STUN_URLS,
      turnUrls: config.TAXSTATION_TURN_URLS,
      turnSecret: config.TAXSTATION_TURN_SECRET ?? null,
      transportPolicy: config.TAXSTATION_ICE_TRANSPORT_POLICY,
    },
  };
}
