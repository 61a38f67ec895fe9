import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test-support/engines.ts';
import { startMessengerSimulator, type MessengerSimulator } from '../../delivery/simulator/messenger-sim.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { OPEN_HOURS, SeoulClock } from '../desk.test-support.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, checkAttachment, safeFileName, sniffAttachmentType } from './attachments.ts';

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

test("file names are cleaned for display and download, and end in the verified type's extension, never the sender's", () => {
  assert.equal(safeFileName('../../etc/passwd', 'application/pdf'), 'attachment.pdf');
  assert.equal(safeFileName('고지서 사진.png', 'image/png'), '고지서 사진.png');
  assert.equal(safeFileName('<script>', 'image/png'), 'script.png');
  assert.equal(safeFileName('', 'image/png'), 'attachment.png');
  assert.equal(safeFileName('run.bat', 'image/png'), 'run.png');
  assert.equal(safeFileName('신고서.hta', 'application/pdf'), '신고서.pdf');
  assert.equal(safeFileName('page.html', 'image/jpeg'), 'page.jpg');
  assert.equal(safeFileName('photo.JPEG', 'image/jpeg'), 'photo.jpg');
  assert.equal(safeFileName('invoice.pdf.exe', 'application/pdf'), 'invoice_pdf.pdf');
  assert.equal(safeFileName('receipt', 'application/pdf'), 'receipt.pdf');
  assert.equal(safeFileName('evil\u202Egpj.exe', 'image/png'), 'evilgpj.png', 'no bidirectional overrides');
  const EXT = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf' } as const;
  fc.assert(
    fc.property(fc.string(), fc.constantFrom(...ATTACHMENT_TYPES), (name, type) => {
      const safe = safeFileName(name, type);
      assert.doesNotMatch(safe, /[/\\<>"';\r\n\p{Cc}\p{Cf}]/u);
      assert.ok(safe.endsWith(`.${EXT[type]}`), safe);
      assert.equal(safe.split('.').length, 2, `one dot only: ${safe}`);
      assert.ok(safe.length <= 105);
    }),
  );
});

// The messenger channel over real HTTP (the web widget's twin is in
// attachment-upload.test.ts): the resident's name for the file keeps
// only its stem; the extension is that of the type the bytes are.
forEachEngine('messenger attachments are named by their verified type', (ctx) => {
  let server: TestServer;
  let sim: MessengerSimulator;
  let agent: TestClient;
  let webhook: string;

  before(async () => {
    server = await startTestServer(ctx.db);
    server.deps.clock = new SeoulClock(OPEN_HOURS).now;
    sim = await startMessengerSimulator();
    const staff = await createDistrictWithStaff(ctx.db, 'gangnam', ['admin', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    const admin = new TestClient(server.url);
    await admin.login(staff.admin);
    const put = await admin.json('/api/desk/messenger/channel', 'PUT', { gatewayUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret }, { 'x-csrf-token': admin.csrfToken! });
    assert.equal(put.status, 200);
    webhook = `${server.url}/api/webhooks/messenger/gangnam`;
    agent = new TestClient(server.url);
    await agent.login(staff.desk_agent);
  });
  after(async () => {
    await server?.close();
    await sim?.close();
  });

  test('run.bat, 신고서.hta and page.html (with an image header) are stored and served as .png, .pdf and .jpg', async () => {
    const PNG = Buffer.concat([Buffer.from(SAMPLES['image/png']), Buffer.from('IHDR-bytes')]);
    const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
    const JPEG = Buffer.concat([Buffer.from(SAMPLES['image/jpeg']), Buffer.from('<html><script>alert(1)</script></html>')]);
    for (const [name, bytes, type, expected] of [
      ['run.bat', PNG, 'image/png', 'run.png'],
      ['신고서.hta', PDF, 'application/pdf', '신고서.pdf'],
      ['page.html', JPEG, 'image/jpeg', 'page.jpg'],
    ] as const) {
      const sent = await sim.sendInbound(webhook, { userKey: 'u-names', attachment: { name, contentType: type, bytes } });
      assert.equal(sent.status, 200, name);
      const conversationId = (sent.body as { conversation_id: number }).conversation_id;
      const { rows } = await ctx.db.query<{ payload: { attachmentId: number; fileName: string } }>(
        `SELECT payload FROM desk_messages WHERE conversation_id = $1 AND kind = 'attachment' ORDER BY id DESC LIMIT 1`,
        [conversationId],
      );
      const { attachmentId, fileName } = rows[0]!.payload;
      assert.equal(fileName, expected, name);
      const stored = await ctx.db.query<{ file_name: string }>('SELECT file_name FROM desk_attachments WHERE id = $1', [attachmentId]);
      assert.equal(stored.rows[0]!.file_name, expected);
      const download = await agent.request(`/api/desk/attachments/${attachmentId}`);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), type);
      assert.equal(download.headers.get('content-disposition'), `attachment; filename*=UTF-8''${encodeURIComponent(expected)}`);
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    }
  });

  test('a file stored under its old name before this rule is served under the safe one', async () => {
    const { rows } = await ctx.db.query<{ id: number }>(
      `INSERT INTO desk_attachments (district_code, conversation_id, content_type, file_name, size_bytes, sha256, content)
       SELECT 'gangnam', id, 'image/png', 'legacy.html', 8, sha256($1), $1 FROM conversations WHERE district_code = 'gangnam' LIMIT 1
       RETURNING id`,
      [Buffer.from(SAMPLES['image/png'])],
    );
    const download = await agent.request(`/api/desk/attachments/${rows[0]!.id}`);
    assert.equal(download.headers.get('content-disposition'), `attachment; filename*=UTF-8''legacy.png`);
  });
});
