import type { Config } from '../config.ts';
import type { PersonalDataCipher } from '../crypto.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryRuntime } from '../../delivery/delivery.runtime.ts';
import type { RealtimeBus } from '../realtime/bus.ts';

/** What every route module receives: the process's config, database, logger and personal-data cipher. */
export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  cipher: PersonalDataCipher;
  /** Providers, receipt parsers and writer, and the dispatch engine, when this process runs delivery. */
  delivery?: DeliveryRuntime;
  /** Events between serve processes (LISTEN/NOTIFY; in-process on PGlite); route modules create one when absent. */
  bus?: RealtimeBus;
  /** The wall clock; tests give a fixed one so business hours do not depend on when they run. */
  clock?: () => Date;
}
