import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { loadConfig } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { createLogger } from '../../platform/logger.ts';
import { issueSeason } from '../../delivery/queue/queue.ts';
import { failAttempts } from '../../delivery/dispatch/attempts.repository.ts';
import { startDeliveryRuntime } from '../../delivery/delivery.runtime.ts';
import { startReceiptListener } from '../../delivery/receipts/receipt-listener.ts';
import { classifyDistrict } from '../rules/classify.service.ts';
import { issueCode } from '../../platform/one-time-codes.ts';
import { updateTaxpayerContacts } from './contact-change.service.ts';
import { confirmedContacts } from './contact-change.test-support.ts';

const deps = (db: import('../../platform/db/database.ts').Database) => ({ db, cipher: testCipher });
const official = { type: 'staff' as const, id: 'gangnam.tax-official' };

forEachEngine('contact update service', (ctx) => {
  async function checks(taxpayerId: number): Promise<string[]> {
    const { rows } = await ctx.db.query<{ rule_code: string }>('SELECT rule_code FROM contact_checks WHERE taxpayer_id = $1 ORDER BY rule_code', [taxpayerId]);
    return rows.map((r) => r.rule_code);
  }
  async function sealed(taxpayerId: number) {
    const { rows } = await ctx.db.query<Record<string, unknown>>(
      `SELECT mobile_enc, mobile_hash, email_enc, email_hash, enrol_kakao, enrol_sms, enrol_email, contact_source, contact_updated_at FROM taxpayers WHERE id = $1`,
      [taxpayerId],
    );
    return rows[0]!;
  }
  /** A taxpayer enrolled for SMS on a dead number, whose notice failed and now waits for paper. */
  async function returnedNotice(district: string) {
    const [id] = await createTaxpayers(ctx.db, district, [{ mobile: '+82161234567', email: 'kim@hanmail.com', enrol: ['sms'] }]);
    await createNotices(ctx.db, district, [id!], { dueDate: '2099-07-31' });
    await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const { rows } = await ctx.db.query<{ id: number; message_id: number }>(
      `SELECT a.id, a.message_id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.taxpayer_id = $1 AND a.state = 'queued'`,
      [id],
    );
    await failAttempts(ctx.db, [{ attemptId: rows[0]!.id, cause: 'dead_prefix', detail: 'number not in service' }], 'sim-sms');
    const state = await ctx.db.query<{ state: string }>('SELECT state FROM messages WHERE id = $1', [rows[0]!.message_id]);
    assert.equal(state.rows[0]!.state, 'awaiting_paper');
    return { taxpayerId: id!, messageId: rows[0]!.message_id };
  }

  test('a correction is sealed, marked with its source, audited with masked values only, re-checked and resends the returned notice', async () => {
    const district = await createDistrict(ctx.db);
    const { taxpayerId, messageId } = await returnedNotice(district);
    await classifyDistrict(deps(ctx.db), district);
    assert.deepEqual(await checks(taxpayerId), ['email_domain_suspect', 'enrolled_no_channel', 'mobile_dead_prefix', 'mobile_failed']);

    const result = await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: district,
      taxpayerId,
      change: { mobile: '010-2345-6789', email: 'kim@hanmail.net', enrol: { email: true } },
      source: 'official',
      actor: official,
      reason: 'Taxpayer phoned the office with the new number',
      confirmedBy: await confirmedContacts(ctx.db, testCipher, district, { mobile: '010-2345-6789', email: 'kim@hanmail.net' }),
    });
    assert.deepEqual(result, { changedFields: ['mobile', 'email', 'enrol_email'], resentMessageIds: [messageId] });

    const row = await sealed(taxpayerId);
    assert.equal(testCipher.decrypt(row.mobile_enc as Buffer), '+821023456789');
    assert.deepEqual(Buffer.from(row.mobile_hash as Uint8Array), testCipher.lookupHash('mobile', '+821023456789'));
    assert.equal(testCipher.decrypt(row.email_enc as Buffer), 'kim@hanmail.net');
    assert.equal(row.enrol_email, true);
    assert.equal(row.contact_source, 'official');
    assert.deepEqual(await checks(taxpayerId), [], 'the old failure belongs to the old number: the corrected taxpayer is clean');

    const audit = await ctx.db.query<{ actor_type: string; actor_id: string; action: string; entity_id: string; reason: string; source: string; details: Record<string, unknown> }>(
      `SELECT actor_type, actor_id, action, entity_id, reason, source, details FROM audit_log WHERE district_code = $1 AND action = 'taxpayer.contact_updated'`,
      [district],
    );
    assert.equal(audit.rows.length, 1);
    const a = audit.rows[0]!;
    assert.deepEqual(
      { actor_type: a.actor_type, actor_id: a.actor_id, entity_id: a.entity_id, reason: a.reason, source: a.source },
      { actor_type: 'staff', actor_id: 'gangnam.tax-official', entity_id: String(taxpayerId), reason: 'Taxpayer phoned the office with the new number', source: 'official' },
    );
    assert.deepEqual(a.details.old, { mobile: '016-***-4567', email: 'k****@hanmail.com', enrol: { kakao: false, sms: true, email: false } });
    assert.deepEqual(a.details.new, { mobile: '010-****-6789', email: 'k****@hanmail.net', enrol: { kakao: false, sms: true, email: true } });
    assert.deepEqual(a.details.resent_message_ids, [messageId]);
    const text = JSON.stringify(a);
    for (const raw of ['1234567', '23456789', 'kim@', '+82']) assert.ok(!text.includes(raw), `audit holds ${raw}`);

    // The notice is back in the queue on SMS, to the corrected number.
    const m = await ctx.db.query<{ state: string; returned_at: Date | null; channel: string; astate: string }>(
      `SELECT m.state, m.returned_at, a.channel, a.state AS astate FROM messages m JOIN delivery_attempts a ON a.message_id = m.id
        WHERE m.id = $1 ORDER BY a.id DESC LIMIT 1`,
      [messageId],
    );
    assert.deepEqual(m.rows[0], { state: 'pending', returned_at: null, channel: 'sms', astate: 'queued' });
  });

  test('bad input changes nothing: no field, no audit row, no finding moves', async () => {
    const district = await createDistrict(ctx.db);
    const [id] = await createTaxpayers(ctx.db, district, [{ mobile: '+821011112222', email: 'lee@naver.com', enrol: ['sms'] }]);
    await classifyDistrict(deps(ctx.db), district);
    const before = await sealed(id!);
    const attempts: [Parameters<typeof updateTaxpayerContacts>[1]['change'], string, string[]][] = [
      [{ mobile: '02-123-4567', email: 'new@naver.com' }, 'ok', ['mobile']],
      [{ mobile: '016-123-4567' }, 'ok', ['mobile']],
      [{ email: 'lee@gmial.com' }, 'ok', ['email']],
      [{ email: 'not an address' }, 'ok', ['email']],
      [{ mobile: null }, 'ok', ['enrol']],
      [{ enrol: { email: true }, email: null }, 'ok', ['enrol']],
      [{ mobile: '010-3333-4444' }, '   ', ['reason']],
    ];
    for (const [change, reason, fields] of attempts) {
      await assert.rejects(
        updateTaxpayerContacts(deps(ctx.db), { districtCode: district, taxpayerId: id!, change, source: 'official', actor: official, reason, confirmedBy: { scope: 'none' } }),
        (e) => e instanceof AppError && e.code === 'contact_change_invalid' && e.status === 400 && JSON.stringify(e.problems.map((p) => p.field)) === JSON.stringify(fields),
        JSON.stringify(change),
      );
    }
    const wrong = await assert.rejects(
      updateTaxpayerContacts(deps(ctx.db), { districtCode: district, taxpayerId: id!, change: { email: 'x@gmial.com' }, source: 'official', actor: official, reason: 'r', confirmedBy: { scope: 'none' } }),
      (e) => e instanceof AppError && /gmail\.com/.test(e.problems[0]!.reason),
    );
    assert.equal(wrong, undefined);
    assert.deepEqual(await sealed(id!), before);
    const audit = await ctx.db.query('SELECT 1 FROM audit_log WHERE district_code = $1', [district]);
    assert.equal(audit.rowCount, 0);
    // the same values again: nothing to change, nothing written
    const same = await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: district, taxpayerId: id!, change: { mobile: '010 1111 2222', enrol: { sms: true } }, source: 'self_service', actor: { type: 'taxpayer', id: String(id) }, reason: 'same', confirmedBy: { scope: 'none' },
    });
    assert.deepEqual(same, { changedFields: [], resentMessageIds: [] });
    assert.deepEqual(await sealed(id!), before);
  });

  test('every path saves a new contact only with a confirmed, unspent code sent to exactly that value; otherwise nothing changes', async () => {
    const district = await createDistrict(ctx.db);
    const elsewhere = await createDistrict(ctx.db);
    const [id, second] = await createTaxpayers(ctx.db, district, [
      { mobile: '+821011112222', email: 'lee@naver.com', enrol: ['sms'] },
      { mobile: '+821099990000', enrol: ['sms'] },
    ]);
    const before = await sealed(id!);
    const sources = [
      ['official', official],
      ['self_service', { type: 'taxpayer' as const, id: 'link:1' }],
      ['chat', { type: 'staff' as const, id: '7' }],
    ] as const;
    const change = (source: (typeof sources)[number], scope: string, c: { mobile?: string; email?: string } = { mobile: '010-3333-4444' }, taxpayerId = id!) =>
      updateTaxpayerContacts(deps(ctx.db), { districtCode: district, taxpayerId, change: c, source: source[0], actor: source[1], reason: 'new contact', confirmedBy: { scope } });
    const refused = (fields: string[]) => (e: unknown) =>
      e instanceof AppError && e.code === 'contact_not_confirmed' && e.status === 409 && JSON.stringify(e.problems.map((p) => p.field)) === JSON.stringify(fields);

    const unconfirmed = 'sent-not-typed';
    await issueCode(ctx.db, testCipher, { districtCode: district, scope: unconfirmed, field: 'mobile', value: '+821033334444' }, async () => null);
    const otherNumber = await confirmedContacts(ctx.db, testCipher, district, { mobile: '010-5555-6666' });
    const otherDistrict = await confirmedContacts(ctx.db, testCipher, elsewhere, { mobile: '010-3333-4444' });
    const stale = await confirmedContacts(ctx.db, testCipher, district, { mobile: '010-3333-4444' });
    await ctx.db.query(`UPDATE one_time_codes SET confirmed_at = now() - interval '31 minutes' WHERE scope = $1`, [stale.scope]);
    const mobileOnly = await confirmedContacts(ctx.db, testCipher, district, { mobile: '010-3333-4444' });
    for (const source of sources) {
      await assert.rejects(change(source, 'no-code-at-all'), refused(['mobile']), `${source[0]}: no code`);
      await assert.rejects(change(source, unconfirmed), refused(['mobile']), `${source[0]}: a code never typed back`);
      await assert.rejects(change(source, otherNumber.scope), refused(['mobile']), `${source[0]}: a code confirmed for another number`);
      await assert.rejects(change(source, otherDistrict.scope), refused(['mobile']), `${source[0]}: a code of another district`);
      await assert.rejects(change(source, stale.scope), refused(['mobile']), `${source[0]}: confirmed over 30 minutes ago`);
      await assert.rejects(change(source, mobileOnly.scope, { mobile: '010-3333-4444', email: 'lee.new@naver.com' }), refused(['email']), `${source[0]}: the e-mail has no code`);
    }
    assert.deepEqual(await sealed(id!), before);
    assert.equal((await ctx.db.query(`SELECT 1 FROM audit_log WHERE district_code = $1`, [district])).rowCount, 0);
    assert.equal((await ctx.db.query(`SELECT 1 FROM messages WHERE taxpayer_id = $1 AND topic = 'contact_changed'`, [id])).rowCount, 0, 'no one was told of a change that did not happen');

    // The mobile's code was not spent by the refused change: it saves now, once.
    const saved = await change(sources[2], mobileOnly.scope);
    assert.deepEqual(saved.changedFields, ['mobile']);
    const audit = await ctx.db.query<{ details: { confirmed_by_code: string[] } }>(`SELECT details FROM audit_log WHERE district_code = $1 AND action = 'taxpayer.contact_updated'`, [district]);
    assert.deepEqual(audit.rows[0]!.details.confirmed_by_code, ['mobile']);
    await assert.rejects(change(sources[0], mobileOnly.scope, { mobile: '010-3333-4444' }, second!), refused(['mobile']), 'a spent code cannot save the number for someone else');
  });

  test('the replaced contacts are told on their own channel, with the office number and never the new value; removals too; enrolment alone tells no one', async () => {
    const district = await createDistrict(ctx.db);
    await ctx.db.query(`UPDATE districts SET office_phone = '02-3423-5114' WHERE code = $1`, [district]);
    const [id] = await createTaxpayers(ctx.db, district, [{ mobile: '+821011112222', email: 'lee@naver.com', enrol: ['sms', 'email'] }]);
    const told = async () => {
      const { rows } = await ctx.db.query<{ id: number; plan: string[]; kind: string; recipient_enc: Uint8Array; variables_enc: Uint8Array }>(
        `SELECT id, plan, kind, recipient_enc, variables_enc FROM messages WHERE taxpayer_id = $1 AND topic = 'contact_changed' ORDER BY id`, [id],
      );
      return rows.map((r) => ({
        id: Number(r.id), plan: r.plan, kind: r.kind,
        recipient: JSON.parse(testCipher.decrypt(Buffer.from(r.recipient_enc))) as Record<string, string>,
        variables: JSON.parse(testCipher.decrypt(Buffer.from(r.variables_enc))) as Record<string, string>,
      }));
    };
    await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: district, taxpayerId: id!, change: { mobile: '010-3333-4444', email: 'lee.new@naver.com' }, source: 'self_service',
      actor: { type: 'taxpayer', id: 'link:1' }, reason: 'new phone', confirmedBy: await confirmedContacts(ctx.db, testCipher, district, { mobile: '010-3333-4444', email: 'lee.new@naver.com' }),
    });
    const first = await told();
    assert.deepEqual(first.map((m) => [m.plan, m.kind, m.recipient]), [
      [['sms'], 'guidance', { phone: '+821011112222' }],
      [['email'], 'guidance', { email: 'lee@naver.com' }],
    ], 'the old number by text message, the old address by e-mail');
    for (const m of first) {
      assert.equal(m.variables.phone, '02-3423-5114');
      assert.match(m.variables.when!, /^\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}$/);
      assert.doesNotMatch(JSON.stringify(m.variables), /3333|4444|lee\.new/, 'the new contact is never in the message');
    }
    const attempts = await ctx.db.query<{ channel: string }>(`SELECT channel FROM delivery_attempts WHERE message_id = ANY($1::bigint[]) ORDER BY message_id`, [first.map((m) => m.id)]);
    assert.deepEqual(attempts.rows.map((a) => a.channel), ['sms', 'email'], 'queued through the delivery engine');
    const { rows: audit } = await ctx.db.query<{ details: { old_contact_told: Record<string, number> } }>(`SELECT details FROM audit_log WHERE district_code = $1 AND action = 'taxpayer.contact_updated'`, [district]);
    assert.deepEqual(audit[0]!.details.old_contact_told, { mobile: first[0]!.id, email: first[1]!.id });

    // Removing the address needs no code; the address removed is told.
    await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: district, taxpayerId: id!, change: { email: null, enrol: { email: false } }, source: 'official', actor: official, reason: 'bounces', confirmedBy: { scope: 'none' },
    });
    const second = (await told()).slice(first.length);
    assert.deepEqual(second.map((m) => m.recipient), [{ email: 'lee.new@naver.com' }]);
    // Enrolment alone replaces no contact: nobody is told.
    await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: district, taxpayerId: id!, change: { enrol: { kakao: true } }, source: 'official', actor: official, reason: 'asked for KakaoTalk', confirmedBy: { scope: 'none' },
    });
    assert.equal((await told()).length, first.length + 1);

    // A district without an office number names its tax department.
    const plain = await createDistrict(ctx.db);
    const [other] = await createTaxpayers(ctx.db, plain, [{ mobile: '+821077778888', enrol: ['sms'] }]);
    await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: plain, taxpayerId: other!, change: { mobile: '010-2222-1111' }, source: 'official', actor: official, reason: 'r',
      confirmedBy: await confirmedContacts(ctx.db, testCipher, plain, { mobile: '010-2222-1111' }),
    });
    const { rows } = await ctx.db.query<{ variables_enc: Uint8Array }>(`SELECT variables_enc FROM messages WHERE taxpayer_id = $1 AND topic = 'contact_changed'`, [other]);
    assert.equal(JSON.parse(testCipher.decrypt(Buffer.from(rows[0]!.variables_enc))).phone, `${plain}구 세무부서`);
  });

  test('another district’s official cannot change or learn of the taxpayer', async () => {
    const gangnam = await createDistrict(ctx.db);
    const seocho = await createDistrict(ctx.db);
    const [id] = await createTaxpayers(ctx.db, gangnam, [{ mobile: '+821011112222', enrol: ['sms'] }]);
    const before = await sealed(id!);
    await assert.rejects(
      updateTaxpayerContacts(deps(ctx.db), { districtCode: seocho, taxpayerId: id!, change: { mobile: '010-9999-8888' }, source: 'official', actor: official, reason: 'x', confirmedBy: await confirmedContacts(ctx.db, testCipher, seocho, { mobile: '010-9999-8888' }) }),
      (e) => e instanceof AppError && e.code === 'taxpayer_not_found' && e.status === 404,
    );
    // the same answer as for an id that does not exist at all
    await assert.rejects(
      updateTaxpayerContacts(deps(ctx.db), { districtCode: seocho, taxpayerId: 987654321, change: { mobile: '010-9999-8888' }, source: 'official', actor: official, reason: 'x', confirmedBy: { scope: 'none' } }),
      (e) => e instanceof AppError && e.code === 'taxpayer_not_found' && e.status === 404,
    );
    assert.deepEqual(await sealed(id!), before);
  });

  test('a printed notice is not resent; a notice on its way keeps its live attempt', async () => {
    const district = await createDistrict(ctx.db);
    const { taxpayerId, messageId } = await returnedNotice(district);
    const [other] = await createTaxpayers(ctx.db, district, [{ mobile: '+821055556666', enrol: ['sms'] }]);
    await createNotices(ctx.db, district, [other!], { dueDate: '2099-07-31' });
    await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const { rows: b } = await ctx.db.query<{ id: number }>(
      `INSERT INTO paper_batches (district_code, created_by, notices, pages, postage_per_page_krw, cost_krw, pdf_file, manifest_file, pdf_sha256)
       VALUES ($1, 'test', 1, 1, 540, 540, 'x.pdf', 'x.csv', 'x') RETURNING id`,
      [district],
    );
    await ctx.db.query('UPDATE messages SET paper_batch_id = $2 WHERE id = $1', [messageId, b[0]!.id]);
    const printed = await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: district, taxpayerId, change: { mobile: '010-2345-6789' }, source: 'official', actor: official, reason: 'new number',
      confirmedBy: await confirmedContacts(ctx.db, testCipher, district, { mobile: '010-2345-6789' }),
    });
    assert.deepEqual(printed, { changedFields: ['mobile'], resentMessageIds: [] });
    const live = await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: district, taxpayerId: other!, change: { mobile: '010-7777-6666' }, source: 'chat', actor: official, reason: 'asked in chat',
      confirmedBy: await confirmedContacts(ctx.db, testCipher, district, { mobile: '010-7777-6666' }),
    });
    assert.deepEqual(live, { changedFields: ['mobile'], resentMessageIds: [] }, 'the queued attempt will use the new number when it is sent');
  });

  test('the resent notice is delivered on the corrected number through the gateway simulator', async () => {
    const district = await createDistrict(ctx.db);
    const { taxpayerId, messageId } = await returnedNotice(district);
    await updateTaxpayerContacts(deps(ctx.db), {
      districtCode: district, taxpayerId, change: { mobile: '010-2345-6789' }, source: 'official', actor: official, reason: 'new number',
      confirmedBy: await confirmedContacts(ctx.db, testCipher, district, { mobile: '010-2345-6789' }),
    });
    const config = loadConfig({
      TAXSTATION_DATA_DIR: mkdtempSync(join(tmpdir(), 'ts-contact-')),
      TAXSTATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TAXSTATION_SIM_PROFILE: 'clean',
      TAXSTATION_QUIET_HOURS: 'off',
    });
    const log = createLogger({ level: 'silent' });
    const delivery = await startDeliveryRuntime({ config, db: ctx.db, log, cipher: testCipher }, { worker: false, bounceListener: false, dispatch: { backoffBaseMs: 50, backoffCapMs: 400, concurrency: 1 } });
    const listener = await startReceiptListener({ parsers: delivery.parsers, writer: delivery.writer, log }, '127.0.0.1', 0);
    delivery.setReceiptBaseUrl(listener.url);
    try {
      let state = '';
      for (let round = 0; round < 500 && state !== 'delivered'; round++) {
        await delivery.tick();
        state = (await ctx.db.query<{ state: string }>('SELECT state FROM messages WHERE id = $1', [messageId])).rows[0]!.state;
        if (state !== 'delivered') await new Promise((r) => setTimeout(r, 20));
      }
      const m = await ctx.db.query<{ state: string; delivered_channel: string }>('SELECT state, delivered_channel FROM messages WHERE id = $1', [messageId]);
      assert.deepEqual(m.rows[0], { state: 'delivered', delivered_channel: 'sms' });
      const keys = new Set((await ctx.db.query<{ k: string }>('SELECT idempotency_key AS k FROM delivery_attempts WHERE message_id = $1', [messageId])).rows.map((r) => r.k));
      const sent = delivery.simulator!.messages().filter((x) => keys.has(x.idempotencyKey));
      assert.deepEqual(sent.map((x) => [x.recipient.replace(/\D/g, '').slice(-8), x.delivered]), [['23456789', true]], 'sent once, to the corrected number');
    } finally {
      await listener.close();
      await delivery.close();
    }
  });
});
