import { defineMessages } from '../../platform/i18n/i18n.ts';

// How a notice reads in each language: the forms of money and periods
// (format.ts; dates are written as every page writes them, platform/web/browser/dates.ts) and the labels of the print page (notice-render.ts).

/** The forms of the values every notice shows; written out, not left to Intl (format.ts says why). */
export const noticeFormatMessages = defineMessages({
  krw: { ko: '{amount}원', en: 'KRW {amount}' },
  period: { ko: '{period}기', en: '{ordinal} instalment' },
  tax_year: { ko: '{year}년', en: '{year}' },
  tax_year_period: { ko: '{year}년 {period}', en: '{year}, {period}' },
});

/** The print page's labels and fixed texts, and the sample notice of template previews. */
export const noticePrintMessages = defineMessages({
  document_name: { ko: '지방세 고지서', en: 'Local tax notice' },
  notice_no: { ko: '고지번호', en: 'Notice number' },
  payment_code: { ko: '납부 확인 코드', en: 'Payment page code' },
  tax_item: { ko: '세목', en: 'Tax item' },
  year_period: { ko: '과세연도·기분', en: 'Tax year, period' },
  amount: { ko: '납부금액', en: 'Amount due' },
  unpaid: { ko: '체납액', en: 'Unpaid amount' },
  dues: { ko: '납부지연가산세', en: 'Additional dues' },
  total: { ko: '합계', en: 'Total due' },
  due_date: { ko: '납부기한', en: 'Due date' },
  original_due: { ko: '당초 납부기한', en: 'Original due date' },
  extended_due: { ko: '연장된 납부기한', en: 'Extended due date' },
  extended_note: {
    ko: '지방세기본법 제31조: 고지서가 납부기한 전 7일 이내에 또는 기한이 지나 도달하여, 도달한 날부터 14일이 지난 날로 납부기한이 연장되었습니다.',
    en: 'Framework Act on Local Taxes, Article 31: this notice arrived within 7 days of its due date or after it, so it is due 14 days after arrival.',
  },
  account: { ko: '납부계좌', en: 'Payment account' },
  no_account: { ko: '납부 화면에서 안내', en: 'shown on the payment page' },
  qr_caption: { ko: 'QR코드를 찍으면 납부 화면으로 연결됩니다.', en: 'Scan the QR code to pay online.' },
  recipient: { ko: '{name} 귀하', en: '{name}' },
  footer: { ko: '고지번호 {noticeNo}', en: 'Notice {noticeNo}' },
  footer_with_code: { ko: '고지번호 {noticeNo} · 납부 확인 코드 {code}', en: 'Notice {noticeNo} · Payment page code {code}' },
  // who to ask, and how to object (Framework Act on Local Taxes, Articles 90 and 91; Enforcement Decree: an
  // objection handed to the office that sent the notice counts as filed with the right authority)
  contact_label: { ko: '문의', en: 'Questions' },
  contact_office: { ko: '{office} 세무과', en: 'Tax office, {office}' },
  // the district office by the district's name (officeName keeps a name that already ends so)
  office_name: { ko: '{name}청', en: '{name} Office' },
  contact_address: { ko: '주소 {address}', en: 'Address: {address}' },
  contact_phone: { ko: '전화 {phone}', en: 'Phone: {phone}' },
  appeal_label: { ko: '이 고지에 이의가 있으면', en: 'If you disagree with this notice' },
  appeal_text: {
    ko: '고지서를 받은 날부터 90일 이내에 {office}에 이의신청을 할 수 있습니다. 이의신청을 거치지 않고 같은 90일 안에 조세심판원에 심판청구를 할 수도 있고, 이의신청을 했다면 그 결정을 통지받은 날부터 90일 이내에 심판청구를 할 수 있습니다(지방세기본법 제90조·제91조). 이의신청이나 심판청구를 해도 납부기한은 바뀌지 않습니다.',
    en: 'Within 90 days of receiving this notice you may file an objection with the {office}, or, within the same 90 days, ask the Tax Tribunal to review it; after an objection, you may ask the Tax Tribunal within 90 days of being told its decision (Framework Act on Local Taxes, Articles 90 and 91). Objecting does not move the due date.',
  },
  // the print page read from top to bottom (the template editor's preview: printPageParts)
  part_document: { ko: '문서', en: 'Document' },
  part_recipient: { ko: '받는 분', en: 'Recipient' },
  part_title: { ko: '제목', en: 'Title' },
  part_explanation: { ko: '안내문', en: 'Explanation' },
  part_payment_page: { ko: '납부 화면(QR코드)', en: 'Payment page (QR code)' },
  part_footer: { ko: '쪽 아래', en: 'Foot of the page' },
  sample_taxpayer_name: { ko: '홍길동', en: 'Hong Gildong' },
  sample_address: { ko: '서울특별시 강남구 테헤란로 123, 4층', en: '4F, 123 Teheran-ro, Gangnam-gu, Seoul' },
  sample_payment_account: { ko: '우리은행 1234-567-890123', en: 'Woori Bank 1234-567-890123' },
});
