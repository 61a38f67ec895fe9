import { defineMessages } from '../../platform/i18n/i18n.ts';

export const searchMessages = defineMessages({
  title: { ko: '지방세 안내 검색', en: 'Search the local-tax guide' },
  label: { ko: '찾을 말', en: 'Search for' },
  hint: { ko: '예: 자동차세 연납, 환급, 재산세', en: 'For example: vehicle tax, refund, property tax' },
  button: { ko: '검색', en: 'Search' },
  results: { ko: '‘{query}’ 검색 결과 {count}건', en: 'Results for “{query}”: {count}' },
  none: { ko: '‘{query}’에 맞는 안내가 없습니다. 다른 말로 찾아보거나 상담원과 채팅하세요.', en: 'Nothing in the guide matches “{query}”. Try other words, or chat with an agent.' },
  too_many: { ko: '검색이 너무 많습니다. {seconds}초 뒤에 다시 시도하세요.', en: 'Too many searches. Try again in {seconds} seconds.' },
  district_unknown: { ko: '그런 구는 없습니다.', en: 'There is no such district.' },
  only_korean: { ko: '한국어로만 제공', en: 'Available in Korean only' },
  kind_calendar: { ko: '지방세 달력', en: 'Calendar' },
  kind_refund: { ko: '환급', en: 'Refunds' },
  kind_booth: { ko: '안내 부스', en: 'Information booth' },
  kind_faq: { ko: '자주 묻는 질문', en: 'FAQ' },
  kind_promotion: { ko: '알림', en: 'Announcement' },
  kind_lecture: { ko: '강의', en: 'Lecture' },
  kind_question: { ko: '답변한 질문', en: 'Answered question' },
});
