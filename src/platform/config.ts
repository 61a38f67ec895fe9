import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';

// Every setting comes from the environment, is validated here once, and a
// wrong value stops the process with a message naming the variable and what
// it should look like. `.env.example` documents each one.

const quietHours = z
  .string()
  .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'use HH:MM-HH:MM (Asia/Seoul), e.g. 21:00-08:00, or off');

/** A comma-separated list of ICE server URLs of one scheme (empty allowed). */
function iceUrls(scheme: RegExp, example: string) {
  return z
    .string()
    .transform((raw) => raw.split(',').map((u) => u.trim()).filter(Boolean))
    .refine((urls) => urls.every((u) => scheme.test(u) && !/\s/.test(u)), `use comma-separated URLs, e.g. ${example}`);
}

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const PROXY_FORMS = 'use false, or the addresses of the proxies in front of Tax Station, comma-separated (addresses, CIDR ranges or loopback, linklocal, uniquelocal), e.g. 127.0.0.1 or 10.0.0.0/8,127.0.0.1';

/** One entry of TAXSTATION_TRUST_PROXY: an address, a CIDR range or a named range; null when it is none of these. */
export function proxyEntryProblem(entry: string): string | null {
  if (PROXY_RANGES.has(entry)) return null;
  const [address = '', prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return `${entry} is not an address or CIDR range`;
  if (prefix === undefined) return null;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= (version === 4 ? 32 : 128))) return `${entry} has a prefix length outside 0-${version === 4 ? 32 : 128}`;
  return null;
}

/**
 * Which peers may speak for the client in X-Forwarded-For / -Proto / -Host:
 * false (none: the socket's address is the client), or a list of proxy
 * addresses. Fastify then walks X-Forwarded-For from the right and stops at
 * the first address that is not a listed proxy, so a client cannot choose its
 * own address by sending the header. Neither `true` (would trust the left-most,
 * client-written entry) nor a hop count (cannot tell the proxy from a client
 * reaching the server directly; Fastify refuses it) is accepted.
 */
const trustProxy = z.string().transform((raw, ctx): false | string[] => {
  const value = raw.trim().toLowerCase();
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) {
    ctx.addIssue({ code: 'custom', message: `"${raw}" is no longer accepted: it let any client choose its own address with X-Forwarded-For. ${PROXY_FORMS}` });
    return z.NEVER;
  }
  if (/^\d+$/.test(value)) {
    ctx.addIssue({ code: 'custom', message: `a hop count ("${raw}") cannot tell your proxy from a client that reaches Tax Station directly. ${PROXY_FORMS}` });
    return z.NEVER;
  }
  const entries = value.split(',').map((e) => e.trim());
  const problems = entries.map((e) => (e === '' ? 'an empty entry' : proxyEntryProblem(e))).filter((p): p is string => p !== null);
  if (problems.length) {
    ctx.addIssue({ code: 'custom', message: `${problems.join('; ')}. ${PROXY_FORMS}` });
    return z.NEVER;
  }
  return entries;
});

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'use a PostgreSQL URL such as postgres://user@host:5432/dbname')
    .optional(),
  TAXSTATION_DATA_DIR: z.string().min(1).default('./data'),
  TAXSTATION_HOST: z.string().min(1).default('127.0.0.1'),
  TAXSTATION_PORT: z.coerce.number({ message: 'use a port number' }).int().min(0).max(65535).default(3000),
  TAXSTATION_PUBLIC_URL: z.url({ message: 'use the URL residents reach, e.g. https://tax.example.go.kr' }).optional(),
  TAXSTATION_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'use 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  TAXSTATION_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TAXSTATION_TRUST_PROXY: trustProxy.default(false),
  TAXSTATION_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  /** A session unused for this long ends (ASVS 3.3.2); pages warn two minutes before and offer to stay signed in. */
  TAXSTATION_SESSION_IDLE_MINUTES: z.coerce.number({ message: 'use a number of minutes, e.g. 30' }).int().min(5).max(24 * 60).default(30),
  TAXSTATION_QUIET_HOURS: quietHours.default('21:00-08:00'),
  TAXSTATION_ROLL_MAX_BYTES: z.coerce.number().int().positive().default(1024 ** 3),
  /** JSON array of delivery providers (docs/providers.md); unset: the in-process gateway simulator. */
  TAXSTATION_PROVIDERS: z.string().optional(),
  /** Where the inbound SMTP listener for bounce reports listens, HOST:PORT; unset: a free port on 127.0.0.1. */
  TAXSTATION_BOUNCE_LISTEN: z.string().regex(/^[^:]+:\d{1,5}$/, 'use HOST:PORT, e.g. 0.0.0.0:2525').optional(),
  TAXSTATION_SIM_PROFILE: z.enum(['gangnam', 'clean', 'chaos']).default('gangnam'),
  TAXSTATION_RECEIPT_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(72 * 3600),
  TAXSTATION_WORKER_BATCH: z.coerce.number().int().min(1).max(1000).default(500),
  /** How long a worker holds claimed attempts; a dead worker's attempts are resent (same idempotency key) after it. */
  TAXSTATION_CLAIM_LOCK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Video rooms: STUN servers the browsers ask for their public address (comma-separated stun: URLs; empty: none). */
  TAXSTATION_STUN_URLS: iceUrls(/^stuns?:/, 'stun:stun.example.go.kr:3478').default([]),
  /** Video rooms: the coturn relay (comma-separated turn:/turns: URLs); unset: no relay (calls on networks that block direct paths fail). */
  TAXSTATION_TURN_URLS: iceUrls(/^turns?:/, 'turn:turn.example.go.kr:3478?transport=udp,turns:turn.example.go.kr:443?transport=tcp').default([]),
  /** coturn's static-auth-secret: the server signs short-lived TURN credentials with it (TURN REST API). */
  TAXSTATION_TURN_SECRET: z.string().min(16, 'use a long random secret (openssl rand -base64 32), the same as coturn static-auth-secret').optional(),
  /** 'relay' makes every call go through the TURN relay (hides the parties' addresses from each other). */
  TAXSTATION_ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  /** Lecture videos and their poster frames (the default local-folder storage); unset: <TAXSTATION_DATA_DIR>/lectures. */
  TAXSTATION_LECTURE_DIR: z.string().min(1).optional(),
  /** The largest lecture video an upload may be, in bytes (default 500 MiB); a larger one is refused and nothing stored. */
  TAXSTATION_LECTURE_MAX_BYTES: z.coerce.number({ message: 'use a number of bytes, e.g. 524288000 for 500 MiB' }).int().positive().default(500 * 1024 ** 2),
  /** The station: presence sockets one client address may hold at once (a household or an office behind one address shares it); more are refused. */
  TAXSTATION_STATION_SOCKETS_PER_ADDRESS: z.coerce.number({ message: 'use a number of connections, e.g. 30' }).int().min(1).default(30),
  /** The bearer token Prometheus sends for /metrics (Authorization: Bearer …); unset: /metrics answers 404. */
  TAXSTATION_METRICS_TOKEN: z.string().min(24, 'use a long random token (openssl rand -hex 24)').optional(),
  /** `work` processes: where they answer /metrics, /livez and /readyz, HOST:PORT; unset: no listener. */
  TAXSTATION_METRICS_LISTEN: z.string().regex(/^[^:]+:\d{1,5}$/, 'use HOST:PORT, e.g. 127.0.0.1:9464').optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config extends Omit<RawConfig, 'TAXSTATION_ENCRYPTION_KEY'> {
  dataDir: string;
  encryptionKey: Buffer;
  /** Where the key came from, for the start-up message. */
  encryptionKeySource: 'environment' | 'data-dir';
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly problems: string[]) {
    super(`Tax Station cannot start, the configuration is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function parseConfig(env: Record<string, string | undefined> = process.env): RawConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // Hosting platforms set PORT (and often HOST); our own names win when both are set.
  const borrowed = new Map<string, string>();
  for (const [ours, conventional] of [['TAXSTATION_PORT', 'PORT'], ['TAXSTATION_HOST', 'HOST']] as const) {
    if (cleaned[ours] === undefined && cleaned[conventional] !== undefined) {
      cleaned[ours] = cleaned[conventional];
      borrowed.set(ours, conventional);
    }
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    // A bad PORT is named as PORT, the variable the operator actually set.
    const name = (path: PropertyKey[]) => borrowed.get(String(path[0])) ?? path.join('.');
    throw new ConfigError(result.error.issues.map((issue) => `${name(issue.path)}: ${issue.message}`));
  }
  if (result.data.NODE_ENV === 'production' && !result.data.TAXSTATION_ENCRYPTION_KEY) {
    throw new ConfigError(['TAXSTATION_ENCRYPTION_KEY: required in production (openssl rand -base64 32); keep it outside the database']);
  }
  return result.data;
}

/**
 * The encryption key for personal data. Outside production a key is made on
 * first use and kept in the data folder, so the demo needs no setup.
 */
function resolveKey(raw: RawConfig, dataDir: string): { key: Buffer; source: Config['encryptionKeySource'] } {
  if (raw.TAXSTATION_ENCRYPTION_KEY) return { key: Buffer.from(raw.TAXSTATION_ENCRYPTION_KEY, 'base64'), source: 'environment' };
  const file = join(dataDir, 'encryption.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError([`${file}: holds no 32-byte base64 key; restore it from your backup`]);
  return { key, source: 'data-dir' };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = parseConfig(env);
  const dataDir = resolve(raw.TAXSTATION_DATA_DIR);
  const { key, source } = resolveKey(raw, dataDir);
  const { TAXSTATION_ENCRYPTION_KEY: _omit, ...rest } = raw;
  return { ...rest, dataDir, encryptionKey: key, encryptionKeySource: source };
}

/** The base of the links people receive, e.g. https://tax.seocho.go.kr, without a trailing slash (TAXSTATION_PUBLIC_URL, else this server's own address). */
export function publicBaseUrl(config: Pick<Config, 'TAXSTATION_PUBLIC_URL' | 'TAXSTATION_HOST' | 'TAXSTATION_PORT'>): string {
  return (config.TAXSTATION_PUBLIC_URL ?? `http://${config.TAXSTATION_HOST}:${config.TAXSTATION_PORT}`).replace(/\/+$/, '');
}
