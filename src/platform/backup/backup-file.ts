import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { backupMessages } from './backup.messages.ts';

// A backup file is a fixed-size header followed by the engine's own dump:
//
//   TAXSTATION-BACKUP\n{"format":1,"engine":"postgres",…}<spaces>\n   (HEADER_BYTES in all)
//   <payload: pg_dump's custom format, or PGlite's data-folder tar, gzipped>
//
// The header is written last, in place, once the payload's length and
// SHA-256 are known, so the dump streams straight into the file. A truncated
// file, a damaged one, one from another format or from a newer Tax Station
// is refused before anything in the database is touched. The encryption key
// is never in the file: only its fingerprint, so a restore under the wrong
// key is refused instead of restoring data nobody can open.

export const BACKUP_MAGIC = 'TAXSTATION-BACKUP\n';
export const BACKUP_FORMAT = 1;
export const HEADER_BYTES = 1024;

export const backupHeaderSchema = z.object({
  format: z.number().int().positive(),
  engine: z.enum(['postgres', 'pglite']),
  payload: z.enum(['pg_dump-custom', 'pglite-datadir-tar-gzip']),
  migrations: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  payloadBytes: z.number().int().min(0),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** HMAC fingerprint of the key the data is sealed with (key-fingerprint.ts); null when the database had recorded none. */
  keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /** The server the dump came from, e.g. "15.20"; for the operator. */
  serverVersion: z.string().max(100).optional(),
});

export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** The header block: magic line, JSON, padded with spaces to HEADER_BYTES and ended by a newline. */
export function encodeHeader(header: BackupHeader): Buffer {
  const text = BACKUP_MAGIC + JSON.stringify(header);
  const bytes = Buffer.byteLength(text);
  if (bytes > HEADER_BYTES - 1) throw new Error(`backup header of ${bytes} bytes does not fit in ${HEADER_BYTES}`);
  return Buffer.from(text + ' '.repeat(HEADER_BYTES - 1 - bytes) + '\n');
}

const refuse = (code: keyof typeof backupMessages.catalogue, vars: Record<string, string | number>) =>
  new AppError(`backup_${code}`, 422, backupMessages.both(code, vars));

/**
 * Reads a header block. Refuses what is not a backup, a damaged header and
 * another format version; it says nothing yet about the payload.
 */
export function decodeHeader(block: Buffer, file: string): BackupHeader {
  const name = basename(file);
  if (block.subarray(0, BACKUP_MAGIC.length).toString('latin1') !== BACKUP_MAGIC) throw refuse('not_a_backup', { file: name });
  if (block.length < HEADER_BYTES) throw refuse('truncated', { file: name, expected: HEADER_BYTES, actual: block.length });
  let json: unknown;
  try {
    json = JSON.parse(block.subarray(BACKUP_MAGIC.length, HEADER_BYTES).toString('utf8'));
  } catch {
    throw refuse('header_damaged', { file: name, detail: 'not JSON' });
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== BACKUP_FORMAT) throw refuse('other_format', { file: name, found: format, expected: BACKUP_FORMAT });
  const parsed = backupHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw refuse('header_damaged', { file: name, detail: `${issue.path.join('.') || 'header'}: ${issue.message}` });
  }
  return parsed.data;
}

/** Where the payload starts in the file. */
export const payloadStart = HEADER_BYTES;

/**
 * Reads and checks a backup file before a restore: the header, the length
 * and the checksum of the payload (one pass over the file, reported to
 * `onProgress` in bytes).
 */
export async function verifyBackupFile(file: string, onProgress?: (bytes: number, total: number) => void): Promise<BackupHeader> {
  const name = basename(file);
  const handle = await open(file, 'r');
  let header: BackupHeader;
  try {
    const block = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(block, 0, HEADER_BYTES, 0);
    header = decodeHeader(block.subarray(0, bytesRead), file);
  } finally {
    await handle.close();
  }
  const actual = (await stat(file)).size - HEADER_BYTES;
  if (actual !== header.payloadBytes) throw refuse('truncated', { file: name, expected: header.payloadBytes, actual });
  const hash = createHash('sha256');
  let done = 0;
  for await (const chunk of createReadStream(file, { start: HEADER_BYTES, highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done, header.payloadBytes);
  }
  if (hash.digest('hex') !== header.payloadSha256) throw refuse('checksum_mismatch', { file: name });
  return header;
}

/** Refuses a backup this version cannot restore onto this engine, or under this key. */
export function checkRestorable(
  header: BackupHeader,
  file: string,
  target: { engine: 'postgres' | 'pglite'; knownMigrations: number; keyFingerprint: string },
): void {
  const name = basename(file);
  if (header.migrations > target.knownMigrations) throw refuse('newer_version', { file: name, found: header.migrations, known: target.knownMigrations });
  const engineName = { postgres: 'PostgreSQL', pglite: 'PGlite' } as const;
  if (header.engine !== target.engine) throw refuse('engine_mismatch', { file: name, found: engineName[header.engine], current: engineName[target.engine] });
  if (header.keyFingerprint !== null && header.keyFingerprint !== target.keyFingerprint) {
    throw refuse('key_mismatch', { file: name, expected: header.keyFingerprint.slice(0, 12), actual: target.keyFingerprint.slice(0, 12) });
  }
}
