import { AppError } from '../../platform/errors.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';

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
  type: {
    ko: '사진(PNG, JPEG, GIF, WebP)과 PDF 파일만 보낼 수 있습니다. 다른 파일은 사진으로 찍거나 PDF로 저장해서 보내 주세요.',
    en: 'Only pictures (PNG, JPEG, GIF, WebP) and PDF files can be sent. Take a photo of other documents or save them as PDF.',
  },
  size: {
    ko: '파일이 너무 큽니다. 5MB 이하의 파일만 보낼 수 있습니다.',
    en: 'The file is too large. Files can be at most 5 MB.',
  },
  empty: { ko: '파일이 비어 있습니다.', en: 'The file is empty.' },
  mismatch: {
    ko: '파일 내용이 알려진 형식과 다릅니다. 사진(PNG, JPEG, GIF, WebP)이나 PDF 파일인지 확인해 주세요.',
    en: 'The file content does not match its declared type. Check that it is a picture (PNG, JPEG, GIF, WebP) or a PDF.',
  },
};

export const ATTACHMENT_NOT_FOUND: Bilingual = { ko: '첨부파일을 찾을 수 없습니다.', en: 'Attachment not found.' };

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
