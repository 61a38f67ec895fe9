import { AppError } from '../../platform/errors.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { attachmentMessages } from './attachments.messages.ts';

// Residents may send images and PDFs, nothing else: the type is read from
// the first bytes of the file, whatever name or type the sender declared,
// so a script renamed to .png is refused, and the file is stored and served
// under a name whose extension is that type's (safeFileName; storing is
// attachments.repository.ts).

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

/** The type the bytes are, among the allowed ones; null for anything else. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

export const ATTACHMENT_REFUSED: Record<'type' | 'size' | 'empty' | 'mismatch', Bilingual> = {
  type: attachmentMessages.both('refused_type'),
  size: attachmentMessages.both('refused_size'),
  empty: attachmentMessages.both('refused_empty'),
  mismatch: attachmentMessages.both('refused_mismatch'),
};

export type AttachmentCheck = { ok: true; contentType: AttachmentType } | { ok: false; reason: keyof typeof ATTACHMENT_REFUSED; message: Bilingual };

/**
 * Checks size and type. A declared type is optional; when given it must be
 * an allowed one and agree with the bytes.
 */
export function checkAttachment(bytes: Uint8Array, declaredType?: string): AttachmentCheck {
  const refuse = (reason: keyof typeof ATTACHMENT_REFUSED): AttachmentCheck => ({ ok: false, reason, message: ATTACHMENT_REFUSED[reason] });
  if (bytes.length === 0) return refuse('empty');
  if (bytes.length > ATTACHMENT_MAX_BYTES) return refuse('size');
  const sniffed = sniffAttachmentType(bytes);
  if (!sniffed) return refuse('type');
  if (declaredType !== undefined) {
    const declared = declaredType.split(';')[0]!.trim().toLowerCase().replace('image/jpg', 'image/jpeg');
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(declared)) return refuse('type');
    if (declared !== sniffed) return refuse('mismatch');
  }
  return { ok: true, contentType: sniffed };
}

export function attachmentRefused(check: Extract<AttachmentCheck, { ok: false }>): AppError {
  return new AppError(`attachment_${check.reason}`, check.reason === 'size' ? 413 : 415, check.message);
}

const EXTENSIONS: Record<AttachmentType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf' };

/**
 * A file name safe to show and to put in Content-Disposition: the sender's
 * stem (letters, digits, spaces, _ and -; at most 100 characters) and the
 * extension of the type the bytes are, never the sender's: run.bat holding
 * a PNG is run.png, 신고서.hta holding a PDF is 신고서.pdf. One dot only, so
 * nothing like invoice.pdf.exe survives.
 */
export function safeFileName(name: string | undefined, contentType: AttachmentType): string {
  const cleaned = (name ?? '').normalize('NFC').replace(/[^\p{L}\p{N}._ -]/gu, '');
  const stem = cleaned
    .replace(/\.[\p{L}\p{N}]{1,12}$/u, '') // the sender's extension, whatever it was
    .replace(/\./g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s_-]+|[\s_-]+$/g, '')
    .slice(0, 100)
    .trim();
  return `${stem || 'attachment'}.${EXTENSIONS[contentType]}`;
}
