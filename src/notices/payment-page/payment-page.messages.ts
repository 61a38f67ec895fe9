import { defineMessages } from '../../platform/i18n/i18n.ts';

// The payment page's code question and its limits (the page's figures use the
// delivery console's catalogue, dm.pay_*).

export const pm = defineMessages({
  code_title: { ko: '고지서의 확인 코드를 입력해 주세요', en: 'Enter the code printed on your notice' },
  code_lead: {
    ko: '고지번호 {no}의 납부 안내를 보려면 고지서에 인쇄된 확인 코드가 필요합니다. 카카오톡·문자·이메일로 받은 링크에는 코드가 들어 있어 바로 열립니다.',
    en: 'To see the payment details of notice {no}, enter the code printed on the notice. The links in our KakaoTalk, text and e-mail messages carry the code and open the page directly.',
  },
  code_label: { ko: '확인 코드', en: 'Code' },
  code_hint: {
    ko: '영문과 숫자 8자리로, 고지서의 고지번호 아래에 인쇄되어 있습니다. 예: 7KQ2-M9XD',
    en: '8 letters and digits, printed below the notice number on the notice, for example 7KQ2-M9XD',
  },
  code_submit: { ko: '확인', en: 'Continue' },
  err_code_blank: { ko: '고지서에 인쇄된 확인 코드를 입력해 주세요', en: 'Enter the code printed on your notice' },
  err_code_wrong: {
    ko: '확인 코드가 이 고지번호와 맞지 않습니다. 고지서의 고지번호 아래에 있는 영문과 숫자 8자리를 확인해 주세요',
    en: 'The code does not match this notice number. Check the 8 letters and digits below the notice number on your notice',
  },
  rate_limited_title: { ko: '요청이 너무 많습니다', en: 'Too many requests' },
  rate_limited: {
    ko: '이 연결에서 요청이 너무 많거나 잘못된 코드가 여러 번 입력되었습니다. {minutes}분 뒤 다시 시도해 주세요. 급하시면 구청 세무과로 연락해 주세요.',
    en: 'Too many requests or wrong codes came from this connection. Try again in {minutes} minutes, or contact your district tax office if it is urgent.',
  },
  code_printed: { ko: '확인 코드', en: 'Payment page code' },
  start_page: { ko: '처음 화면으로', en: 'Go to the start page' },
});
