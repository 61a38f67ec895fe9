import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AppError } from '../errors.ts';
import { backupMessages } from './backup.messages.ts';

// pg_dump, pg_restore and psql for the server in DATABASE_URL. pg_dump
// refuses a server newer than itself, so the client of the server's major
// version is preferred (Debian keeps each under /usr/lib/postgresql/N/bin),
// then any on PATH that is as new as the server.

export type PostgresTool = 'pg_dump' | 'pg_restore' | 'psql';

function majorOf(path: string): number | null {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8' });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout ?? '');
  return match ? Number(match[1]) : null;
}

/** The path of `tool` usable with a server of this major version, or an AppError saying what to install. */
export function findPostgresTool(tool: PostgresTool, serverMajor: number, env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [`/usr/lib/postgresql/${serverMajor}/bin/${tool}`, ...(env.PATH ?? '').split(':').filter(Boolean).map((dir) => `${dir}/${tool}`)];
  const tried: string[] = [];
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const major = majorOf(path);
    tried.push(`${path} (${major ?? '?'})`);
    if (major !== null && major >= serverMajor) return path;
  }
  throw new AppError('backup_tool_missing', 500, backupMessages.both('tool_missing', { tool, major: serverMajor, tried: tried.join(', ') || 'none found' }));
}

/**
 * The connection for libpq tools: the URL without its password (a command
 * line is visible to every user of the machine in ps), the password in
 * PGPASSWORD.
 */
export function libpqConnection(url: string, applicationName: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: applicationName };
  if (password) env.PGPASSWORD = password;
  return { dbname: u.toString(), env };
}

/** Resolves when the child exits 0; otherwise rejects with its last lines of stderr. */
export function finished(child: ChildProcess, tool: string, stderrTail: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new AppError('backup_tool_failed', 500, backupMessages.both('tool_failed', { tool, code: code ?? 'signal', detail: stderrTail() || 'no message' })));
    });
  });
}

/** Keeps the last few kilobytes of a child's stderr, and calls `onLine` for each line (progress). */
export function collectStderr(child: ChildProcess, onLine?: (line: string) => void): () => string {
  let tail = '';
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    tail = (tail + text).slice(-4000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine?.(line);
  });
  return () =>
    tail
      .split('\n')
      .filter((l) => l.trim() && !/^(pg_dump|pg_restore): (dumping|processing|creating|restoring|reading|identifying|saving|finding|flagging|last built-in|executing|implied|connecting)/.test(l))
      .slice(-5)
      .join(' | ');
}

export { spawn };
