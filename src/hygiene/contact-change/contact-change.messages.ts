import { defineMessages } from '../../platform/i18n/i18n.ts';

// The contact change's texts.

/** Reasons a contact change is refused, in both languages. */
export const contactChangeMessages = defineMessages({
  mobile_dead: {
    ko: '011·016·017·018·019 번호는 2023. 6. 30. 이후 쓰이지 않습니다. 010 번호를 입력하세요.',
    en: 'Numbers on 011, 016, 017, 018 and 019 have been out of service since 30 June 2023; enter a 010 number.',
  },
  email_suspect: {
    ko: '이메일 도메인 {domain}은(는) 메일을 받을 수 없습니다.',
    en: 'The domain {domain} cannot receive mail.',
  },
  email_suspect_suggest: {
    ko: '이메일 도메인 {domain}은(는) 메일을 받을 수 없습니다. {suggestion}을(를) 뜻하셨나요?',
    en: 'The domain {domain} cannot receive mail. Did you mean {suggestion}?',
  },
  enrol_sms_needs_mobile: { ko: '문자 수신을 신청하려면 휴대전화 번호가 필요합니다.', en: 'Text messages need a mobile number.' },
  enrol_email_needs_email: { ko: '이메일 수신을 신청하려면 이메일 주소가 필요합니다.', en: 'E-mail notices need an e-mail address.' },
  enrol_kakao_needs_key: {
    ko: '카카오톡 수신을 신청하려면 휴대전화 번호나 본인확인 연계정보(CI)가 필요합니다.',
    en: 'KakaoTalk notices need a mobile number or an identification key (CI).',
  },
  reason_required: { ko: '변경 사유를 입력하세요.', en: 'Enter the reason for the change.' },
  reason_too_long: { ko: '변경 사유는 500자 이내로 입력하세요.', en: 'Keep the reason to 500 characters or fewer.' },
  invalid: { ko: '연락처 변경 내용에 문제가 있어 아무것도 바꾸지 않았습니다.', en: 'The contact change has problems; nothing was changed.' },
  not_found: { ko: '이 구에서 해당 납세자를 찾을 수 없습니다.', en: 'No such taxpayer in this district.' },
  not_confirmed: {
    ko: '새 연락처는 그 연락처로 보낸 인증번호로 먼저 확인해야 합니다. 아무것도 바꾸지 않았습니다.',
    en: 'A new contact must first be confirmed with the code sent to it; nothing was changed.',
  },
  mobile_not_confirmed: { ko: '새 휴대전화 번호로 보낸 인증번호가 확인되지 않았습니다.', en: 'The code sent to the new mobile number has not been confirmed.' },
  email_not_confirmed: { ko: '새 이메일 주소로 보낸 인증번호가 확인되지 않았습니다.', en: 'The code sent to the new e-mail address has not been confirmed.' },
});

export type ContactChangeMessageKey = keyof typeof contactChangeMessages.catalogue;
