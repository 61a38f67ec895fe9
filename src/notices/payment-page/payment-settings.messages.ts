import { defineMessages } from '../../platform/i18n/i18n.ts';

// The payments section of the district settings page.

export const paymentSettingsMessages = defineMessages({
  title: { ko: '납부', en: 'Payments' },
  intro: {
    ko: '과세자료의 가상계좌 번호와 함께 납부 안내 페이지에 보여 줄, 구의 가상계좌가 있는 은행입니다. 두 칸을 모두 비우면 납부 안내 페이지는 고지서에 적힌 은행을 보라고 안내합니다.',
    en: "The bank that holds the district's virtual accounts, named on the payment page beside each notice's account number from the roll. With both left empty, the payment page asks residents to read the bank on their notice.",
  },
  bank_ko: { ko: '가상계좌 은행 (한국어)', en: 'Virtual-account bank (Korean)' },
  bank_ko_hint: { ko: '예: 신한은행', en: 'For example, 신한은행' },
  bank_en: { ko: '가상계좌 은행 (영어)', en: 'Virtual-account bank (English)' },
  bank_en_hint: { ko: '영문 페이지에 나오는 은행 이름', en: 'For example, Shinhan Bank' },
  bank_both: { ko: '은행 이름을 한국어와 영어로 모두 쓰거나 둘 다 비우세요.', en: 'Write the bank in both Korean and English, or leave both empty.' },
  bank_too_long: { ko: '은행 이름은 40자까지 쓸 수 있습니다.', en: 'The bank can be at most 40 characters.' },
  invalid: { ko: '입력한 내용을 확인하세요.', en: 'Check what you entered.' },
});

export type PaymentSettingsMessageKey = keyof typeof paymentSettingsMessages.catalogue;
