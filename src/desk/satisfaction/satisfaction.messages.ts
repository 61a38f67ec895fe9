import { defineMessages } from '../../platform/i18n/i18n.ts';

// What a resident rating a conversation is told.

export const satisfactionMessages = defineMessages({
  already_answered: { ko: '이미 만족도를 남기셨습니다. 감사합니다.', en: 'You have already rated this conversation. Thank you.' },
});
