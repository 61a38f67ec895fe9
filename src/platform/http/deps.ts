import type { Config } from '../config.ts';
import type { PersonalDataCipher } from '../crypto.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';

/** What every route module receives: the process's config, database, logger and personal-data cipher. */
export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  cipher: PersonalDataCipher;
}
