import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { forEachEngine } from '../../../test-support/engines.ts';
import { createNoticeRenderer } from '../../delivery/dispatch/notice-renderer.ts';
import type { SendingRow } from '../../delivery/dispatch/outbound.ts';
import { createPaperBatch } from '../../delivery/paper/paper-batch.service.ts';
import { insertAwaitingPaper, insertDistrict, type InsertedNotice } from '../../../test-support/awaiting-paper.ts';
import { startTestServer, TestClient, type TestServer } from '../../../test-support/test-server.ts';
import { formatPaymentCode, paymentCode } from './payment-code.ts';
import { PAY_ADDRESS_LIMIT, PAY_WRONG_CODE_LIMIT } from './payment-page.routes.ts';

// The public payment page over real HTTP on both engines: it opens only with
// the code printed on the notice (which the messages' links carry), answers
// a notice number alone, a wrong code and an unknown notice alike, and limits
// requests and wrong codes per client address.

const AMOUNT = /1,284,500원|KRW 1,284,500/;
const ACCOUNT = /1234-567-890123/;

forEachEngine('the payment page', (ctx) => {
  let server: TestServer;
  let notices: InsertedNotice[];
  let out: string;
  /** A resident at an address of their own (the test server trusts the loopback proxy's X-Forwarded-For). */
  const resident = (ip = '203.0.113.10') => new TestClient(server.url, { 'x-forwarded-for': ip });
  const code = (noticeNo: string, district = 'gangnam') => paymentCode(server.deps.cipher, district, noticeNo);
  const path = (noticeNo: string, query = '') => `/pay/gangnam/${encodeURIComponent(noticeNo)}${query}`;

  before(async () => {
    server = await startTestServer(ctx.db);
    out = mkdtempSync(join(tmpdir(), 'taxstation-pay-'));
    await insertDistrict(ctx.db, 'gangnam', { ko: '강남구', en: 'Gangnam-gu' });
    await insertDistrict(ctx.db, 'seocho', { ko: '서초구', en: 'Seocho-gu' });
    notices = await insertAwaitingPaper(ctx.db, 'gangnam', [{ name: '김민수', address: '서울특별시 강남구 테헤란로 152' }, { name: '이영희' }]);
  });
  after(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await ctx.db.query(`DELETE FROM rate_limit_counters WHERE key LIKE 'pay-%'`);
  });

  test('a notice number alone shows the question for the code, the same for a notice that does not exist', async () => {
    const no = notices[0]!.noticeNo;
    const page = await resident().request(path(no, '?lang=en'));
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /<h1>Enter the code printed on your notice<\/h1>/);
    assert.match(text, /<form method="get" action="\/pay\/gangnam\/[^"]+"/);
    assert.match(text, /<label class="label" for="pay-code">Code<\/label>/);
    assert.match(text, /name="code"/);
    assert.doesNotMatch(text, AMOUNT);
    assert.doesNotMatch(text, ACCOUNT);
    assert.doesNotMatch(text, /김민수|테헤란로/);

    const missing = await resident().request(path('N-404-000001', '?lang=en'));
    assert.equal(missing.status, 200, 'a notice that does not exist is not told apart');
    assert.equal((await missing.text()).replaceAll('N-404-000001', 'NO'), text.replaceAll(no, 'NO'));
    assert.match(await (await resident().request(path(no, '?lang=ko'))).text(), /고지서의 확인 코드를 입력해 주세요/);
  });

  test('a wrong code shows no notice data: the error summary and the field error instead', async () => {
    const no = notices[0]!.noticeNo;
    for (const wrong of ['AAAA-AAAA', code(notices[1]!.noticeNo), code(no, 'seocho')]) {
      const page = await resident().request(path(no, `?lang=en&code=${encodeURIComponent(wrong)}`));
      assert.equal(page.status, 400, wrong);
      const text = await page.text();
      assert.match(text, /<title>Error: /);
      assert.match(text, /data-error-summary[\s\S]*<a href="#pay-code">The code does not match this notice number/);
      assert.match(text, /id="pay-code-error"/);
      assert.match(text, /aria-invalid="true"/);
      assert.doesNotMatch(text, AMOUNT);
      assert.doesNotMatch(text, ACCOUNT);
    }
    const blank = await resident().request(path(no, '?lang=ko&code=+'));
    assert.equal(blank.status, 400);
    assert.match(await blank.text(), /고지서에 인쇄된 확인 코드를 입력해 주세요/);
  });

  test('the right code opens the page, however it is typed; nothing personal on it', async () => {
    const no = notices[0]!.noticeNo;
    for (const typed of [code(no), formatPaymentCode(code(no)).toLowerCase()]) {
      const page = await resident().request(path(no, `?lang=ko&code=${encodeURIComponent(typed)}`));
      assert.equal(page.status, 200, typed);
      const text = await page.text();
      assert.match(text, AMOUNT);
      assert.match(text, ACCOUNT);
      assert.match(text, /2026\. 7\. 31\./);
      assert.doesNotMatch(text, /김민수|테헤란로|06236/);
    }
    // The language switch keeps the code.
    const en = await (await resident().request(path(no, `?lang=en&code=${code(no)}`))).text();
    assert.match(en, new RegExp(`href="/pay/gangnam/${no}\\?lang=ko&amp;code=${code(no)}"`));
    // The right code of a notice that no longer exists: not found.
    assert.equal((await resident().request(path('N-404-000001', `?code=${code('N-404-000001')}`))).status, 404);
  });

  test('wrong codes count toward a limit per address, which then refuses the right code too', async () => {
    const no = notices[1]!.noticeNo;
    const guesser = resident('198.51.100.7');
    for (let i = 0; i < PAY_WRONG_CODE_LIMIT.max; i += 1) {
      assert.equal((await guesser.request(path(no, `?code=${String(i).padStart(8, '2')}`))).status, 400, `guess ${i + 1}`);
    }
    const refused = await guesser.request(path(no, '?lang=en&code=ZZZZZZZZ'));
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    const text = await refused.text();
    assert.match(text, /Too many requests/);
    assert.doesNotMatch(text, AMOUNT);
    assert.equal((await guesser.request(path(no, `?code=${code(no)}`))).status, 429, 'the right code is refused as well once the limit is reached');
    assert.equal((await guesser.request(path(no))).status, 200, 'the question itself is still answered');
    assert.equal((await resident('198.51.100.8').request(path(no, `?code=${code(no)}`))).status, 200, 'another address is not affected');
    assert.equal((await resident('198.51.100.8').request(path(no))).status, 200, 'the right code did not count');
  });

  test('every request counts toward a limit per client address', async () => {
    const no = notices[0]!.noticeNo;
    const busy = resident('192.0.2.55');
    for (let i = 0; i < PAY_ADDRESS_LIMIT.max; i += 1) assert.equal((await busy.request(path(no, `?code=${code(no)}`))).status, 200);
    const refused = await busy.request(path(no, `?lang=ko&code=${code(no)}`));
    assert.equal(refused.status, 429);
    assert.match(await refused.text(), /요청이 너무 많습니다/);
    assert.equal((await busy.request(path(`N-${Math.random()}`))).status, 429, 'any payment page');
    assert.equal((await resident('192.0.2.56').request(path(no, `?code=${code(no)}`))).status, 200);
  });

  test('the links in the KakaoTalk, SMS and e-mail messages and on the print page open the page directly', async () => {
    const notice = notices[1]!;
    const renderer = createNoticeRenderer(server.url, server.deps.cipher);
    const row = {
      attempt_id: 1, message_id: notice.messageId, channel: 'kakao', idempotency_key: 'k', tries: 1, kind: 'notice', legal: true, topic: null,
      recipient_enc: null, variables_enc: null, district_code: 'gangnam', district_name_ko: '강남구', district_name_en: 'Gangnam-gu',
      taxpayer_name: '이영희', identity_key_enc: null, mobile_enc: null, email_enc: null, postal_code: '06236', address: '서울특별시 강남구 테헤란로 101',
      notice_no: notice.noticeNo, tax_item: 'property_tax', tax_year: 2026, period: 1, amount: 1284500, due_date: '2026-07-31',
      additional_dues: null, effective_due_date: null, payment_account: '우리은행 1234-567-890123',
    } satisfies SendingRow;
    await renderer.prepare(ctx.db, [row]);
    const kakao = renderer.render(row, 'kakao').kakao!;
    const sms = renderer.render(row, 'sms').sms!;
    const email = renderer.render(row, 'email').email!;
    const links = {
      kakao: kakao.buttons[0]!.url,
      sms: /https?:\/\/\S+/.exec(sms.text)![0],
      emailHtml: /<a href="([^"]+)"/.exec(email.html)![1]!.replaceAll('&amp;', '&'),
      emailText: /https?:\/\/\S+/.exec(email.text)![0],
    };

    const batch = await createPaperBatch({ db: ctx.db, cipher: server.deps.cipher, publicUrl: server.url }, { districtCode: 'gangnam', outDir: out, createdBy: 'test' });
    const pdf = readFileSync(batch.pdfFile!, 'latin1');
    const printed = [...pdf.matchAll(/\/URI \(([^)]+)\)/g)].map((m) => m[1]!);
    assert.equal(printed.length, 4, 'the QR code and the printed address of both pages are links');
    const paper = printed.find((u) => u.includes(encodeURIComponent(notice.noticeNo)))!;

    for (const [where, link] of Object.entries({ ...links, paper })) {
      const url = new URL(link);
      assert.equal(url.origin, server.url, where);
      assert.equal(url.searchParams.get('code'), code(notice.noticeNo), where);
      const page = await resident().request(url.pathname + url.search);
      assert.equal(page.status, 200, where);
      assert.match(await page.text(), AMOUNT, where);
    }
  });
});
