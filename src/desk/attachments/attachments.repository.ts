import { createHash } from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import { attachmentRefused, checkAttachment, safeFileName, type AttachmentType } from './attachments.ts';

// The files of conversations (desk_attachments): checked before they are
// stored, named by their verified type, read back only within the district.

export interface StoredAttachment {
  id: number;
  contentType: AttachmentType;
  fileName: string;
  sizeBytes: number;
}

/** Checks and stores a file of a conversation; throws AppError (413/415) when refused. */
export async function storeAttachment(
  q: Queryable,
  args: { districtCode: string; conversationId: number; bytes: Uint8Array; fileName?: string; declaredType?: string },
): Promise<StoredAttachment> {
  const check = checkAttachment(args.bytes, args.declaredType);
  if (!check.ok) throw attachmentRefused(check);
  const fileName = safeFileName(args.fileName, check.contentType);
  const sha = createHash('sha256').update(args.bytes).digest();
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO desk_attachments (district_code, conversation_id, content_type, file_name, size_bytes, sha256, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [args.districtCode, args.conversationId, check.contentType, fileName, args.bytes.length, sha, Buffer.from(args.bytes)],
  );
  return { id: Number(rows[0]!.id), contentType: check.contentType, fileName, sizeBytes: args.bytes.length };
}

/**
 * An attachment of a district's conversation; null when it belongs to another
 * district; `{ purgedAt }` when the retention purge removed its file.
 */
export async function readAttachment(
  q: Queryable,
  districtCode: string,
  id: number,
): Promise<(StoredAttachment & { content: Buffer; conversationId: number }) | { purgedAt: Date } | null> {
  const { rows } = await q.query<{ id: number; content_type: AttachmentType; file_name: string; size_bytes: number; content: Uint8Array | null; conversation_id: number; purged_at: Date | null }>(
    'SELECT id, content_type, file_name, size_bytes, content, conversation_id, purged_at FROM desk_attachments WHERE id = $1 AND district_code = $2',
    [id, districtCode],
  );
  const r = rows[0];
  if (!r) return null;
  if (r.purged_at || !r.content) return { purgedAt: new Date(r.purged_at ?? 0) };
  // Named again on the way out: files stored before names followed the type are served safely too.
  const fileName = safeFileName(r.file_name, r.content_type);
  return { id: Number(r.id), contentType: r.content_type, fileName, sizeBytes: r.size_bytes, content: Buffer.from(r.content), conversationId: Number(r.conversation_id) };
}
