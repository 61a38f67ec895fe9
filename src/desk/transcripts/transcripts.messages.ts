import { defineMessages } from '../../platform/i18n/i18n.ts';

// What a resident asking for a transcript is told, and the words of the
// transcript itself.

export const transcriptMessages = defineMessages({
  too_many_codes: {
    ko: '인증번호를 너무 많이 요청했습니다. 한 시간 뒤에 다시 시도하세요.',
    en: 'Too many codes were asked for; try again in an hour.',
  },
  code_wrong: { ko: '인증번호가 이 이메일 주소로 보낸 것과 맞지 않습니다.', en: 'The code does not match the one sent to this e-mail address.' },
  limit: { ko: '상담 기록은 {max}번까지 받을 수 있습니다.', en: 'A transcript can be sent at most {max} times.' },
  author_resident: { ko: '나', en: 'You' },
  author_agent: { ko: '상담원', en: 'Agent' },
  author_system: { ko: '안내', en: 'Desk' },
  form_placeholder: { ko: '(연락처 변경 양식)', en: '(contact update form)' },
// request fields as the pages name them (a refusal names the field in the caller's words)
  label_email: { ko: '이메일 주소', en: 'E-mail address' },
  label_code: { ko: '인증번호', en: 'Confirmation code' },
});
