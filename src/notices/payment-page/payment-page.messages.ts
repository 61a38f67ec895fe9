import { defineMessages } from '../../platform/i18n/i18n.ts';

// The payment page: the notice's figures, the question for the code printed
// on the notice, and its limits.

export const paymentPageMessages = defineMessages({
  // the notice's figures
  pay_title: { ko: '지방세 납부 안내', en: 'Pay your local tax' },
  pay_lead: { ko: '{district}에서 보낸 고지서입니다.', en: 'A notice from {district}.' },
  pay_notice_no: { ko: '고지번호', en: 'Notice number' },
  pay_tax_item: { ko: '세목', en: 'Tax item' },
  pay_year_period: { ko: '과세연도·기분', en: 'Tax year and period' },
  pay_amount: { ko: '납부할 금액', en: 'Amount to pay' },
  pay_due: { ko: '납부기한', en: 'Due date' },
  pay_original_due: { ko: '당초 납부기한', en: 'Original due date' },
  pay_extended_due: { ko: '연장된 납부기한', en: 'Extended due date' },
  pay_extended_note: {
    ko: '고지서가 납부기한 전 7일 이내에 또는 기한이 지나 도달하여, 도달한 날부터 14일이 지난 날로 납부기한이 연장되었습니다 ({article}).',
    en: 'This notice arrived within 7 days of its due date or after it, so it is due 14 days after arrival ({article}).',
  },
  pay_account: { ko: '납부계좌', en: 'Payment account' },
  pay_account_none: { ko: '구청 세무과에 문의해 주세요', en: 'Ask your district tax office' },
  pay_how: {
    ko: '은행 앱, 위택스(wetax.go.kr) 또는 가까운 은행에서 고지번호로 납부할 수 있습니다. 납부하면 남은 안내는 보내지 않습니다.',
    en: 'Pay with your bank app, on Wetax (wetax.go.kr) or at any bank, quoting the notice number. Once you have paid, no further reminders are sent.',
  },
  pay_not_found_title: { ko: '고지서를 찾을 수 없습니다', en: 'Notice not found' },
  pay_not_found: {
    ko: '주소가 정확한지 확인해 주세요. 고지서에 있는 QR코드나 링크를 다시 열어 보시고, 계속 찾을 수 없으면 구청 세무과로 연락해 주세요.',
    en: 'Check the address. Open the QR code or link on your notice again; if the notice still cannot be found, contact your district tax office.',
  },
  // the code question
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
  // the way in without a link (/r/pay), and the start page's entry
  service_title: { ko: '지방세 납부', en: 'Pay a local-tax notice' },
  service_description: {
    ko: '고지서의 고지번호와 확인 코드로 납부할 금액, 납부기한, 가상계좌와 납부하는 방법을 봅니다.',
    en: 'See the amount, the due date, the virtual account and how to pay, with the notice number and the code printed on your notice.',
  },
  start_lead: {
    ko: '카카오톡, 문자, 이메일로 받은 고지서의 링크를 열면 납부 안내가 바로 나옵니다. 종이 고지서만 있다면 구와 고지번호를 입력하세요. 다음 화면에서 고지서에 인쇄된 확인 코드를 묻습니다.',
    en: 'The link in your KakaoTalk, text or e-mail notice opens the payment details directly. With a paper notice only, enter your district and the notice number; the next page asks for the code printed on the notice.',
  },
  start_district: { ko: '고지서를 보낸 구', en: 'The district that sent the notice' },
  start_district_choose: { ko: '구를 고르세요', en: 'Choose a district' },
  start_notice_no: { ko: '고지번호', en: 'Notice number' },
  start_notice_no_hint: {
    ko: '고지서 위쪽에 있는 숫자와 붙임표(-), 예: 2026-0700-000001',
    en: 'At the top of the notice, digits and dashes, for example 2026-0700-000001',
  },
  start_submit: { ko: '계속', en: 'Continue' },
  err_start_district: { ko: '고지서를 보낸 구를 고르세요', en: 'Choose the district that sent the notice' },
  err_start_notice_no: {
    ko: '고지번호를 고지서에 적힌 대로 숫자와 붙임표(-)로 입력하세요. 예: 2026-0700-000001',
    en: 'Enter the notice number as printed, in digits and dashes, for example 2026-0700-000001',
  },
  start_page: { ko: '처음 화면으로', en: 'Go to the start page' },
});

export type PaymentPageMessageKey = keyof typeof paymentPageMessages.catalogue;
