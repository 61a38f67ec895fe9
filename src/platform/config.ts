import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

// Every setting comes from the environment, is validated here once, and a
// wrong value stops the process with a message naming the variable and what
// it should look like. `.env.example` documents each one.

const quietHours = z
  .string()
  .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'use HH:MM-HH:MM (Asia/Seoul), e.g. 21:00-08:00, or off');

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

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
  TAXSTATION_TRUST_PROXY: booleanText.default(false),
  TAXSTATION_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
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
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
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
