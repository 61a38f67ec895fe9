import { defineMessages } from '../../platform/i18n/i18n.ts';

// Words of the resident's offline message form (/r/desk/offline).

export const offlineFormMessages = defineMessages({
  title: { ko: '상담원에게 메시지 남기기', en: 'Leave a message for the desk' },
  lead: { ko: '상담 시간이 아닐 때 질문을 남기시면 담당자가 답변을 이메일이나 문자로 보내 드립니다.', en: 'When the desk is closed, leave your question and an official will send the answer by e-mail or text message.' },
  district: { ko: '어느 구에 문의하시나요?', en: 'Which district is your question for?' },
  name: { ko: '이름', en: 'Your name' },
  channel: { ko: '답변을 어떻게 받으시겠어요?', en: 'How should we send the answer?' },
  email: { ko: '이메일', en: 'E-mail' },
  sms: { ko: '문자 메시지', en: 'Text message' },
  contact: { ko: '이메일 주소 또는 휴대전화 번호', en: 'E-mail address or mobile number' },
  contact_hint: { ko: '답변을 보낼 곳입니다. 예: name@example.kr 또는 010-1234-5678', en: 'Where we send the answer, e.g. name@example.kr or 010-1234-5678' },
  question: { ko: '질문', en: 'Your question' },
  question_hint: { ko: '주민등록번호는 적지 마세요. 2,000자까지 쓸 수 있습니다.', en: 'Do not include your resident registration number. Up to 2,000 characters.' },
  continue: { ko: '계속', en: 'Continue' },
  check_title: { ko: '보내기 전에 확인하세요', en: 'Check your answers before sending' },
  change: { ko: '바꾸기', en: 'Change' },
  send: { ko: '메시지 보내기', en: 'Send message' },
  done_title: { ko: '메시지를 받았습니다', en: 'Message received' },
  reference: { ko: '접수 번호', en: 'Your reference' },
  next: { ko: '담당자가 다음 근무일에 답변을 보내 드립니다. 문의하실 때 접수 번호를 알려 주세요.', en: 'An official will send you the answer on the next working day. Quote your reference if you contact us.' },
  err_district: { ko: '구를 선택하세요.', en: 'Choose a district.' },
  err_name: { ko: '이름을 입력하세요.', en: 'Enter your name.' },
  err_channel: { ko: '답변 받을 방법을 선택하세요.', en: 'Choose how to receive the answer.' },
  err_question: { ko: '질문을 입력하세요(2,000자 이내).', en: 'Enter your question (2,000 characters or fewer).' },
  too_many: { ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', en: 'Too many requests. Try again in a few minutes.' },
});

export type OfflineFormMessageKey = keyof typeof offlineFormMessages.catalogue;
