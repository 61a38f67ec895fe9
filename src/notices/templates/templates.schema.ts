import { z } from 'zod';
import { withLabels } from '../../platform/http/field-labels.ts';
import { templateFieldLabel } from './templates.messages.ts';
import { LOCALES } from '../../platform/i18n/i18n.ts';
import { TEMPLATE_CHANNELS, TEMPLATE_KINDS } from './templates.engine.ts';

// The templates API's request and answer shapes (they validate and generate
// /api/openapi.json); templateKey names one template in a path, for the
// pages too.

export const templateKey = z.object({ kind: z.enum(TEMPLATE_KINDS), channel: z.enum(TEMPLATE_CHANNELS), locale: z.enum(LOCALES) });

export const templateSchema = z.object({
  kind: z.string(),
  channel: z.string(),
  locale: z.string(),
  kakaoTemplateCode: z.string().optional(),
  subject: z.string().optional(),
  body: z.string(),
  htmlBody: z.string().optional(),
  buttons: z.array(z.object({ name: z.string(), url: z.string() })),
  source: z.enum(['builtin', 'district']),
  updatedBy: z.string().optional(),
  updatedAt: z.string().optional(),
});

export const templateBody = withLabels(z.object({
  kakaoTemplateCode: z.string().max(30).optional(),
  subject: z.string().max(200).optional(),
  body: z.string().max(4000),
  htmlBody: z.string().max(100_000).optional(),
  buttons: z.array(z.object({ name: z.string().max(14), url: z.string().max(500) })).max(5).default([]),
}), Object.fromEntries(['kakaoTemplateCode', 'subject', 'body', 'htmlBody', 'buttons'].map((f) => [f, templateFieldLabel(f)])));

export const linkDomainsSchema = z.object({
  domains: z.array(z.string()).describe('the domains the district’s templates may link to besides the service’s own; each allows its subdomains'),
  allowedHosts: z.array(z.string()).describe('every host links may go to now: the service’s own and the domains'),
});
