import type { Queryable } from '../db/database.ts';
import type { CheckedLogo, LogoContentType } from './district-logo.ts';

// A district's logo (district_logos, the platform's): at most one, replaced
// whole. The version is the content's SHA-256 (hex, shortened), so an image
// URL carrying it can be cached for good.

export interface LogoInfo {
  contentType: LogoContentType;
  sizeBytes: number;
  /** The first 16 hex digits of the content's SHA-256. */
  version: string;
  width: number | null;
  height: number | null;
}

type InfoRow = { content_type: LogoContentType; size_bytes: number; version: string; width: number | null; height: number | null };
const INFO = `content_type, octet_length(content)::int AS size_bytes, left(encode(sha256, 'hex'), 16) AS version, width, height`;
const infoOf = (r: InfoRow): LogoInfo => ({ contentType: r.content_type, sizeBytes: r.size_bytes, version: r.version, width: r.width, height: r.height });

export async function logoInfo(q: Queryable, districtCode: string): Promise<LogoInfo | null> {
  const { rows } = await q.query<InfoRow>(`SELECT ${INFO} FROM district_logos WHERE district_code = $1`, [districtCode]);
  return rows[0] ? infoOf(rows[0]) : null;
}

/** The logo's bytes, or null when the district has none. */
export async function logoContent(q: Queryable, districtCode: string): Promise<{ contentType: LogoContentType; content: Buffer; version: string } | null> {
  const { rows } = await q.query<{ content_type: LogoContentType; content: Uint8Array; version: string }>(
    `SELECT content_type, content, left(encode(sha256, 'hex'), 16) AS version FROM district_logos WHERE district_code = $1`,
    [districtCode],
  );
  const r = rows[0];
  return r ? { contentType: r.content_type, content: Buffer.from(r.content), version: r.version } : null;
}

/** Stores the district's logo in place of the one before; returns what was there (for the audit entry). */
export async function replaceLogo(q: Queryable, districtCode: string, logo: CheckedLogo): Promise<LogoInfo | null> {
  const before = await lockedInfo(q, districtCode);
  await q.query(
    `INSERT INTO district_logos (district_code, content_type, content, sha256, width, height, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (district_code) DO UPDATE
        SET content_type = EXCLUDED.content_type, content = EXCLUDED.content, sha256 = EXCLUDED.sha256,
            width = EXCLUDED.width, height = EXCLUDED.height, updated_at = now()`,
    [districtCode, logo.contentType, logo.content, logo.sha256, logo.width, logo.height],
  );
  return before;
}

/** Removes the district's logo; returns what was there (null: there was none, nothing changed). */
export async function deleteLogo(q: Queryable, districtCode: string): Promise<LogoInfo | null> {
  const before = await lockedInfo(q, districtCode);
  if (before) await q.query('DELETE FROM district_logos WHERE district_code = $1', [districtCode]);
  return before;
}

async function lockedInfo(q: Queryable, districtCode: string): Promise<LogoInfo | null> {
  const { rows } = await q.query<InfoRow>(`SELECT ${INFO} FROM district_logos WHERE district_code = $1 FOR UPDATE`, [districtCode]);
  return rows[0] ? infoOf(rows[0]) : null;
}
