import { defineMessages } from '../../platform/i18n/i18n.ts';

// What a resident rating a conversation is told.

export const satisfactionMessages = defineMessages({
  already_answered: { ko: '이미 만족도를 남기셨습니다. 감사합니다.', en: 'You have already rated this conversation. Thank you.' },
  label_rating: { ko: '만족도', en: 'Rating' },
  label_comment: { ko: '남기실 말씀', en: 'Comment' },
});
