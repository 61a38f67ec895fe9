import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { FieldError } from '../../platform/web/components.ts';
import { guard } from '../../platform/auth/auth.guard.ts';
import { parseSeoulDateTime } from '../../platform/time/seoul.ts';
import { selfServiceRoutes } from '../self-service/self-service.routes.ts';
import { CAMPAIGN_TARGETS, type CampaignTarget } from './campaign-targets.ts';
import { campaignMessages } from './campaigns.messages.ts';
import { campaignFigures, listCampaigns, noRecipients, previewCampaign, scheduleCampaign } from './campaigns.service.ts';
import { campaignCheckPage, campaignPage, campaignsPage, type CampaignForm } from './campaigns.views.ts';

// Contact update campaigns (API tag 'hygiene' and console pages, admin and
// tax officials, district from the session) and the residents' self-service
// update pages, registered as one route module.

export const CAMPAIGN_ROLES = ['admin', 'tax_official'] as const;

const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const security: { [label: string]: string[] }[] = [{ session: [] }];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const lang = { lang: z.enum(['ko', 'en']).optional() };

const campaignSchema = z
  .object({ id: z.number().int(), name: z.string(), target: z.enum(CAMPAIGN_TARGETS), sendAt: z.string(), linkDays: z.number().int(), recipients: z.number().int(), createdBy: z.string(), createdAt: z.string() })
  .meta({ id: 'UpdateCampaign' });
const rateSchema = z.object({ notices: z.number().int(), delivered: z.number().int(), rate: z.number() });
const figuresSchema = z
  .object({
    campaign: campaignSchema,
    recipients: z.number().int(),
    sent: z.number().int().describe('messages handed to a provider'),
    delivered: z.number().int(),
    failed: z.number().int(),
    opened: z.number().int().describe('links opened'),
    verified: z.number().int().describe('links where the date of birth matched'),
    updated: z.number().int().describe('links used to save a change'),
    effect: z.object({
      before: rateSchema.describe('latest notice before the campaign, delivered electronically before it went out'),
      recoveredAfterCampaign: z.number().int().describe('of those, delivered after the campaign (resent on the corrected contact)'),
      after: rateSchema.extend({ final: z.number().int() }).describe('notices issued after the campaign; rate over final ones'),
    }),
  })
  .meta({ id: 'UpdateCampaignFigures' });
const previewSchema = z
  .object({
    target: z.enum(CAMPAIGN_TARGETS),
    recipients: z.number().int(),
    unreachable: z.number().int().describe('in the target set but with no channel left'),
    firstChannel: z.object({ kakao: z.number().int(), sms: z.number().int(), email: z.number().int() }),
    sample: z.object({ ko: z.string(), en: z.string() }),
  })
  .meta({ id: 'UpdateCampaignPreview' });
const createSchema = z.object({
  name: z.string().trim().min(1).max(200),
  target: z.enum(CAMPAIGN_TARGETS),
  sendAt: z.iso.datetime({ offset: true }).optional().describe('when to send; now when omitted'),
  linkDays: z.number().int().min(1).max(90).default(14),
});

const campaignJson = (c: Awaited<ReturnType<typeof listCampaigns>>[number] | Awaited<ReturnType<typeof campaignFigures>>['campaign']) => ({
  id: c.id, name: c.name, target: c.target, sendAt: c.sendAt.toISOString(), linkDays: c.linkDays, recipients: c.recipients, createdBy: c.createdBy, createdAt: c.createdAt.toISOString(),
});

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

interface CheckedForm {
  form: Required<CampaignForm>;
  target: CampaignTarget;
  sendAt: Date | null;
  linkDays: number;
}

function checkForm(locale: Locale, form: CampaignForm): { ok: CheckedForm } | { errors: FieldError[] } {
  const t = (k: Parameters<typeof campaignMessages.t>[1]) => campaignMessages.t(locale, k);
  const errs: FieldError[] = [];
  const name = (form.name ?? '').trim();
  if (!name || name.length > 200) errs.push({ field: 'campaign-name', message: t('err_name') });
  const target = form.target ?? '';
  if (!(CAMPAIGN_TARGETS as readonly string[]).includes(target)) errs.push({ field: 'target-last_notice_failed', message: t('err_target') });
  let sendAt: Date | null = null;
  if (form.when !== 'now' && form.when !== 'later') errs.push({ field: 'when-now', message: t('err_when') });
  else if (form.when === 'later') {
    sendAt = parseSeoulDateTime(form.sendAt ?? '');
    if (!sendAt) errs.push({ field: 'send-at', message: t('err_send_at') });
  }
  const daysText = (form.linkDays ?? '').trim() || '14';
  const linkDays = Number(daysText);
  if (!/^\d{1,2}$/.test(daysText) || linkDays < 1 || linkDays > 90) errs.push({ field: 'link-days', message: t('err_link_days') });
  if (errs.length) return { errors: errs };
  return {
    ok: {
      form: { name, target, when: form.when!, sendAt: form.when === 'later' ? (form.sendAt ?? '').trim() : '', linkDays: String(linkDays) },
      target: target as CampaignTarget, sendAt, linkDays,
    },
  };
}

const formBody = z.object({ _csrf: z.string().optional(), name: z.string().max(300).optional(), target: z.string().max(40).optional(), when: z.string().max(10).optional(), sendAt: z.string().max(40).optional(), linkDays: z.string().max(10).optional() });

export const updateCampaignRoutes: RoutePlugin = async (app, deps) => {
  const { db, cipher } = deps;
  const cDeps = { db, cipher };
  const access = guard(CAMPAIGN_ROLES);
  const publicUrl = (request: FastifyRequest) => deps.config.TAXSTATION_PUBLIC_URL ?? `${request.protocol}://${request.host}`;

  // ------------------------------------------------------------------ API
  app.get('/api/campaigns', {
    preValidation: access,
    schema: { tags: ['hygiene'], summary: 'Contact update campaigns of the district', security, response: { 200: z.object({ campaigns: z.array(campaignSchema.extend({ delivered: z.number().int(), updated: z.number().int() })) }), ...errors } },
  }, async (request) => ({
    campaigns: (await listCampaigns(db, request.staff!.districtCode)).map((c) => ({ ...campaignJson(c), delivered: c.delivered, updated: c.updated })),
  }));

  app.get('/api/campaigns/preview', {
    preValidation: access,
    schema: {
      tags: ['hygiene'], summary: 'How many taxpayers a campaign would reach, by first channel, with a rendered sample message', security,
      querystring: z.object({ target: z.enum(CAMPAIGN_TARGETS), sendAt: z.iso.datetime({ offset: true }).optional(), linkDays: z.coerce.number().int().min(1).max(90).default(14) }),
      response: { 200: previewSchema, ...errors },
    },
  }, async (request) => previewCampaign(cDeps, {
    districtCode: request.staff!.districtCode, target: request.query.target, sendAt: request.query.sendAt ? new Date(request.query.sendAt) : new Date(),
    linkDays: request.query.linkDays, publicUrl: publicUrl(request),
  }));

  app.post('/api/campaigns', {
    preValidation: access,
    schema: {
      tags: ['hygiene'], summary: 'Create and schedule a campaign: one message with a personal link per reachable taxpayer, KakaoTalk to the identification key first',
      security, body: createSchema, response: { 201: z.object({ campaignId: z.number().int(), recipients: z.number().int(), unreachable: z.number().int() }), ...errors },
    },
  }, async (request, reply) => {
    const staff = request.staff!;
    const b = request.body;
    const result = await scheduleCampaign(cDeps, {
      districtCode: staff.districtCode, name: b.name, target: b.target, sendAt: b.sendAt ? new Date(b.sendAt) : new Date(), linkDays: b.linkDays,
      createdBy: staff.username, publicUrl: publicUrl(request),
    });
    return reply.code(201).send(result);
  });

  app.get('/api/campaigns/:id', {
    preValidation: access,
    schema: { tags: ['hygiene'], summary: 'A campaign with sent, delivered, opened, updated and the effect on the same people\'s delivery rate', security, params: z.object({ id }), response: { 200: figuresSchema, ...errors } },
  }, async (request) => {
    const x = await campaignFigures(db, request.staff!.districtCode, request.params.id);
    return { ...x, campaign: campaignJson(x.campaign) };
  });

  // ---------------------------------------------------------------- pages
  const page = { hide: true } as const;
  app.get('/console/campaigns', {
    preValidation: access,
    schema: { ...page, querystring: z.object({ ...lang, name: z.string().max(300).optional(), target: z.string().max(40).optional(), when: z.string().max(10).optional(), sendAt: z.string().max(40).optional(), linkDays: z.string().max(10).optional() }) },
  }, async (request, reply) => {
    const { lang: _lang, ...form } = request.query;
    return sendHtml(reply, campaignsPage(request, { campaigns: await listCampaigns(db, request.staff!.districtCode), form, errors: [] }));
  });

  app.post('/console/campaigns/check', { preValidation: access, schema: { ...page, querystring: z.object(lang), body: formBody } }, async (request, reply) => {
    const staff = request.staff!;
    const { _csrf, ...form } = request.body;
    const checked = checkForm(request.locale, form);
    let errs = 'errors' in checked ? checked.errors : [];
    if ('ok' in checked) {
      const c = checked.ok;
      if (c.sendAt && c.sendAt.getTime() < Date.now() - 60_000) errs = [{ field: 'send-at', message: campaignMessages.t(request.locale, 'err_send_at') }];
      else {
        const preview = await previewCampaign(cDeps, { districtCode: staff.districtCode, target: c.target, sendAt: c.sendAt ?? new Date(), linkDays: c.linkDays, publicUrl: publicUrl(request) });
        if (preview.recipients > 0) return sendHtml(reply, campaignCheckPage(request, { form: c.form, sendAt: c.sendAt, preview }));
        errs = [{ field: 'target-last_notice_failed', message: noRecipients().localized(request.locale) }];
      }
    }
    return sendHtml(reply, campaignsPage(request, { campaigns: await listCampaigns(db, staff.districtCode), form, errors: errs }), 400);
  });

  app.post('/console/campaigns', { preValidation: access, schema: { ...page, querystring: z.object(lang), body: formBody } }, async (request, reply) => {
    const staff = request.staff!;
    const { _csrf, ...form } = request.body;
    const checked = checkForm(request.locale, form);
    let errs: FieldError[] = 'errors' in checked ? checked.errors : [];
    if ('ok' in checked) {
      const c = checked.ok;
      try {
        const result = await scheduleCampaign(cDeps, {
          districtCode: staff.districtCode, name: c.form.name, target: c.target, sendAt: c.sendAt ?? new Date(), linkDays: c.linkDays, createdBy: staff.username, publicUrl: publicUrl(request),
        });
        return reply.redirect(`/console/campaigns/${result.campaignId}?lang=${request.locale}&created=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'campaign_no_recipients' && error.code !== 'campaign_send_at_past')) throw error;
        errs = [{ field: error.code === 'campaign_send_at_past' ? 'send-at' : 'target-last_notice_failed', message: error.localized(request.locale) }];
      }
    }
    return sendHtml(reply, campaignsPage(request, { campaigns: await listCampaigns(db, staff.districtCode), form, errors: errs }), 400);
  });

  app.get('/console/campaigns/:id', {
    preValidation: access,
    schema: { ...page, params: z.object({ id }), querystring: z.object({ ...lang, created: z.literal('1').optional() }) },
  }, async (request, reply) => {
    const figures = await campaignFigures(db, request.staff!.districtCode, request.params.id);
    return sendHtml(reply, campaignPage(request, { figures, created: request.query.created === '1' }));
  });

  await selfServiceRoutes(app, deps);
};
