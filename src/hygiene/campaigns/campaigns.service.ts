import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Bilingual, Locale } from '../../platform/i18n/i18n.ts';
import { enqueueMessages } from '../../delivery/queue/queue.ts';
import { TOPICS, fillTopic } from '../../delivery/topics.ts';
import { createUpdateLinks, linkUrl } from '../self-service/update-links.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import { selectTargets, type CampaignTarget } from './campaign-targets.ts';
import { campaignMessages } from './campaigns.messages.ts';

// Pre-season contact update campaigns: a target set, a preview, a send time,
// then one message per taxpayer through the delivery engine, each with its
// own single-use link. The figures follow the messages and the links, and
// the effect is measured on the same people's notices.

export interface CampaignDeps {
  db: Database;
  cipher: PersonalDataCipher;
}

export interface CampaignPreview {
  target: CampaignTarget;
  recipients: number;
  unreachable: number;
  firstChannel: { kakao: number; sms: number; email: number };
  sample: Bilingual;
}

const SAMPLE_TOKEN = 'x'.repeat(43);

function sampleText(districtName: Bilingual, publicUrl: string, expires: Date): Bilingual {
  const vars = (locale: Locale) => ({ district: districtName[locale], link: linkUrl(publicUrl, SAMPLE_TOKEN), expires: formatDateTime(locale, expires) });
  return { ko: fillTopic(TOPICS.contact_update_request.text.ko, vars('ko')), en: fillTopic(TOPICS.contact_update_request.text.en, vars('en')) };
}

async function districtName(q: Queryable, code: string): Promise<Bilingual> {
  return (await findDistrict(q, code))?.name ?? { ko: code, en: code };
}

const linkExpiry = (sendAt: Date, linkDays: number) => new Date(sendAt.getTime() + linkDays * 86_400_000);

export async function previewCampaign(
  deps: CampaignDeps,
  args: { districtCode: string; target: CampaignTarget; sendAt: Date; linkDays: number; publicUrl: string },
): Promise<CampaignPreview> {
  const set = await selectTargets(deps.db, deps.cipher, args.districtCode, args.target);
  const firstChannel = { kakao: 0, sms: 0, email: 0 };
  for (const r of set.recipients) firstChannel[r.plan[0]!]++;
  return {
    target: args.target,
    recipients: set.recipients.length,
    unreachable: set.unreachable.length,
    firstChannel,
    sample: sampleText(await districtName(deps.db, args.districtCode), args.publicUrl, linkExpiry(args.sendAt, args.linkDays)),
  };
}

export const noRecipients = () =>
  new AppError('campaign_no_recipients', 400, campaignMessages.both('err_no_recipients'));

export const sendAtPast = () =>
  new AppError('campaign_send_at_past', 400, campaignMessages.both('err_send_at_past'));

export interface ScheduleArgs {
  districtCode: string;
  name: string;
  target: CampaignTarget;
  sendAt: Date;
  linkDays: number;
  createdBy: string;
  publicUrl: string;
}

/** Creates the campaign and queues its messages (held by the engine until sendAt), all in one transaction. */
export async function scheduleCampaign(deps: CampaignDeps, args: ScheduleArgs): Promise<{ campaignId: number; recipients: number; unreachable: number }> {
  if (args.sendAt.getTime() < Date.now() - 60_000) throw sendAtPast();
  return deps.db.transaction(async (tx) => {
    const set = await selectTargets(tx, deps.cipher, args.districtCode, args.target);
    if (set.recipients.length === 0) throw noRecipients();
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO update_campaigns (district_code, name, target, send_at, link_days, recipients, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [args.districtCode, args.name.trim(), args.target, args.sendAt, args.linkDays, set.recipients.length, args.createdBy],
    );
    const campaignId = Number(rows[0]!.id);
    const expiresAt = linkExpiry(args.sendAt, args.linkDays);
    const expires = formatDateTime('ko', expiresAt); // topic messages are written in Korean (delivery's renderer)
    // in slices, so a district-wide campaign never holds every token in memory at once
    for (let i = 0; i < set.recipients.length; i += 1000) {
      const slice = set.recipients.slice(i, i + 1000);
      const links = await createUpdateLinks(tx, slice.map((r) => ({ districtCode: args.districtCode, taxpayerId: r.taxpayerId, purpose: 'campaign' as const, campaignId, expiresAt })));
      const messageIds = await enqueueMessages(tx, deps.cipher, slice.map((r, j) => ({
        districtCode: args.districtCode, kind: 'campaign' as const, topic: 'contact_update_request' as const, taxpayerId: r.taxpayerId, plan: r.plan,
        variables: { link: linkUrl(args.publicUrl, links[j]!.token), expires }, sendAfter: args.sendAt, campaignId,
      })));
      await tx.query(`UPDATE update_links l SET message_id = x.m FROM unnest($1::bigint[], $2::bigint[]) AS x(l, m) WHERE l.id = x.l`, [links.map((l) => l.id), messageIds]);
    }
    await recordAudit(tx, {
      districtCode: args.districtCode, actor: { type: 'staff', id: args.createdBy }, action: 'campaign.scheduled', entityType: 'update_campaign',
      entityId: String(campaignId), reason: `contact update campaign "${args.name.trim()}"`, source: 'official',
      details: { target: args.target, recipients: set.recipients.length, unreachable: set.unreachable.length, send_at: args.sendAt.toISOString() },
    });
    return { campaignId, recipients: set.recipients.length, unreachable: set.unreachable.length };
  });
}

export interface CampaignRow {
  id: number;
  name: string;
  target: CampaignTarget;
  sendAt: Date;
  linkDays: number;
  recipients: number;
  createdBy: string;
  createdAt: Date;
}

export interface RateFigure {
  notices: number;
  delivered: number;
  rate: number;
}

export interface CampaignFigures {
  campaign: CampaignRow;
  recipients: number;
  sent: number;
  delivered: number;
  failed: number;
  opened: number;
  verified: number;
  updated: number;
  effect: {
    /** Their latest notice before the campaign, delivered electronically before it went out. */
    before: RateFigure;
    /** Of those notices, how many were delivered after the campaign (resent on the corrected contact). */
    recoveredAfterCampaign: number;
    /** Their notices issued after the campaign: the next season. */
    after: RateFigure & { final: number };
  };
}

const rate = (delivered: number, of: number) => (of === 0 ? 0 : Math.round((delivered / of) * 1000) / 1000);

function campaignRow(r: { id: number; name: string; target: CampaignTarget; send_at: Date; link_days: number; recipients: number; created_by: string; created_at: Date }): CampaignRow {
  return { id: Number(r.id), name: r.name, target: r.target, sendAt: new Date(r.send_at), linkDays: r.link_days, recipients: r.recipients, createdBy: r.created_by, createdAt: new Date(r.created_at) };
}

export async function listCampaigns(q: Queryable, districtCode: string): Promise<(CampaignRow & { delivered: number; updated: number })[]> {
  const { rows } = await q.query<Parameters<typeof campaignRow>[0] & { delivered: number; updated: number }>(
    `SELECT c.*, (SELECT count(*)::int FROM messages m WHERE m.campaign_id = c.id AND m.state = 'delivered') AS delivered,
            (SELECT count(*)::int FROM update_links l WHERE l.campaign_id = c.id AND l.used_at IS NOT NULL) AS updated
       FROM update_campaigns c WHERE c.district_code = $1 ORDER BY c.created_at DESC, c.id DESC`,
    [districtCode],
  );
  return rows.map((r) => ({ ...campaignRow(r), delivered: r.delivered, updated: r.updated }));
}

export const campaignNotFound = () => new AppError('campaign_not_found', 404, campaignMessages.both('err_not_found'));

export async function campaignFigures(q: Queryable, districtCode: string, campaignId: number): Promise<CampaignFigures> {
  const { rows } = await q.query<Parameters<typeof campaignRow>[0]>(`SELECT * FROM update_campaigns WHERE id = $1 AND district_code = $2`, [campaignId, districtCode]);
  if (!rows[0]) throw campaignNotFound();
  const campaign = campaignRow(rows[0]);
  const { rows: f } = await q.query<{ recipients: number; sent: number; delivered: number; failed: number; opened: number; verified: number; updated: number }>(
    `SELECT count(*)::int AS recipients,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.id AND a.provider IS NOT NULL))::int AS sent,
            count(*) FILTER (WHERE m.state = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE m.state = 'failed')::int AS failed,
            count(*) FILTER (WHERE l.opened_at IS NOT NULL)::int AS opened,
            count(*) FILTER (WHERE l.verified_at IS NOT NULL)::int AS verified,
            count(*) FILTER (WHERE l.used_at IS NOT NULL)::int AS updated
       FROM messages m LEFT JOIN update_links l ON l.message_id = m.id
      WHERE m.campaign_id = $1 AND m.district_code = $2`,
    [campaignId, districtCode],
  );
  // The same people's notices, before and after the campaign went out.
  const { rows: e } = await q.query<{ before_n: number; before_d: number; recovered: number; after_n: number; after_final: number; after_d: number }>(
    `WITH people AS (SELECT DISTINCT taxpayer_id FROM messages WHERE campaign_id = $1 AND district_code = $2),
     before AS (
       SELECT DISTINCT ON (m.taxpayer_id) m.id, m.state, m.delivered_at
         FROM messages m JOIN people p ON p.taxpayer_id = m.taxpayer_id
        WHERE m.kind = 'notice' AND m.created_at < $3
        ORDER BY m.taxpayer_id, m.created_at DESC, m.id DESC),
     after AS (
       SELECT m.id, m.state, m.final_at FROM messages m JOIN people p ON p.taxpayer_id = m.taxpayer_id
        WHERE m.kind = 'notice' AND m.created_at >= $3)
     SELECT (SELECT count(*)::int FROM before) AS before_n,
            (SELECT count(*)::int FROM before WHERE delivered_at < $3) AS before_d,
            (SELECT count(*)::int FROM before WHERE delivered_at >= $3) AS recovered,
            (SELECT count(*)::int FROM after) AS after_n,
            (SELECT count(*)::int FROM after WHERE final_at IS NOT NULL) AS after_final,
            (SELECT count(*)::int FROM after WHERE state = 'delivered') AS after_d`,
    [campaignId, districtCode, campaign.sendAt],
  );
  const x = e[0]!;
  return {
    campaign,
    ...f[0]!,
    effect: {
      before: { notices: x.before_n, delivered: x.before_d, rate: rate(x.before_d, x.before_n) },
      recoveredAfterCampaign: x.recovered,
      after: { notices: x.after_n, final: x.after_final, delivered: x.after_d, rate: rate(x.after_d, x.after_final) },
    },
  };
}
