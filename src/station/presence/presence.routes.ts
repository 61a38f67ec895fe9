import type { AppDeps } from '../../platform/http/deps.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import { districtExists } from '../../platform/districts/districts.repository.ts';
import { sharedBus } from '../../platform/realtime/shared-bus.ts';
import { MAP_BOUNDS_OF } from './presence.bounds.ts';
import { stationOf } from '../maps/station-maps.repository.ts';
import { StationPresence } from './presence.socket.ts';

// WS /r/station/socket: presence, movement and chat in the districts'
// stations. It sits under /r/ because anyone may enter without signing in;
// a staff session cookie of the district adds the staff badge.

const presences = new WeakMap<AppDeps, StationPresence>();

/** This server's station presence (tests tick it by hand and read its counts). */
export function presenceOf(deps: AppDeps): StationPresence | undefined {
  return presences.get(deps);
}

/** Whether a district exists, remembered for a minute (every join asks). */
function cachedDistrictExists(deps: AppDeps, now: () => number): (district: string) => Promise<boolean> {
  const known = new Map<string, number>();
  return async (district) => {
    const until = known.get(district);
    if (until !== undefined && until > now()) return true;
    const exists = await districtExists(deps.db, district);
    if (exists) known.set(district, now() + 60_000);
    return exists;
  };
}

export const stationPresenceRoutes: RoutePlugin = async (app, appDeps) => {
  const now = () => (appDeps.clock ? appDeps.clock().getTime() : Date.now());
  const presence = new StationPresence({
    db: appDeps.db,
    bus: sharedBus(appDeps),
    log: appDeps.log,
    now,
    // the map's size and zones are read when a visitor joins (a map uploaded since applies to the next visitor)
    boundsOf: MAP_BOUNDS_OF(cachedDistrictExists(appDeps, now), (district) => stationOf(appDeps.db, district)),
    socketsPerAddress: appDeps.config.TAXSTATION_STATION_SOCKETS_PER_ADDRESS,
  });
  presences.set(appDeps, presence);
  app.addHook('onClose', async () => presence.close());

  app.get('/r/station/socket', { websocket: true, schema: { hide: true } }, (socket, request) => presence.accept(socket, request));
};
