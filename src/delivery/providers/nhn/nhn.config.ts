import { z } from 'zod';
import { secretSchema } from '../secrets.ts';
import { providerCommon } from '../provider-common.config.ts';

// NHN Cloud Notification (SMS and KakaoTalk Bizmessage AlimTalk) as a
// district configures it in TAXSTATION_PROVIDERS: one entry per product, as
// each has its own app key. See docs/providers.md, "NHN Cloud".

const nhnCommon = {
  ...providerCommon,
  /** The product's app key (console: the product's URL & Appkey). */
  appKey: secretSchema,
  /** The secret key sent as X-Secret-Key (console: the product's URL & Appkey). */
  secretKey: secretSchema,
  /** Recipients per send request; the service takes at most 1,000. */
  maxBatchSize: z.number().int().min(1).max(1000).default(500),
  /** How often results are asked for (the service has no webhook for them). */
  pollIntervalMs: z.number().int().min(100).max(600_000).default(10_000),
  /** Per call; default 10 s. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
};

export const nhnSmsConfigSchema = z.object({
  type: z.literal('nhn-sms'),
  ...nhnCommon,
  baseUrl: z.url().default('https://api-sms.cloud.toast.com'),
  /** The calling number, registered and approved in the console (digits, e.g. 0212345678). */
  sendNo: z.string().regex(/^\d{8,13}$/, 'the registered calling number, digits only, e.g. 0234235000'),
});

export const nhnAlimtalkConfigSchema = z.object({
  type: z.literal('nhn-alimtalk'),
  ...nhnCommon,
  baseUrl: z.url().default('https://api-alimtalk.cloud.toast.com'),
  /** The KakaoTalk channel's sender key (40 characters), from the console's sender profiles. */
  senderKey: secretSchema,
  /**
   * Our template code → the code the template was approved under at NHN
   * Cloud, when they differ (at most 20 characters each).
   */
  templateCodes: z.record(z.string().min(1), z.string().min(1).max(20)).default({}),
});

export type NhnSmsConfig = z.infer<typeof nhnSmsConfigSchema>;
export type NhnAlimtalkConfig = z.infer<typeof nhnAlimtalkConfigSchema>;

/** Spread into the providers' union in providers.config.ts. */
export const nhnProviderSchemas = [nhnSmsConfigSchema, nhnAlimtalkConfigSchema] as const;
