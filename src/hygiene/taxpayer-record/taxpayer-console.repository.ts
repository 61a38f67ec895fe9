import type { Queryable } from '../../platform/db/database.ts';
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import { maskEmail, maskPhone } from '../../taxpayers/taxpayers.repository.ts';

// What the console shows of one taxpayer: contacts masked, enrolment, the
// contact checks, the audited contact changes and the delivery timeline of
// their messages. Always within the official's district.

export interface TaxpayerSummary {
  id: number;
  taxpayerNo: string;
  name: string;
  mobileMasked: string | null;
  emailMasked: string | null;
  hasIdentityKey: boolean;
  enrol: { kakao: boolean; sms: boolean; email: boolean };
  contactSource: string;
  contactUpdatedAt: Date;
  findings: string[];
}

export async function taxpayerSummary(q: Queryable, cipher: PersonalDataCipher, districtCode: string, id: number): Promise<TaxpayerSummary | null> {
  const { rows } = await q.query<{
    id: number; taxpayer_no: string; name: string; mobile_enc: Uint8Array | null; email_enc: Uint8Array | null; has_key: boolean;
    enrol_kakao: boolean; enrol_sms: boolean; enrol_email: boolean; contact_source: string; contact_updated_at: Date; findings: string[];
  }>(
    `SELECT t.id, t.taxpayer_no, t.name, t.mobile_enc, t.email_enc, t.identity_key_hash IS NOT NULL AS has_key,
            t.enrol_kakao, t.enrol_sms, t.enrol_email, t.contact_source, t.contact_updated_at,
            ARRAY(SELECT rule_code FROM contact_checks c WHERE c.taxpayer_id = t.id ORDER BY rule_code) AS findings
       FROM taxpayers t WHERE t.id = $1 AND t.district_code = $2`,
    [id, districtCode],
  );
  const r = rows[0];
  if (!r) return null;
  const mobile = cipher.decryptNullable(r.mobile_enc);
  const email = cipher.decryptNullable(r.email_enc);
  return {
    id: Number(r.id),
    taxpayerNo: r.taxpayer_no,
    name: r.name,
    mobileMasked: mobile === null ? null : maskPhone(mobile),
    emailMasked: email === null ? null : maskEmail(email),
    hasIdentityKey: r.has_key,
    enrol: { kakao: r.enrol_kakao, sms: r.enrol_sms, email: r.enrol_email },
    contactSource: r.contact_source,
    contactUpdatedAt: new Date(r.contact_updated_at),
    findings: r.findings,
  };
}

export interface ContactChangeEntry {
  auditId: number;
  reference: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  source: string;
  reason: string;
  changed: string[];
  old: { mobile?: string | null; email?: string | null; enrol?: Record<string, boolean> };
  new: { mobile?: string | null; email?: string | null; enrol?: Record<string, boolean> };
  resentMessageIds: number[];
}

/** The reference number an official reads to a taxpayer: the audit entry, in a form that survives a phone call. */
export const referenceOf = (auditId: number) => `CU-${String(auditId).padStart(7, '0')}`;

/** The taxpayer's contact changes, newest first (at most `limit`; the page shows 100, a data export all). */
export async function contactChanges(q: Queryable, districtCode: string, taxpayerId: number, auditId?: number, limit = 100): Promise<ContactChangeEntry[]> {
  const { rows } = await q.query<{ id: number; at: Date; actor_type: string; actor_id: string | null; source: string; reason: string; details: Record<string, unknown> }>(
    `SELECT id, at, actor_type, actor_id, source, reason, details FROM audit_log
      WHERE district_code = $1 AND entity_type = 'taxpayer' AND entity_id = $2 AND action = 'taxpayer.contact_updated'
        AND ($3::bigint IS NULL OR id = $3)
      ORDER BY id DESC LIMIT $4`,
    [districtCode, String(taxpayerId), auditId ?? null, limit],
  );
  return rows.map((r) => ({
    auditId: Number(r.id),
    reference: referenceOf(Number(r.id)),
    at: new Date(r.at),
    actorType: r.actor_type,
    actorId: r.actor_id,
    source: r.source,
    reason: r.reason,
    changed: (r.details.changed as string[] | undefined) ?? [],
    old: (r.details.old as ContactChangeEntry['old'] | undefined) ?? {},
    new: (r.details.new as ContactChangeEntry['new'] | undefined) ?? {},
    resentMessageIds: (r.details.resent_message_ids as number[] | undefined) ?? [],
  }));
}

/** The newest contact change of a taxpayer made by an actor: the confirmation's reference. */
export async function latestChangeBy(q: Queryable, districtCode: string, taxpayerId: number, actorId: string): Promise<number | null> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id FROM audit_log
      WHERE district_code = $1 AND entity_type = 'taxpayer' AND entity_id = $2 AND action = 'taxpayer.contact_updated' AND actor_id = $3
      ORDER BY id DESC LIMIT 1`,
    [districtCode, String(taxpayerId), actorId],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

export interface DeliveryHistoryEntry {
  id: number;
  kind: string;
  state: string;
  noticeNo: string | null;
  taxYear: number | null;
  deliveredChannel: string | null;
  createdAt: Date;
  events: { at: Date; event: string; channel: string | null; cause: string | null }[];
}

export async function deliveryHistory(q: Queryable, districtCode: string, taxpayerId: number, limit = 20): Promise<DeliveryHistoryEntry[]> {
  const { rows } = await q.query<{ id: number; kind: string; state: string; notice_no: string | null; tax_year: number | null; delivered_channel: string | null; created_at: Date }>(
    `SELECT m.id, m.kind, m.state, n.notice_no, n.tax_year, m.delivered_channel, m.created_at
       FROM messages m LEFT JOIN notices n ON n.id = m.notice_id
      WHERE m.taxpayer_id = $1 AND m.district_code = $2
      ORDER BY m.id DESC LIMIT $3`,
    [taxpayerId, districtCode, limit],
  );
  if (rows.length === 0) return [];
  const { rows: events } = await q.query<{ message_id: number; at: Date; event: string; channel: string | null; cause: string | null }>(
    `SELECT message_id, at, event, channel, coalesce(detail->>'cause', detail->>'last_cause') AS cause
       FROM message_timeline WHERE message_id = ANY($1::bigint[]) ORDER BY seq`,
    [rows.map((r) => r.id)],
  );
  return rows.map((m) => ({
    id: Number(m.id),
    kind: m.kind,
    state: m.state,
    noticeNo: m.notice_no,
    taxYear: m.tax_year,
    deliveredChannel: m.delivered_channel,
    createdAt: new Date(m.created_at),
    events: events.filter((e) => Number(e.message_id) === Number(m.id)).map((e) => ({ at: new Date(e.at), event: e.event, channel: e.channel, cause: e.cause })),
  }));
}

/** The contact rules that hold for the taxpayer now, by code (the district's taxpayer only). */
export async function contactFindings(q: Queryable, districtCode: string, taxpayerId: number): Promise<{ rule: string; field: string; detectedAt: Date }[]> {
  const { rows } = await q.query<{ rule_code: string; field: string; detected_at: Date }>(
    'SELECT rule_code, field, detected_at FROM contact_checks WHERE taxpayer_id = $1 AND district_code = $2 ORDER BY rule_code',
    [taxpayerId, districtCode],
  );
  return rows.map((r) => ({ rule: r.rule_code, field: r.field, detectedAt: new Date(r.detected_at) }));
}
