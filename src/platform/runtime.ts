import { loadConfig, type Config } from './config.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { checkEncryptionKey } from './key-fingerprint.ts';
import { createLogger, type Logger } from './logger.ts';

/** What a command needs: validated config, a logger and the migrated database. */
export interface Runtime {
  config: Config;
  log: Logger;
  db: Database;
  close(): Promise<void>;
}

/**
 * Opens what every command that touches the database needs. A process whose
 * encryption key is not the one the database's personal data is sealed with
 * stops here (EncryptionKeyMismatch, saying which key to set), before it
 * seals or opens anything.
 */
export async function openRuntime(role: string, env: Record<string, string | undefined> = process.env): Promise<Runtime> {
  const config = loadConfig(env);
  const log = createLogger({ level: config.TAXSTATION_LOG_LEVEL, name: `taxstation-${role}` });
  const db = await openDatabase(config, `taxstation-${role}`);
  try {
    await checkEncryptionKey(db, config);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { config, log, db, close: () => db.close() };
}

/** Prints progress: a redrawn bar on a terminal, plain lines otherwise (logs, CI). */
export function progressPrinter(label: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY;
  let lastPlain = 0;
  return {
    update(done: number) {
      if (tty) {
        const width = 30;
        const share = total ? Math.min(1, done / total) : 0;
        const bar = total ? '█'.repeat(Math.round(share * width)).padEnd(width, '░') : '';
        stream.write(`\r${label} ${bar} ${done.toLocaleString('en')}${total ? `/${total.toLocaleString('en')}` : ''}`);
      } else if (Date.now() - lastPlain > 2000) {
        lastPlain = Date.now();
        stream.write(`${label}: ${done.toLocaleString('en')}${total ? ` of ${total.toLocaleString('en')}` : ''}\n`);
      }
    },
    done(message?: string) {
      if (tty) stream.write('\n');
      if (message) stream.write(`${message}\n`);
    },
  };
}
