import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isListUnsubscribeUri } from './providers/mail-headers.ts';
import type { DkimSigning } from './providers/smtp.adapter.ts';
import { providerCommon } from './providers/provider-common.config.ts';
import { nhnProviderSchemas } from './providers/nhn/nhn.config.ts';
import { sensProviderSchemas } from './providers/sens/sens.config.ts';

// Which providers deliver, from TAXSTATION_PROVIDERS (a JSON array). Several
// providers per channel, with priorities, give failover. Without the
// variable, the commands and the demo use the in-process gateway simulator.
// A real service's entry (nhn-sms, nhn-alimtalk, …) has its schema in its
// folder under providers/ and is built and checked by its kind
// (providers/provider-kinds.ts); see docs/providers.md, "Configuration".

const common = providerCommon;

const gateway = {
  ...common,
  baseUrl: z.url(),
  apiKey: z.string().min(1),
  /** Shared secret the gateway signs its receipt webhooks with. */
  webhookSecret: z.string().min(16),
  maxBatchSize: z.number().int().min(1).max(1000).optional(),
};

export const providerConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('kakao-gateway'), ...gateway }),
  z.object({ type: z.literal('sms-gateway'), ...gateway }),
  z.object({
    type: z.literal('smtp'),
    ...common,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean().default(false),
    user: z.string().optional(),
    pass: z.string().optional(),
    from: z.string().min(3),
    /** Domain of the return path; its MX must reach the bounce listener. */
    bounceDomain: z.string().min(1),
    /**
     * DKIM signing (RFC 6376, rsa-sha256, relaxed/relaxed, by nodemailer):
     * `{"domainName":"tax.example.go.kr","keySelector":"ts2026","privateKeyFile":"/etc/taxstation/dkim.pem"}`,
     * or `"privateKeyEnv":"TAXSTATION_DKIM_KEY"` to read the PEM from that
     * environment variable. The public key is published in DNS as a TXT
     * record at <keySelector>._domainkey.<domainName> (see the README). The
     * key itself is never in this setting and never logged. Without `dkim`,
     * mail goes unsigned.
     */
    dkim: z
      .object({
        domainName: z.string().regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/, 'a domain name, e.g. tax.example.go.kr'),
        keySelector: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}))*$/, 'a selector: letters, digits, dashes, e.g. ts2026'),
        privateKeyFile: z.string().min(1).optional(),
        privateKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable').optional(),
      })
      .refine((d) => (d.privateKeyFile === undefined) !== (d.privateKeyEnv === undefined), 'give exactly one of privateKeyFile and privateKeyEnv')
      .optional(),
    /**
     * Where the List-Unsubscribe header of bulk mail (reminders, campaigns;
     * never a legal notice) points: a `mailto:` or `https:` address. Default:
     * a mail to the From address with the subject "unsubscribe", so the From
     * mailbox must be one the office reads.
     */
    listUnsubscribe: z.string().refine(isListUnsubscribeUri, 'a mailto: or https: address').optional(),
    maxConnections: z.number().int().min(1).max(100).default(10),
    maxBatchSize: z.number().int().min(1).max(1000).default(200),
  }),
  ...nhnProviderSchemas,
  ...sensProviderSchemas,
]);
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
export type SmtpProviderConfig = Extract<ProviderConfig, { type: 'smtp' }>;
/** The types our own protocols speak; every other type is a service with a kind in providers/provider-kinds.ts. */
export const BUILTIN_PROVIDER_TYPES = ['kakao-gateway', 'sms-gateway', 'smtp'] as const;
export type BuiltinProviderConfig = Extract<ProviderConfig, { type: (typeof BUILTIN_PROVIDER_TYPES)[number] }>;
export type ServiceProviderConfig = Exclude<ProviderConfig, BuiltinProviderConfig>;

export const providersSchema = z.array(providerConfigSchema).min(1);

export function parseProvidersConfig(text: string | undefined): ProviderConfig[] | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('TAXSTATION_PROVIDERS: not JSON; give a JSON array of providers (see docs/providers.md)');
  }
  const result = providersSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`TAXSTATION_PROVIDERS: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const names = new Set<string>();
  for (const p of result.data) {
    if (names.has(p.name)) throw new Error(`TAXSTATION_PROVIDERS: the name ${p.name} is used twice`);
    names.add(p.name);
  }
  return result.data;
}

/**
 * The DKIM signing of an SMTP provider, its private key read from the file or
 * the environment variable the setting names; undefined when it has none.
 * Throws a message that names the provider and the place, never the key.
 */
export function dkimSigningOf(config: SmtpProviderConfig, env: Record<string, string | undefined> = process.env, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): DkimSigning | undefined {
  const dkim = config.dkim;
  if (!dkim) return undefined;
  const where = dkim.privateKeyFile !== undefined ? `the file ${dkim.privateKeyFile}` : `the environment variable ${dkim.privateKeyEnv}`;
  let privateKey: string | undefined;
  if (dkim.privateKeyFile !== undefined) {
    try {
      privateKey = readFile(dkim.privateKeyFile);
    } catch {
      throw new Error(`TAXSTATION_PROVIDERS: ${config.name}.dkim: ${where} cannot be read; give the path of the PEM private key`);
    }
  } else {
    privateKey = env[dkim.privateKeyEnv!];
    if (!privateKey) throw new Error(`TAXSTATION_PROVIDERS: ${config.name}.dkim: ${where} is not set; set it to the PEM private key`);
  }
  let key;
  try {
    key = createPrivateKey(privateKey);
  } catch {
    throw new Error(`TAXSTATION_PROVIDERS: ${config.name}.dkim: ${where} does not hold a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) {
    throw new Error(`TAXSTATION_PROVIDERS: ${config.name}.dkim: ${where} must hold an RSA key of at least 1024 bits (2048 recommended)`);
  }
  return { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey };
}
