import { publicBaseUrl } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import type { AppDeps } from '../platform/http/deps.ts';

// What the station needs: the database and the public base URL its short
// links and QR codes carry (TAXSTATION_PUBLIC_URL, as every link people receive).

export interface StationDeps {
  db: Database;
  /** e.g. https://tax.seocho.go.kr (no trailing slash) */
  publicUrl: string;
}

export function stationDepsFrom(app: AppDeps): StationDeps {
  return { db: app.db, publicUrl: publicBaseUrl(app.config) };
}
