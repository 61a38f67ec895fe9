import { defineMessages } from '../../platform/i18n/i18n.ts';

// Words of the offline messages on the staff side: the pages
// (/console/desk/offline-messages) and what the API answers.

export const offlineMessageMessages = defineMessages({
  offline_title: { ko: '남긴 메시지', en: 'Offline messages' },
  offline_lead: {
    ko: '상담 시간이 아닐 때 주민이 남긴 질문입니다. 답변은 주민이 고른 방법(이메일 또는 문자)으로 발송 엔진을 거쳐 보내집니다.',
    en: 'Questions residents left while the desk was closed. Answers go out through the delivery engine, by the way the resident chose (e-mail or text message).',
  },
  offline_open: { ko: '답변 대기', en: 'Waiting for an answer' },
  offline_answered: { ko: '답변함', en: 'Answered' },
  offline_filter: { ko: '메시지 상태', en: 'Message state' },
  offline_none_open: { ko: '답변을 기다리는 메시지가 없습니다.', en: 'No message is waiting for an answer.' },
  offline_none_answered: { ko: '답변한 메시지가 없습니다.', en: 'No message has been answered yet.' },
  col_reference: { ko: '접수 번호', en: 'Reference' },
  col_name: { ko: '이름', en: 'Name' },
  col_channel: { ko: '답변 방법', en: 'Reply by' },
  col_received: { ko: '받은 때', en: 'Received' },
  col_question: { ko: '질문', en: 'Question' },
  col_answer: { ko: '답변', en: 'Answer' },
  col_answered: { ko: '답변한 때', en: 'Answered' },
  col_actions: { ko: '할 일', en: 'Actions' },
  channel_email: { ko: '이메일', en: 'E-mail' },
  channel_sms: { ko: '문자', en: 'Text message' },
  offline_answer_link: { ko: '답변하기', en: 'Answer' },
  offline_answer_title: { ko: '{reference}에 답변하기', en: 'Answer {reference}' },
  field_answer: { ko: '답변', en: 'Your answer' },
  field_answer_hint: { ko: '{channel}(으)로 보냅니다. 1,500자까지 씁니다. 주민등록번호 같은 개인정보는 적지 마세요.', en: 'Sent by {channel}. Up to 1,500 characters. Do not include identification numbers.' },
  offline_send: { ko: '답변 보내기', en: 'Send answer' },
  offline_back: { ko: '남긴 메시지 목록으로', en: 'Back to the offline messages' },
  offline_already: { ko: '이 메시지에는 이미 답변했습니다.', en: 'This message has already been answered.' },
  offline_sent: { ko: '{reference}에 대한 답변을 {channel}(으)로 보내도록 발송 대기열에 넣었습니다 (발송 메시지 {messageId}번).', en: 'The answer to {reference} is queued to go out by {channel} (delivery message {messageId}).' },
  err_answer: { ko: '답변을 1,500자 이내로 입력하세요.', en: 'Enter an answer of 1,500 characters or fewer.' },
  not_found: { ko: '문의를 찾을 수 없습니다.', en: 'Message not found.' },
  already_answered: { ko: '이미 답변한 문의입니다.', en: 'This message has already been answered.' },
  mobile_010: { ko: '010으로 시작하는 휴대전화 번호를 입력하세요.', en: 'Enter a mobile number starting with 010.' },
// request fields as the pages name them (a refusal names the field in the caller's words)
  label_district: { ko: '구', en: 'District' },
  label_name: { ko: '이름', en: 'Name' },
  label_reply_channel: { ko: '답변 받을 방법', en: 'How to get the answer' },
  label_contact: { ko: '이메일 주소 또는 휴대전화 번호', en: 'E-mail address or mobile number' },
  label_question: { ko: '질문', en: 'Question' },
  label_locale: { ko: '답변 언어', en: 'Language of the answer' },
});

export type OfflineMessageMessageKey = keyof typeof offlineMessageMessages.catalogue;
