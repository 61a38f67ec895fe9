import type { Database } from '../platform/db/database.ts';
import type { AppDeps } from '../platform/http/deps.ts';

// What the station needs: the database and the public base URL its short
// links and QR codes carry (TAXSTATION_PUBLIC_URL, as the guide's links).

export interface StationDeps {
  db: Database;
  /** e.g. https://tax.seocho.go.kr (no trailing slash) */
  publicUrl: string;
}

export function stationDepsFrom(app: AppDeps): StationDeps {
  const { config } = app;
  return {
    db: app.db,
    publicUrl: (config.TAXSTATION_PUBLIC_URL ?? `http://${config.TAXSTATION_HOST}:${config.TAXSTATION_PORT}`).replace(/\/+$/, ''),
  };
}
