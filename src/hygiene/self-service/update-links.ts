import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import { seoulDay } from '../../platform/time/seoul.ts';

// Personal update links: 32 random bytes in the URL (base64url), only their
// SHA-256 in the database. Single use (used_at), expiring, and locked after
// five wrong dates of birth.

export const LINK_PATH = '/r/update';
export const MAX_DOB_FAILURES = 5;

export type LinkPurpose = 'campaign' | 'on_request';

export interface NewLink {
  districtCode: string;
  taxpayerId: number;
  purpose: LinkPurpose;
  campaignId?: number | null;
  expiresAt: Date;
}

export interface CreatedLink {
  id: number;
  token: string;
  expiresAt: Date;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A token has the shape of 32 bytes in base64url; anything else is not even looked up. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function linkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${LINK_PATH}/${token}`;
}

/** Creates links in one statement; returns them in the order given, each with its token (never stored). */
export async function createUpdateLinks(q: Queryable, links: readonly NewLink[]): Promise<CreatedLink[]> {
  if (links.length === 0) return [];
  const tokens = links.map(() => newToken());
  const { rows } = await q.query<{ id: number; token_hash: Uint8Array }>(
    `INSERT INTO update_links (district_code, taxpayer_id, purpose, campaign_id, token_hash, expires_at)
     SELECT district_code, taxpayer_id, purpose, campaign_id, token_hash, expires_at
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bytea[], $6::timestamptz[]) WITH ORDINALITY
            AS x(district_code, taxpayer_id, purpose, campaign_id, token_hash, expires_at, n)
      ORDER BY n
     RETURNING id, token_hash`,
    [
      links.map((l) => l.districtCode),
      links.map((l) => l.taxpayerId),
      links.map((l) => l.purpose),
      links.map((l) => l.campaignId ?? null),
      tokens.map(tokenHash),
      links.map((l) => l.expiresAt),
    ],
  );
  const byHash = new Map(rows.map((r) => [Buffer.from(r.token_hash).toString('hex'), Number(r.id)]));
  return links.map((l, i) => ({ id: byHash.get(tokenHash(tokens[i]!).toString('hex'))!, token: tokens[i]!, expiresAt: l.expiresAt }));
}

export interface LinkRow {
  id: number;
  district_code: string;
  taxpayer_id: number;
  purpose: LinkPurpose;
  campaign_id: number | null;
  expires_at: Date;
  opened_at: Date | null;
  verified_at: Date | null;
  dob_failures: number;
  locked_at: Date | null;
  used_at: Date | null;
  reference: string | null;
  expired: boolean;
}

export type LinkState = 'ok' | 'invalid' | 'expired' | 'used' | 'locked';

export async function findLink(q: Queryable, token: string): Promise<LinkRow | null> {
  if (!isTokenShaped(token)) return null;
  const { rows } = await q.query<LinkRow>(
    `SELECT id, district_code, taxpayer_id, purpose, campaign_id, expires_at, opened_at, verified_at, dob_failures, locked_at, used_at, reference,
            expires_at <= now() AS expired
       FROM update_links WHERE token_hash = $1`,
    [tokenHash(token)],
  );
  const r = rows[0];
  return r ? { ...r, id: Number(r.id), taxpayer_id: Number(r.taxpayer_id), campaign_id: r.campaign_id === null ? null : Number(r.campaign_id) } : null;
}

/** Why a link cannot be used now, in the order a person can do something about it. */
export function linkState(link: LinkRow | null): LinkState {
  if (!link) return 'invalid';
  if (link.used_at) return 'used';
  if (link.locked_at) return 'locked';
  if (link.expired) return 'expired';
  return 'ok';
}

/** 'U' + Seoul date + 6 characters people can read out (no 0/O, 1/I). */
export function newReference(now = new Date()): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(6);
  const seoul = seoulDay(now).slice(2).replace(/-/g, '');
  return `U${seoul}-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}
