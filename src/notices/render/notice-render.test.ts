import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createCipher } from '../../platform/crypto.ts';
import { paymentCode } from '../payment-page/payment-code.ts';
import { builtinTemplates } from '../templates/templates.defaults.ts';
import { eucKrByteLength, officeName, paymentLink, renderMessage, renderPrintPage, sampleView, SMS_MAX_BYTES, type NoticeView } from './notice-render.ts';

const view = (over: Partial<NoticeView> = {}): NoticeView => ({ ...sampleView('notice', 'ko', '강남구'), ...over });

describe('rendering a notice per channel', () => {
  test('KakaoTalk: approved template code, variables, filled text, one pay button', () => {
    const v = view();
    const k = renderMessage(v, 'kakao', builtinTemplates('notice', 'ko'));
    assert.equal(k.templateCode, 'TS_NOTICE_V1');
    assert.match(k.text, /^\[강남구\] 2026년 재산세 1기 전자고지/);
    assert.match(k.text, /납부금액: 1,284,500원/);
    assert.match(k.text, /납부기한: 2026\. 7\. 31\./);
    assert.equal(k.variables.amount, '1,284,500원');
    assert.equal(k.variables.notice_no, '2026-07-0001234');
    assert.ok(!('additional_dues' in k.variables), 'only the variables the template uses');
    assert.deepEqual(k.buttons, [{ name: '납부하기', url: v.link }]);

    const en = renderMessage(view({ locale: 'en', districtName: 'Gangnam-gu' }), 'kakao', builtinTemplates('notice', 'en'));
    assert.equal(en.templateCode, 'TS_NOTICE_EN_V1');
    assert.match(en.text, /Amount due: KRW 1,284,500/);
    assert.match(en.text, /Due date: 31 July 2026/);
    assert.match(en.text, /Property tax 2026, 1st instalment/);
    assert.deepEqual(en.buttons.map((b) => b.name), ['Pay']);
  });

  test('SMS up to 90 EUC-KR bytes, LMS with a subject beyond', () => {
    const short = renderMessage(view({ link: 'https://t.kr/a1' }), 'sms', builtinTemplates('notice', 'ko'));
    assert.equal(short.kind, 'sms');
    assert.ok(eucKrByteLength(short.text) <= SMS_MAX_BYTES);
    assert.equal(short.subject, undefined);
    const long = renderMessage(view({ link: 'https://tax.gangnam.go.kr/pay/gangnam/2026-07-0001234' }), 'sms', builtinTemplates('notice', 'ko'));
    assert.equal(long.kind, 'lms');
    assert.ok(eucKrByteLength(long.text) > SMS_MAX_BYTES);
    assert.equal(long.subject, '[강남구] 2026년 재산세 1기 전자고지');
  });

  test('EUC-KR length counts a Hangul syllable as two bytes', () => {
    assert.equal(eucKrByteLength('가나다'), 6);
    assert.equal(eucKrByteLength('abc'), 3);
    assert.equal(eucKrByteLength('강남구 1,000원'), 14);
  });

  test('e-mail: subject, accessible HTML with escaped values, plain text', () => {
    const e = renderMessage(view({ taxpayerName: '<script>x</script>' }), 'email', builtinTemplates('notice', 'ko'));
    assert.equal(e.subject, '[강남구] 2026년 재산세 1기 전자고지');
    assert.match(e.html, /^<!doctype html>\n<html lang="ko">/);
    assert.ok(!e.html.includes('<script>x'), 'values are escaped in HTML');
    assert.match(e.html, /&lt;script&gt;x&lt;\/script&gt;님/);
    assert.match(e.html, /<th scope="row"[^>]*>납부금액<\/th><td[^>]*>1,284,500원<\/td>/);
    assert.match(e.html, /<a href="https:\/\/tax\.example\.go\.kr\/pay\/sample\/2026-07-0001234\?code=7KQ2M9XD"/);
    assert.doesNotMatch(e.html, /<img/);
    assert.match(e.text, /<script>x<\/script>님/);
    assert.match(e.text, /고지서 확인 및 납부하기: https:\/\/tax\.example\.go\.kr\/pay\/sample\/2026-07-0001234\?code=7KQ2M9XD/);
  });

  test('guidance says it is guidance and that the legal notice comes by post', () => {
    for (const channel of ['kakao', 'sms', 'email'] as const) {
      const ko = renderMessage(view({ kind: 'guidance' }), channel, builtinTemplates('guidance', 'ko'));
      const koText = 'text' in ko ? ko.text : '';
      assert.match(koText, /안내/, channel);
      assert.match(koText, /우편/, channel);
      const en = renderMessage(view({ kind: 'guidance', locale: 'en' }), channel, builtinTemplates('guidance', 'en'));
      assert.match('text' in en ? en.text : '', /[Gg]uidance/, channel);
      assert.match('text' in en ? en.text : '', /post/, channel);
    }
    assert.match(renderMessage(view({ kind: 'guidance' }), 'email', builtinTemplates('guidance', 'ko')).html, /법적 고지서는 우편으로 송달됩니다/);
  });

  test('arrears show unpaid amount, additional dues and their total', () => {
    const v = view({ kind: 'arrears', amount: 100000, additionalDues: 3000 });
    const k = renderMessage(v, 'kakao', builtinTemplates('arrears', 'ko'));
    assert.match(k.text, /체납액: 100,000원/);
    assert.match(k.text, /납부지연가산세: 3,000원/);
    assert.match(k.text, /합계: 103,000원/);
    const page = renderPrintPage(v);
    assert.deepEqual(
      page.fields.filter((f) => f.emphasis).map((f) => f.value),
      ['103,000원', '2026. 7. 31.'],
    );
  });

  test('a text and an e-mail take the particle that agrees; KakaoTalk keeps its approved template\'s pair', () => {
    for (const [period, word] of [[1, '재산세 1기가'], [10, '재산세 10기가'], [null, '재산세가']] as const) {
      const v = view({ kind: 'arrears', period });
      const mail = renderMessage(v, 'email', builtinTemplates('arrears', 'ko'));
      assert.match(mail.text, new RegExp(`2026년 ${word} 납부기한`), `${word} in the e-mail's text`);
      assert.match(mail.html, new RegExp(`2026년 ${word} 납부기한`), `${word} in the e-mail's HTML`);
      assert.doesNotMatch(mail.text + mail.html + mail.subject, /이\(가\)/);
      const k = renderMessage(v, 'kakao', builtinTemplates('arrears', 'ko'));
      assert.match(k.text, /이\(가\) 납부기한/, 'KakaoTalk reads as its approved template, variables filled in');
    }
  });

  test('refuses templates of another kind', () => {
    assert.throws(() => renderMessage(view({ kind: 'arrears' }), 'sms', builtinTemplates('notice', 'ko')));
  });

  test('print page: recipient block, fields, §31 extended due date marked', () => {
    const plain = renderPrintPage(view());
    assert.equal(plain.title, '2026년 재산세 1기 고지서');
    assert.deepEqual(plain.recipient, { name: '홍길동 귀하', postalCode: '06236', address: '서울특별시 강남구 테헤란로 123, 4층' });
    assert.equal(plain.extendedDue, undefined);
    assert.ok(plain.fields.some((f) => f.label === '납부기한' && f.value === '2026. 7. 31.'));
    assert.match(plain.explanation, /2026년 재산세 1기를 위와 같이 고지하오니/, 'the particle agrees with 1기');

    const late = renderPrintPage(view({ effectiveDueDate: '2026-08-20' }));
    assert.deepEqual(late.extendedDue && { label: late.extendedDue.label, value: late.extendedDue.value }, { label: '연장된 납부기한', value: '2026. 8. 20.' });
    assert.match(late.extendedDue?.note ?? '', /제31조/);
    assert.ok(late.fields.some((f) => f.label === '당초 납부기한' && f.value === '2026. 7. 31.'));

    const en = renderPrintPage(view({ locale: 'en', effectiveDueDate: '2026-08-20' }));
    assert.equal(en.extendedDue?.value, '20 August 2026');
    assert.match(en.extendedDue?.note ?? '', /Article 31/);
  });

  test('payment links are URL-safe and carry the notice’s payment page code', () => {
    const cipher = createCipher(randomBytes(32));
    const code = paymentCode(cipher, 'gangnam', '2026/07 001');
    assert.equal(paymentLink('https://tax.example.go.kr/', 'gangnam', '2026/07 001', cipher), `https://tax.example.go.kr/pay/gangnam/2026%2F07%20001?code=${code}`);
  });

  test('print page: the payment page code is printed beside the notice number', () => {
    const page = renderPrintPage(view({ paymentCode: '7KQ2M9XD' }));
    assert.deepEqual(page.fields.slice(0, 2), [
      { label: '고지번호', value: '2026-07-0001234' },
      { label: '납부 확인 코드', value: '7KQ2-M9XD' },
    ]);
    assert.equal(page.paymentCode, '7KQ2-M9XD');
    assert.equal(renderPrintPage(view({ locale: 'en', paymentCode: '7KQ2M9XD' })).fields[1]!.label, 'Payment page code');
  });

  test('print page: particles agree with the words before them, whatever the period and the kind', () => {
    const once = renderPrintPage(view({ taxItem: 'registration_license_tax', period: null }));
    assert.match(once.explanation, /^2026년 등록면허세를 위와 같이 고지하오니/, 'no period: the particle follows the tax item, no gap');
    assert.doesNotMatch(once.explanation + once.title, /\((을|를|이|가|은|는)\)/);
    for (const period of [1, 2, 3, 6, 7, 10, 12]) {
      const page = renderPrintPage(view({ period }));
      assert.match(page.explanation, new RegExp(`2026년 재산세 ${period}기를 위와 같이`));
    }
  });

  test('print page: the office to ask (address and phone as the district set them) and how to object', () => {
    const full = renderPrintPage(view({ office: { phone: '02-3423-5114', address: '서울특별시 강남구 학동로 426' } }));
    assert.deepEqual(full.contact, { label: '문의', text: '강남구청 세무과 · 주소 서울특별시 강남구 학동로 426 · 전화 02-3423-5114' });
    assert.equal(full.appeal.label, '이 고지에 이의가 있으면');
    assert.match(full.appeal.text, /^고지서를 받은 날부터 90일 이내에 강남구청에 이의신청을 할 수 있습니다\./);
    assert.match(full.appeal.text, /조세심판원에 심판청구를/);
    assert.match(full.appeal.text, /\(지방세기본법 제90조·제91조\)/);
    assert.deepEqual(renderPrintPage(view()).contact, { label: '문의', text: '강남구청 세무과' }, 'nothing set: the office by name');
    assert.deepEqual(renderPrintPage(view({ office: { phone: '02-2155-6114', address: null } })).contact.text, '강남구청 세무과 · 전화 02-2155-6114');
    const en = renderPrintPage(view({ locale: 'en', districtName: 'Gangnam-gu', office: { phone: '02-3423-5114', address: '426 Hakdong-ro' } }));
    assert.deepEqual(en.contact, { label: 'Questions', text: 'Tax office, Gangnam-gu Office · Address: 426 Hakdong-ro · Phone: 02-3423-5114' });
    assert.match(en.appeal.text, /^Within 90 days of receiving this notice you may file an objection with the Gangnam-gu Office/);
    assert.match(en.appeal.text, /Articles 90 and 91/);
  });

  test('print page: a district named as its office (마포구청, Mapo District Office) is not doubled', () => {
    const ko = renderPrintPage(view({ districtName: '마포구청' }));
    assert.equal(ko.contact.text, '마포구청 세무과');
    assert.match(ko.appeal.text, /90일 이내에 마포구청에 이의신청을/);
    const en = renderPrintPage(view({ locale: 'en', districtName: 'Mapo District Office' }));
    assert.equal(en.contact.text, 'Tax office, Mapo District Office');
    assert.match(en.appeal.text, /an objection with the Mapo District Office, or/);
    assert.equal(officeName('en', 'Mapo District'), 'Mapo District Office');
    assert.equal(officeName('ko', ' 마포구 '), '마포구청');
  });
});
