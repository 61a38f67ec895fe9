import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, testCipher } from '../../../test-support/factories.ts';
import { runRetentionPurges } from '../../platform/retention/retention.ts';
import { readAttachment, storeAttachment } from '../attachments/attachments.repository.ts';
import { findOfflineMessage, insertOfflineMessage, listOfflineMessages } from '../offline-messages/offline-messages.repository.ts';
import { setRetentionForDesk } from './retention.repository.ts';
import { deskRetentionPurger } from './retention.service.ts';

// What residents wrote to the desk goes after the district's periods: the
// chat of conversations closed longer ago than the chat period, files of
// those closed longer ago than the attachment period, offline messages
// answered (or left) longer ago than theirs. Rows, states, times, the desk's
// own events and the audit log stay; a second run changes nothing. The clock
// is injected: `now` is a fixed day and the rows' times are set from it.

const DAY = 86_400_000;
const NOW = new Date('2027-06-01T03:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-retention-test')]);
const SECRET = '제 전화는 010-9876-5432입니다';

forEachEngine('desk retention purge', (ctx) => {
  async function conversation(district: string, closedDaysAgo: number | null): Promise<{ id: number; attachmentId: number }> {
    const { rows } = await ctx.db.query<{ id: number }>(
      `INSERT INTO conversations (district_code, source, resident_ref, state, resume_token_hash, created_at, closed_at, closed_by)
       VALUES ($1, 'web', $2, $3, $4, $5, $6, $7) RETURNING id`,
      [district, randomBytes(6).toString('hex'), closedDaysAgo === null ? 'waiting' : 'closed', randomBytes(32), daysAgo((closedDaysAgo ?? 0) + 1),
       closedDaysAgo === null ? null : daysAgo(closedDaysAgo), closedDaysAgo === null ? null : 'agent'],
    );
    const id = Number(rows[0]!.id);
    const attachment = await storeAttachment(ctx.db, { districtCode: district, conversationId: id, bytes: PNG, fileName: '홍길동_등본.png' });
    await ctx.db.query(
      `INSERT INTO desk_messages (conversation_id, author_type, author_id, kind, body, payload) VALUES
         ($1, 'resident', 'r', 'text', $2, NULL),
         ($1, 'agent', '7', 'note', '메모: 연락처 확인', NULL),
         ($1, 'resident', 'r', 'attachment', '홍길동_등본.png', $3),
         ($1, 'system', 'desk', 'event', 'closed', '{"event":"closed","by":"agent"}')`,
      [id, SECRET, JSON.stringify({ attachmentId: attachment.id, fileName: '홍길동_등본.png' })],
    );
    await ctx.db.query('INSERT INTO desk_contact_forms (conversation_id, district_code, form_enc) VALUES ($1, $2, $3)', [id, district, testCipher.encrypt('{"name":"홍길동"}')]);
    if (closedDaysAgo !== null) {
      await ctx.db.query("INSERT INTO desk_satisfaction (conversation_id, district_code, rating, comment) VALUES ($1, $2, 5, '김 주무관님 감사합니다')", [id, district]);
    }
    return { id, attachmentId: attachment.id };
  }

  async function offline(district: string, leftDaysAgo: number, answeredDaysAgo: number | null): Promise<number> {
    const id = await insertOfflineMessage(
      ctx.db, testCipher,
      { district, locale: 'ko', name: '홍길동', replyChannel: 'email', contact: 'hong@example.com', question: '환급 문의' },
      `OFF-${randomBytes(4).toString('hex')}`, 'hong@example.com',
    );
    await ctx.db.query('UPDATE desk_offline_messages SET created_at = $2 WHERE id = $1', [id, daysAgo(leftDaysAgo)]);
    if (answeredDaysAgo !== null) {
      await ctx.db.query("UPDATE desk_offline_messages SET answer = '답변드립니다', answered_at = $2 WHERE id = $1", [id, daysAgo(answeredDaysAgo)]);
    }
    return id;
  }

  const messagesOf = async (conversationId: number) =>
    (await ctx.db.query<{ kind: string; body: string; payload: unknown; created_at: Date }>('SELECT kind, body, payload, created_at FROM desk_messages WHERE conversation_id = $1 ORDER BY id', [conversationId])).rows;
  const auditRows = async (district: string) =>
    (await ctx.db.query<{ action: string; details: Record<string, unknown> }>('SELECT action, details FROM audit_log WHERE district_code = $1 ORDER BY id', [district])).rows;
  const purge = (district: string, dryRun = false) =>
    runRetentionPurges(ctx.db, [deskRetentionPurger], { now: NOW, districtCode: district, dryRun, batchSize: 1, actor: { type: 'system', id: 'test' } });

  test('chats, files and offline messages past their periods go; the rest, the rows, the events and the audit log stay; idempotent', async () => {
    const district = await createDistrict(ctx.db);
    await setRetentionForDesk(ctx.db, district, { chatDays: 180, attachmentDays: 90, offlineDays: 180 });
    const old = await conversation(district, 200);
    const middle = await conversation(district, 100); // past the attachment period only
    const recent = await conversation(district, 30);
    const open = await conversation(district, null);
    const answeredLongAgo = await offline(district, 300, 200);
    const answeredRecently = await offline(district, 300, 10);
    const leftUnanswered = await offline(district, 200, null);
    const leftRecently = await offline(district, 20, null);
    const before = await messagesOf(old.id);

    const dry = await purge(district, true);
    assert.deepEqual(dry.map((r) => [r.kind, r.counts]), [
      ['desk_chat', { conversations: 1 }], ['desk_attachments', { attachments: 2 }], ['desk_offline_messages', { offlineMessages: 2 }],
    ]);
    assert.equal((await messagesOf(old.id))[0]!.body, SECRET, 'a dry run changes nothing');

    const results = await purge(district);
    assert.deepEqual(results.map((r) => [r.kind, r.periodDays, r.counts]), [
      ['desk_chat', 180, { conversations: 1, messages: 3, forms: 1, ratingComments: 1 }],
      ['desk_attachments', 90, { attachments: 2 }],
      ['desk_offline_messages', 180, { offlineMessages: 2 }],
    ]);

    const after = await messagesOf(old.id);
    assert.equal(after.length, before.length, 'the rows stay');
    assert.deepEqual(after.map((m) => [m.kind, m.body, m.payload]), [
      ['text', '', null], ['note', '', null], ['attachment', '', null], ['event', 'closed', { event: 'closed', by: 'agent' }],
    ], 'bodies and payloads go, the desk\'s own events stay');
    assert.deepEqual(after.map((m) => new Date(m.created_at).toISOString()), before.map((m) => new Date(m.created_at).toISOString()), 'times stay');
    const { rows: conv } = await ctx.db.query<{ state: string; transcript_purged_at: Date }>('SELECT state, transcript_purged_at FROM conversations WHERE id = $1', [old.id]);
    assert.equal(conv[0]!.state, 'closed');
    assert.equal(new Date(conv[0]!.transcript_purged_at).toISOString(), NOW.toISOString());
    const { rows: rating } = await ctx.db.query<{ rating: number; comment: string | null }>('SELECT rating, comment FROM desk_satisfaction WHERE conversation_id = $1', [old.id]);
    assert.deepEqual(rating[0], { rating: 5, comment: null }, 'the rating stays, its comment goes');
    const { rows: forms } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM desk_contact_forms WHERE conversation_id = $1', [old.id]);
    assert.equal(forms[0]!.n, 0);

    assert.equal((await messagesOf(middle.id))[0]!.body, SECRET, 'a chat closed 100 days ago stays');
    assert.deepEqual(await readAttachment(ctx.db, district, old.attachmentId), { purgedAt: NOW });
    assert.deepEqual(await readAttachment(ctx.db, district, middle.attachmentId), { purgedAt: NOW }, 'its file is past the 90-day period');
    assert.ok('content' in ((await readAttachment(ctx.db, district, recent.attachmentId)) ?? {}), 'a file of a chat closed 30 days ago stays');
    assert.ok('content' in ((await readAttachment(ctx.db, district, open.attachmentId)) ?? {}), 'a file of an open conversation stays');
    assert.equal((await messagesOf(open.id))[0]!.body, SECRET);
    const { rows: file } = await ctx.db.query<{ size_bytes: number; content_type: string; file_name: string }>('SELECT size_bytes, content_type, file_name FROM desk_attachments WHERE id = $1', [old.attachmentId]);
    assert.deepEqual(file[0], { size_bytes: PNG.length, content_type: 'image/png', file_name: 'attachment' });

    assert.equal(await findOfflineMessage(ctx.db, district, answeredLongAgo), null, 'a purged offline message is no longer shown');
    assert.equal(await findOfflineMessage(ctx.db, district, leftUnanswered), null);
    assert.ok(await findOfflineMessage(ctx.db, district, answeredRecently));
    assert.deepEqual((await listOfflineMessages(ctx.db, district, 'open')).map((m) => m.id), [leftRecently]);
    const { rows: off } = await ctx.db.query<{ reference: string; name: string | null; question: string | null; answer: string | null; contact_enc: unknown; answered_at: Date | null }>(
      'SELECT reference, name, question, answer, contact_enc, answered_at FROM desk_offline_messages WHERE id = $1',
      [answeredLongAgo],
    );
    assert.match(off[0]!.reference, /^OFF-/);
    assert.deepEqual([off[0]!.name, off[0]!.question, off[0]!.answer, off[0]!.contact_enc], [null, null, null, null]);
    assert.ok(off[0]!.answered_at, 'the time of the answer stays');

    const audit = await auditRows(district);
    assert.deepEqual(audit.map((a) => a.action), [
      'retention.desk_chat_purged', 'retention.desk_attachments_purged', 'retention.desk_attachments_purged',
      'retention.desk_offline_messages_purged', 'retention.desk_offline_messages_purged',
    ], 'one entry a batch (batches of one)');
    assert.ok(!/홍길동|010-9876|hong@/.test(JSON.stringify(audit)), 'no personal data in the audit entries');

    const again = await purge(district);
    assert.ok(again.every((r) => Object.values(r.counts).every((n) => n === 0)), 'a second run removes nothing');
    assert.equal((await auditRows(district)).length, audit.length, 'and writes nothing');
  });
});
