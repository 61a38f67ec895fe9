import { publicBaseUrl } from '../platform/config.ts';
import type { PersonalDataCipher } from '../platform/crypto.ts';
import type { Database } from '../platform/db/database.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { Logger } from '../platform/logger.ts';

// What the consultation engine needs: the database, the personal-data
// cipher, a clock (every rule that depends on "now" reads it, so tests and
// the demo can set it), and the public base URL the links in messages use.

export interface ConsultationDeps {
  db: Database;
  cipher: PersonalDataCipher;
  clock: () => Date;
  /** Base of the links residents receive, e.g. https://tax.seocho.go.kr (no trailing slash). */
  publicUrl: string;
  log?: Logger;
}

/** The engine's deps from the app's: the clock is read on each call, so a test may set appDeps.clock after start. */
export function consultationDepsFrom(app: AppDeps): ConsultationDeps {
  const { config } = app;
  return {
    db: app.db,
    cipher: app.cipher,
    clock: () => (app.clock ? app.clock() : new Date()),
    publicUrl: publicBaseUrl(config),
    log: app.log,
  };
}
