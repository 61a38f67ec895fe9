import { defineMessages } from '../platform/i18n/i18n.ts';

// Words every part of the desk may answer with.

export const deskMessages = defineMessages({
  widget_label: { ko: '실시간 상담', en: 'Live chat' },
  widget_link: { ko: '상담원과 채팅', en: 'Chat with an agent' },
  service_description: {
    ko: '세무 담당 상담원과 실시간으로 채팅합니다. 상담 시간이 아니면 메시지를 남기시면 문자나 이메일로 답변을 보내 드립니다.',
    en: 'Chat live with a member of the tax office. Outside opening hours, leave a message and we answer by text message or e-mail.',
  },
  too_many_requests: { ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', en: 'Too many requests; try again in a few minutes.' },
});
