import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { TestClient } from '../../../test-support/test-server.ts';
import { openConversation } from '../conversations/conversations.service.ts';
import { pickConversation } from '../conversations/queue.service.ts';
import { deskDepsFrom } from '../desk.deps.ts';
import { apiCall, codesSince, lastMessageId, useDeskServer, staffId, wrongCode } from '../desk.test-support.ts';

// Contact-update requests over real HTTP on both engines: the resident's
// form is sealed and reaches the agent only once the codes sent to its new
// contacts are typed back; only the assigned agent applies it, through the
// official path (audit entry, the old contact told); codes are capped per
// conversation; forms from before sealing cannot be applied; one district
// never reaches another's conversations.

forEachEngine('desk contact requests', (ctx) => {
  const desk = useDeskServer(ctx, ['admin', 'desk_agent']);
  const deps = () => deskDepsFrom(desk.server.deps);

  test('the chat contact form: codes to the new contacts, typed in the widget before the agent sees it; only the assigned agent applies it, through the official path; the old contact is told', async () => {
    const d = deps();
    const [taxpayerId] = await createTaxpayers(ctx.db, 'gangnam', [{ mobile: '+821612345678', email: 'old@example.kr', enrol: ['sms'] }]);
    const { rows: tp } = await ctx.db.query<{ name: string; taxpayer_no: string }>('SELECT name, taxpayer_no FROM taxpayers WHERE id = $1', [taxpayerId]);
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'messenger', residentRef: 'kakao-user-9', locale: 'ko' });
    const resident = new TestClient(desk.server.url);
    const noSuchDate = await resident.json('/r/desk/contact-form?lang=en', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-02-30', mobile: '010-2345-6789' }, { accept: 'application/json' });
    assert.equal(noSuchDate.status, 400, 'no such date');
    const dateProblem = (await noSuchDate.json()) as { errors: { field: string; label?: string; reason: string }[] };
    assert.deepEqual(dateProblem.errors, [{ field: 'birthDate', label: 'Date of birth', reason: 'enter the date of birth like 1980-05-17' }], 'the field by its label, the reason in words');
    const nothing = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01' }, { accept: 'application/json' });
    assert.equal(nothing.status, 400, 'nothing to change');
    assert.deepEqual(((await nothing.json()) as { errors: { reason: string }[] }).errors.map((e) => e.reason), ['give a new mobile number, a new e-mail address or how to receive notices'], 'in the language chosen before (the lang cookie)');
    const badContacts = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01', mobile: '016-234-5678', email: 'not-an-address' }, { accept: 'application/json' });
    assert.equal(badContacts.status, 400, 'a dead prefix and a malformed address are refused when sent, not when applied');
    const badBody = (await badContacts.json()) as { errors: { field: string; reason: string }[] };
    assert.deepEqual(badBody.errors.map((e) => e.field).sort(), ['email', 'mobile']);
    assert.match(badBody.errors.find((e) => e.field === 'mobile')!.reason, /010/, 'in the conversation language, naming what to enter');
    const misspelt = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01', email: 'kim@hanmail.com' }, { accept: 'application/json' });
    assert.equal(misspelt.status, 400, 'a misspelt provider domain is refused when sent, as it would be when applied');
    const misspeltBody = (await misspelt.json()) as { errors: { field: string; reason: string }[] };
    assert.deepEqual(misspeltBody.errors.map((e) => e.field), ['email']);
    assert.match(misspeltBody.errors[0]!.reason, /hanmail\.net/, 'with the address it probably meant');

    const before = await lastMessageId(ctx.db);
    const posted = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, name: tp[0]!.name, birthDate: '1980-01-01', mobile: '010-2345-6789', email: 'new@example.kr', channels: ['sms', 'email'] });
    assert.equal(posted.status, 202, 'codes sent; the form waits for them');
    const answer = (await posted.json()) as { formId: number; messageId: number | null; awaiting: { field: string; to: string }[] };
    assert.equal(answer.messageId, null);
    assert.deepEqual(answer.awaiting, [{ field: 'mobile', to: '010-****-6789' }, { field: 'email', to: 'n****@example.kr' }]);
    const codes = await codesSince(ctx.db, before);
    assert.deepEqual(Object.keys(codes).sort(), ['email', 'phone'], 'a code to the new number and one to the new address');
    const forms = async () => (await ctx.db.query(`SELECT 1 FROM desk_messages WHERE conversation_id = $1 AND kind = 'form'`, [conversationId])).rowCount;
    assert.equal(await forms(), 0, 'the agent sees nothing before the codes');

    const wrong = await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId: answer.formId, codes: { mobile: wrongCode(codes.phone!), email: codes.email } }, { accept: 'application/json' });
    assert.equal(wrong.status, 400);
    assert.deepEqual(((await wrong.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['code.mobile']);
    assert.equal(await forms(), 0);
    const resent = await resident.json('/r/desk/contact-form/resend', 'POST', { resumeToken, formId: answer.formId });
    assert.equal(resent.status, 202);
    assert.deepEqual(((await resent.json()) as { awaiting: { field: string }[] }).awaiting.map((a) => a.field), ['mobile'], 'the e-mail was confirmed: only the mobile gets a new code');
    const newCodes = await codesSince(ctx.db, before);
    assert.equal((await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId: answer.formId, codes: { mobile: newCodes.phone } })).status, 201);
    assert.equal(await forms(), 1);
    const { rows: formMessage } = await ctx.db.query<{ id: number }>(`SELECT id FROM desk_messages WHERE conversation_id = $1 AND kind = 'form'`, [conversationId]);
    const messageId = Number(formMessage[0]!.id);
    assert.equal((await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId: answer.formId, codes: {} })).status, 409, 'sent once');

    // The agent console shows what it needs, contacts masked.
    const shown = (await (await apiCall(desk.gangnam.desk_agent, `/api/desk/conversations/${conversationId}`, 'GET')).json()) as { messages: { id: number; payload: Record<string, unknown> }[] };
    assert.deepEqual(shown.messages.find((m) => m.id === messageId)!.payload, {
      form: 'contact_update', formId: answer.formId, name: tp[0]!.name, birthDate: '1980-01-01', mobile: '010-****-6789', email: 'n****@example.kr', channels: ['sms', 'email'], confirmed: true,
    });

    const path = `/api/desk/conversations/${conversationId}/contact-requests/${messageId}/apply`;
    assert.equal((await apiCall(desk.seocho.desk_agent, path, 'POST', {})).status, 404, 'a Seocho agent cannot reach a Gangnam conversation');
    const unassigned = await apiCall(desk.gangnam.desk_agent, path, 'POST', {});
    assert.equal(unassigned.status, 403, 'the conversation is waiting, assigned to nobody');
    assert.equal(((await unassigned.json()) as { code: string }).code, 'not_assigned');
    assert.equal((await apiCall(desk.gangnam.admin, `/api/desk/conversations/${conversationId}/pick`, 'POST', {})).status, 200);
    const otherAgent = await apiCall(desk.gangnam.desk_agent, path, 'POST', {});
    assert.equal(otherAgent.status, 403, 'assigned to another agent');
    assert.match(((await otherAgent.json()) as { detail: string }).detail, /assigned|맡은/);
    assert.equal((await ctx.db.query(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'taxpayer.contact_updated'`, [String(taxpayerId)])).rowCount, 0);
    assert.equal((await apiCall(desk.gangnam.admin, `/api/desk/conversations/${conversationId}/transfer`, 'POST', { toStaffId: await staffId(ctx.db, 'gangnam.desk-agent') })).status, 200);

    assert.equal((await apiCall(desk.gangnam.desk_agent, path, 'POST', { taxpayerNo: 'NOPE' })).status, 404);
    const applied = await apiCall(desk.gangnam.desk_agent, path, 'POST', {});
    assert.equal(applied.status, 200, await applied.clone().text());
    const result = (await applied.json()) as { taxpayerId: number; changedFields: string[] };
    assert.equal(result.taxpayerId, taxpayerId);
    assert.deepEqual(result.changedFields.sort(), ['email', 'enrol_email', 'mobile']);
    assert.equal((await apiCall(desk.gangnam.desk_agent, path, 'POST', {})).status, 409, 'applied once');

    const { rows: audit } = await ctx.db.query<{ actor_type: string; reason: string; source: string; details: { changed: string[]; confirmed_by_code: string[] } }>(
      `SELECT actor_type, reason, source, details FROM audit_log WHERE entity_type = 'taxpayer' AND entity_id = $1 AND action = 'taxpayer.contact_updated'`, [String(taxpayerId)],
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.source, 'chat');
    assert.equal(audit[0]!.actor_type, 'staff');
    assert.equal(audit[0]!.reason, `chat request #${conversationId}`);
    assert.deepEqual(audit[0]!.details.confirmed_by_code, ['mobile', 'email']);
    assert.doesNotMatch(JSON.stringify(audit[0]!.details), /2345-6789|new@example/, 'masked in the audit entry');
    const { rows: conv } = await ctx.db.query<{ taxpayer_id: number }>('SELECT taxpayer_id::int AS taxpayer_id FROM conversations WHERE id = $1', [conversationId]);
    assert.equal(conv[0]!.taxpayer_id, taxpayerId);
    const { rows: contact } = await ctx.db.query<{ mobile_enc: Uint8Array; contact_source: string }>('SELECT mobile_enc, contact_source FROM taxpayers WHERE id = $1', [taxpayerId]);
    assert.equal(testCipher.decrypt(Buffer.from(contact[0]!.mobile_enc)), '+821023456789');
    assert.equal(contact[0]!.contact_source, 'chat');
    // The old number and the old address are told, without the new ones.
    const { rows: told } = await ctx.db.query<{ recipient_enc: Uint8Array; variables_enc: Uint8Array }>(`SELECT recipient_enc, variables_enc FROM messages WHERE taxpayer_id = $1 AND topic = 'contact_changed' ORDER BY id`, [taxpayerId]);
    assert.deepEqual(told.map((t) => JSON.parse(testCipher.decrypt(Buffer.from(t.recipient_enc)))), [{ phone: '+821612345678' }, { email: 'old@example.kr' }]);
    assert.doesNotMatch(told.map((t) => testCipher.decrypt(Buffer.from(t.variables_enc))).join(''), /2345|6789|new@/);
  });
  test('the contact form cannot flood a phone: at most six codes an hour for the forms of one conversation', async () => {
    const d = deps();
    const { resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'web:flood', locale: 'en' });
    const resident = new TestClient(desk.server.url);
    const form = { resumeToken, name: 'Flood', birthDate: '1980-01-01', mobile: '010-4444-5555', email: 'victim@example.kr' };
    for (let i = 0; i < 3; i++) assert.equal((await resident.json('/r/desk/contact-form', 'POST', form)).status, 202);
    assert.equal((await resident.json('/r/desk/contact-form', 'POST', form)).status, 429);
    const { rows } = await ctx.db.query<{ formId: number }>(`SELECT max(id)::int AS "formId" FROM desk_contact_forms WHERE conversation_id = (SELECT id FROM conversations WHERE resident_ref = 'web:flood')`);
    assert.equal((await resident.json('/r/desk/contact-form/resend', 'POST', { resumeToken, formId: rows[0]!.formId })).status, 429);
  });
  test('the contact form is sealed at rest: the raw rows hold none of what the resident typed', async () => {
    const d = deps();
    const { conversationId, resumeToken } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'web:sealed', locale: 'en' });
    const resident = new TestClient(desk.server.url);
    const before = await lastMessageId(ctx.db);
    const typed = { name: '홍길동Plain', birthDate: '1977-07-17', mobile: '010-8765-4321', email: 'gildong.plain@example.kr' };
    const posted = await resident.json('/r/desk/contact-form', 'POST', { resumeToken, ...typed, channels: ['email'] });
    assert.equal(posted.status, 202);
    const { formId } = (await posted.json()) as { formId: number };
    const codes = await codesSince(ctx.db, before);
    assert.equal((await resident.json('/r/desk/contact-form/confirm', 'POST', { resumeToken, formId, codes: { mobile: codes.phone, email: codes.email } })).status, 201);
    const raw = [
      ...(await ctx.db.query(`SELECT * FROM desk_messages WHERE conversation_id = $1`, [conversationId])).rows,
      ...(await ctx.db.query(`SELECT * FROM desk_contact_forms WHERE conversation_id = $1`, [conversationId])).rows,
      ...(await ctx.db.query(`SELECT * FROM one_time_codes WHERE scope = $1`, [`desk_form:${formId}`])).rows,
    ];
    const text = JSON.stringify(raw, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    for (const plain of ['홍길동', 'Plain', '1977-07-17', '19770717', '8765', '4321', 'gildong', 'plain@']) assert.ok(!text.includes(plain), `the raw rows hold ${plain}`);
    // The resident's own copy says nothing personal either.
    const { rows } = await ctx.db.query<{ payload: unknown }>(`SELECT payload FROM desk_messages WHERE conversation_id = $1 AND kind = 'form'`, [conversationId]);
    assert.deepEqual(rows[0]!.payload, { form: 'contact_update', formId });
  });
  test('forms stored in plain text before sealing are masked by migration 0014, shown masked, and cannot be applied', async () => {
    const d = deps();
    const { conversationId } = await openConversation(d, { districtCode: 'gangnam', source: 'web', residentRef: 'web:legacy', locale: 'ko' });
    await pickConversation(d, { staffId: await staffId(ctx.db, 'gangnam.desk-agent'), districtCode: 'gangnam' }, conversationId);
    const { rows: inserted } = await ctx.db.query<{ id: string }>(
      `INSERT INTO desk_messages (conversation_id, author_type, author_id, kind, body, payload) VALUES ($1, 'resident', 'web:legacy', 'form', '연락처 변경 요청', $2) RETURNING id`,
      [conversationId, JSON.stringify({ form: 'contact_update', name: '김옛날', birthDate: '1960-03-04', mobile: '010-1111-2233', email: 'old.plain@example.kr', channels: ['sms'] })],
    );
    const messageId = Number(inserted[0]!.id);
    const migration = readFileSync(new URL('../../../migrations/0014_confirmed_contact_changes.sql', import.meta.url), 'utf8');
    const redact = /UPDATE desk_messages[\s\S]*?;/.exec(migration)![0];
    await ctx.db.exec(redact);
    const { rows } = await ctx.db.query<{ payload: unknown }>('SELECT payload FROM desk_messages WHERE id = $1', [messageId]);
    assert.deepEqual(rows[0]!.payload, { form: 'contact_update', legacy: true, name: '김**', birthDate: '1960-**-**', mobile: '010-****-2233', email: 'o****@example.kr', channels: ['sms'] });
    const shown = (await (await apiCall(desk.gangnam.desk_agent, `/api/desk/conversations/${conversationId}`, 'GET')).json()) as { messages: { id: number; payload: Record<string, unknown> }[] };
    assert.equal(shown.messages.find((m) => m.id === messageId)!.payload.legacy, true);
    const refused = await apiCall(desk.gangnam.desk_agent, `/api/desk/conversations/${conversationId}/contact-requests/${messageId}/apply`, 'POST', {});
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { code: string }).code, 'form_unconfirmed');
  });
});
