import { z } from 'zod';

/** Settings every provider entry in TAXSTATION_PROVIDERS has. */
export const providerCommon = {
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'use lower-case letters, digits and dashes'),
  /** Lower goes first among the providers of one channel (failover order). */
  priority: z.number().int().min(0).default(100),
  ratePerSecond: z.number().positive().default(1000),
};
