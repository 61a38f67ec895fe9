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
  pay_account: { ko: '가상계좌', en: 'Virtual account' },
  pay_bank: { ko: '은행', en: 'Bank' },
  pay_account_none: { ko: '이 고지서에는 가상계좌가 없습니다', en: 'This notice has no virtual account' },
  pay_bank_on_notice: { ko: '고지서에 적힌 은행', en: 'The bank printed on your notice' },
  // how to pay, step by step
  how_title: { ko: '납부하는 방법', en: 'How to pay' },
  how_lead: { ko: '다음 가운데 편한 방법 하나로 납부기한까지 내세요. 어느 방법이든 수수료는 없습니다.', en: 'Pay by the due date in whichever of these ways suits you. None of them charges a fee.' },
  how_account_title: { ko: '가상계좌로 이체하기', en: 'Transfer to the virtual account' },
  how_account: {
    ko: '은행 앱, 인터넷뱅킹 또는 현금자동인출기에서 {bank} 가상계좌 {account}(으)로 {amount}을 보내세요. 이 고지서만의 계좌라서 따로 적을 것이 없고, 금액이 맞아야 납부됩니다.',
    en: 'In your bank app, internet banking or at a cash machine, send {amount} to the virtual account {account} at {bank}. The account is this notice’s own, so nothing else needs to be written; the amount must match.',
  },
  how_online_title: { ko: '위택스나 인터넷지로에서 내기', en: 'Pay on Wetax or Internet Giro' },
  how_online: {
    ko: '아래 사이트에서 지방세 납부를 고르고, 전자납부번호로 고지번호 {no}을(를) 입력하세요. 계좌이체나 신용카드로 낼 수 있습니다.',
    en: 'On one of these sites, choose local-tax payment and enter the notice number {no} as the electronic payment number. You can pay by bank transfer or by card.',
  },
  how_wetax: { ko: '위택스 (행정안전부 지방세 납부 누리집)', en: 'Wetax, the national local-tax site' },
  how_giro: { ko: '인터넷지로 (금융결제원)', en: 'Internet Giro (Korea Financial Telecommunications and Clearings Institute)' },
  how_bank_title: { ko: '은행 창구에서 내기', en: 'Pay at a bank' },
  how_bank: {
    ko: '종이 고지서를 가지고 가까운 은행 창구에서 낼 수 있습니다. 고지서가 없으면 고지번호 {no}을(를) 알려 주세요.',
    en: 'Take the paper notice to any bank counter. Without it, give the notice number {no}.',
  },
  how_after_title: { ko: '낸 다음에는', en: 'After you have paid' },
  how_after: {
    ko: '영수증이나 이체 확인을 보관하세요. 납부가 확인되면 이 고지서의 남은 안내는 보내지 않습니다. 납부기한이 지나면 가산세가 붙습니다.',
    en: 'Keep the receipt or the transfer confirmation. Once the payment is recorded, no further reminders of this notice are sent. After the due date, a late-payment charge is added.',
  },
  help_title: { ko: '도움이 필요하면', en: 'If you need help' },
  help_phone: { ko: '{district} 세무과에 전화하세요: {phone}', en: 'Call the {district} tax office: {phone}' },
  help_chat: { ko: '상담원과 채팅하기', en: 'Chat with an agent' },
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
