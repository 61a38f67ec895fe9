import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { attachmentMessages } from './attachments.messages.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_REFUSED } from './attachments.ts';
import { storeAttachment, type StoredAttachment } from './attachments.repository.ts';
import { findByResumeToken, postMessage, type DeskDeps } from '../conversations/conversations.service.ts';

// A resident's file from the web widget: multipart, one part "file", the
// conversation named by its resume token in a header (so a stranger is
// refused before a byte of the file is read). The size is enforced while
// the file streams in, never buffering more than the limit; the type is read
// from the bytes (storeAttachment), whatever the name or declared type says.

export const RESUME_HEADER = 'x-desk-resume';

/** Room for the multipart framing around a file at the limit. */
const FRAMING_BYTES = 64 * 1024;

const resumeToken = z.string().regex(/^[A-Za-z0-9_-]{32}$/);

export const attachmentUploadBody = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'A picture (PNG, JPEG, GIF, WebP) or PDF, at most 5 MB' } },
};

export const attachmentAnswerSchema = z.object({
  messageId: z.number().int(),
  attachment: z.object({ attachmentId: z.number().int(), contentType: z.string(), fileName: z.string(), sizeBytes: z.number().int() }),
});

const tooLarge = () => new AppError('attachment_size', 413, ATTACHMENT_REFUSED.size);

/** Reads the one file part, stopping at the limit; a longer file is refused, never held in memory. */
async function readFilePart(request: FastifyRequest): Promise<{ bytes: Buffer; fileName: string }> {
  const part = await request.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: false });
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new AppError('file_required', 400, attachmentMessages.both('file_required'), [{ field: 'file', reason: attachmentMessages.t('en', 'file_required') }]);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    size += chunk.length;
    chunks.push(chunk);
  }
  // busboy stops handing over bytes at the limit and discards the rest
  if (part.file.truncated || size > ATTACHMENT_MAX_BYTES) throw tooLarge();
  return { bytes: Buffer.concat(chunks, size), fileName: part.filename };
}

/** Stores a resident's file and posts it into their open conversation as an 'attachment' message. */
export async function receiveResidentAttachment(deps: DeskDeps, request: FastifyRequest): Promise<z.infer<typeof attachmentAnswerSchema>> {
  const token = resumeToken.safeParse(request.headers[RESUME_HEADER]);
  const conversation = token.success ? await findByResumeToken(deps.db, token.data) : null;
  if (!conversation || conversation.state === 'closed') throw new AppError('conversation_not_found', 404, attachmentMessages.both('no_conversation'));
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 415, attachmentMessages.both('not_multipart'));
  if (Number(request.headers['content-length'] ?? 0) > ATTACHMENT_MAX_BYTES + FRAMING_BYTES) throw tooLarge();

  const { bytes, fileName } = await readFilePart(request);
  let stored: StoredAttachment;
  try {
    stored = await storeAttachment(deps.db, { districtCode: conversation.district_code, conversationId: conversation.id, bytes, fileName });
  } catch (error) {
    // the reason is in the answer; the log keeps what is not personal
    if (error instanceof AppError) deps.log.info({ conversationId: conversation.id, code: error.code, bytes: bytes.length }, 'desk attachment refused');
    throw error;
  }
  const payload = { attachmentId: stored.id, contentType: stored.contentType, fileName: stored.fileName, sizeBytes: stored.sizeBytes };
  const { messageId } = await postMessage(deps, {
    conversationId: conversation.id,
    author: { type: 'resident', id: conversation.resident_ref },
    kind: 'attachment',
    body: stored.fileName,
    payload,
  });
  return { messageId, attachment: payload };
}
