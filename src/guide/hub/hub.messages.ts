import { defineMessages } from '../../platform/i18n/i18n.ts';

// The guide's front page of a district, its landing-page section and its
// entries in the staff menu.

export const hubMessages = defineMessages({
  title: { ko: '{district} 지방세 안내', en: 'Local-tax guide of {district}' },
  lead: {
    ko: '지방세 기한, 환급 신청, 자주 묻는 질문을 언제든 볼 수 있습니다. 궁금한 점은 상담원과 채팅하거나 세무 상담을 예약하세요.',
    en: 'Local-tax deadlines, refund applications and answers to common questions, at any hour. For anything else, chat with an agent or book a consultation.',
  },
  calendar_title: { ko: '지방세 달력', en: 'Local-tax calendar' },
  calendar_month: { ko: '이달의 기한', en: 'Deadlines this month' },
  calendar_year: { ko: '올해 기한 전체', en: 'All deadlines this year' },
  calendar_remind: { ko: '기한 알림 받기', en: 'Get deadline reminders' },
  search_label: { ko: '안내에서 찾기', en: 'Search the guide' },
  search_button: { ko: '검색', en: 'Search' },
  booths_title: { ko: '안내 부스와 자주 묻는 질문', en: 'Information booths and FAQ' },
  booths: { ko: '안내 부스', en: 'Information booths' },
  faq: { ko: '자주 묻는 질문', en: 'Frequently asked questions' },
  lectures_title: { ko: '강의실', en: 'Lecture room' },
  lectures: { ko: '세무 강의 보기', en: 'Watch tax lectures' },
  board: { ko: '질문 게시판', en: 'Question board' },
  refund_title: { ko: '지방세 환급', en: 'Local-tax refunds' },
  refund_apply: { ko: '환급 신청하기', en: 'Apply for a refund' },
  refund_status: { ko: '환급 신청 진행 상황 보기', en: 'Follow a refund application' },
  refund_guide: { ko: '환급 신청 안내', en: 'How refunds work' },
  landing_title: { ko: '지방세 안내', en: 'Local-tax guide' },
  landing_lead: { ko: '구별 지방세 달력, 환급 신청, 안내 부스와 자주 묻는 질문입니다.', en: 'Each district’s local-tax calendar, refund applications, information booths and frequently asked questions.' },
  landing_link: { ko: '{district} 지방세 안내', en: 'Local-tax guide of {district}' },
  landing_calendar: { ko: '{district} 지방세 달력', en: 'Local-tax calendar of {district}' },
  landing_refund_apply: { ko: '{district}에 환급 신청하기', en: 'Apply to {district} for a refund' },
  refund_service_description: {
    ko: '더 냈거나 두 번 낸 지방세를 돌려받는 방법입니다. 누가, 언제까지, 무엇을 갖고 신청하는지 안내합니다.',
    en: 'How to get back local tax you paid twice or paid too much: who can apply, by when, and what you need.',
  },
  nav_refunds: { ko: '환급 신청', en: 'Refund applications' },
  district_unknown: { ko: '그런 구는 없습니다. 주소를 확인하세요.', en: 'There is no such district. Check the address.' },
});
