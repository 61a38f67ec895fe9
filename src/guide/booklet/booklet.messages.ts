import { defineMessages } from '../../platform/i18n/i18n.ts';

export const bookletMessages = defineMessages({
  title: { ko: '알아두면 쓸모 있는 지방세 상식', en: 'Local tax knowledge worth having' },
  subtitle: { ko: '{district} 지방세 안내 책자', en: 'Local-tax guide of {district}' },
  made_on: { ko: '{day} 기준', en: 'As of {day}' },
  contents: { ko: '차례', en: 'Contents' },
  section_calendar: { ko: '{year}년 지방세 기한', en: 'Local-tax deadlines of {year}' },
  section_booths: { ko: '세목별 안내', en: 'Tax by tax' },
  section_faq: { ko: '자주 묻는 질문', en: 'Frequently asked questions' },
  section_refund: { ko: '지방세 환급 신청', en: 'Applying for a local-tax refund' },
  calendar_note: { ko: '기한이 토요일·일요일·공휴일이면 다음 근무일까지 낼 수 있습니다({article}).', en: 'A deadline on a Saturday, Sunday or public holiday moves to the next working day ({article}).' },
  due: { ko: '기한 {due}', en: 'Due {due}' },
  question: { ko: '질문', en: 'Q' },
  answer: { ko: '답변', en: 'A' },
  only_korean: { ko: '(한국어로만 제공)', en: '(available in Korean only)' },
  online: { ko: '이 책자의 내용과 최신 안내는 {url} 에서 언제든 볼 수 있습니다.', en: 'This booklet and the latest guidance are online at any hour: {url}' },
  page: { ko: '{n}쪽', en: 'page {n}' },
  too_many: { ko: '요청이 너무 많습니다. 잠시 뒤에 다시 시도하세요.', en: 'Too many requests. Try again in a few minutes.' },
  district_unknown: { ko: '그런 구는 없습니다.', en: 'There is no such district.' },
  download: { ko: '지방세 상식 책자 내려받기(PDF)', en: 'Download the local-tax booklet (PDF)' },
});
