import type { Queryable } from '../db/database.ts';
import { insertStatements } from '../db/database.ts';

// The append-only audit log: who did what, when, why and through which
// channel, for every change to personal data. Write the entry in the same
// transaction as the change (pass the Transaction as q), so neither exists
// without the other.
//
// `details` is stored as JSON and read by people and exports: it must NEVER
// hold raw personal data. Pass masked values (010-****-5678, k***@example.com),
// field names ("changed": ["mobile"]) or ids. recordAudit refuses values that
// look like an unmasked phone number, e-mail address or identification key.

export type AuditActorType = 'staff' | 'taxpayer' | 'system' | 'import';
export type AuditSource = 'roll' | 'official' | 'self_service' | 'chat' | 'system' | 'delivery';

export interface AuditEntry {
  districtCode: string;
  actor: { type: AuditActorType; id?: string };
  /** What happened, as domain.verb: 'taxpayer.contact_updated', 'roll.imported'. */
  action: string;
  entityType: string;
  entityId?: string;
  /** Why: the request, the campaign, the roll file … in words a reviewer understands. */
  reason: string;
  source: AuditSource;
  details?: Record<string, unknown>;
}

const UNMASKED = [
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/, // e-mail
  /(?:\+?82[- ]?)?0?1[016789][- .]?\d{3,4}[- .]?\d{4}/, // mobile
  /[A-Za-z0-9+/]{86}==/, // identification key (CI)
];

export class AuditPersonalDataError extends Error {
  readonly code = 'audit_personal_data';
  constructor(action: string) {
    super(`audit entry ${action}: details hold what looks like unmasked personal data; pass masked values or field names`);
  }
}

function assertMasked(entry: AuditEntry): void {
  if (!entry.details) return;
  const text = JSON.stringify(entry.details);
  if (UNMASKED.some((pattern) => pattern.test(text))) throw new AuditPersonalDataError(entry.action);
}

const COLUMNS = ['district_code', 'actor_type', 'actor_id', 'action', 'entity_type', 'entity_id', 'reason', 'source', 'details'] as const;

/**
 * The head of a set-based audit insert, for a merge that changes thousands of
 * rows in one statement (the roll import): `${AUDIT_INSERT_FROM_SELECT}
 * SELECT …`, selecting the columns in this order. Its details must be built
 * from field names and ids only, never from a value: recordAudit's check for
 * unmasked personal data cannot see them.
 */
export const AUDIT_INSERT_FROM_SELECT = `INSERT INTO audit_log (${COLUMNS.join(', ')})`;

function row(entry: AuditEntry): unknown[] {
  assertMasked(entry);
  return [
    entry.districtCode,
    entry.actor.type,
    entry.actor.id ?? null,
    entry.action,
    entry.entityType,
    entry.entityId ?? null,
    entry.reason,
    entry.source,
    JSON.stringify(entry.details ?? {}),
  ];
}

export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await recordAuditBatch(q, [entry]);
}

/** Many entries in one multi-row INSERT (split only past the engine's parameter limit). */
export async function recordAuditBatch(q: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(row);
  for (const statement of insertStatements('audit_log', COLUMNS, rows)) {
    await q.query(statement.sql, statement.params);
  }
}
