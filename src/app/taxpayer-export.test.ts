import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../test-support/engines.ts';
import { createNotices } from '../../test-support/factories.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../test-support/test-server.ts';
import { book } from '../consultations/booking/booking.service.ts';
import { consultationDistrict, QUESTIONNAIRE, slotAt, testClock, testDeps, verifiedContact } from '../consultations/consultations.test-support.ts';
import { failAttempts } from '../delivery/dispatch/attempts.repository.ts';
import { issueSeason } from '../delivery/queue/queue.ts';
import { insertApplication } from '../guide/refund-applications/refund.repository.ts';
import { sealPersonalFields } from '../taxpayers/taxpayers.repository.ts';
import { outlineTitles } from '../../test-support/pdf.ts';

// One taxpayer's data on request, over real HTTP on both engines, with the
// composition root's sections: the JSON holds the taxpayer's own data from
// every domain (sealed fields unsealed) and nothing of another taxpayer's;
// the PDF is a PDF with the Korean font, its sections as bookmarks; a reason
// is required; another district's official and a desk agent are refused; each
// export is in the audit log (who, which taxpayer, why), without the data.
// Agents' desk notes and experts' private notes about the taxpayer come in
// sections of their own, last, marked internal.

const IDENTITY_KEY = `${'K'.repeat(86)}==`;
const KIM = { mobile: '+821055501234', email: 'kim.export@example.kr', birthDate: '1969-03-14' };
const LEE = { mobile: '+821077708888', email: 'lee.other@example.kr', birthDate: '1980-01-01' };

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

forEachEngine('taxpayer data export', (ctx) => {
  let server: TestServer;
  let official: TestClient;
  let admin: TestClient;
  let desk: TestClient;
  let seocho: TestClient;
  let kim = 0;
  let lee = 0;
  const post = (c: TestClient, path: string, fields: Record<string, string>) =>
    c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ _csrf: c.csrfToken ?? '', ...fields }) });

  async function taxpayer(no: string, name: string, p: typeof KIM, identityKey: string | null): Promise<number> {
    const s = sealPersonalFields(server.deps.cipher, { birthDate: p.birthDate, identityKey, mobileE164: p.mobile, email: p.email });
    const { rows } = await ctx.db.query<{ id: number }>(
      `INSERT INTO taxpayers (district_code, taxpayer_no, name, birth_date_enc, birth_date_hash, identity_key_enc, identity_key_hash, mobile_enc, mobile_hash,
                              email_enc, email_hash, postal_code, address, enrol_kakao, enrol_sms, enrol_email)
       VALUES ('gangnam', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '06236', '서울특별시 강남구 테헤란로 152', true, true, false) RETURNING id`,
      [no, name, s.birth_date_enc, s.birth_date_hash, s.identity_key_enc, s.identity_key_hash, s.mobile_enc, s.mobile_hash, s.email_enc, s.email_hash],
    );
    return Number(rows[0]!.id);
  }

  async function conversation(taxpayerId: number, text: string, note: string): Promise<void> {
    const { rows } = await ctx.db.query<{ id: number }>(
      `INSERT INTO conversations (district_code, source, resident_ref, state, resume_token_hash, taxpayer_id, closed_at, closed_by)
       VALUES ('gangnam', 'web', $1, 'closed', $2, $3, now(), 'agent') RETURNING id`,
      [randomBytes(6).toString('hex'), randomBytes(32), taxpayerId],
    );
    await ctx.db.query(
      `INSERT INTO desk_messages (conversation_id, author_type, author_id, kind, body) VALUES ($1, 'resident', 'r', 'text', $2), ($1, 'agent', '9', 'note', $3)`,
      [rows[0]!.id, text, note],
    );
  }

  before(async () => {
    server = await startTestServer(ctx.db);
    const cipher = server.deps.cipher;
    const c = await consultationDistrict(ctx.db, [{}], { district: 'gangnam' });
    await createDistrictWithStaff(ctx.db, 'gangnam', ['admin', 'tax_official', 'desk_agent'], { ko: '강남구', en: 'Gangnam-gu' });
    await createDistrictWithStaff(ctx.db, 'seocho', ['tax_official'], { ko: '서초구', en: 'Seocho-gu' });
    kim = await taxpayer('G-KIM-1', '김수출', KIM, IDENTITY_KEY);
    lee = await taxpayer('G-LEE-1', '이다른', LEE, null);
    const [kimNotice, leeNotice] = await createNotices(ctx.db, 'gangnam', [kim, lee], { dueDate: '2099-07-31', amount: 123_450 });
    await issueSeason(ctx.db, { districtCode: 'gangnam', taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
    const { rows } = await ctx.db.query<{ id: number }>(
      `SELECT a.id FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.taxpayer_id = $1 AND a.state = 'queued'`,
      [kim],
    );
    await failAttempts(ctx.db, [{ attemptId: rows[0]!.id, cause: 'number_changed', detail: 'not in service' }], 'sim-kakao');
    await conversation(kim, '환급 언제 되나요? 김수출입니다', '내부 메모: 확인 필요');
    await conversation(lee, '이다른의 질문', '이다른 메모');
    for (const [noticeId, reference, account] of [[kimNotice!, 'RF-KIM1-0001', '110123456789'], [leeNotice!, 'RF-LEE1-0001', '220987654321']] as const) {
      await insertApplication(ctx.db, {
        districtCode: 'gangnam', reference, noticeId, contactField: 'mobile', contactSealed: cipher.encrypt(noticeId === kimNotice ? KIM.mobile : LEE.mobile),
        bankCode: '004', accountSealed: cipher.encrypt(account), accountLast4: account.slice(-4), holderSealed: cipher.encrypt(noticeId === kimNotice ? '김수출' : '이다른'),
        reason: 'overpaid', reasonDetail: '',
      });
    }
    const deps = testDeps(ctx.db, cipher, testClock());
    for (const [person, time] of [[KIM, '10:20'], [LEE, '10:40']] as const) {
      const contact = { field: 'mobile' as const, value: person.mobile };
      const verificationId = await verifiedContact(deps, 'gangnam', contact);
      await book(deps, {
        districtCode: 'gangnam', fieldCode: 'capital_gains_tax', expertId: c.experts[0]!, slotStart: slotAt('2027-03-09', time),
        contact, name: person === KIM ? '김수출' : '이다른', questionnaire: QUESTIONNAIRE, residencyDeclared: true, verificationId,
      }, { kind: 'resident' });
    }
    // The experts' private notes on Kim's booking and on Lee's.
    for (const [time, note] of [['10:20', '전문가 메모: 양도 시기 재확인'], ['10:40', '이다른 전문가 메모']] as const) {
      await ctx.db.query('UPDATE consultation_bookings SET expert_note_enc = $1 WHERE slot_start = $2', [cipher.encrypt(note), slotAt('2027-03-09', time)]);
    }
    official = new TestClient(server.url);
    await official.login('gangnam.tax-official');
    admin = new TestClient(server.url);
    await admin.login('gangnam.admin');
    desk = new TestClient(server.url);
    await desk.login('gangnam.desk-agent');
    seocho = new TestClient(server.url);
    await seocho.login('seocho.tax-official');
  });
  after(async () => {
    await server?.close();
  });

  const exports = async () =>
    (await ctx.db.query<{ actor_id: string; entity_id: string; reason: string; details: Record<string, unknown> }>(
      "SELECT actor_id, entity_id, reason, details FROM audit_log WHERE action = 'taxpayer.data_exported' ORDER BY id",
    )).rows;

  test('the page: linked from the taxpayer, what it holds, a reason required, the way to correct contacts', async () => {
    const record = await (await official.request(`/console/taxpayers/${kim}?lang=en`)).text();
    assert.match(record, new RegExp(`href="/console/taxpayers/${kim}/export\\?lang=en"`));
    const page = await official.request(`/console/taxpayers/${kim}/export?lang=en`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Export taxpayer data: G-KIM-1/);
    assert.match(html, /Live desk conversations/);
    assert.match(html, new RegExp(`href="/console/taxpayers/${kim}/edit\\?lang=en"`), 'corrections go through the audited contact change');
    const ko = await (await official.request(`/console/taxpayers/${kim}/export?lang=ko`)).text();
    assert.match(ko, /납세자 정보 내보내기: G-KIM-1/);

    const refused = await post(official, `/console/taxpayers/${kim}/export?lang=en`, { reason: '  ', format: 'json' });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Enter why you are exporting/);
    assert.equal((await exports()).length, 0, 'nothing exported, nothing audited');
  });

  test("JSON: the taxpayer's own data from every domain, unsealed, and nothing of another taxpayer's; audited", async () => {
    const response = await post(official, `/console/taxpayers/${kim}/export?lang=en`, { reason: 'request at the counter, ticket 42', format: 'json' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(response.headers.get('content-disposition') ?? '', new RegExp(`^attachment; filename="taxpayer-${kim}-\\d{8}\\.json"$`));
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const text = await response.text();
    const body = JSON.parse(text) as { taxpayer: { id: number; taxpayerNo: string }; sections: Record<string, any> };
    assert.deepEqual(body.taxpayer, { id: kim, taxpayerNo: 'G-KIM-1' });
    const s = body.sections;
    assert.deepEqual(Object.keys(s), [
      'identity', 'contacts', 'contact_history', 'contact_checks', 'notices', 'desk_conversations', 'refund_applications', 'consultations',
      'desk_internal_notes', 'consultation_expert_notes',
    ]);
    assert.equal(s.identity.birthDate, KIM.birthDate);
    assert.equal(s.identity.identityKey, IDENTITY_KEY);
    assert.equal(s.contacts.mobile, KIM.mobile);
    assert.equal(s.contacts.email, KIM.email);
    assert.deepEqual(s.contacts.enrol, { kakao: true, sms: true, email: false });
    assert.equal(s.notices.notices.length, 1);
    assert.equal(s.notices.notices[0].amount, 123_450);
    assert.ok(s.notices.messages.length >= 1);
    assert.ok(s.notices.messages[0].timeline.some((e: { event: string }) => e.event === 'attempt_failed'), 'the delivery timeline');
    assert.equal(s.desk_conversations.length, 1);
    assert.deepEqual(s.desk_conversations[0].messages.map((m: { text: string }) => m.text), ['환급 언제 되나요? 김수출입니다'], 'what was said, apart from the notes');
    assert.equal(s.desk_internal_notes.internal, true, 'marked internal');
    assert.deepEqual(s.desk_internal_notes.notes.map((n: { conversationId: number; text: string }) => [n.conversationId, n.text]), [[s.desk_conversations[0].id, '내부 메모: 확인 필요']]);
    assert.equal(s.consultation_expert_notes.internal, true, 'marked internal');
    assert.deepEqual(s.consultation_expert_notes.notes.map((n: { reference: string; note: string }) => [n.reference, n.note]), [[s.consultations[0].reference, '전문가 메모: 양도 시기 재확인']], 'unsealed, the taxpayer\'s own only');
    assert.equal(s.refund_applications.length, 1);
    assert.equal(s.refund_applications[0].account, '110123456789');
    assert.equal(s.consultations.length, 1);
    assert.equal(s.consultations[0].name, '김수출');
    assert.equal(s.consultations[0].contact, KIM.mobile);
    for (const other of ['이다른', 'G-LEE-1', LEE.mobile, LEE.email, '220987654321', 'RF-LEE1']) {
      assert.ok(!text.includes(other), `nothing of another taxpayer's, nor their notes: ${other}`);
    }

    const audit = await exports();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_id, 'gangnam.tax-official');
    assert.equal(audit[0]!.entity_id, String(kim));
    assert.equal(audit[0]!.reason, 'request at the counter, ticket 42');
    assert.equal(audit[0]!.details.format, 'json');
    assert.deepEqual(
      [(audit[0]!.details.sections as Record<string, number>).desk_internal_notes, (audit[0]!.details.sections as Record<string, number>).consultation_expert_notes],
      [1, 1],
      'the audit entry counts the internal sections too',
    );
    assert.ok(!JSON.stringify(audit).includes('메모'), 'and holds none of the notes');
    assert.ok(!JSON.stringify(audit).includes(KIM.email) && !JSON.stringify(audit).includes('김수출'), 'the audit entry holds no personal data');
  });

  test('PDF: a PDF with the Korean font, every section a bookmark, in the language of the page; the admin may export too', async () => {
    const response = await post(admin, `/console/taxpayers/${kim}/export?lang=ko`, { reason: '열람 청구 2026-12-07', format: 'pdf' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.toString('latin1'), /PretendardGOV/, 'the Korean font is embedded');
    const titles = outlineTitles(pdf);
    for (const title of ['신원 정보', '연락처와 전자고지 신청', '연락처 변경 이력', '고지서와 송달 기록', '상담 채팅', '지방세 환급 신청', '세무 상담 예약',
      '상담원 내부 메모 (구청 내부 기록)', '상담 전문가 비공개 메모 (구청 내부 기록)']) {
      assert.ok(titles.includes(title), `bookmark ${title} in ${titles.join(', ')}`);
    }
    assert.ok((pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0) >= 1, 'pages');
    const audit = await exports();
    assert.equal(audit.at(-1)!.actor_id, 'gangnam.admin');
    assert.equal(audit.at(-1)!.details.format, 'pdf');
  });

  test("another district's official, a desk agent and no one signed in are refused; nothing exported", async () => {
    const before = (await exports()).length;
    assert.equal((await seocho.request(`/console/taxpayers/${kim}/export?lang=en`)).status, 404);
    assert.equal((await post(seocho, `/console/taxpayers/${kim}/export?lang=en`, { reason: 'curious', format: 'json' })).status, 404);
    assert.equal((await desk.request(`/console/taxpayers/${kim}/export?lang=en`)).status, 403);
    assert.equal((await post(desk, `/console/taxpayers/${kim}/export?lang=en`, { reason: 'curious', format: 'json' })).status, 403);
    const anonymous = await new TestClient(server.url).request(`/console/taxpayers/${kim}/export?lang=en`);
    assert.ok([303, 401].includes(anonymous.status));
    assert.equal((await exports()).length, before);
  });
});
