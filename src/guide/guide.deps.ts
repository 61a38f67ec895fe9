import { publicBaseUrl } from '../platform/config.ts';
import type { PersonalDataCipher } from '../platform/crypto.ts';
import type { Database } from '../platform/db/database.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { Logger } from '../platform/logger.ts';

// What the local-tax guide needs: the database, the personal-data cipher
// (reminder contacts), a clock (reminders are due by it; tests set it) and
// the public base URL the links in messages use.

export interface GuideDeps {
  db: Database;
  cipher: PersonalDataCipher;
  clock: () => Date;
  /** e.g. https://tax.seocho.go.kr (no trailing slash) */
  publicUrl: string;
  log: Logger;
}

export function guideDepsFrom(app: AppDeps): GuideDeps {
  const { config } = app;
  return {
    db: app.db,
    cipher: app.cipher,
    // read at each call: a test may set the clock on its server's deps after start
    clock: () => (app.clock ? app.clock() : new Date()),
    publicUrl: publicBaseUrl(config),
    log: app.log,
  };
}
