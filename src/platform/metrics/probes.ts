import { timingSafeEqual, createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { appliedMigrationCount, loadMigrations } from '../db/migrate.ts';

// Liveness: the process answers. Readiness: it can do its work now — the
// database answers, every migration this version knows is applied, and the
// process is not shutting down — so a load balancer sends it traffic.

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: { applied: number; known: number };
  draining: boolean;
}

let known: Promise<number> | undefined;

export async function readiness(db: Queryable, draining: boolean): Promise<Readiness> {
  known ??= loadMigrations().then((all) => all.length);
  const knownCount = await known;
  let applied = -1;
  try {
    applied = await appliedMigrationCount(db);
  } catch {
    return { ready: false, database: 'unreachable', migrations: { applied: 0, known: knownCount }, draining };
  }
  return { ready: !draining && applied >= knownCount, database: 'ok', migrations: { applied, known: knownCount }, draining };
}

/** Whether an Authorization header carries the token (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
