import { z } from 'zod';
import { secretSchema } from '../secrets.ts';
import { providerCommon } from '../provider-common.config.ts';

// Naver Cloud SENS (SMS/LMS and KakaoTalk AlimTalk) as a district configures
// it in TAXSTATION_PROVIDERS: one entry per SENS project service (an SMS
// service id and a Biz Message service id), both signed with the account's
// (or a sub-account's) API access key and secret key. See docs/providers.md,
// "Naver Cloud SENS".

const sensCommon = {
  ...providerCommon,
  /** https://sens.apigw.ntruss.com; public-sector accounts: https://sens.apigw.gov-ntruss.com */
  baseUrl: z.url().default('https://sens.apigw.ntruss.com'),
  /** The API access key (console: My Page > Authentication Key, or a sub-account's). */
  accessKey: secretSchema,
  /** The secret key paired with the access key; it signs every call and is never sent. */
  secretKey: secretSchema,
  /** The project's service id for this product, e.g. ncp:sms:kr:123456789012:taxstation. */
  serviceId: z.string().regex(/^ncp:[a-z]+:[a-z]{2}:\d+:[A-Za-z0-9_-]+$/, 'the service id shown in the SENS project, e.g. ncp:sms:kr:123456789012:taxstation'),
  /** Messages per send call; SENS takes at most 100. */
  maxBatchSize: z.number().int().min(1).max(100).default(100),
  /** How often results are asked for (SENS has no result webhook for these calls). */
  pollIntervalMs: z.number().int().min(100).max(600_000).default(15_000),
  /** Per call; default 10 s. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
};

export const sensSmsConfigSchema = z.object({
  type: z.literal('sens-sms'),
  ...sensCommon,
  /** The calling number registered in the SENS project (digits, e.g. 0234235000). */
  from: z.string().regex(/^\d{8,13}$/, 'the registered calling number, digits only, e.g. 0234235000'),
});

export const sensAlimtalkConfigSchema = z.object({
  type: z.literal('sens-alimtalk'),
  ...sensCommon,
  /** The KakaoTalk channel id (plusFriendId) linked to the Biz Message service, e.g. @gangnamgu. */
  plusFriendId: z.string().min(1).max(60),
  /** Our template code → the code the template was approved under in SENS, when they differ. */
  templateCodes: z.record(z.string().min(1), z.string().min(1).max(30)).default({}),
});

export type SensSmsConfig = z.infer<typeof sensSmsConfigSchema>;
export type SensAlimtalkConfig = z.infer<typeof sensAlimtalkConfigSchema>;

/** Spread into the providers' union in providers.config.ts. */
export const sensProviderSchemas = [sensSmsConfigSchema, sensAlimtalkConfigSchema] as const;
