import { defineMessages } from '../../platform/i18n/i18n.ts';

// The demo's phone and inbox page, in Korean and English.

export const demoPhoneMessages = defineMessages({
  title: { ko: '시연용 휴대전화와 받은편지함', en: 'Demo phone and inbox' },
  intro: {
    ko: '이 서버는 모의 발송기를 쓰고 있어 실제로는 아무에게도 메시지가 가지 않습니다. 여기서 시연 납세자가 받은 카카오톡, 문자, 전자우편을 받은 그대로 볼 수 있고, 안의 링크도 눌러 볼 수 있습니다.',
    en: 'This server uses the delivery simulator: no message reaches anyone. Here you see the KakaoTalk messages, texts and e-mails the demo taxpayers received, as they received them, and you can follow their links.',
  },
  search_label: { ko: '이름 또는 전화번호 끝 네 자리', en: 'Name or the last four digits of the phone number' },
  search_button: { ko: '찾기', en: 'Search' },
  residents_title: { ko: '메시지를 받은 사람', en: 'People who received messages' },
  residents_none: { ko: '아직 메시지를 받은 사람이 없습니다. 고지 발송이나 연락처 캠페인을 시작해 보세요.', en: 'Nobody has received a message yet. Issue a season or start a contact campaign.' },
  residents_more: { ko: '최근 {shown}명만 보여 줍니다. 이름이나 번호로 찾아 보세요.', en: 'Only the latest {shown} are shown. Search by name or number.' },
  resident_unknown: { ko: '(이름 모름)', en: '(name not known)' },
  resident_count: { ko: '메시지 {n}건', en: '{n} message(s)' },
  messages_title: { ko: '{name}님이 받은 메시지 (최근 것부터)', en: 'Messages {name} received (newest first)' },
  message_none: { ko: '받은 메시지가 없습니다.', en: 'No message received.' },
  to_label: { ko: '받은 곳', en: 'Received at' },
  at_label: { ko: '받은 시각', en: 'Received' },
  kakao_heading: { ko: '카카오톡 알림톡', en: 'KakaoTalk notification' },
  sms_heading: { ko: '문자 메시지', en: 'Text message' },
  email_heading: { ko: '전자우편', en: 'E-mail' },
  email_subject: { ko: '제목', en: 'Subject' },
  email_frame: { ko: '전자우편 본문: {subject}', en: 'E-mail body: {subject}' },
  kakao_buttons: { ko: '메시지의 단추', en: 'The message’s buttons' },
  back_to_list: { ko: '다른 사람 고르기', en: 'Choose someone else' },
  console_link: { ko: '시연용 휴대전화와 받은편지함 (주민이 받은 메시지)', en: 'Demo phone and inbox (what residents received)' },
  not_demo: { ko: '이 페이지는 시연 서버에서만 열립니다.', en: 'This page exists on a demo server only.' },
});

export type DemoPhoneMessageKey = Parameters<typeof demoPhoneMessages.t>[1];
