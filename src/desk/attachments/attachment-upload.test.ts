import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { ATTACHMENT_MAX_BYTES } from './attachments.ts';
import { FrameClient, OPEN_HOURS, SeoulClock, type Frame } from '../desk.test-support.ts';
import { RESUME_HEADER } from './attachment-upload.ts';

// A resident's file from the web widget, over real HTTP on both engines:
// pictures and PDF are posted into the conversation (the agent downloads
// them), anything else is refused with the reason in both languages, sizes
// over 5 MB are refused, and a wrong resume token gets nothing in.

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test-image-bytes')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')]);

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string }[];
}

forEachEngine('attachments from the web widget', (ctx) => {
  let server: TestServer;
  let agentLogin: string;
  let officialLogin: string;
  let lecturerLogin: string;

  before(async () => {
    const logins = await createDistrictWithStaff(ctx.db, 'seocho', ['desk_agent', 'tax_official', 'lecturer'], { ko: '서초구', en: 'Seocho-gu' });
    agentLogin = logins.desk_agent!;
    officialLogin = logins.tax_official!;
    lecturerLogin = logins.lecturer!;
    server = await startTestServer(ctx.db);
    server.deps.clock = new SeoulClock(OPEN_HOURS).now;
  });
  after(async () => {
    await server?.close();
  });

  async function resident(): Promise<{ ws: FrameClient; conversationId: number; token: string }> {
    const ws = await FrameClient.connect(`${server.url.replace('http', 'ws')}/r/desk/socket`);
    ws.send({ type: 'start', district: 'seocho', locale: 'ko' });
    const session = await ws.next((f) => f.type === 'session');
    return { ws, conversationId: session.conversationId as number, token: session.resumeToken as string };
  }

  /** A multipart upload as the widget sends it, from its own client address (each test its own rate-limit budget). */
  function upload(args: { token?: string; bytes?: Buffer; name?: string; type?: string; lang?: 'ko' | 'en'; address: string; field?: string }) {
    const form = new FormData();
    if (args.bytes) form.append(args.field ?? 'file', new Blob([new Uint8Array(args.bytes)], { type: args.type ?? 'application/octet-stream' }), args.name ?? 'file');
    else form.append('note', 'no file here');
    const headers: Record<string, string> = { accept: 'application/json', 'x-forwarded-for': args.address };
    if (args.token) headers[RESUME_HEADER] = args.token;
    return fetch(`${server.url}/r/desk/attachments?lang=${args.lang ?? 'en'}`, { method: 'POST', headers, body: form });
  }

  const storedCount = async (conversationId: number) =>
    (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM desk_attachments WHERE conversation_id = $1', [conversationId])).rows[0]!.n;

  test('a PNG and a PDF are posted into the conversation as attachment messages; the agent downloads them byte for byte', async () => {
    const res = await resident();
    const png = await upload({ token: res.token, bytes: PNG, name: '고지서 사진.png', type: 'image/png', address: '198.51.100.1' });
    assert.equal(png.status, 201, await png.clone().text());
    const answer = (await png.json()) as { messageId: number; attachment: { attachmentId: number; contentType: string; fileName: string; sizeBytes: number } };
    assert.deepEqual({ ...answer.attachment, attachmentId: 0 }, { attachmentId: 0, contentType: 'image/png', fileName: '고지서 사진.png', sizeBytes: PNG.length });
    const seen = await res.ws.next((f) => f.type === 'message' && f.kind === 'attachment');
    assert.equal(seen.id, answer.messageId);
    assert.equal(seen.authorType, 'resident');
    assert.deepEqual(seen.payload, answer.attachment, 'the shape the messenger channel uses');

    // a PDF declared as something else is still a PDF: the type comes from the bytes
    const pdf = await upload({ token: res.token, bytes: PDF, name: 'receipt', type: 'application/octet-stream', address: '198.51.100.1' });
    assert.equal(pdf.status, 201);
    const pdfAnswer = (await pdf.json()) as { attachment: { attachmentId: number; contentType: string } };
    assert.equal(pdfAnswer.attachment.contentType, 'application/pdf');

    const agent = new TestClient(server.url);
    await agent.login(agentLogin);
    const download = await agent.request(`/api/desk/attachments/${answer.attachment.attachmentId}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
    const history = (await (await agent.request(`/api/desk/conversations/${res.conversationId}`)).json()) as { messages: { kind: string; payload: unknown }[] };
    assert.equal(history.messages.filter((m) => m.kind === 'attachment').length, 2);
    // a tax official at the console may open it too; a lecturer has no business there
    const official = new TestClient(server.url);
    await official.login(officialLogin);
    assert.equal((await official.request(`/api/desk/attachments/${answer.attachment.attachmentId}`)).status, 200);
    const lecturer = new TestClient(server.url);
    await lecturer.login(lecturerLogin);
    assert.equal((await lecturer.request(`/api/desk/attachments/${answer.attachment.attachmentId}`)).status, 403);
    await res.ws.close();
  });

  test('a script renamed to .png is refused with the reason in Korean and in English; nothing is stored or posted', async () => {
    const res = await resident();
    const script = Buffer.from('<script>alert(1)</script>');
    for (const [lang, pattern] of [['en', /Only pictures \(PNG, JPEG, GIF, WebP\) and PDF files/], ['ko', /사진\(PNG, JPEG, GIF, WebP\)과 PDF 파일만/]] as const) {
      const refused = await upload({ token: res.token, bytes: script, name: 'photo.png', type: 'image/png', lang, address: '198.51.100.2' });
      assert.equal(refused.status, 415);
      assert.match(refused.headers.get('content-type')!, /application\/problem\+json/);
      const problem = (await refused.json()) as Problem;
      assert.equal(problem.code, 'attachment_type');
      assert.match(problem.detail, pattern);
    }
    assert.equal(await storedCount(res.conversationId), 0);
    const { rows } = await ctx.db.query(`SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND kind = 'attachment'`, [res.conversationId]);
    assert.equal(rows.length, 0);
    await res.ws.close();
  });

  test('files over 5 MB are refused, whether the size shows before or only while streaming', async () => {
    const res = await resident();
    const justOver = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1);
    PNG.copy(justOver);
    const streamed = await upload({ token: res.token, bytes: justOver, name: 'big.png', type: 'image/png', address: '198.51.100.3' });
    assert.equal(streamed.status, 413);
    const problem = (await streamed.json()) as Problem;
    assert.equal(problem.code, 'attachment_size');
    assert.match(problem.detail, /at most 5 MB/);
    const wayOver = Buffer.alloc(8 * 1024 * 1024);
    PNG.copy(wayOver);
    const early = await upload({ token: res.token, bytes: wayOver, name: 'huge.png', type: 'image/png', lang: 'ko', address: '198.51.100.3' });
    assert.equal(early.status, 413);
    assert.match(((await early.json()) as Problem).detail, /5MB 이하/);
    const atLimit = Buffer.alloc(ATTACHMENT_MAX_BYTES);
    PNG.copy(atLimit);
    assert.equal((await upload({ token: res.token, bytes: atLimit, name: 'max.png', type: 'image/png', address: '198.51.100.3' })).status, 201, 'exactly 5 MB is allowed');
    assert.equal(await storedCount(res.conversationId), 1);
    await res.ws.close();
  });

  test('a wrong, missing or closed conversation token gets 404 and stores nothing; a request without a file gets 400', async () => {
    const res = await resident();
    const before = (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM desk_attachments')).rows[0]!.n;
    for (const token of ['A'.repeat(32), 'not a token', undefined]) {
      const refused = await upload({ token, bytes: PNG, name: 'a.png', type: 'image/png', address: '198.51.100.4' });
      assert.equal(refused.status, 404, String(token));
      assert.equal(((await refused.json()) as Problem).code, 'conversation_not_found');
    }
    const noFile = await upload({ token: res.token, address: '198.51.100.4' });
    assert.equal(noFile.status, 400);
    const wrongField = await upload({ token: res.token, bytes: PNG, field: 'picture', address: '198.51.100.4' });
    assert.equal(wrongField.status, 400);
    assert.equal(((await wrongField.json()) as Problem).errors?.[0]?.field, 'file');
    res.ws.send({ type: 'close' });
    await res.ws.next((f: Frame) => f.type === 'state' && f.state === 'closed');
    assert.equal((await upload({ token: res.token, bytes: PNG, name: 'late.png', type: 'image/png', address: '198.51.100.4' })).status, 404, 'a closed conversation takes no files');
    assert.equal((await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM desk_attachments')).rows[0]!.n, before);
    await res.ws.close();
  });

  test('uploads are limited per client address', async () => {
    const res = await resident();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await upload({ token: res.token, bytes: PNG, name: `${i}.png`, type: 'image/png', address: '198.51.100.5' })).status);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(201));
    assert.equal(statuses[20], 429);
    assert.equal((await upload({ token: res.token, bytes: PNG, name: 'other.png', type: 'image/png', address: '198.51.100.6' })).status, 201, 'another address has its own budget');
    await res.ws.close();
  });

  test("the stored and served name comes from the verified type, never the resident's extension: run.bat, 신고서.hta, page.html", async () => {
    const res = await resident();
    const agent = new TestClient(server.url);
    await agent.login(agentLogin);
    for (const [name, bytes, type, expected] of [
      ['run.bat', PNG, 'image/png', 'run.png'],
      ['신고서.hta', PDF, 'application/pdf', '신고서.pdf'],
      ['page.html', JPEG, 'image/jpeg', 'page.jpg'],
    ] as const) {
      const answer = await upload({ token: res.token, bytes, name, type: 'application/octet-stream', address: '198.51.100.7' });
      assert.equal(answer.status, 201, name);
      const { attachment } = (await answer.json()) as { attachment: { attachmentId: number; contentType: string; fileName: string } };
      assert.deepEqual({ contentType: attachment.contentType, fileName: attachment.fileName }, { contentType: type, fileName: expected }, name);
      const { rows } = await ctx.db.query<{ file_name: string }>('SELECT file_name FROM desk_attachments WHERE id = $1', [attachment.attachmentId]);
      assert.equal(rows[0]!.file_name, expected, 'stored under the safe name');
      const download = await agent.request(`/api/desk/attachments/${attachment.attachmentId}`);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), type);
      assert.equal(download.headers.get('content-disposition'), `attachment; filename*=UTF-8''${encodeURIComponent(expected)}`);
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    }
    await res.ws.close();
  });
});
