import { defineMessages } from '../../platform/i18n/i18n.ts';

// The refund guide's texts.

export const refundGuideMessages = defineMessages({
  title: { ko: '지방세 환급 신청 안내', en: 'Applying for a local-tax refund' },
  lead: {
    ko: '지방세를 잘못 내거나 더 많이 낸 경우(과오납), 그 금액에 환급가산금을 더해 돌려받을 수 있습니다.',
    en: 'If you paid local tax by mistake or paid too much (an overpayment), you can get it back with refund interest added.',
  },
  how_title: { ko: '신청하는 방법', en: 'How to apply' },
  how_here: { ko: '여기에서 바로 신청할 수 있습니다. 구를 고르세요:', en: 'You can apply here, online. Choose your district:' },
  how_here_link: { ko: '{district}에 환급 신청', en: 'Apply to {district}' },
  how_online: {
    ko: '위택스(www.wetax.go.kr)에 로그인해 환급금 조회·신청 메뉴에서 신청합니다.',
    en: 'Online: sign in to Wetax (www.wetax.go.kr) and apply under refund enquiry and application.',
  },
  how_in_person: {
    ko: '또는 구청 세무과를 방문하거나 우편·팩스로 지방세 환급금 청구서를 제출합니다.',
    en: 'Or in person at the district office’s tax department, or by sending the local-tax refund claim form by post or fax.',
  },
  need_title: { ko: '준비할 것', en: 'What you need' },
  need_notice_no: { ko: '고지서의 납세번호(전자납부번호)', en: 'The notice number (electronic payment number) on your tax notice' },
  need_account: { ko: '본인 명의의 은행 계좌', en: 'A bank account in your own name' },
  need_authority: { ko: '대리인이 신청하는 경우 위임장과 신분증', en: 'If someone applies for you: a letter of authority and their identification' },
  limit_title: { ko: '기한', en: 'Time limit' },
  limit: {
    ko: '환급금을 받을 권리는 청구할 수 있는 날부터 5년 동안 행사하지 않으면 사라집니다(지방세기본법 제64조).',
    en: 'The right to a refund lapses if it is not claimed within five years of the day it could first be claimed (Framework Act on Local Taxes, Article 64).',
  },
  help_title: { ko: '도움이 필요하면', en: 'If you need help' },
  help_chat: { ko: '상담원과 채팅', en: 'Chat with an agent' },
  help_message: { ko: '메시지 남기기 (답변은 문자 또는 이메일로 보내 드립니다)', en: 'Leave a message (we answer by text message or e-mail)' },
});
