import { defineMessages } from '../../platform/i18n/i18n.ts';

// What residents and agents are told about a conversation itself.

export const conversationMessages = defineMessages({
  not_found: { ko: '대화를 찾을 수 없습니다.', en: 'Conversation not found.' },
  not_found_check_link: { ko: '대화를 찾을 수 없습니다. 링크가 맞는지 확인하세요.', en: 'Conversation not found. Check the link.' },
  closed: { ko: '이미 종료된 대화입니다.', en: 'This conversation has been closed.' },
  not_ended: { ko: '상담이 끝난 뒤에 할 수 있습니다.', en: 'You can do this once the conversation has ended.' },
  not_waiting: { ko: '이미 다른 상담원이 맡았거나 종료된 대화입니다.', en: 'Another agent has taken this conversation, or it was closed.' },
  transfer_target_invalid: { ko: '같은 구의 상담원에게만 넘길 수 있습니다.', en: 'You can only transfer to an agent of your own district.' },
  message_too_long: { ko: '메시지는 {max}자 이하로 보내 주세요.', en: 'Please keep a message to {max} characters or fewer.' },
});
