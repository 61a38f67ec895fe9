import type { Config } from '../config.ts';
import type { PersonalDataCipher } from '../crypto.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { RealtimeBus } from '../realtime/bus.ts';

/**
 * What every route module receives: the process's config, database, logger
 * and personal-data cipher. A domain that adds a dependency of its own (the
 * delivery runtime, say) declares it on this interface from its own folder
 * (`declare module '…/platform/http/deps.ts'`), so platform never names it.
 */
export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  cipher: PersonalDataCipher;
  /** Events between serve processes (LISTEN/NOTIFY; in-process on PGlite); route modules create one when absent. */
  bus?: RealtimeBus;
  /** The wall clock; tests give a fixed one so business hours do not depend on when they run. */
  clock?: () => Date;
}
