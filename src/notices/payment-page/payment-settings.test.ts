import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { importText } from '../../../test-support/roll-fixtures.ts';
import { createDistrictWithStaff, startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { paymentCode } from './payment-code.ts';
import { paymentPageMessages } from './payment-page.messages.ts';
import { GIRO_URL, WETAX_URL } from './payment-page.views.ts';

// The payment page names the bank and says how to pay, over real HTTP on
// both engines: the district's admin sets the virtual-account bank in the
// district settings (both languages or neither; audited), and the payment
// page shows it beside the account, the steps (transfer, Wetax and Internet
// Giro with the notice number, a bank counter), what happens after, and the
// office's phone; a district that has not said sends residents to the bank
// printed on their notice.

const NO = '2026-0700-515151';
const ROLL = `notice_no,taxpayer_no,name,birth_date,postal_code,address,tax_item,tax_year,amount,due_date,payment_account
${NO},T5151,김납부,1970-01-01,04000,서울특별시 마포구 월드컵로 1,property_tax,2026,"1,284,500",2026-07-31,26012345678901
`;

forEachEngine('payment page: the bank and the way to pay', (ctx) => {
  let server: TestServer;
  let admin: TestClient;
  let official: TestClient;
  before(async () => {
    server = await startTestServer(ctx.db);
    const staff = await createDistrictWithStaff(ctx.db, 'mapo', ['admin', 'tax_official'], { ko: '마포구', en: 'Mapo-gu' });
    admin = new TestClient(server.url);
    await admin.login(staff.admin!);
    official = new TestClient(server.url);
    await official.login(staff.tax_official!);
    await importText(ctx.db, ROLL, { districtCode: 'mapo' });
  });
  after(async () => {
    await server?.close();
  });

  const save = (client: TestClient, fields: Record<string, string>) =>
    client.request('/console/settings/payments?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ _csrf: client.csrfToken ?? '', ...fields }).toString(),
    });
  const payPage = async (locale: 'ko' | 'en') => {
    const response = await fetch(`${server.url}/pay/mapo/${NO}?lang=${locale}&code=${paymentCode(server.deps.cipher, 'mapo', NO)}`);
    assert.equal(response.status, 200);
    return response.text();
  };

  test('without a bank set, the page says to read it on the notice, and still gives every way to pay', async () => {
    for (const locale of ['ko', 'en'] as const) {
      const page = await payPage(locale);
      assert.match(page, new RegExp(`<dd id="pay-bank">${paymentPageMessages.t(locale, 'pay_bank_on_notice')}</dd>`));
      assert.match(page, /<dd id="pay-account" translate="no">26012345678901<\/dd>/);
      assert.match(page, new RegExp(`<a href="${WETAX_URL}" id="pay-wetax">`));
      assert.match(page, new RegExp(`<a href="${GIRO_URL}" id="pay-giro">`));
      assert.match(page, /<ol class="list list-number pay-steps">/);
      assert.equal([...page.matchAll(/<li><h3>/g)].length, 3, 'three ways: the account, online, a bank counter');
      assert.match(page, new RegExp(paymentPageMessages.t(locale, 'how_after_title')));
      assert.match(page, /href="\/r\/desk\?lang=/);
    }
    // Korean particles agree with what comes before them
    const ko = await payPage('ko');
    assert.match(ko, /26012345678901로 1,284,500원을 보내세요/);
    assert.match(ko, new RegExp(`고지번호 ${NO}을 입력하세요`));
    assert.doesNotMatch(ko, /\(으\)로|을\(를\)/);
  });

  test('the admin sets the bank (both languages or neither, audited); the page names it; only the admin may', async () => {
    assert.equal((await save(official, { bankKo: '신한은행', bankEn: 'Shinhan Bank' })).status, 403);
    const half = await save(admin, { bankKo: '신한은행', bankEn: '' });
    assert.equal(half.status, 400);
    const refused = await half.text();
    assert.match(refused, /<a href="#payments-bankEn">Write the bank in both Korean and English, or leave both empty\.<\/a>/);
    assert.match(refused, /id="payments-bankKo" name="bankKo" type="text" value="신한은행"/, 'what was typed is kept');
    const saved = await save(admin, { bankKo: '신한은행', bankEn: 'Shinhan Bank' });
    assert.equal(saved.status, 303);
    const { rows } = await ctx.db.query<{ details: { changes: unknown } }>(`SELECT details FROM audit_log WHERE district_code = 'mapo' AND action = 'district.settings_changed' AND entity_id = 'payments'`);
    assert.deepEqual(rows.map((r) => r.details.changes), [{ bank: { before: null, after: { ko: '신한은행', en: 'Shinhan Bank' } } }]);
    assert.match(await payPage('ko'), /<dd id="pay-bank">신한은행<\/dd>[\s\S]*신한은행 가상계좌 26012345678901로/);
    assert.match(await payPage('en'), /<dd id="pay-bank">Shinhan Bank<\/dd>[\s\S]*to the virtual account 26012345678901 at Shinhan Bank/);
    // cleared again: both empty
    assert.equal((await save(admin, { bankKo: '', bankEn: '' })).status, 303);
    assert.match(await payPage('en'), /<dd id="pay-bank">The bank printed on your notice<\/dd>/);
  });

  test("the office's phone, when the district has one", async () => {
    await ctx.db.query(`UPDATE districts SET office_phone = '02-3153-8114' WHERE code = 'mapo'`);
    assert.match(await payPage('en'), /Call the Mapo-gu tax office: 02-3153-8114/);
    assert.match(await payPage('ko'), /마포구 세무과에 전화하세요: 02-3153-8114/);
  });
});
