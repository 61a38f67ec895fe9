import { defineMessages } from '../../platform/i18n/i18n.ts';

// What the desk itself says in a conversation (the out-of-hours notice is the
// district's own, business-hours.repository.ts).

export const autoReplyMessages = defineMessages({
  refund_link: {
    ko: '지방세 환급은 환급 신청 페이지에서 신청할 수 있습니다: {link}',
    en: 'You can apply for a local-tax refund on the refund application page: {link}',
  },
});
