import { defineMessages } from '../platform/i18n/i18n.ts';

// Words every part of the desk may answer with.

export const deskMessages = defineMessages({
  widget_label: { ko: '실시간 상담', en: 'Live chat' },
  widget_link: { ko: '상담원과 채팅', en: 'Chat with an agent' },
  too_many_requests: { ko: '요청이 너무 많습니다. 잠시 후 다시 시도하세요.', en: 'Too many requests; try again in a few minutes.' },
});
