import { readFileSync } from 'node:fs';
import { z } from 'zod';

// A credential in TAXSTATION_PROVIDERS is given as a literal string, or as
// {"env":"NAME"} (read from that environment variable) or {"file":"/path"}
// (read from that file, e.g. a mounted secret; one trailing newline is
// dropped). Only where a credential comes from is ever written in an error or
// a log line, never the credential itself.

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const secretSchema = z.union([
  z.string().min(1),
  z.object({ env: z.string().regex(ENV_NAME, 'the name of an environment variable') }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
]);
export type SecretRef = z.infer<typeof secretSchema>;

export interface SecretSources {
  env: Record<string, string | undefined>;
  readFile: (path: string) => string;
}

export const processSecretSources: SecretSources = { env: process.env, readFile: (path) => readFileSync(path, 'utf8') };

/** Where a credential comes from, in words (for messages; never its value). */
export function secretPlace(ref: SecretRef): string {
  if (typeof ref === 'string') return 'the value written in TAXSTATION_PROVIDERS';
  return 'env' in ref ? `the environment variable ${ref.env}` : `the file ${ref.file}`;
}

/**
 * The credential's value. `where` names it for the message, e.g.
 * `nhn-sms.secretKey`; a missing variable or unreadable file throws a message
 * that says which and what to do, never a value.
 */
export function resolveSecret(ref: SecretRef, where: string, sources: SecretSources = processSecretSources): string {
  if (typeof ref === 'string') return ref;
  if ('env' in ref) {
    const value = sources.env[ref.env];
    if (!value) throw new Error(`TAXSTATION_PROVIDERS: ${where}: ${secretPlace(ref)} is not set; set it to the credential`);
    return value;
  }
  let text: string;
  try {
    text = sources.readFile(ref.file);
  } catch {
    throw new Error(`TAXSTATION_PROVIDERS: ${where}: ${secretPlace(ref)} cannot be read; give the path of a file holding only the credential`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value) throw new Error(`TAXSTATION_PROVIDERS: ${where}: ${secretPlace(ref)} is empty`);
  return value;
}
