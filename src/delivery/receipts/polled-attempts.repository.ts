import type { Queryable } from '../../platform/db/database.ts';
import type { PolledAttempt } from '../provider.ts';

/**
 * A page of a provider's accepted attempts still waiting for a result, in id
 * order after `afterId` (the poller walks them round and round, so a page of
 * results that never come cannot starve the rest).
 */
export async function acceptedAttemptsOf(q: Queryable, provider: string, afterId: number, limit: number): Promise<(PolledAttempt & { id: number })[]> {
  const { rows } = await q.query<{ id: string; idempotency_key: string; provider_message_id: string; accepted_at: Date }>(
    `SELECT id, idempotency_key, provider_message_id, accepted_at
       FROM delivery_attempts
      WHERE state = 'accepted' AND provider = $1 AND id > $2 AND provider_message_id IS NOT NULL
      ORDER BY id
      LIMIT $3`,
    [provider, afterId, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), attemptId: String(r.id), idempotencyKey: r.idempotency_key, providerMessageId: r.provider_message_id, acceptedAt: r.accepted_at }));
}
