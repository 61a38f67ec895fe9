import type { Database, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { templateMessages } from './templates.messages.ts';

// The domains a district's templates may link to besides the service's own
// address (district_link_domains; migration 0016).

const DOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export async function loadLinkDomains(q: Queryable, districtCode: string): Promise<string[]> {
  const { rows } = await q.query<{ domain: string }>('SELECT domain FROM district_link_domains WHERE district_code = $1 ORDER BY domain', [districtCode]);
  return rows.map((r) => r.domain);
}

/** Replaces the district's list (one transaction, audited); refuses anything that is not a domain name, naming it. */
export async function replaceLinkDomains(db: Database, args: { districtCode: string; domains: readonly string[]; actor: string }): Promise<string[]> {
  const domains = [...new Set(args.domains.map((d) => d.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean))].sort();
  const bad = domains.filter((d) => d.length > 253 || !DOMAIN.test(d));
  if (bad.length > 0) {
    throw new AppError('link_domains_invalid', 422, templateMessages.both('domains_invalid', { list: bad.join(', ') }), bad.map((d) => ({ field: 'domains', reason: `not a domain name: ${d}` })));
  }
  return db.transaction(async (tx) => {
    const before = await loadLinkDomains(tx, args.districtCode);
    await tx.query('DELETE FROM district_link_domains WHERE district_code = $1 AND NOT (domain = ANY($2::text[]))', [args.districtCode, domains]);
    await tx.query(
      `INSERT INTO district_link_domains (district_code, domain, added_by)
       SELECT $1, d, $3 FROM unnest($2::text[]) AS d
       ON CONFLICT (district_code, domain) DO NOTHING`,
      [args.districtCode, domains, args.actor],
    );
    await recordAudit(tx, {
      districtCode: args.districtCode,
      actor: { type: 'staff', id: args.actor },
      action: 'templates.link_domains_replaced',
      entityType: 'district',
      entityId: args.districtCode,
      reason: 'the domains message templates may link to',
      source: 'official',
      details: { before, after: domains },
    });
    return domains;
  });
}
