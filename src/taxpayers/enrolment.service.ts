import type { Queryable } from '../platform/db/database.ts';
import { recordAuditBatch } from '../platform/audit/audit.ts';
import { clearEnrolment } from './taxpayers.repository.ts';

// The taxpayers' audited path for an e-notice enrolment withdrawn by law
// (Enforcement Decree §14④, applied by delivery's law rules): the enrolment
// ends on every channel and each taxpayer's change is audited, in the
// caller's transaction.

export interface EnrolmentWithdrawal {
  /** The rule's code and the article it cites. */
  rule: string;
  article: string;
}

/** Withdraws the enrolment of these taxpayers (those still enrolled); returns who changed. */
export async function withdrawEnrolment(
  tx: Queryable,
  taxpayerIds: number[],
  why: EnrolmentWithdrawal,
): Promise<{ taxpayerId: number; districtCode: string }[]> {
  if (taxpayerIds.length === 0) return [];
  const changed = await clearEnrolment(tx, taxpayerIds);
  await recordAuditBatch(tx, changed.map((t) => ({
    districtCode: t.districtCode,
    actor: { type: 'system' as const },
    action: 'enrolment_withdrawn',
    entityType: 'taxpayer',
    entityId: String(t.taxpayerId),
    reason: why.article,
    source: 'delivery' as const,
    details: { rule: why.rule, article: why.article },
  })));
  return changed;
}
