import { defineMessages } from '../../platform/i18n/i18n.ts';

// What the messenger gateway is answered when a webhook call is refused, and
// what the resident reads in the messenger when the conversation ends.

export const messengerMessages = defineMessages({
  refused_unknown: { ko: '이 구에는 메신저 채널이 설정되어 있지 않습니다.', en: 'No messenger channel is configured for this district.' },
  refused_unsigned: { ko: '서명 헤더가 없는 요청은 받지 않습니다.', en: 'Unsigned call refused: send {timestampHeader} and {signatureHeader}.' },
  refused_bad_signature: { ko: '서명이 맞지 않습니다.', en: 'The signature does not match the shared secret.' },
  refused_stale: { ko: '서명 시각이 너무 오래되었습니다.', en: 'The call was signed too long ago (more than 5 minutes).' },
  refused_malformed: { ko: '메시지 형식이 잘못되었습니다.', en: 'The message does not have the documented shape.' },
  conversation_closed: { ko: '상담이 종료되었습니다. 이용해 주셔서 감사합니다.', en: 'The conversation has been closed. Thank you.' },
});
