import { defineMessages } from '../platform/i18n/i18n.ts';

// Labels of the registry's sections in a taxpayer's data export (PDF).

export const taxpayerExportMessages = defineMessages({
  identity_title: { ko: '신원 정보', en: 'Identity' },
  contacts_title: { ko: '연락처와 전자고지 신청', en: 'Contacts and e-notice choices' },
  taxpayer_no: { ko: '납세자번호', en: 'Taxpayer number' },
  name: { ko: '이름', en: 'Name' },
  birth_date: { ko: '생년월일', en: 'Date of birth' },
  identity_key: { ko: '연계정보(CI)', en: 'Identification key (CI)' },
  address: { ko: '주소', en: 'Address' },
  registered: { ko: '등록', en: 'On record since' },
  mobile: { ko: '휴대전화', en: 'Mobile' },
  mobile_dead_prefix: { ko: '(사용이 끝난 01X 번호)', en: '(a retired 01X number)' },
  email: { ko: '이메일', en: 'E-mail' },
  enrolment: { ko: '전자고지 신청', en: 'E-notices applied for' },
  contact_source: { ko: '마지막 변경', en: 'Last changed' },
  none: { ko: '없음', en: 'none' },
  channel_kakao: { ko: '카카오톡', en: 'KakaoTalk' },
  channel_sms: { ko: '문자', en: 'Text message' },
  channel_email: { ko: '이메일', en: 'E-mail' },
  source_roll: { ko: '부과 자료', en: 'the tax roll' },
  source_official: { ko: '공무원 변경', en: 'an official' },
  source_self_service: { ko: '본인 변경', en: 'the taxpayer' },
  source_chat: { ko: '상담 채팅', en: 'the live desk' },
  changed_line: { ko: '{time}, {source}', en: '{time}, by {source}' },
});

export type TaxpayerExportMessageKey = keyof typeof taxpayerExportMessages.catalogue;
