import { defineMessages } from '../../platform/i18n/i18n.ts';

// What residents and agents are told about contact-update forms in a
// conversation.

export const contactRequestMessages = defineMessages({
  conversation_not_found: { ko: '진행 중인 상담을 찾을 수 없습니다.', en: 'No open conversation found.' },
  check_input: { ko: '입력한 내용을 확인해 주세요.', en: 'Check what you entered.' },
  label_name: { ko: '이름', en: 'Name' },
  label_birth_date: { ko: '생년월일', en: 'Date of birth' },
  label_mobile: { ko: '새 휴대전화 번호', en: 'New mobile number' },
  label_email: { ko: '새 이메일 주소', en: 'New e-mail address' },
  label_channels: { ko: '고지를 받을 방법', en: 'How to receive notices' },
  label_code: { ko: '인증번호', en: 'Code' },
  reason_birth_date: { ko: '생년월일을 1980-05-17처럼 입력해 주세요', en: 'enter the date of birth like 1980-05-17' },
  reason_nothing_new: { ko: '새 휴대전화 번호, 새 이메일 주소, 고지를 받을 방법 가운데 하나는 적어 주세요', en: 'give a new mobile number, a new e-mail address or how to receive notices' },
  form_not_found: { ko: '연락처 변경 양식을 찾을 수 없습니다.', en: 'Contact update form not found.' },
  form_already_sent: { ko: '이 양식은 이미 상담원에게 보냈습니다.', en: 'This form has already been sent to the agent.' },
  code_not_accepted: { ko: '인증번호를 확인해 주세요. 양식은 아직 보내지 않았습니다.', en: 'Check the code; the form has not been sent yet.' },
  too_many_codes: {
    ko: '인증번호를 너무 많이 요청했습니다. 한 시간 뒤에 다시 시도하세요.',
    en: 'Too many codes were asked for; try again in an hour.',
  },
  not_assigned: {
    ko: '이 대화를 맡은 상담원만 요청을 반영할 수 있습니다. 먼저 대화를 맡으세요.',
    en: 'Only the agent assigned to this conversation can apply its requests; take the conversation first.',
  },
  form_unconfirmed: {
    ko: '새 연락처를 인증번호로 확인하기 전에 보낸 요청이라 반영할 수 없습니다. 주민에게 양식을 다시 보내 달라고 하세요.',
    en: 'This request was sent before new contacts had to be confirmed with a code and cannot be applied; ask the resident to send the form again.',
  },
  taxpayer_not_found: {
    ko: '이름과 생년월일(또는 납세자번호)에 맞는 납세자가 이 구에 없습니다. 주민에게 확인하세요.',
    en: 'No taxpayer in this district matches the name and date of birth (or taxpayer number); check with the resident.',
  },
  taxpayer_mismatch: {
    ko: '납세자번호의 이름·생년월일이 양식과 다릅니다.',
    en: "The taxpayer number's name and date of birth differ from the form.",
  },
  already_applied: { ko: '이미 반영한 요청입니다.', en: 'This request has already been applied.' },
  form_body: { ko: '연락처 변경 요청', en: 'Contact update request' },
});
