// Test support (not a test): a taxpayer whose season notice came back, and
// helpers to read what was sent through the engine.
import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { createNotices, createTaxpayers, testCipher, type TaxpayerSpec } from '../../../test-support/factories.ts';
import { issueSeason } from '../../delivery/queue/queue.ts';
import { failAttempts, markDelivered } from '../../delivery/dispatch/attempts.repository.ts';
import { loadLawRules } from '../../delivery/law/law-rules.ts';

export const IDENTITY_KEY = Buffer.alloc(64, 5).toString('base64');

/** Issues a season for the taxpayers and settles each first attempt: 'failed' ones on a dead prefix, 'delivered' ones delivered. */
export async function seasonWithOutcomes(
  db: Database,
  district: string,
  specs: (TaxpayerSpec & { outcome: 'failed' | 'delivered' })[],
  opts: { taxYear?: number; period?: number; taxpayerIds?: number[] } = {},
): Promise<{ taxpayerIds: number[]; messageIds: number[]; seasonId: number }> {
  const taxpayerIds = opts.taxpayerIds ?? (await createTaxpayers(db, district, specs, testCipher));
  const notices = await createNotices(db, district, taxpayerIds, { taxYear: opts.taxYear ?? 2026, period: opts.period ?? 1, dueDate: '2099-07-31' });
  const { seasonId } = await issueSeason(db, { districtCode: district, taxItem: 'property_tax', taxYear: opts.taxYear ?? 2026, period: opts.period ?? 1, createdBy: 'test' });
  const messageIds: number[] = [];
  for (const [i, noticeId] of notices.entries()) {
    const { rows } = await db.query<{ id: number; message_id: number }>(
      `SELECT a.id, a.message_id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.notice_id = $1 AND a.state = 'queued'`,
      [noticeId],
    );
    const attempt = rows[0];
    if (!attempt) continue; // not an applicant: paper only
    messageIds.push(Number(attempt.message_id));
    if (specs[i]!.outcome === 'failed') await failAttempts(db, [{ attemptId: attempt.id, cause: 'dead_prefix', detail: 'number not in service' }], 'sms-sim');
    else await markDelivered(db, [{ attemptId: attempt.id, occurredAt: new Date() }], await loadLawRules(db));
  }
  return { taxpayerIds, messageIds, seasonId };
}

/** The variables of the latest message of a topic (the code, the link), as the engine will render them. */
export async function lastSent(q: Queryable, cipher: PersonalDataCipher, topic: string, taxpayerId?: number): Promise<{ id: number; variables: Record<string, string>; recipient: Record<string, string> | null } | null> {
  const { rows } = await q.query<{ id: number; variables_enc: Uint8Array; recipient_enc: Uint8Array | null }>(
    `SELECT id, variables_enc, recipient_enc FROM messages WHERE topic = $1 AND ($2::bigint IS NULL OR taxpayer_id = $2) ORDER BY id DESC LIMIT 1`,
    [topic, taxpayerId ?? null],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: Number(r.id),
    variables: JSON.parse(cipher.decrypt(r.variables_enc)) as Record<string, string>,
    recipient: r.recipient_enc ? (JSON.parse(cipher.decrypt(r.recipient_enc)) as Record<string, string>) : null,
  };
}

export function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  return p.toString();
}

export function csrfOf(page: string): string {
  return /name="_csrf" value="([^"]*)"/.exec(page)?.[1] ?? '';
}
