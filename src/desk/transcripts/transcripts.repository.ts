import type { Queryable } from '../../platform/db/database.ts';

// Transcripts sent (desk_transcripts): one row per transcript queued, with
// the delivery message that carries it.

export async function countTranscripts(q: Queryable, conversationId: number): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM desk_transcripts WHERE conversation_id = $1', [conversationId]);
  return rows[0]!.n;
}

export async function recordTranscript(q: Queryable, args: { conversationId: number; districtCode: string; messageId: number }): Promise<void> {
  await q.query('INSERT INTO desk_transcripts (conversation_id, district_code, message_id) VALUES ($1, $2, $3)', [args.conversationId, args.districtCode, args.messageId]);
}
