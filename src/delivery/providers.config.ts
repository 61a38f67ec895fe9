import { z } from 'zod';

// Which providers deliver, from TAXSTATION_PROVIDERS (a JSON array). Several
// providers per channel, with priorities, give failover. Without the
// variable, the commands and the demo use the in-process gateway simulator.

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'use lower-case letters, digits and dashes'),
  priority: z.number().int().min(0).default(100),
  ratePerSecond: z.number().positive().default(1000),
};

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
    maxConnections: z.number().int().min(1).max(100).default(10),
    maxBatchSize: z.number().int().min(1).max(1000).default(200),
  }),
]);
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

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
