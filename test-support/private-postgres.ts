// Test support (not a test): a PostgreSQL cluster of the test's own, for
// what must not be done to the machine's shared server (restart it, read its
// log): initdb into a temporary folder, trust authentication, a free port,
// the server log in a file. Stop it and its folder goes too.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.ts';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries on the machine, or undefined. */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** Why a private cluster cannot be made here (shown as the test's skip reason), or false. */
export function privatePostgresUnavailable(): string | false {
  return postgresBinaries() ? false : 'SKIPPED: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin to start a private cluster';
}

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** The server log so far. */
  log(): string;
  /** pg_ctl restart -m fast: every connection ends, the server comes back on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const dir = mkdtempSync(join(tmpdir(), 'ts-pgcluster-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  // initdb and postgres refuse to run as root: hand the folder to the postgres user then.
  const asRoot = process.getuid?.() === 0;
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) spawnSync('chown', ['-R', 'postgres', dir]);
  await run(...wrap(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']));
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c log_lock_waits=on -c deadlock_timeout=200ms -c max_connections=200`;
  const start = () => run(...wrap(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']));
  await start();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async restart() {
      await run(...wrap(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '60', '-m', 'fast', '-o', options, 'restart']));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(...wrap(join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-m', 'immediate', 'stop'])).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Ends the server connections that match `where` (SQL over pg_stat_activity), as the server does on a restart; returns how many. */
export async function terminateBackends(url: string, where: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND ${where}`);
    return rows.length;
  } finally {
    await admin.end();
  }
}
