import type { Queryable } from '../../platform/db/database.ts';

// The desk conversations linked to one taxpayer (an agent linked them by
// number, or by name and date of birth), for the taxpayer's data export:
// what was said to and by them, their files (named, not their bytes) and
// their rating. Agents' internal notes are the office's working notes: they
// come apart (internalNotesOfTaxpayer), for a section of their own marked
// internal. The district's rows only.

export interface ConversationForExport {
  id: number;
  source: string;
  state: string;
  createdAt: string;
  closedAt: string | null;
  transcriptPurgedAt: string | null;
  messages: { at: string; author: string; kind: string; text: string }[];
  attachments: { id: number; fileName: string; contentType: string; sizeBytes: number; at: string; purgedAt: string | null }[];
  rating: { rating: number; comment: string | null } | null;
}

export async function conversationsOfTaxpayer(q: Queryable, districtCode: string, taxpayerId: number): Promise<ConversationForExport[]> {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const { rows: conversations } = await q.query<{ id: number; source: string; state: string; created_at: Date; closed_at: Date | null; transcript_purged_at: Date | null; rating: number | null; comment: string | null }>(
    `SELECT c.id, c.source, c.state, c.created_at, c.closed_at, c.transcript_purged_at, s.rating, s.comment
       FROM conversations c LEFT JOIN desk_satisfaction s ON s.conversation_id = c.id
      WHERE c.taxpayer_id = $1 AND c.district_code = $2 ORDER BY c.id`,
    [taxpayerId, districtCode],
  );
  if (conversations.length === 0) return [];
  const ids = conversations.map((c) => Number(c.id));
  const { rows: messages } = await q.query<{ conversation_id: number; created_at: Date; author_type: string; kind: string; body: string }>(
    `SELECT conversation_id, created_at, author_type, kind, body FROM desk_messages
      WHERE conversation_id = ANY($1::bigint[]) AND kind <> 'note' ORDER BY id`,
    [ids],
  );
  const { rows: files } = await q.query<{ id: number; conversation_id: number; file_name: string; content_type: string; size_bytes: number; created_at: Date; purged_at: Date | null }>(
    `SELECT id, conversation_id, file_name, content_type, size_bytes, created_at, purged_at FROM desk_attachments
      WHERE conversation_id = ANY($1::bigint[]) AND district_code = $2 ORDER BY id`,
    [ids, districtCode],
  );
  return conversations.map((c) => ({
    id: Number(c.id),
    source: c.source,
    state: c.state,
    createdAt: new Date(c.created_at).toISOString(),
    closedAt: iso(c.closed_at),
    transcriptPurgedAt: iso(c.transcript_purged_at),
    messages: messages
      .filter((m) => Number(m.conversation_id) === Number(c.id))
      .map((m) => ({ at: new Date(m.created_at).toISOString(), author: m.author_type, kind: m.kind, text: m.body })),
    attachments: files
      .filter((f) => Number(f.conversation_id) === Number(c.id))
      .map((f) => ({ id: Number(f.id), fileName: f.file_name, contentType: f.content_type, sizeBytes: f.size_bytes, at: new Date(f.created_at).toISOString(), purgedAt: iso(f.purged_at) })),
    rating: c.rating === null ? null : { rating: c.rating, comment: c.comment },
  }));
}

export interface InternalNoteForExport {
  conversationId: number;
  at: string;
  text: string;
}

/** The notes agents wrote in the taxpayer's conversations (never shown to the resident); those the retention purge emptied are left out. */
export async function internalNotesOfTaxpayer(q: Queryable, districtCode: string, taxpayerId: number): Promise<InternalNoteForExport[]> {
  const { rows } = await q.query<{ conversation_id: number; created_at: Date; body: string }>(
    `SELECT m.conversation_id, m.created_at, m.body
       FROM desk_messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE c.taxpayer_id = $1 AND c.district_code = $2 AND m.kind = 'note' AND m.body <> ''
      ORDER BY m.id`,
    [taxpayerId, districtCode],
  );
  return rows.map((r) => ({ conversationId: Number(r.conversation_id), at: new Date(r.created_at).toISOString(), text: r.body }));
}
