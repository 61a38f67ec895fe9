import { defineMessages } from '../platform/i18n/i18n.ts';

// Why a taxpayer's contact or key is refused (phone.ts, email.ts,
// identity-key.ts), and the taxpayer search's answers. The English reasons
// start in lower case: they follow a field name or a line number.

export const taxpayerMessages = defineMessages({
  mobile_empty: { ko: '휴대전화 번호가 비어 있습니다.', en: 'the mobile number is empty' },
  mobile_malformed: {
    ko: '휴대전화 번호 형식이 아닙니다 (예: 010-1234-5678).',
    en: 'not a mobile number; write it like 010-1234-5678',
  },
  mobile_not_korean: { ko: '국내(+82) 휴대전화 번호만 받습니다.', en: 'only Korean (+82) mobile numbers are accepted' },
  mobile_not_mobile: {
    ko: '휴대전화(010 등) 번호가 아닙니다. 유선 번호는 받지 않습니다.',
    en: 'not a mobile number (010 …); landline and other numbers are not accepted',
  },
  mobile_wrong_length: { ko: '휴대전화 번호의 자릿수가 맞지 않습니다.', en: 'the mobile number has the wrong number of digits' },
  email_empty: { ko: '이메일 주소가 비어 있습니다.', en: 'the e-mail address is empty' },
  email_malformed: { ko: '이메일 주소 형식이 아닙니다 (예: name@example.kr).', en: 'not an e-mail address; write it like name@example.kr' },
  email_too_long: { ko: '이메일 주소가 너무 깁니다.', en: 'the e-mail address is too long' },
  email_bad_domain: { ko: '이메일 주소의 도메인(@ 뒤)이 올바르지 않습니다.', en: 'the part after @ is not a valid domain' },
  identity_key_malformed: {
    ko: '연계정보(CI)는 영문자, 숫자, +, /로 된 88자이며 ==로 끝나야 합니다.',
    en: 'the identification key (CI) must be 88 characters of base64',
  },
  ambiguous: {
    ko: '이름과 생년월일이 같은 납세자가 여러 명입니다. 납세자번호로 찾으세요.',
    en: 'More than one taxpayer has this name and date of birth; search by taxpayer number.',
  },
});
