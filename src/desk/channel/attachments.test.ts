import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ATTACHMENT_MAX_BYTES, checkAttachment, safeFileName, sniffAttachmentType } from './attachments.ts';

const SAMPLES = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff, 0xe0],
  'image/gif': [...Buffer.from('GIF89a')],
  'image/webp': [...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP')],
  'application/pdf': [...Buffer.from('%PDF-1.7')],
} as const;

test('the type comes from the bytes: each allowed type is recognised, and declared types must agree', () => {
  for (const [type, head] of Object.entries(SAMPLES)) {
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from('rest of the file')]);
    assert.equal(sniffAttachmentType(bytes), type);
    assert.deepEqual(checkAttachment(bytes, type), { ok: true, contentType: type });
    assert.deepEqual(checkAttachment(bytes), { ok: true, contentType: type });
  }
  const png = Buffer.from(SAMPLES['image/png']);
  assert.equal(checkAttachment(png, 'image/jpg').ok, false, 'a PNG declared as JPEG');
  assert.equal(checkAttachment(png, 'text/html').ok, false);
  assert.deepEqual(checkAttachment(Buffer.from(SAMPLES['image/jpeg']), 'image/jpg'), { ok: true, contentType: 'image/jpeg' });
  const refused = checkAttachment(Buffer.from('<svg onload=alert(1)>'), 'image/svg+xml');
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.reason === 'type' && /PDF/.test(refused.message.ko) && /PDF/.test(refused.message.en));
  assert.equal(checkAttachment(Buffer.alloc(0)).ok, false);
  const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1);
  png.copy(big);
  assert.deepEqual(checkAttachment(big).ok ? null : (checkAttachment(big) as { reason: string }).reason, 'size');
  const limit = Buffer.alloc(ATTACHMENT_MAX_BYTES);
  png.copy(limit);
  assert.equal(checkAttachment(limit).ok, true, 'exactly 5 MB is allowed');
});

test('property: bytes that start with none of the signatures are always refused, whatever is declared', () => {
  const heads = Object.values(SAMPLES).map((h) => Buffer.from(h));
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom('image/png', 'application/pdf', 'text/plain', undefined), (bytes, declared) => {
      const buf = Buffer.from(bytes);
      fc.pre(!heads.some((h) => buf.subarray(0, h.length).equals(h)) && !(buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) && !buf.subarray(0, 4).equals(Buffer.from('GIF8')) && !buf.subarray(0, 4).equals(Buffer.from('RIFF')));
      assert.equal(checkAttachment(buf, declared).ok, false);
    }),
  );
});

test('file names are cleaned for display and download', () => {
  assert.equal(safeFileName('../../etc/passwd', 'application/pdf'), '....etcpasswd');
  assert.equal(safeFileName('고지서 사진.png', 'image/png'), '고지서 사진.png');
  assert.equal(safeFileName('<script>', 'image/png'), 'script');
  assert.equal(safeFileName('', 'image/png'), 'attachment.png');
  fc.assert(fc.property(fc.string(), (name) => assert.doesNotMatch(safeFileName(name, 'image/png'), /[/\\<>"';\r\n]/)));
});
