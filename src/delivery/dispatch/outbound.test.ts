import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createDistrict, createNotices, createTaxpayers, testCipher } from '../../../test-support/factories.ts';
import { issueSeason } from '../queue/queue.ts';
import { randomBytes } from 'node:crypto';
import { createCipher } from '../../platform/crypto.ts';
import { claimForSending, prepareOutbound, recipientFor, type SendingRow } from './outbound.ts';

// The claim loads what each attempt is about in the same statement; these
// tests pin down what the rows hold and of which type, and that only the
// contact the channel uses leaves the table.

forEachEngine('claiming attempts for sending', (ctx) => {
  test('loads the notice with its types intact and only the contact the channel uses', async () => {
    const district = await createDistrict(ctx.db);
    const taxpayers = await createTaxpayers(ctx.db, district, [
      { identityKey: 'CI-0001', mobile: '+821055550001', email: 'one@example.kr', enrol: ['kakao', 'sms', 'email'] },
      { mobile: '+821055550002', email: 'two@example.kr', enrol: ['kakao', 'email'] },
      { mobile: '+821055550003', email: 'three@example.kr', enrol: ['email'] },
    ]);
    await createNotices(ctx.db, district, taxpayers, { amount: 1_234_567, dueDate: '2026-09-30', period: 2 });
    await issueSeason(ctx.db, { districtCode: district, taxItem: 'property_tax', taxYear: 2026, period: 2, createdBy: 'test' });

    const claim = (channel: 'kakao' | 'email') => claimForSending(ctx.db, { channel, provider: `${channel}-test`, limit: 10, worker: 'w-test', lockSeconds: 60 });
    const kakao = (await claim('kakao')).filter((r) => r.district_code === district);
    assert.equal(kakao.length, 2);
    const [first, second] = kakao;
    assert.deepEqual(
      {
        attempt: typeof first!.attempt_id, message: typeof first!.message_id, legal: first!.legal, tries: first!.tries, kind: first!.kind,
        amount: first!.amount, due: first!.due_date, year: first!.tax_year, period: first!.period, item: first!.tax_item,
        districtName: first!.district_name_ko, effective: first!.effective_due_date, dues: first!.additional_dues,
      },
      {
        attempt: 'number', message: 'number', legal: true, tries: 1, kind: 'notice',
        amount: 1_234_567, due: '2026-09-30', year: 2026, period: 2, item: 'property_tax',
        districtName: `${district}구`, effective: null, dues: null,
      },
    );
    assert.ok(first!.attempt_id < second!.attempt_id, 'in attempt order');
    // KakaoTalk: the identification key and the phone, each when there is one (the adapter picks); never the e-mail.
    assert.deepEqual([Buffer.isBuffer(first!.identity_key_enc), Buffer.isBuffer(first!.mobile_enc), first!.email_enc], [true, true, null]);
    assert.deepEqual(recipientFor(first!, testCipher), { identityKey: 'CI-0001', phone: '+821055550001' });
    assert.deepEqual([second!.identity_key_enc, Buffer.isBuffer(second!.mobile_enc), second!.email_enc], [null, true, null]);
    assert.deepEqual(recipientFor(second!, testCipher), { phone: '+821055550002' });

    const email = (await claim('email')).filter((r) => r.district_code === district);
    assert.equal(email.length, 1);
    assert.deepEqual([email[0]!.identity_key_enc, email[0]!.mobile_enc], [null, null]);
    assert.deepEqual(recipientFor(email[0]!, testCipher), { email: 'three@example.kr' });

    const { rows } = await ctx.db.query<{ state: string; n: number }>(
      `SELECT a.state, count(*)::int AS n FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.district_code = $1 GROUP BY a.state`,
      [district],
    );
    assert.deepEqual(rows, [{ state: 'sending', n: 3 }]);
    assert.equal((await claim('kakao')).filter((r) => r.district_code === district).length, 0, 'a claimed attempt is not claimed twice');
  });
});

test('a sealed recipient or message variable that does not open fails its attempt as unreadable_contact, the others go', () => {
  const other = createCipher(randomBytes(32));
  const row = (id: number, fields: Partial<SendingRow>): SendingRow =>
    ({ attempt_id: id, channel: 'sms', idempotency_key: `k${id}`, recipient_enc: null, variables_enc: null, identity_key_enc: null, mobile_enc: null, email_enc: null, ...fields }) as SendingRow;
  const rows = [
    row(1, { mobile_enc: testCipher.encrypt('+821055550001') }),
    row(2, { mobile_enc: other.encrypt('+821055550002') }),
    row(3, { recipient_enc: other.encrypt(JSON.stringify({ phone: '+821055550003' })) }),
    row(4, { mobile_enc: testCipher.encrypt('+821055550004'), variables_enc: other.encrypt('{"code":"123456"}') }),
  ];
  const prepared = prepareOutbound(rows, testCipher, (r) => {
    if (r.variables_enc) JSON.parse(testCipher.decrypt(r.variables_enc));
    return { sms: { kind: 'sms', text: 'notice' } };
  });
  assert.deepEqual(prepared.map((p) => (p.ok ? 'ok' : p.cause)), ['ok', 'unreadable_contact', 'unreadable_contact', 'unreadable_contact']);
  for (const p of prepared) if (!p.ok) assert.doesNotMatch(p.detail, /\+82|Unsupported state/);
});
